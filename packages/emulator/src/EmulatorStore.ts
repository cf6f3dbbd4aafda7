/**
 * Where the emulator keeps its state: a small interface, so state can live
 * elsewhere, with an in-memory default. Every request's read-check-write runs in
 * one `transact`, one at a time, so concurrent requests see consistent state (rule M24).
 * `Emulator.make` takes the store from context when one is provided, else keeps
 * the fixtures in memory.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Semaphore from "effect/Semaphore"
import type { State } from "./EmulatorState.ts"

/** @since 0.1.0 */
export interface Service {
  /** Runs `f` on the state with no other transaction in between. */
  readonly transact: <A, E, R>(f: (state: State) => Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** Reads the state without waiting for a transaction (checks that change nothing). */
  readonly read: <A>(f: (state: State) => A) => Effect.Effect<A>
  /** A small synchronous change that needs no ordering with other requests (counters). */
  readonly modify: (f: (state: State) => void) => Effect.Effect<void>
  /** Replaces the whole state (reset, seeding). */
  readonly replace: (state: State) => Effect.Effect<void>
}

/**
 * The emulator's store.
 *
 * @since 0.1.0
 */
export class EmulatorStore extends Context.Service<EmulatorStore, Service>()(
  "@effect-heygen/emulator/EmulatorStore"
) {}

/**
 * The embedded default: state in this process's memory.
 *
 * @since 0.1.0
 */
export const memory = (initial: State): Effect.Effect<Service> =>
  Effect.map(Semaphore.make(1), (lock) => {
    let state = initial
    return {
      transact: (f) => lock.withPermits(1)(Effect.suspend(() => f(state))),
      read: (f) => Effect.sync(() => f(state)),
      modify: (f) => Effect.sync(() => f(state)),
      replace: (next) =>
        lock.withPermits(1)(
          Effect.sync(() => {
            state = next
          })
        )
    }
  })

/**
 * An in-memory store starting from `initial`, for `Emulator.make` to find in context.
 *
 * @since 0.1.0
 */
export const layerMemory = (initial: State): Layer.Layer<EmulatorStore> =>
  Layer.effect(EmulatorStore, memory(initial))
