/**
 * A local server answers the way HeyGen does when things go wrong; the client
 * decodes each answer with @effect-heygen/core and handles it by tag.
 */
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { ErrorDecoder, type HeyGenError } from "@effect-heygen/core"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"

// Raw bytes as HeyGen (and the proxies in front of it) send them.
const answers: Record<string, { status: number; headers: Record<string, string>; body: string }> = {
  "/credit": {
    status: 402,
    headers: { "content-type": "application/json", "x-request-id": "req_credit" },
    body: '{"error":{"code":"insufficient_credit","message":"Your account has 5 credits but this video requires 12 credits.","doc_url":"https://developers.heygen.com/docs/error-codes#insufficient-credit"}}'
  },
  "/busy": {
    status: 429,
    headers: { "content-type": "application/json", "retry-after": "3" },
    body: '{"error":{"code":"rate_limit_exceeded","message":"Too many requests.","doc_url":"https://developers.heygen.com/docs/error-codes#rate-limit-exceeded"}}'
  },
  "/avatar": {
    status: 404,
    headers: { "content-type": "application/json" },
    body: '{"data":null,"error":{"code":"avatar_not_found","message":"Avatar Daisy-2024 not found"}}'
  },
  "/gateway": {
    status: 502,
    headers: { "content-type": "text/html" },
    body: "<html><h1>502 Bad Gateway</h1></html>"
  }
}

const server = http.createServer((req, res) => {
  const answer = answers[req.url ?? ""] ?? answers["/gateway"]!
  res.writeHead(answer.status, answer.headers).end(answer.body)
})
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
console.log(`HeyGen-like server on ${base}\n`)

// Any failed call: fetch, then decode the response into the tagged union.
const call = (path: string): Effect.Effect<never, HeyGenError.HeyGenError> =>
  Effect.promise(() => fetch(base + path)).pipe(
    Effect.flatMap((response) => ErrorDecoder.fromResponse(response)),
    Effect.flatMap(Effect.fail)
  )

const explain = (path: string) =>
  call(path).pipe(
    Effect.catchTags({
      InsufficientCredit: (e) =>
        Effect.succeed(`top up: ${e.available} of ${e.required} credits (${e.requestId})`),
      RateLimitExceeded: (e) => Effect.succeed(`retry in ${Duration.format(e.retryAfter ?? Duration.zero)}`),
      AvatarNotFound: (e) => Effect.succeed(`pick another avatar: ${e.message}`)
    }),
    Effect.catch((e) => Effect.succeed(`${e._tag} (${e.code}, retryable: ${e.retryable})`))
  )

for (const path of Object.keys(answers)) {
  const error = await Effect.runPromise(Effect.flip(call(path)))
  console.log(`GET ${path} → ${error._tag}`)
  console.log(`  ${JSON.stringify(error)}`)
  console.log(`  handled: ${await Effect.runPromise(explain(path))}\n`)
}
server.close()
