import { assert, describe, it } from "@effect/vitest"
import * as Catalog from "@effect-heygen/core/Catalog"
import * as Arbitrary from "effect/Arbitrary"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import * as SchemaParser from "effect/SchemaParser"
import * as Emulator from "../src/Emulator.ts"
import { ids, keys } from "../src/Fixtures.ts"
import { routes } from "../src/v3/Routes.ts"

/** Path ids: fixtures (some another account's), unknown ones, and names every object inherits. */
const pathIds = [
  ids.publicAvatar,
  ids.publicGroup,
  ids.otherVideo,
  ids.otherGroup,
  ids.publicTemplate,
  ids.otherPrivateTemplate,
  ids.readyAsset,
  ids.otherAsset,
  ids.publicVoice,
  "__proto__",
  "constructor",
  "toString",
  "vid_000001",
  "batch_000002",
  "x".repeat(300)
]

const ownCodes: Record<string, number> = { not_found: 404, request_in_progress: 409 }

describe("M28, M27: schema-valid random input to every v3 operation", () => {
  it.effect(
    "each of the 85 operations answers a success its response schema accepts, or a documented error — never an unasked 500",
    () =>
      Effect.gen(function* () {
        const handler = yield* Effect.promise(() =>
          Emulator.toWebHandler({ rateLimit: { capacity: 1_000_000, refillPerSecond: 0 }, renderSeconds: 0 })
        )
        const succeeded = new Set<string>()
        for (const [r, route] of routes.entries()) {
          const { operation } = route
          if (operation.bodyKind === "multipart") continue
          const bodies =
            operation.body === undefined
              ? [undefined]
              : yield* Arbitrary.sampleEffect(Arbitrary.schema(operation.body()), {
                  count: 12,
                  seed: r,
                  size: 4
                })
          const queryCodec =
            operation.query === undefined ? undefined : Schema.toCodecStringTree(operation.query())
          const queries =
            operation.query === undefined
              ? [undefined]
              : yield* Arbitrary.sampleEffect(Arbitrary.schema(operation.query()), {
                  count: 12,
                  seed: r,
                  size: 4
                })
          for (let i = 0; i < Math.max(bodies.length, queries.length); i++) {
            const body = bodies[i % bodies.length]
            const query = queries[i % queries.length]
            const encoded =
              query === undefined || queryCodec === undefined
                ? {}
                : (Schema.encodeUnknownSync(queryCodec as Schema.Codec<unknown, unknown>)(query) as Record<
                    string,
                    string
                  >)
            const search = new URLSearchParams(encoded).toString()
            const path = operation.path.replace(/\{\w+\}/g, () =>
              encodeURIComponent(pathIds[(i * 7 + r) % pathIds.length]!)
            )
            const response = yield* Effect.promise(() =>
              handler(
                new Request(`http://127.0.0.1${path}${search === "" ? "" : `?${search}`}`, {
                  method: operation.method,
                  headers: {
                    "x-api-key": keys.enterprise,
                    ...(body === undefined ? {} : { "content-type": "application/json" })
                  },
                  ...(body === undefined ? {} : { body: JSON.stringify(body) })
                })
              )
            )
            const text = yield* Effect.promise(() => response.text())
            const where = `${route.name} ${path}?${search} ${JSON.stringify(body)?.slice(0, 200)}: ${text.slice(0, 300)}`
            if (response.status < 300) {
              succeeded.add(route.name)
              const exit = SchemaParser.decodeUnknownExit(operation.response())(JSON.parse(text))
              assert.isTrue(Exit.isSuccess(exit), where)
              continue
            }
            const { code, message } = (JSON.parse(text) as { error: { code: string; message: string } }).error
            assert.strictEqual(response.status, Catalog.get(code)?.status ?? ownCodes[code], where)
            assert.isTrue(response.status < 500 || code === "video_delete_failed", where)
            assert.isFalse(message.startsWith("No route"), where)
          }
        }
        // Random ids rarely exist: the successes come from lists and creates (every operation succeeds in V3Operations).
        assert.isAtLeast(succeeded.size, 25)
      })
  )
})
