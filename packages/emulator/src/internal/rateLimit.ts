/**
 * Request budgets (rule M4): a token bucket per account and route template — the template,
 * not the path, so a new id is no new budget. The 429 says how long until a token is back.
 */
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as EmulatorState from "../EmulatorState.ts"
import { type Env, type Failure, tx } from "./env.ts"
import { admit, own } from "./lookup.ts"

/** Takes one request from the bucket, or answers how long to wait. */
const spend = (env: Env, state: EmulatorState.State, bucketKey: string, at: number): Failure | undefined => {
  const { capacity, refillPerSecond } = env.rateLimit
  let bucket = own(state.buckets, bucketKey)
  if (bucket === undefined) {
    bucket = { tokens: capacity, updatedAt: at }
    admit(state.buckets, bucketKey, bucket, env.limits.buckets)
  }
  bucket.tokens = Math.min(capacity, bucket.tokens + ((at - bucket.updatedAt) / 1000) * refillPerSecond)
  bucket.updatedAt = at
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1
    return undefined
  }
  const wait = refillPerSecond > 0 ? (1 - bucket.tokens) / refillPerSecond : 3600
  return new HeyGenError.RateLimitExceeded({
    message: `Rate limit of ${capacity} requests for this endpoint exceeded; retry in ${Math.ceil(wait)}s.`,
    retryAfter: Duration.seconds(wait)
  })
}

/** Spends one request of `account` on `route` (`GET /v3/videos/{video_id}`), failing when none is left. */
export const limit = (env: Env, account: string, route: string): Effect.Effect<void, Failure> =>
  tx(env, (s, at) => spend(env, s, `${account} ${route}`, at))
