import { assert, describe, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Redacted from "effect/Redacted"
import * as HeyGenClient from "../src/HeyGenClient.ts"
import { flipOnTestClock, runOnTestClock } from "./utils/clock.ts"

/** An HttpClient test double: answers each request with `respond`, recording when it was sent. */
const fake = (respond: (attempt: number) => Response | "hang") => {
  const sentAt: Array<number> = []
  const http = HttpClient.make((request) =>
    Effect.flatMap(
      Clock.currentTimeMillis,
      (now): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> => {
        sentAt.push(now)
        const answer = respond(sentAt.length)
        return answer === "hang" ? Effect.never : Effect.succeed(HttpClientResponse.fromWeb(request, answer))
      }
    )
  )
  return { http, sentAt }
}

const client = (http: HttpClient.HttpClient, options: Partial<HeyGenClient.Options> = {}) =>
  HeyGenClient.make({ apiKey: Redacted.make("k"), retry: { jitter: 0 }, ...options }).pipe(
    Effect.provideService(HttpClient.HttpClient, http)
  )

const limited = (retryAfter: string) =>
  new Response('{"error":{"code":"rate_limit_exceeded","message":"slow down"}}', {
    status: 429,
    headers: { "retry-after": retryAfter }
  })
const ok = () => new Response('{"error":null,"data":{"remaining_quota":1}}', { status: 200 })

const relative = (sentAt: ReadonlyArray<number>) => sentAt.map((t) => t - sentAt[0]!)

describe("HeyGenClient timing (test clock)", () => {
  it.effect(
    "timeout: each attempt is cut at the timeout; a GET retries, and the call fails with Timeout",
    () =>
      Effect.gen(function* () {
        const { http, sentAt } = fake(() => "hang")
        const heygen = yield* client(http)
        const error = yield* flipOnTestClock(heygen.listAvatars(), "1 second")
        assert.strictEqual(error._tag === "TransportError" && error.reason, "Timeout")
        // 30 s per attempt, then 500 ms and 1 s of backoff.
        assert.deepStrictEqual(relative(sentAt), [0, 30_500, 61_500])
      })
  )

  it.effect("R2: the wait before the retry is the server's Retry-After", () =>
    Effect.gen(function* () {
      const { http, sentAt } = fake((n) => (n === 1 ? limited("3") : ok()))
      const heygen = yield* client(http)
      const exit = yield* runOnTestClock(heygen.getRemainingQuota())
      assert.deepStrictEqual(exit, Exit.succeed({ remaining_quota: 1 }))
      assert.deepStrictEqual(relative(sentAt), [0, 3000])
    })
  )

  it.effect("R2: a Retry-After beyond maxRetryAfter fails at once, telling the caller how long", () =>
    Effect.gen(function* () {
      const { http, sentAt } = fake(() => limited("600"))
      const heygen = yield* client(http)
      const error = yield* flipOnTestClock(heygen.getRemainingQuota())
      assert.strictEqual(error._tag, "RateLimitExceeded")
      assert.strictEqual(error._tag === "RateLimitExceeded" && Duration.toSeconds(error.retryAfter!), 600)
      assert.strictEqual(sentAt.length, 1)
    })
  )

  it.effect("R3: the deadline covers attempts and waits", () =>
    Effect.gen(function* () {
      const { http, sentAt } = fake(() => limited("50"))
      const heygen = yield* client(http, { retry: { jitter: 0, deadline: "60 seconds" } })
      const rateLimited = yield* flipOnTestClock(heygen.getRemainingQuota())
      assert.strictEqual(rateLimited._tag, "RateLimitExceeded")
      assert.deepStrictEqual(relative(sentAt), [0, 50_000])

      const hung = fake(() => "hang")
      const slow = yield* client(hung.http, { timeout: "1 hour", retry: { deadline: "20 seconds" } })
      const started = yield* Clock.currentTimeMillis
      const timedOut = yield* flipOnTestClock(slow.listAvatars(), "1 second")
      assert.strictEqual(timedOut._tag === "TransportError" && timedOut.reason, "Timeout")
      assert.strictEqual((yield* Clock.currentTimeMillis) - started, 20_000)
    })
  )
})
