/**
 * What every part of the emulator shares: its settings, its store and the emulator's clock
 * (`Env`), and what one API request brings (`Ctx`: the caller's account and key, the origin
 * file URLs are made on). Built once by `Emulator.make`.
 */
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type * as EmulatorState from "../EmulatorState.ts"
import type * as EmulatorStore from "../EmulatorStore.ts"
import type { Deliveries } from "./deliveries.ts"
import { own } from "./lookup.ts"

export type Failure = HeyGenError.HeyGenError

export interface Env {
  readonly store: EmulatorStore.Service
  readonly limits: EmulatorState.Limits
  readonly rateLimit: { readonly capacity: number; readonly refillPerSecond: number }
  /** How long a render (and every other job) takes, in emulator time. */
  readonly renderMillis: number
  readonly quotaPeriod: number
  readonly maxAssetBytes: number
  readonly control: {
    readonly on: boolean
    readonly token: string
    readonly allowedHosts: ReadonlySet<string>
  }
  /** The query that presigns a file URL: `?Expires=…&Signature=…` (HMAC-SHA256 under the emulator's secret). */
  readonly sign: (path: string, expires: number) => string
  /** How long a file URL stays valid, in seconds of emulator time. */
  readonly fileTtlSeconds: number
  /** The origin file URLs name; `undefined`: the request's own. */
  readonly publicUrl: string | undefined
  /** Webhook deliveries, when on (M33). */
  readonly deliveries?: Deliveries | undefined
}

/** One API request's caller. */
export interface Ctx {
  readonly env: Env
  readonly account: EmulatorState.Account
  readonly key: EmulatorState.ApiKey
  /** `http://host:port` of the request: file URLs are on the emulator's own origin. */
  readonly origin: string
}

export const unauthorized = new HeyGenError.Unauthorized({ message: "Invalid or missing API key." })

/** Emulator time: the real clock plus the offset `POST /__emulator/clock` adds. */
export const now = (env: Env): Effect.Effect<number> =>
  Effect.flatMap(Clock.currentTimeMillis, (real) => env.store.read((s) => real + s.clockOffset))

/** A failure a handler returned; results are plain data, so most answers take one check. */
export const isFailure = (u: unknown): u is Failure => u instanceof Error && HeyGenError.isHeyGenError(u)

/** `f` inside one store transaction at emulator time; a failure it returns fails the effect. */
export const tx = <A>(env: Env, f: (state: EmulatorState.State, at: number) => A | Failure) =>
  Effect.flatMap(Clock.currentTimeMillis, (real) =>
    env.store.transact((state) => {
      const result = f(state, real + state.clockOffset)
      return isFailure(result) ? Effect.fail(result) : Effect.succeed(result as A)
    })
  )

/** `f` on the state without waiting for a transaction: reads that change nothing. */
export const view = <A>(
  env: Env,
  f: (state: EmulatorState.State, at: number) => A | Failure
): Effect.Effect<A, Failure> =>
  Effect.flatMap(Clock.currentTimeMillis, (real) =>
    Effect.flatMap(
      env.store.read((state) => f(state, real + state.clockOffset)),
      (result): Effect.Effect<A, Failure> =>
        isFailure(result) ? Effect.fail(result) : Effect.succeed(result)
    )
  )

/** A fresh id: the prefix and the state's sequence in base 36, so ids sort by age. */
export const nextId = (state: EmulatorState.State, prefix: string): string =>
  `${prefix}_${(++state.sequence).toString(36).padStart(6, "0")}`

/** The caller's account as this state holds it: a reset or a replaced state may have dropped it. */
export const accountIn = (state: EmulatorState.State, ctx: Ctx): EmulatorState.Account | Failure =>
  own(state.accounts, ctx.account.id) ?? unauthorized

/** A stored text, cut to its bound (M27). */
export const clip = (text: string, max: number): string => (text.length > max ? text.slice(0, max) : text)
