/**
 * Test servers on node:http at 127.0.0.1 — plain Node servers outside the code under test:
 * `serveNode` for a test that scripts the answers itself (and checks what it was sent),
 * `serveWeb` for workers and Deno programs to call a web handler. Test plumbing, not the
 * Node adapter.
 *
 * Both listen on a free port, keep every connection they accept, and end all of them when
 * they close: a test's hung request, or a handler that never answers, cannot hold the test
 * (or the process) open.
 */
import * as http from "node:http"
import type { AddressInfo, Socket } from "node:net"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"

/** A node:http server listening on 127.0.0.1; `close` stops it and ends every connection. */
interface Listening {
  readonly server: http.Server
  readonly url: string
  readonly close: () => Promise<void>
}

const listen = async (listener: http.RequestListener): Promise<Listening> => {
  const server = http.createServer(listener)
  const sockets = new Set<Socket>()
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.once("close", () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  let closing: Promise<void> | undefined
  const close = () => {
    // Once: the scope's close may come after the test closed it itself.
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
      for (const socket of sockets) socket.destroy()
    })
    return closing
  }
  return { server, url, close }
}

/** A request as a test server received it, its body read whole. */
export interface Recorded {
  readonly method: string
  readonly url: URL
  readonly headers: http.IncomingHttpHeaders
  readonly body: Buffer
}

/** Answers a recorded request on `res` (or never: the client then waits, or times out). */
export type Handler = (request: Recorded, res: http.ServerResponse) => void

export interface NodeServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string
  /** Every request received so far, in order; a request is recorded before `handler` sees it. */
  readonly requests: ReadonlyArray<Recorded>
  readonly server: http.Server
  /** Stops listening and ends every connection, before the scope closes (a refused connection). */
  readonly close: Effect.Effect<void>
}

/**
 * A node:http server on 127.0.0.1 for the scope: each request's body is read whole, the
 * request recorded, then `handler` answers it. Closing the scope ends every connection.
 */
export const serveNode = (handler: Handler): Effect.Effect<NodeServer, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(async () => {
      const requests: Array<Recorded> = []
      const listening = await listen((req, res) => {
        const chunks: Array<Buffer> = []
        req.on("data", (chunk: Buffer) => chunks.push(chunk))
        req.on("end", () => {
          const recorded: Recorded = {
            method: req.method ?? "",
            url: new URL(req.url ?? "/", "http://127.0.0.1"),
            headers: req.headers,
            body: Buffer.concat(chunks)
          }
          requests.push(recorded)
          handler(recorded, res)
        })
      })
      const served: NodeServer = {
        url: listening.url,
        requests,
        server: listening.server,
        close: Effect.promise(listening.close)
      }
      return served
    }),
    (served) => served.close
  )

export interface Served {
  readonly url: string
  readonly close: () => Promise<void>
}

/** Serves a web handler (Request → Response) until `close`. */
export const serveWeb = async (handler: (request: Request) => Promise<Response>): Promise<Served> => {
  const { url, close } = await listen(async (req, res) => {
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
  return { url, close }
}
