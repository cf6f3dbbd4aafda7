/**
 * `HeyGenTransport.layer` against a real server on 127.0.0.1: each provide wraps the client of
 * its own context, even when the same layer was already built around another client.
 */
import { assert, describe, it } from "@effect/vitest"
import * as HeyGenClient from "@effect-heygen/core/HeyGenClient"
import { serveNode } from "@effect-heygen/harness/node"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as HeyGenTransport from "../src/HeyGenTransport.ts"
import * as Users from "../src/Users.ts"

const apiKey = "hg_paid_key"
const otherKey = "hg_unknown_key"

// The paid key is known; any other is a 401, as HeyGen answers an unknown key.
const server = serveNode((request, res) => {
  const known = request.headers["x-api-key"] === apiKey
  res
    .writeHead(known ? 200 : 401, { "content-type": "application/json" })
    .end(
      JSON.stringify(
        known
          ? { data: { username: "paid", email: null, first_name: null, last_name: null } }
          : { error: { code: "unauthorized", message: "Unknown API key." } }
      )
    )
})

const client = (key: string, baseUrl: string) =>
  HeyGenClient.layer({ apiKey: Redacted.make(key), baseUrl, retry: false }).pipe(
    Layer.provide(FetchHttpClient.layer)
  )

describe("HeyGenTransport.layer", () => {
  it.effect(
    "V10: a nested provide over a client with another key runs on that key, not the outer client",
    () =>
      Effect.gen(function* () {
        const { url, requests } = yield* server
        const inner = HeyGenTransport.layer.pipe(Layer.provide(client(otherKey, url)))
        // Alone, the unknown key fails.
        const alone = yield* Users.getMe().pipe(Effect.provide(inner), Effect.flip)
        assert.strictEqual(alone._tag, "Unauthorized")
        // Nested in a program already running on the paid client: still the inner key's failure.
        const nested = yield* Effect.gen(function* () {
          const outer = yield* Users.getMe()
          assert.strictEqual(outer.username, "paid")
          return yield* Users.getMe().pipe(Effect.provide(inner), Effect.flip)
        }).pipe(Effect.provide(HeyGenTransport.layer), Effect.provide(client(apiKey, url)))
        assert.strictEqual(nested._tag, "Unauthorized")
        assert.deepStrictEqual(
          requests.map((r) => r.headers["x-api-key"]),
          [otherKey, apiKey, otherKey]
        )
      })
  )

  it.effect("V10: the same layer provided twice over two clients keeps each one's key", () =>
    Effect.gen(function* () {
      const { url, requests } = yield* server
      const paid = yield* Users.getMe().pipe(
        Effect.provide(HeyGenTransport.layer.pipe(Layer.provide(client(apiKey, url))))
      )
      assert.strictEqual(paid.username, "paid")
      const other = yield* Users.getMe().pipe(
        Effect.provide(HeyGenTransport.layer.pipe(Layer.provide(client(otherKey, url)))),
        Effect.flip
      )
      assert.strictEqual(other._tag, "Unauthorized")
      assert.deepStrictEqual(
        requests.map((r) => r.headers["x-api-key"]),
        [apiKey, otherKey]
      )
    })
  )
})
