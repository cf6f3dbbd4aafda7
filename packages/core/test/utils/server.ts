import type * as http from "node:http"
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

/**
 * The workspace's one node:http test server (`@effect-heygen/harness/node`), imported by
 * path: the harness depends on core, so core cannot list it as a dependency.
 */
export { type Handler, type Recorded, serveNode } from "../../../../tools/harness/src/node.ts"

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
