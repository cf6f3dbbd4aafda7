/** The README's Uploads example, run against the emulator (rules U2, U3). */
import * as fs from "node:fs"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import * as HeyGenClient from "@effect-heygen/core/HeyGenClient"
import { codeBlocks } from "@effect-heygen/harness/readme"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as HeyGenTransport from "../src/HeyGenTransport.ts"
import { emulator, paidKey } from "./utils/emulator.ts"

const readme = path.resolve(import.meta.dirname, "../README.md")

describe("README", () => {
  it.effect(
    "U2: the Uploads example returns what its last comment says, one upload multipart and one direct",
    () =>
      Effect.gen(function* () {
        const code = codeBlocks(readme).find((block) => block.includes("AssetUpload.upload("))!
        const expected = /\/\/ (.+)\n$/.exec(code)![1]!
        const file = path.resolve(import.meta.dirname, ".readme-upload-example.ts")
        fs.writeFileSync(file, code)
        const served = yield* emulator
        const example = yield* Effect.promise(() => import(file)).pipe(
          Effect.ensuring(Effect.sync(() => fs.rmSync(file, { force: true })))
        )
        const transport = HeyGenTransport.layer.pipe(
          Layer.provide(HeyGenClient.layer({ apiKey: Redacted.make(paidKey), baseUrl: served.url })),
          Layer.provide(FetchHttpClient.layer)
        )
        const result = yield* (
          example.program as Effect.Effect<string, never, HeyGenTransport.HeyGenTransport>
        ).pipe(Effect.provide(transport))
        assert.strictEqual(result, expected)
        assert.deepStrictEqual(
          served.seen.map((r) => [r.method, r.bytes]),
          [["PUT", 40_000_000]]
        )
      }).pipe(Effect.scoped),
    120_000
  )
})
