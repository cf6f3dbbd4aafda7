/**
 * The default retry policy (rules R1–R3, R5) as a combinator for any effect that
 * fails with the error union: exponential backoff with jitter, `Retry-After`
 * honored, and one deadline over every attempt and wait.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { dual } from "effect/Function"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import type * as Catalog from "./Catalog.ts"
import * as HeyGenError from "./HeyGenError.ts"
import * as Idempotency from "./Idempotency.ts"
import { formatMillis } from "./internal/options.ts"

/** @since 0.1.0 */
export interface Options {
  /** Retries after the first attempt (rule R1). Default 2. */
  readonly maxRetries?: number
  /** The first backoff; attempt n waits `baseDelay × 2^n` (rule R1). Default 500 ms. */
  readonly baseDelay?: Duration.Input
  /** The cap on any one backoff (rule R1). Default 8 s. */
  readonly maxDelay?: Duration.Input
  /** A `Retry-After` longer than this fails at once instead of sleeping (rule R2). Default 60 s. */
  readonly maxRetryAfter?: Duration.Input
  /** One budget for all attempts and waits (rule R3). Default 120 s. */
  readonly deadline?: Duration.Input
  /** Spread each backoff by ±`jitter` (a fraction, 0 to 1). Default 0.2. */
  readonly jitter?: number
  /**
   * Whether the request may run twice without harm: a GET, HEAD, PUT, DELETE or OPTIONS,
   * or a mutation carrying an `Idempotency-Key` on a route that honors it (see
   * `Idempotency.honorsKey`: HeyGen's v3 API; a key on a v1/v2 route proves nothing).
   * `transient` failures, after which the request may have reached HeyGen (a 5xx, a
   * timeout, a reset), retry only then (rules C3, R4), and so does a `409
   * request_in_progress` (the original with the same key is still running). Whatever this
   * says, `after-wait` failures retry (HeyGen did not process the request), and so does a
   * `TransportError` with `sent: false` (it never left). Default `false`: a retried video
   * generation must never be charged twice (rule R4). `HeyGenClient` decides it per call
   * from the method and route; a value given to the client is not used.
   */
  readonly idempotent?: boolean
}

/** @since 0.1.0 */
export interface Resolved {
  readonly maxRetries: number
  readonly baseDelay: Duration.Duration
  readonly maxDelay: Duration.Duration
  readonly maxRetryAfter: Duration.Duration
  readonly deadline: Duration.Duration
  readonly jitter: number
  readonly idempotent: boolean
}

/** @since 0.1.0 */
export const defaults: Resolved = {
  maxRetries: 2,
  baseDelay: Duration.millis(500),
  maxDelay: Duration.seconds(8),
  maxRetryAfter: Duration.seconds(60),
  deadline: Duration.seconds(120),
  jitter: 0.2,
  idempotent: false
}

/** @since 0.1.0 */
export const resolve = (options?: Options): Resolved => ({
  maxRetries: Math.max(0, Math.floor(options?.maxRetries ?? defaults.maxRetries)),
  baseDelay: Duration.fromInputUnsafe(options?.baseDelay ?? defaults.baseDelay),
  maxDelay: Duration.fromInputUnsafe(options?.maxDelay ?? defaults.maxDelay),
  maxRetryAfter: Duration.fromInputUnsafe(options?.maxRetryAfter ?? defaults.maxRetryAfter),
  deadline: Duration.fromInputUnsafe(options?.deadline ?? defaults.deadline),
  jitter: Math.min(1, Math.max(0, options?.jitter ?? defaults.jitter)),
  idempotent: options?.idempotent ?? defaults.idempotent
})

/**
 * Whether a failure may be retried for a request of this idempotency (rules C3, R1, R4):
 * `after-wait` always (HeyGen did not process it); a request that never left (a
 * `TransportError` with `sent: false`) always; `transient` failures and a `409
 * request_in_progress` only when the request may run twice (`idempotent`).
 *
 * @since 0.1.0
 */
export const isRetryable = (error: unknown, idempotent: boolean): error is HeyGenError.HeyGenError => {
  if (!HeyGenError.isHeyGenError(error)) return false
  const retry: Catalog.RetryClass = error.retryClass
  if (retry === "after-wait") return true
  if (error._tag === "TransportError" && error.sent === false) return retry === "transient"
  // `RequestInProgress` is transient by its catalog row; an `UnknownApiError` made by hand with
  // that code (an older server's copy of the contract) counts the same.
  const inProgress =
    error._tag === "UnknownApiError" && error.status === 409 && error.code === Idempotency.inProgressCode
  return (retry === "transient" || inProgress) && idempotent
}

/**
 * The backoff before retry number `retry` (0-based): `baseDelay × 2^retry`, spread
 * by `jitter` (a sample in [0, 1) picks the point), capped at `maxDelay` (rule R1).
 *
 * @since 0.1.0
 */
export const backoff = (policy: Resolved, retry: number, sample: number): number => {
  const nominal = Duration.toMillis(policy.baseDelay) * 2 ** retry
  const spread = 1 + policy.jitter * (2 * sample - 1)
  return Math.min(nominal * spread, Duration.toMillis(policy.maxDelay))
}

/**
 * What happens after a failed attempt: wait `millis` and retry, or stop.
 *
 * @since 0.1.0
 */
export type Decision =
  | { readonly _tag: "Retry"; readonly millis: number; readonly error: HeyGenError.HeyGenError }
  | { readonly _tag: "Stop" }

const stop: Decision = { _tag: "Stop" }

/**
 * Decides the next step after retry number `retry` failed with `error`, `elapsed`
 * milliseconds into the deadline (rules R1–R3).
 *
 * @since 0.1.0
 */
export const decide = (
  policy: Resolved,
  error: unknown,
  retry: number,
  elapsed: number,
  sample: number
): Decision => {
  if (retry >= policy.maxRetries || !isRetryable(error, policy.idempotent)) return stop
  const asked = error._tag === "TransportError" ? undefined : error.retryAfter
  const askedMillis = asked === undefined ? 0 : Duration.toMillis(asked)
  // A wait longer than the caller accepts fails now; `retryAfter` tells how long (rule R2).
  if (askedMillis > Duration.toMillis(policy.maxRetryAfter)) return stop
  const millis = Math.max(backoff(policy, retry, sample), askedMillis)
  // Sleeping past the deadline only to fail then helps nobody (rule R3).
  if (elapsed + millis >= Duration.toMillis(policy.deadline)) return stop
  return { _tag: "Retry", millis, error }
}

/**
 * The policy as a `Schedule` over failures, to compose with Effect's own combinators
 * (`Effect.retry(effect, RetryPolicy.schedule())`, `Schedule.both`, …). Each delay is
 * `decide`'s: the backoff or the failed error's `Retry-After`, whichever is longer; it
 * stops on a failure that may not be retried for a request of `idempotent`, after
 * `maxRetries`, and before a wait that would pass the deadline (rules R1–R3). It outputs
 * the number of retries so far. Unlike `retry`, it does not interrupt an attempt running
 * past the deadline.
 *
 * @since 0.1.0
 */
export const schedule = (options?: Options): Schedule.Schedule<number, unknown> =>
  Schedule.fromStepWithMetadata(
    Effect.sync(() => {
      const policy = resolve(options)
      return (meta: Schedule.InputMetadata<unknown>) =>
        Effect.flatMap(Random.next, (sample) => {
          const decision = decide(policy, meta.input, meta.attempt - 1, meta.elapsed, sample)
          return decision._tag === "Stop"
            ? Cause.done(meta.attempt - 1)
            : Effect.succeed([meta.attempt, Duration.millis(decision.millis)] as const)
        })
    })
  )

const deadlineError = (policy: Resolved, attempts: number) =>
  new HeyGenError.TransportError({
    reason: "Timeout",
    message: `Deadline of ${formatMillis(Duration.toMillis(policy.deadline))} exceeded after ${attempts} attempt(s)`
  })

/**
 * Retries `self` by the policy. Each attempt runs in a span `RetryPolicy.attempt`
 * with its number; a retry's span also carries the wait before it (`retry.delay_ms`) and the
 * tag of the failure it repeats (`retry.error`) (rule R5).
 * When the deadline passes mid-attempt, the attempt is interrupted and the effect
 * fails with a `TransportError` of reason `Timeout`.
 *
 * @since 0.1.0
 */
export const retry: {
  (
    options?: Options
  ): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E | HeyGenError.TransportError, R>
  <A, E, R>(
    self: Effect.Effect<A, E, R>,
    options?: Options
  ): Effect.Effect<A, E | HeyGenError.TransportError, R>
} = /* @__PURE__ */ dual(
  (args) => Effect.isEffect(args[0]),
  <A, E, R>(self: Effect.Effect<A, E, R>, options?: Options) => {
    const policy = resolve(options)
    return retryWithin(
      (remaining, attempt) =>
        Effect.timeoutOrElse(self, {
          duration: remaining,
          orElse: () => Effect.fail(deadlineError(policy, attempt))
        }),
      policy
    )
  }
)

/**
 * The retry loop for effects that bound themselves: each attempt is given the
 * milliseconds left before the deadline and must end within them (a client folds
 * them into its own per-attempt timeout, so one timer serves both). Waits that
 * would pass the deadline are not taken (rules R1–R3, R5).
 *
 * @since 0.1.0
 */
export const retryWithin = <A, E, R>(
  attempt: (remainingMillis: number, attempt: number) => Effect.Effect<A, E, R>,
  policy: Resolved
): Effect.Effect<A, E | HeyGenError.TransportError, R> =>
  Effect.gen(function* () {
    const deadline = Duration.toMillis(policy.deadline)
    const start = yield* Clock.currentTimeMillis
    // What the previous attempt failed with and how long was waited: the next attempt's span says so.
    let waited: { readonly "retry.delay_ms": number; readonly "retry.error": string } | undefined
    for (let retry = 0; ; retry++) {
      const number = retry + 1
      const remaining = deadline - ((yield* Clock.currentTimeMillis) - start)
      if (remaining <= 0) return yield* Effect.fail(deadlineError(policy, retry))
      const exit = yield* Effect.exit(
        attempt(remaining, number).pipe(
          Effect.withSpan(
            "RetryPolicy.attempt",
            { attributes: { attempt: number, ...waited } },
            { captureStackTrace: false }
          )
        )
      )
      if (Exit.isSuccess(exit)) return exit.value
      const error = Cause.findErrorOption(exit.cause)
      if (error._tag === "None") return yield* exit
      const now = yield* Clock.currentTimeMillis
      const decision = decide(policy, error.value, retry, now - start, yield* Random.next)
      if (decision._tag === "Stop") return yield* exit
      // A span attribute, not a log line: `Effect.log*` would pull Effect's logger and cause
      // renderer (~2 KB gzip) into every worker bundle.
      waited = { "retry.delay_ms": Math.round(decision.millis), "retry.error": decision.error._tag }
      if (decision.millis > 0) yield* Effect.sleep(decision.millis)
    }
  })
