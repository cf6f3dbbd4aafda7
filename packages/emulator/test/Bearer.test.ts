import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Fixtures from "../src/Fixtures.ts"
import { clientFor, raw, serveEmulator } from "./utils/emulator.ts"

const { keys } = Fixtures

describe("Emulator: OAuth bearer credentials", () => {
  it.effect("M38: Authorization: Bearer <key> is the same credential as X-Api-Key", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      const byKey = yield* raw(url, "/v3/users/me", { headers: { "x-api-key": keys.paid } })
      const byBearer = yield* raw(url, "/v3/users/me", { headers: { authorization: `Bearer ${keys.paid}` } })
      assert.strictEqual(byKey.status, 200, byKey.text)
      assert.strictEqual(byBearer.status, 200, byBearer.text)
      assert.deepStrictEqual(byBearer.json, byKey.json)
      // Any case of the scheme, extra spaces: still the key.
      const loose = yield* raw(url, "/v3/users/me", { headers: { authorization: `bearer   ${keys.paid}` } })
      assert.strictEqual(loose.status, 200, loose.text)
    })
  )

  it.effect(
    "M38/M1: an unknown, expired or malformed bearer gets the one unauthorized body; X-Api-Key wins",
    () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator()
        const reference = yield* raw(url, "/v3/users/me", { headers: { "x-api-key": "hg_nobody" } })
        assert.strictEqual(reference.status, 401)
        const body = (json: unknown) => (json as { error?: { code?: string; message?: string } }).error
        for (const authorization of [
          "Bearer hg_nobody",
          `Bearer ${keys.expired}`,
          `Basic ${keys.paid}`,
          `Bearer ${keys.paid} extra`,
          "Bearer"
        ]) {
          const answer = yield* raw(url, "/v3/users/me", { headers: { authorization } })
          assert.strictEqual(answer.status, 401, authorization)
          assert.deepStrictEqual(body(answer.json), body(reference.json), authorization)
        }
        const both = yield* raw(url, "/v3/users/me", {
          headers: { "x-api-key": "hg_nobody", authorization: `Bearer ${keys.paid}` }
        })
        assert.strictEqual(both.status, 401)
      })
  )

  it.effect("M38: core's client with an access token works against the emulator", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      const client = yield* clientFor(url, keys.paid, {
        apiKey: undefined,
        accessToken: Redacted.make(keys.paid)
      })
      const me = yield* client.request({ method: "GET", path: "/v3/users/me", success: Schema.Unknown })
      assert.isObject(me)
      const denied = yield* clientFor(url, keys.paid, {
        apiKey: undefined,
        accessToken: Redacted.make(keys.revoked)
      })
      const error = yield* Effect.flip(
        denied.request({ method: "GET", path: "/v3/users/me", success: Schema.Unknown })
      )
      assert.strictEqual(error._tag, "Unauthorized")
    })
  )
})
