import * as http from "node:http"
import type { AddressInfo } from "node:net"
import * as Effect from "effect/Effect"

/**
 * Waits for `promise` (an event a test expects) for at most `millis` of real time, then
 * fails the test naming `what`: no fixed sleeps that pass or fail by the machine's load.
 */
export const eventually = <A>(promise: PromiseLike<A>, what: string, millis = 5_000) =>
  Effect.promise(() => promise).pipe(
    Effect.timeoutOrElse({
      duration: millis,
      orElse: () => Effect.die(new Error(`${what} did not happen within ${millis} ms`))
    })
  )

/** Resolves when the response's connection closes (the client hung up, or it ended). */
export const closed = (res: http.ServerResponse) =>
  new Promise<void>((resolve) => {
    if (res.closed) resolve()
    else res.once("close", () => resolve())
  })

export interface Recorded {
  readonly method: string
  readonly url: URL
  readonly headers: http.IncomingHttpHeaders
  readonly body: Buffer
}

export type Handler = (req: Recorded, res: http.ServerResponse) => void

/** A real node:http server on 127.0.0.1 for the scope; records every request it got. */
export const testServer = (handler: Handler) =>
  Effect.acquireRelease(
    Effect.promise(async () => {
      const requests: Array<Recorded> = []
      const server = http.createServer((req, res) => {
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
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      return { server, url, requests }
    }),
    ({ server }) =>
      Effect.promise(
        () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections()
            server.close(() => resolve())
          })
      )
  )

export const json = (
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: http.OutgoingHttpHeaders = {}
) => {
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body))
}

/** HeyGen's error envelope. */
export const heygenError = (code: string, message = `failed: ${code}`, param?: string) => ({
  error: {
    code,
    message,
    ...(param === undefined ? {} : { param }),
    doc_url: `https://developers.heygen.com/docs/error-codes#${code.replaceAll("_", "-")}`
  }
})
