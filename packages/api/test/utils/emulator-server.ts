/**
 * The emulator in a process of its own, for the upload tests and bench: uploads up to 256 MiB,
 * served on node:http at 127.0.0.1 with request bodies streamed into its web handler. Imported
 * by path: the emulator depends on this package, so this package cannot list it. Prints
 * `{"url": …}` once listening; `argv[2]`, when given, is the origin its file and upload URLs
 * name (a recording proxy in front of it).
 */
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { Readable } from "node:stream"
import * as Emulator from "../../../emulator/src/Emulator.ts"

export const controlToken = "upload-tests-token"

const handler = await Emulator.toWebHandler({
  maxAssetBytes: 256 * 1024 * 1024,
  publicUrl: process.argv[2] || undefined,
  control: true,
  controlToken,
  rateLimit: { capacity: 10_000, refillPerSecond: 10_000 }
})

const server = http.createServer(async (req, res) => {
  const aborted = new AbortController()
  req.once("aborted", () => aborted.abort())
  res.once("close", () => aborted.abort())
  try {
    const { port } = server.address() as AddressInfo
    const hasBody = req.method !== "GET" && req.method !== "HEAD"
    const headers = Object.entries(req.headers).flatMap(([k, v]) =>
      typeof v === "string" ? [[k, v] as [string, string]] : []
    )
    const response = await handler(
      new Request(`http://127.0.0.1:${port}${req.url ?? "/"}`, {
        method: req.method ?? "GET",
        headers,
        signal: aborted.signal,
        ...(hasBody
          ? { body: Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>, duplex: "half" }
          : {})
      } as RequestInit)
    )
    res.writeHead(response.status, Object.fromEntries(response.headers))
    if (response.body !== null) for await (const chunk of response.body) res.write(chunk)
    res.end()
  } catch {
    res.destroy()
  }
})

server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`)
})
// The parent's end is ours: when it goes, so do we.
process.stdin.on("end", () => process.exit(0))
process.stdin.resume()
