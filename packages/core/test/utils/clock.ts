import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import { TestClock } from "effect/testing"

/** Runs `effect` on the test clock, moving time forward in `step`s until it completes. */
export const runOnTestClock = <A, E>(
  effect: Effect.Effect<A, E>,
  step: Duration.Input = "100 millis",
  maxSteps = 5000
) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.forkChild(effect)
    for (let i = 0; i < maxSteps && fiber.pollUnsafe() === undefined; i++) {
      yield* TestClock.adjust(step)
    }
    return yield* Fiber.await(fiber)
  })
