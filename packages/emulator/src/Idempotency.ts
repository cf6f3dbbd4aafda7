/**
 * HeyGen's idempotency, as documented for its v3 routes: an `Idempotency-Key` of 1–255
 * characters of `[A-Za-z0-9_:.-]` on a mutation makes a repeat within 24 hours replay the
 * first response (status and body, even if the new body differs) without running again,
 * and a repeat while the first still runs answer `409 request_in_progress`. A key is scoped
 * to its account, method and path (another route, or another path id, is independent).
 * The emulator honors it on every v3 mutation (`POST`, `PUT`, `PATCH`, `DELETE`) and every
 * legacy POST (rule M26).
 *
 * The table lives in the state (`EmulatorState.State.idempotency`), bounded by
 * `limits.idempotencyKeys`; these functions work on it inside a store transaction.
 *
 * @since 0.1.0
 */
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import type * as EmulatorState from "./EmulatorState.ts"
import { admit, own } from "./internal/lookup.ts"

/** @since 0.1.0 */
export const header = "idempotency-key"

/** How long a key is remembered, in emulator time (the control clock moves it). @since 0.1.0 */
export const ttlMillis = 24 * 3600 * 1000

const syntax = /^[A-Za-z0-9_:.-]{1,255}$/

/**
 * `invalid_parameter` naming the header when a key breaks the documented syntax.
 *
 * @since 0.1.0
 */
export const checkKey = (key: string): HeyGenError.InvalidParameter | undefined =>
  syntax.test(key)
    ? undefined
    : new HeyGenError.InvalidParameter({
        message: "Invalid parameter Idempotency-Key: 1–255 characters of A–Z, a–z, 0–9, _, :, . or -.",
        param: "Idempotency-Key"
      })

/** The table entry a key is kept under: the key within its account, method and path. @since 0.1.0 */
export const scope = (account: string, method: string, path: string, key: string): string =>
  `${account} ${method} ${path} ${key}`

/**
 * What to do with a keyed request: run it (the key is now marked in flight), replay the
 * remembered response, or answer that the first is still in progress.
 *
 * @since 0.1.0
 */
export type Claim =
  | { readonly _tag: "Run" }
  | { readonly _tag: "Replay"; readonly status: number; readonly body: string }
  | { readonly _tag: "InFlight" }

const run: Claim = { _tag: "Run" }
const inFlight: Claim = { _tag: "InFlight" }

/**
 * Looks a key up at emulator time `at`; an unknown or expired key is marked in flight.
 *
 * @since 0.1.0
 */
export const claim = (
  table: Record<string, EmulatorState.IdempotencyRecord>,
  id: string,
  at: number,
  max: number
): Claim => {
  const found = own(table, id)
  if (found !== undefined && at - found.at < ttlMillis) {
    return found.status === null ? inFlight : { _tag: "Replay", status: found.status, body: found.body }
  }
  // Re-inserted, not updated: insertion order stays age order, so the bound drops the oldest
  // and expired keys are swept from the front.
  if (found !== undefined) delete table[id]
  for (const old in table) {
    if (at - table[old]!.at < ttlMillis) break
    delete table[old]
  }
  admit(table, id, { at, status: null, body: "" }, max)
  return run
}

/**
 * Whether a response is remembered for replay: not a 429 or a 5xx, which ask the caller to
 * retry — the retry, with the same key, must run.
 *
 * @since 0.1.0
 */
export const remembers = (status: number): boolean => status !== 429 && status < 500

/**
 * Ends a claimed key's run: remembers the response when it should be replayed, else
 * forgets the key.
 *
 * @since 0.1.0
 */
export const settle = (
  table: Record<string, EmulatorState.IdempotencyRecord>,
  id: string,
  response: { readonly status: number; readonly body: string } | undefined
): void => {
  const record = own(table, id)
  if (record === undefined || record.status !== null) return
  if (response === undefined || !remembers(response.status)) {
    delete table[id]
    return
  }
  record.status = response.status
  record.body = response.body
}

/** @since 0.1.0 */
export const inProgress = new HeyGenError.UnknownApiError({
  code: "request_in_progress",
  status: 409,
  message: "A request with this Idempotency-Key is still in progress; retry once it has finished."
})
