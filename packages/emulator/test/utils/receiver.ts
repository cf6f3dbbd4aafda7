/**
 * A webhook receiver for the delivery tests (M33–M37): a real node:http server on 127.0.0.1
 * that records each POST as `record` makes it and answers with the next status of `statuses`
 * (then 200), for the scope.
 */
import * as http from "node:http"
import * as Effect from "effect/Effect"

export const receiver = <A>(
  record: (raw: string, request: http.IncomingMessage) => A,
  statuses: Array<number> = [],
  path = "/hook"
) =>
  Effect.acquireRelease(
    Effect.promise(
      () =>
        new Promise<{ url: string; received: Array<A>; server: http.Server }>((resolve) => {
          const received: Array<A> = []
          const server = http.createServer((req, res) => {
            const chunks: Array<Buffer> = []
            req.on("data", (c: Buffer) => chunks.push(c))
            req.on("end", () => {
              received.push(record(Buffer.concat(chunks).toString("utf8"), req))
              res.writeHead(statuses.shift() ?? 200).end()
            })
          })
          server.listen(0, "127.0.0.1", () => {
            const address = server.address() as { port: number }
            resolve({ url: `http://127.0.0.1:${address.port}${path}`, received, server })
          })
        })
    ),
    ({ server }) => Effect.sync(() => server.close())
  )

/** Waits (generously: the machine is shared) until `ready` holds. */
export const until = (ready: () => boolean, what: string) =>
  Effect.promise(async () => {
    const started = Date.now()
    while (!ready()) {
      if (Date.now() - started > 20_000) throw new Error(`timed out waiting for ${what}`)
      await new Promise((r) => setTimeout(r, 20))
    }
  })
