/**
 * The emulator for the upload tests: in a child process (`emulator-server.ts`), its presigned
 * upload URLs naming a recording proxy on another port, so a test sees every header that
 * reached the upload origin.
 */
import { type ChildProcess, spawn } from "node:child_process"
import * as http from "node:http"
import type { AddressInfo, Socket } from "node:net"
import * as path from "node:path"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"

export const paidKey = "hg_paid_0001"
export const paidUsername = "paid"
export const controlToken = "upload-tests-token"

const script = path.resolve(import.meta.dirname, "emulator-server.ts")

/** A request that reached the upload origin: what it carried, and how many body bytes. */
export interface Seen {
  readonly method: string
  readonly path: string
  readonly headers: http.IncomingHttpHeaders
  bytes: number
}

/** An answer the upload origin gives itself instead of forwarding (a redirect, a storage error). */
export interface Scripted {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

export interface Served {
  /** The emulator's own URL: the API host. */
  readonly url: string
  /** The upload origin, a proxy to the emulator that records what it forwards. */
  readonly uploadOrigin: string
  readonly seen: ReadonlyArray<Seen>
  readonly child: ChildProcess
  /** When set, the upload origin answers every request (by its path) with it, its body read and dropped. */
  script: ((path: string) => Scripted) | undefined
}

/** Starts the emulator process; resolves with its URL once it listens. */
export const startEmulator = (publicUrl: string): Promise<{ url: string; child: ChildProcess }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, publicUrl], {
      cwd: path.dirname(script),
      stdio: ["pipe", "pipe", "inherit"]
    })
    let out = ""
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString()
      const line = out.split("\n")[0]
      if (out.includes("\n")) resolve({ url: (JSON.parse(line!) as { url: string }).url, child })
    })
    child.once("error", reject)
    child.once("exit", (code) => reject(new Error(`the emulator exited (${code}) before listening`)))
  })

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once("exit", () => resolve())
    child.kill()
  })

/** The recording proxy, forwarding to `target()` as the bytes come (never buffering them). */
const recorder = async (target: () => string, script: () => ((path: string) => Scripted) | undefined) => {
  const seen: Array<Seen> = []
  const sockets = new Set<Socket>()
  const server = http.createServer((req, res) => {
    const entry: Seen = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, bytes: 0 }
    seen.push(entry)
    req.on("data", (chunk: Buffer) => {
      entry.bytes += chunk.byteLength
    })
    const scripted = script()?.(req.url ?? "/")
    if (scripted !== undefined) {
      req.on("end", () => res.writeHead(scripted.status, scripted.headers).end(scripted.body))
      req.resume()
      return
    }
    const upstream = http.request(
      `${target()}${req.url}`,
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      }
    )
    upstream.on("error", () => res.destroy())
    req.on("aborted", () => upstream.destroy())
    req.pipe(upstream)
  })
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.once("close", () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve())
      for (const socket of sockets) socket.destroy()
    })
  return { url, seen, close }
}

/** The emulator and its upload origin, for the scope. */
export const emulator: Effect.Effect<Served, never, Scope.Scope> = Effect.map(
  Effect.acquireRelease(
    Effect.promise(async () => {
      let upstream = ""
      // The upload origin asks for the script of the `Served` made once the emulator listens.
      let served: Served | undefined
      const proxy = await recorder(
        () => upstream,
        () => served?.script
      )
      const { url, child } = await startEmulator(proxy.url)
      upstream = url
      served = { url, uploadOrigin: proxy.url, seen: proxy.seen, child, script: undefined }
      return { served, close: proxy.close }
    }),
    ({ served, close }) => Effect.promise(() => Promise.all([stop(served.child), close()]))
  ),
  ({ served }) => served
)

/** The emulator's state, read through its control surface (rule M23). */
export const state = (url: string) =>
  Effect.promise(async () => {
    const response = await fetch(`${url}/__emulator/state`, {
      headers: { "x-emulator-token": controlToken }
    })
    return ((await response.json()) as { readonly data: State }).data
  })

export interface State {
  readonly assets: Readonly<
    Record<
      string,
      {
        readonly status: string
        readonly size_bytes?: number
        readonly name?: string
        readonly upload?: { readonly received: number | null; readonly declared: number }
      }
    >
  >
}

/** What `upload-child.ts` measured. */
export interface Measured {
  readonly mode: string
  readonly size: number
  readonly baseline: number
  readonly peak: number
  readonly growth: number
  readonly millis: number
  readonly asset: { readonly asset_id: string; readonly size_bytes: number; readonly status?: string }
  readonly gc: boolean
}

const child = path.resolve(import.meta.dirname, "upload-child.ts")

/** One upload of `size` lazily made bytes in a fresh Node process (`--expose-gc`), measured. */
export const uploadInChild = (
  url: string,
  size: number,
  mode: "ours" | "ours-fetch" | "fetch" | "http"
): Promise<Measured> =>
  new Promise((resolve, reject) => {
    const process_ = spawn(process.execPath, ["--expose-gc", child, url, paidKey, String(size), mode], {
      cwd: path.dirname(child),
      stdio: ["ignore", "pipe", "pipe"]
    })
    let out = ""
    let err = ""
    process_.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString()
    })
    process_.stderr!.on("data", (chunk: Buffer) => {
      err += chunk.toString()
    })
    process_.once("error", reject)
    process_.once("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split("\n").at(-1)!) as Measured)
        : reject(new Error(`the upload process exited with ${code}: ${err.slice(0, 2000)}`))
    )
  })
