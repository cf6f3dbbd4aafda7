/**
 * Driving a test clock while real requests travel over real sockets: real-time waits (a
 * `setTimeout`, which the test clock does not govern) for what the server and the transport
 * saw, and a transport that counts the answers it has finished with.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { HeyGenTransport } from "../../src/HeyGenTransport.ts"
import { transport } from "./client.ts"

/** Sleeps in real time, whatever clock the test runs on. */
export const realSleep = (ms: number) =>
  Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, ms)))

/** Waits in real time until `condition` holds: at most 20 s (a loaded machine), then dies naming `what`. */
export const until = (condition: () => boolean, what: string) =>
  Effect.gen(function* () {
    const deadline = Date.now() + 20_000
    while (!condition()) {
      if (Date.now() > deadline) return yield* Effect.die(new Error(`timed out waiting for ${what}`))
      yield* realSleep(5)
    }
  })

/** The production transport against `url`, counting the calls it has answered (success or failure). */
export const counted = (url: string) => {
  const answered = { count: 0 }
  const layer = Layer.effect(
    HeyGenTransport,
    Effect.map(Effect.service(HeyGenTransport), (inner) => ({
      execute: (request: Parameters<typeof inner.execute>[0]) =>
        inner.execute(request).pipe(Effect.ensuring(Effect.sync(() => answered.count++)))
    }))
  ).pipe(Layer.provide(transport(url)))
  return { answered, layer }
}
