// Issue #12: the v3 API (`@effect-heygen/api`) over the edge adapter's client, run inside a
// real workerd without nodejs_compat, against the emulator served on 127.0.0.1 by Node.
import * as fs from "node:fs"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import * as Emulator from "@effect-heygen/emulator/Emulator"
import { keys } from "@effect-heygen/emulator/Fixtures"
import {
  controlToken,
  emulatorState,
  type RoundTrip,
  roundTripProblems
} from "@effect-heygen/harness/adapter"
import { serveWeb } from "@effect-heygen/harness/node"
import { bundle, freePort, startWorkerd, tempDir } from "@effect-heygen/harness/workerd"
import * as Effect from "effect/Effect"

describe("edge adapter in a real workerd, v3", () => {
  it.live(
    "issue #12: create → get → list round trip inside workerd; the key charged once (M26); VideoNotFound and InsufficientCredit caught by tag",
    () =>
      Effect.gen(function* () {
        const dir = tempDir()
        yield* Effect.promise(() =>
          bundle(path.resolve(import.meta.dirname, "fixtures/v3-worker.ts"), path.join(dir, "v3-worker.js"))
        )
        const upstream = yield* Effect.acquireRelease(
          Effect.promise(async () => serveWeb(await Emulator.toWebHandler({ control: true, controlToken }))),
          (served) => Effect.promise(served.close)
        )
        const port = yield* Effect.promise(freePort)
        yield* Effect.acquireRelease(
          Effect.promise(() =>
            startWorkerd(
              [
                {
                  name: "v3",
                  script: "v3-worker.js",
                  port,
                  bindings: { HEYGEN_API_KEY: keys.paid, HEYGEN_BASE_URL: upstream.url }
                }
              ],
              dir
            )
          ),
          (workerd) => Effect.sync(() => workerd.stop())
        )
        // Plain workerd: no compatibility flags at all, so no Node APIs to lean on.
        assert.notInclude(fs.readFileSync(path.join(dir, "config.capnp"), "utf8"), "compatibilityFlags")
        const before = yield* Effect.promise(() => emulatorState(upstream.url))
        const response = yield* Effect.promise(() => fetch(`http://127.0.0.1:${port}/round-trip`))
        const trip = (yield* Effect.promise(() => response.json())) as RoundTrip & { failure?: string }
        assert.strictEqual(trip.failure, undefined)
        const after = yield* Effect.promise(() => emulatorState(upstream.url))
        assert.deepStrictEqual(roundTripProblems(trip, before, after), [])
      }),
    60_000
  )
})
