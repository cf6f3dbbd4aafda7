/**
 * `HeyGenClient.optionsFromEnv` (what the edge adapter reads its bindings with) against
 * `HeyGenClient.configWith` read through `ConfigProvider.fromEnv`: the same options and the
 * same `ConfigError`s for every record, overrides or not.
 */
import { assert, describe, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as fc from "fast-check"
import * as HeyGenClient from "../src/HeyGenClient.ts"

const names = [
  "HEYGEN_API_KEY",
  "HEYGEN_ACCESS_TOKEN",
  "HEYGEN_BASE_URL",
  "HEYGEN_UPLOAD_URL",
  "HEYGEN_TIMEOUT",
  "HEYGEN_DEADLINE",
  "HEYGEN_MAX_RETRIES",
  "HEYGEN_MAX_ERROR_BODY_BYTES",
  "HEYGEN_MAX_RESPONSE_BYTES",
  "HEYGEN_USER_AGENT"
] as const

// Values near the edges of what each setting accepts, and any string at all.
const value = fc.oneof(
  fc.constantFrom(
    "",
    "k",
    "3",
    "-2",
    "+4",
    "1.5",
    "1e2",
    "1E-2",
    ".5",
    " 3",
    "0x10",
    "Infinity",
    "NaN",
    "9007199254740993",
    "10 seconds",
    "500 millis",
    "2 minutes",
    "10",
    "1.5 seconds",
    "-1 seconds",
    "Infinity seconds",
    "https://api.example.test"
  ),
  fc.string(),
  fc.integer().map(String)
)

const env = fc.dictionary(fc.constantFrom(...names), value, { maxKeys: names.length })

const overrides = fc.option(
  fc.record(
    {
      apiKey: fc.constant(Redacted.make("override-key")),
      accessToken: fc.constant(Redacted.make("override-token")),
      baseUrl: fc.constant("https://override.test"),
      timeout: fc.constant(Duration.seconds(5))
    },
    { requiredKeys: [] }
  ),
  { nil: undefined }
)

// Options compared by what they hold: secrets by value (and rendering), durations in millis.
const plain = (u: unknown): unknown =>
  Redacted.isRedacted(u)
    ? { redacted: Redacted.value(u), shown: String(u) }
    : Duration.isDuration(u)
      ? { millis: Duration.toMillis(u) }
      : typeof u === "object" && u !== null
        ? Object.fromEntries(Object.entries(u).map(([k, v]) => [k, plain(v)]))
        : u

const viaConfig = (record: Record<string, string>, over: Partial<HeyGenClient.Options> | undefined) =>
  Effect.result(
    Effect.flatMap(Effect.void, () => HeyGenClient.configWith(over)).pipe(
      Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env: record })))
    )
  )

const outcome = (result: Result.Result<HeyGenClient.Options, { readonly _tag: string }>) =>
  Result.isSuccess(result)
    ? { ok: plain(result.success) }
    : { error: String(result.failure), tag: result.failure._tag }

describe("HeyGenClient.optionsFromEnv", () => {
  it.effect("agrees with configWith read through ConfigProvider.fromEnv, options and errors alike", () =>
    Effect.sync(() =>
      fc.assert(
        fc.property(env, overrides, (record, over) => {
          const expected = outcome(Effect.runSync(viaConfig(record, over)))
          const got = outcome(Effect.runSync(Effect.result(HeyGenClient.optionsFromEnv(record, over))))
          assert.deepStrictEqual(got, expected)
        }),
        { numRuns: 400 }
      )
    )
  )

  it.effect(
    "S4: neither credential, or both, is a ConfigError naming them; a bad count names its binding",
    () =>
      Effect.gen(function* () {
        const none = yield* Effect.flip(HeyGenClient.optionsFromEnv({ HEYGEN_BASE_URL: "https://x.test" }))
        assert.strictEqual(none._tag, "ConfigError")
        assert.include(none.message, "HEYGEN_API_KEY")
        assert.include(none.message, "HEYGEN_ACCESS_TOKEN")
        const both = yield* Effect.flip(
          HeyGenClient.optionsFromEnv({ HEYGEN_API_KEY: "k", HEYGEN_ACCESS_TOKEN: "t" })
        )
        assert.include(both.message, "Both HEYGEN_API_KEY and HEYGEN_ACCESS_TOKEN")
        const count = yield* Effect.flip(
          HeyGenClient.optionsFromEnv({ HEYGEN_API_KEY: "k", HEYGEN_MAX_RETRIES: "1.5" })
        )
        assert.include(count.message, "HEYGEN_MAX_RETRIES")
        assert.notInclude(String(count), 'k"')
        // Bindings that are not strings (KV namespaces, numbers) are not settings.
        const options = yield* HeyGenClient.optionsFromEnv({
          HEYGEN_API_KEY: "k",
          HEYGEN_MAX_RETRIES: 3,
          KV: {}
        })
        assert.strictEqual(Redacted.value(options.apiKey!), "k")
        assert.deepStrictEqual(options.retry, {})
      })
  )
})
