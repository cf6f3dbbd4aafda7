import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import { TestClock } from "effect/testing"

/** One turn of the real event loop: timers queued before it (a body reader's) run first. */
const realTurn = TestClock.withLive(
  Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 0)))
)

/**
 * Runs `effect` on the test clock, moving time forward in `step`s until it completes.
 * Between steps the real event loop gets two turns, so work that waits on real I/O or
 * timers (reading a body) is done before time moves on: on a loaded machine that work can
 * take longer in real time, and the clock must not run ahead of it.
 */
export const runOnTestClock = <A, E>(
  effect: Effect.Effect<A, E>,
  step: Duration.Input = "100 millis",
  maxSteps = 5000
) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.forkChild(effect)
    for (let i = 0; i < maxSteps && fiber.pollUnsafe() === undefined; i++) {
      yield* realTurn
      yield* realTurn
      if (fiber.pollUnsafe() !== undefined) break
      yield* TestClock.adjust(step)
    }
    return yield* Fiber.await(fiber)
  })

/**
 * `runOnTestClock`, for an effect that must fail: its error (`Effect.flip`), and the test
 * fails when the effect succeeds.
 */
export const flipOnTestClock = <A, E>(
  effect: Effect.Effect<A, E>,
  step: Duration.Input = "100 millis",
  maxSteps = 5000
) => Effect.flip(Effect.flatten(runOnTestClock(effect, step, maxSteps)))
