/**
 * Rule U4: a 100 MB upload through a stream grows the uploading process's peak RSS by at most
 * 64 MB. The upload runs in a fresh Node process (`--expose-gc`, RSS sampled every 5 ms and at
 * every chunk), the emulator in another; the bytes are made as they are read. The client runs
 * on undici, as the Node adapter's does, and the `PUT` goes over that client's bare transport:
 * Node's `fetch` keeps a streamed request body in memory until it ends (nodejs/undici#4058),
 * so over it the same upload grows by the whole file (see BENCHMARKS.md). Runs in `npm test`: about
 * 10 s on a quiet machine.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { emulator, state, uploadInChild } from "./utils/emulator.ts"

const MB = 1024 * 1024

describe("AssetUpload memory", () => {
  it.effect(
    "U4: 100 MB through an Effect Stream over undici: direct upload, stored whole, peak RSS growth ≤ 64 MB",
    () =>
      Effect.gen(function* () {
        const served = yield* emulator
        const size = 100 * MB
        const measured = yield* Effect.promise(() => uploadInChild(served.url, size, "ours"))
        assert.isTrue(measured.gc, "the child runs with --expose-gc")
        assert.strictEqual(measured.asset.size_bytes, size)
        assert.strictEqual((yield* state(served.url)).assets[measured.asset.asset_id]?.upload?.received, size)
        const put = served.seen.find((r) => r.method === "PUT")
        assert.strictEqual(put?.bytes, size)
        assert.isAtMost(
          measured.growth,
          64 * MB,
          `peak RSS grew by ${(measured.growth / MB).toFixed(1)} MB (baseline ${(measured.baseline / MB).toFixed(1)} MB)`
        )
      }).pipe(Effect.scoped),
    120_000
  )
})
