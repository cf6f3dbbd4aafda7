import { assert, describe, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Tracer from "effect/Tracer"
import * as HeyGenError from "../src/HeyGenError.ts"
import * as RetryPolicy from "../src/RetryPolicy.ts"
import { flipOnTestClock, runOnTestClock } from "./utils/clock.ts"

/** Fails with the given errors in turn, then succeeds; records when each attempt ran, from the first. */
const script = (errors: ReadonlyArray<HeyGenError.HeyGenError>) => {
  const startedAt: Array<number> = []
  let first = 0
  const effect = Effect.gen(function* () {
    const now = yield* Clock.currentTimeMillis
    if (startedAt.length === 0) first = now
    startedAt.push(now - first)
    const error = errors[startedAt.length - 1]
    if (error !== undefined) return yield* Effect.fail(error)
    return "ok"
  })
  return { effect, startedAt }
}

const rateLimited = (seconds?: number) =>
  new HeyGenError.RateLimitExceeded(seconds === undefined ? {} : { retryAfter: Duration.seconds(seconds) })
const exact = { jitter: 0 }

describe("RetryPolicy", () => {
  it.effect("R1: at most 2 retries (3 attempts), backoff 500 ms × 2^n", () =>
    Effect.gen(function* () {
      const { effect, startedAt } = script([rateLimited(), rateLimited(), rateLimited(), rateLimited()])
      yield* flipOnTestClock(RetryPolicy.retry(effect, exact))
      assert.deepStrictEqual(startedAt, [0, 500, 1500])
    })
  )

  it.effect("R1: succeeds once a retry does", () =>
    Effect.gen(function* () {
      const { effect, startedAt } = script([rateLimited()])
      const exit = yield* runOnTestClock(effect.pipe(RetryPolicy.retry(exact)))
      assert.deepStrictEqual(exit, Exit.succeed("ok"))
      assert.strictEqual(startedAt.length, 2)
    })
  )

  it("R1: each delay is capped at maxDelay, jitter stays within ±jitter", () => {
    const policy = RetryPolicy.resolve()
    assert.strictEqual(RetryPolicy.backoff(policy, 0, 0.5), 500)
    assert.strictEqual(RetryPolicy.backoff(policy, 0, 0), 400)
    assert.isAtMost(RetryPolicy.backoff(policy, 0, 0.999999), 600)
    assert.strictEqual(RetryPolicy.backoff(policy, 3, 0.5), 4000)
    assert.strictEqual(RetryPolicy.backoff(policy, 4, 0.999), 8000)
    assert.strictEqual(RetryPolicy.backoff(policy, 10, 0), 8000)
  })

  it.effect("R1/C3: never-class errors are not retried; transient ones only when idempotent", () =>
    Effect.gen(function* () {
      const never = script([new HeyGenError.InsufficientCredit()])
      yield* runOnTestClock(RetryPolicy.retry(never.effect, exact))
      assert.strictEqual(never.startedAt.length, 1)

      const post = script([new HeyGenError.InternalError()])
      yield* runOnTestClock(RetryPolicy.retry(post.effect, exact))
      assert.strictEqual(post.startedAt.length, 1, "R4: a POST without Idempotency-Key is not retried")

      const get = script([new HeyGenError.InternalError(), new HeyGenError.VideoDeleteFailed()])
      const exit = yield* runOnTestClock(RetryPolicy.retry(get.effect, { ...exact, idempotent: true }))
      assert.deepStrictEqual(exit, Exit.succeed("ok"))
      assert.strictEqual(get.startedAt.length, 3)

      const transport = script([new HeyGenError.TransportError({ reason: "Connection", message: "reset" })])
      yield* runOnTestClock(RetryPolicy.retry(transport.effect, { ...exact, idempotent: true }))
      assert.strictEqual(transport.startedAt.length, 2)
      const aborted = script([new HeyGenError.TransportError({ reason: "Aborted", message: "by caller" })])
      yield* runOnTestClock(RetryPolicy.retry(aborted.effect, { ...exact, idempotent: true }))
      assert.strictEqual(aborted.startedAt.length, 1)
    })
  )

  it("R4 (issue 10.7): what retries depends on whether the request may have reached HeyGen", () => {
    const refused = new HeyGenError.TransportError({ reason: "Connection", message: "refused", sent: false })
    const reset = new HeyGenError.TransportError({ reason: "Connection", message: "reset" })
    const timeout = new HeyGenError.TransportError({ reason: "Timeout", message: "slow" })
    const inProgress = new HeyGenError.UnknownApiError({
      code: "request_in_progress",
      status: 409,
      message: "busy"
    })
    const conflict = new HeyGenError.UnknownApiError({ code: "conflict", status: 409, message: "no" })
    const cases: ReadonlyArray<readonly [HeyGenError.HeyGenError, boolean, boolean]> = [
      // error, retried when not idempotent, retried when idempotent
      [rateLimited(), true, true],
      [refused, true, true],
      [reset, false, true],
      [timeout, false, true],
      [new HeyGenError.InternalError(), false, true],
      [inProgress, false, true],
      [new HeyGenError.RequestInProgress(), false, true],
      [new HeyGenError.DownloadFailed(), false, false],
      [conflict, false, false],
      [new HeyGenError.InsufficientCredit(), false, false]
    ]
    for (const [error, notIdempotent, idempotent] of cases) {
      assert.strictEqual(
        RetryPolicy.isRetryable(error, false),
        notIdempotent,
        `${error.message}, not idempotent`
      )
      assert.strictEqual(RetryPolicy.isRetryable(error, true), idempotent, `${error.message}, idempotent`)
    }
  })

  it.effect("R2: the wait is the larger of backoff and Retry-After", () =>
    Effect.gen(function* () {
      const { effect, startedAt } = script([rateLimited(3), rateLimited(0)])
      yield* runOnTestClock(RetryPolicy.retry(effect, exact))
      assert.deepStrictEqual(startedAt, [0, 3000, 4000])
    })
  )

  it.effect("R2: a Retry-After above maxRetryAfter fails at once with the error", () =>
    Effect.gen(function* () {
      const { effect, startedAt } = script([rateLimited(61)])
      const error = yield* flipOnTestClock(RetryPolicy.retry(effect, exact))
      assert.deepStrictEqual(startedAt, [0])
      assert.strictEqual(error._tag, "RateLimitExceeded")
      const patient = script([rateLimited(61)])
      yield* runOnTestClock(RetryPolicy.retry(patient.effect, { ...exact, maxRetryAfter: "2 minutes" }))
      assert.deepStrictEqual(patient.startedAt, [0, 61_000])
    })
  )

  it.effect("R3: one deadline covers attempts and waits", () =>
    Effect.gen(function* () {
      // The second wait (30 s) would end past the 40 s deadline: stop with the error instead of sleeping.
      const { effect, startedAt } = script([rateLimited(30), rateLimited(30), rateLimited(30)])
      const error = yield* flipOnTestClock(RetryPolicy.retry(effect, { ...exact, deadline: "40 seconds" }))
      assert.deepStrictEqual(startedAt, [0, 30_000])
      assert.strictEqual(error._tag, "RateLimitExceeded")

      // An attempt still running at the deadline is interrupted: a Timeout TransportError.
      const slow = Effect.sleep("1 hour").pipe(Effect.as("late"))
      const timedOut = yield* flipOnTestClock(RetryPolicy.retry(slow, { deadline: "5 seconds" }))
      assert.strictEqual(timedOut._tag, "TransportError")
      assert.include(timedOut.message, "Deadline")
    })
  )

  it.effect(
    "R5: each attempt is a span with its number; a retry's also names the wait and the failure it repeats",
    () =>
      Effect.gen(function* () {
        const spans: Array<Tracer.NativeSpan> = []
        const tracer = Tracer.make({
          span: (options) => {
            const span = new Tracer.NativeSpan(options)
            if (options.name === "RetryPolicy.attempt") spans.push(span)
            return span
          }
        })
        const { effect } = script([rateLimited(1), new HeyGenError.InternalError({})])
        yield* runOnTestClock(
          RetryPolicy.retry(effect, { ...exact, idempotent: true }).pipe(
            Effect.provideService(Tracer.Tracer, tracer)
          )
        )
        assert.deepStrictEqual(
          spans.map((span) => Object.fromEntries(span.attributes)),
          [
            { attempt: 1 },
            { attempt: 2, "retry.delay_ms": 1000, "retry.error": "RateLimitExceeded" },
            { attempt: 3, "retry.delay_ms": 1000, "retry.error": "InternalError" }
          ]
        )
      })
  )

  it.effect("effects failing outside the union are not retried", () =>
    Effect.gen(function* () {
      let attempts = 0
      const foreign = Effect.suspend(() => {
        attempts++
        return Effect.fail(new Error("not ours"))
      })
      yield* runOnTestClock(RetryPolicy.retry(foreign, { idempotent: true }))
      assert.strictEqual(attempts, 1)
    })
  )

  describe("schedule: the policy as a Schedule for Effect.retry", () => {
    it.effect("R1/R2: backoff, Retry-After when longer, at most maxRetries", () =>
      Effect.gen(function* () {
        const { effect, startedAt } = script([rateLimited(), rateLimited(3), rateLimited(), rateLimited()])
        yield* flipOnTestClock(Effect.retry(effect, RetryPolicy.schedule(exact)))
        // 500 ms, then the 3 s the server asked for (longer than 1 s of backoff): 3 attempts.
        assert.deepStrictEqual(startedAt, [0, 500, 3500])
      })
    )

    it.effect("C3: a transient failure stops it unless the request is idempotent", () =>
      Effect.gen(function* () {
        const post = script([new HeyGenError.InternalError(), new HeyGenError.InternalError()])
        yield* runOnTestClock(Effect.retry(post.effect, RetryPolicy.schedule(exact)))
        assert.strictEqual(post.startedAt.length, 1)
        const get = script([new HeyGenError.InternalError(), new HeyGenError.InternalError()])
        const exit = yield* runOnTestClock(
          Effect.retry(get.effect, RetryPolicy.schedule({ ...exact, idempotent: true }))
        )
        assert.deepStrictEqual(exit, Exit.succeed("ok"))
        assert.deepStrictEqual(get.startedAt, [0, 500, 1500])
      })
    )

    it.effect("R2/R3: a Retry-After past maxRetryAfter, or a wait past the deadline, stops it", () =>
      Effect.gen(function* () {
        const impatient = script([rateLimited(90)])
        yield* runOnTestClock(Effect.retry(impatient.effect, RetryPolicy.schedule(exact)))
        assert.strictEqual(impatient.startedAt.length, 1)
        const late = script([rateLimited(30), rateLimited(30)])
        yield* runOnTestClock(
          Effect.retry(late.effect, RetryPolicy.schedule({ ...exact, deadline: "45 seconds" }))
        )
        assert.deepStrictEqual(late.startedAt, [0, 30_000])
      })
    )
  })
})
