import { assert, describe, it } from "@effect/vitest"
import * as HeyGenClient from "@effect-heygen/core/HeyGenClient"
import * as Emulator from "@effect-heygen/emulator/Emulator"
import { keys } from "@effect-heygen/emulator/Fixtures"
import { controlToken } from "@effect-heygen/harness/adapter"
import { serveNode } from "@effect-heygen/harness/node"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as NodeHeyGen from "../src/NodeHeyGen.ts"

/** The adapter's client from `env`, built in the test's scope (undici's dispatcher must outlive it). */
const clientFrom = (env: Record<string, string>) =>
  Effect.map(
    Layer.build(
      NodeHeyGen.layer({ retry: false }).pipe(
        Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env })))
      )
    ),
    (context) => Context.get(context, HeyGenClient.HeyGenClient)
  )

const me = (client: HeyGenClient.Service) =>
  client.request({ method: "GET", path: "/v3/users/me", success: Schema.Unknown })

describe("NodeHeyGen with an OAuth access token", () => {
  it.effect("S4: HEYGEN_ACCESS_TOKEN is sent as Authorization: Bearer over undici, with no X-Api-Key", () =>
    Effect.gen(function* () {
      const token = "node-oauth-TOKEN-8c1f"
      const upstream = yield* serveNode((_, res) =>
        res.writeHead(200, { "content-type": "application/json" }).end('{"data":{"ok":true}}')
      )
      const client = yield* clientFrom({ HEYGEN_ACCESS_TOKEN: token, HEYGEN_BASE_URL: upstream.url })
      assert.deepStrictEqual(yield* me(client), { ok: true })
      assert.strictEqual(upstream.requests[0]!.headers.authorization, `Bearer ${token}`)
      assert.isUndefined(upstream.requests[0]!.headers["x-api-key"])
    })
  )

  it.effect("S4/M38: against the emulator served by the adapter, the token is the account's credential", () =>
    Effect.gen(function* () {
      const { url } = yield* NodeHeyGen.serve(yield* Emulator.make({ control: true, controlToken }))
      const client = yield* clientFrom({ HEYGEN_ACCESS_TOKEN: keys.paid, HEYGEN_BASE_URL: url })
      assert.isObject(yield* me(client))
      const error = yield* Effect.flip(
        clientFrom({ HEYGEN_ACCESS_TOKEN: keys.paid, HEYGEN_API_KEY: keys.paid, HEYGEN_BASE_URL: url })
      )
      assert.strictEqual(error._tag, "ConfigError")
      assert.include(String(error), "exactly one")
    })
  )
})
