/**
 * Serves a web handler on node:http at 127.0.0.1 — a plain Node server outside the runtime
 * under test, for workers and Deno programs to call. Test plumbing, not the Node adapter.
 */
import * as http from "node:http"
import type { AddressInfo } from "node:net"

export interface Served {
  readonly url: string
  readonly close: () => void
}

export const serveWeb = async (handler: (request: Request) => Promise<Response>): Promise<Served> => {
  const server = http.createServer(async (req, res) => {
    const chunks: Array<Buffer> = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined
    const response = await handler(
      new Request(`http://127.0.0.1${req.url}`, {
        method: req.method ?? "GET",
        headers: Object.entries(req.headers).flatMap(([k, v]) =>
          typeof v === "string" ? [[k, v] as [string, string]] : []
        ),
        ...(body === undefined ? {} : { body })
      })
    )
    res
      .writeHead(response.status, Object.fromEntries(response.headers))
      .end(Buffer.from(await response.arrayBuffer()))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections()
      server.close()
    }
  }
}
