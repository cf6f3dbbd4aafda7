import { assert, describe, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as HeyGenClient from "../src/HeyGenClient.ts"
import { KEY } from "./utils/client.ts"
import { json, serveNode } from "./utils/server.ts"
import { clientOver, transports } from "./utils/transports.ts"

const TOKEN = "eyJhbGciOiJSUzI1NiJ9.oauth-access-TOKEN.c2lnbmF0dXJl"

const ok = { data: { video_id: "v1" } }

const fromEnv = (env: Record<string, string>) =>
  Effect.flatMap(HeyGenClient.config, (options) => Effect.succeed(options)).pipe(
    Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env })))
  )

describe("HeyGenClient with an OAuth access token (S4)", () => {
  it.effect("S4: the token goes as Authorization: Bearer, and no X-Api-Key is sent, on every transport", () =>
    Effect.gen(function* () {
      const server = yield* serveNode((_, res) => json(res, 200, ok))
      for (const [name, transport] of transports) {
        const client = yield* clientOver(transport, server.url, {
          apiKey: undefined,
          accessToken: Redacted.make(TOKEN)
        })
        const value = yield* client.request({ method: "GET", path: "/v3/videos/v1", success: Schema.Unknown })
        assert.deepStrictEqual(value, { video_id: "v1" }, name)
        const sent = server.requests.at(-1)!.headers
        assert.strictEqual(sent.authorization, `Bearer ${TOKEN}`, name)
        assert.isUndefined(sent["x-api-key"], name)
      }
      // And the key, when that is what the client has: no Authorization then.
      const keyed = yield* clientOver(transports[0]![1], server.url)
      yield* keyed.request({ method: "GET", path: "/v3/videos/v1", success: Schema.Unknown })
      assert.strictEqual(server.requests.at(-1)!.headers["x-api-key"], KEY)
      assert.isUndefined(server.requests.at(-1)!.headers.authorization)
    })
  )

  it.effect(
    "S3/S4: the token never reaches another origin — no redirect followed, no path that leaves the host",
    () =>
      Effect.gen(function* () {
        const elsewhere = yield* serveNode((_, res) => json(res, 200, ok))
        const server = yield* serveNode((_, res) =>
          res.writeHead(307, { location: `${elsewhere.url}/v3/videos/v1` }).end()
        )
        const port = new URL(elsewhere.url).port
        for (const [name, transport] of transports) {
          const client = yield* clientOver(transport, server.url, {
            apiKey: undefined,
            accessToken: Redacted.make(TOKEN),
            retry: false
          })
          const redirected = yield* Effect.flip(
            client.request({ method: "GET", path: "/v3/videos/v1", success: Schema.Unknown })
          )
          assert.strictEqual(redirected._tag, "UnexpectedResponse", name)
          assert.strictEqual(redirected._tag === "UnexpectedResponse" && redirected.status, 307, name)
          // `host + path` would name the other server as the host (userinfo `127.0.0.1:port@`),
          // or a URL of its own: refused before anything is sent.
          for (const path of [`@127.0.0.1:${port}/v3/videos`, `${elsewhere.url}/v3/videos`, `.evil.test/x`]) {
            const error = yield* Effect.flip(client.request({ method: "GET", path, success: Schema.Unknown }))
            assert.strictEqual(error._tag === "TransportError" && error.reason, "Encode", `${name} ${path}`)
            assert.notInclude(error.message, TOKEN)
          }
        }
        assert.strictEqual(elsewhere.requests.length, 0, "the other origin got nothing")
        assert.strictEqual(server.requests.length, transports.length, "one attempt per transport: the 307s")
      })
  )

  it.effect(
    "S4: config reads HEYGEN_ACCESS_TOKEN; neither or both credentials is a ConfigError naming them",
    () =>
      Effect.gen(function* () {
        const token = yield* fromEnv({ HEYGEN_ACCESS_TOKEN: TOKEN })
        assert.strictEqual(token.apiKey, undefined)
        assert.strictEqual(Redacted.value(token.accessToken!), TOKEN)
        const key = yield* fromEnv({ HEYGEN_API_KEY: KEY })
        assert.strictEqual(Redacted.value(key.apiKey!), KEY)
        assert.strictEqual(key.accessToken, undefined)

        const neither = yield* Effect.flip(fromEnv({}))
        assert.strictEqual(neither._tag, "ConfigError")
        assert.include(String(neither), "HEYGEN_API_KEY")
        assert.include(String(neither), "HEYGEN_ACCESS_TOKEN")
        const both = yield* Effect.flip(fromEnv({ HEYGEN_API_KEY: KEY, HEYGEN_ACCESS_TOKEN: TOKEN }))
        assert.strictEqual(both._tag, "ConfigError")
        assert.include(String(both), "exactly one")
        // The error names the variables, never their values.
        assert.notInclude(String(both), TOKEN)
        assert.notInclude(String(both), KEY)
      })
  )

  it.effect("S4: a credential among configWith's overrides replaces the configured one", () =>
    Effect.gen(function* () {
      const server = yield* serveNode((_, res) => json(res, 200, ok))
      const env = ConfigProvider.layer(
        ConfigProvider.fromEnv({ env: { HEYGEN_API_KEY: KEY, HEYGEN_BASE_URL: server.url } })
      )
      const call = Effect.flatMap(Effect.service(HeyGenClient.HeyGenClient), (client) =>
        client.request({ method: "GET", path: "/v3/users/me", success: Schema.Unknown })
      )
      const layer = HeyGenClient.layerConfig(
        HeyGenClient.configWith({ accessToken: Redacted.make(TOKEN) })
      ).pipe(Layer.provide([FetchHttpClient.layer, env]))
      yield* Effect.provide(call, layer)
      const sent = server.requests.at(-1)!.headers
      assert.strictEqual(sent.authorization, `Bearer ${TOKEN}`)
      assert.isUndefined(sent["x-api-key"])
      // No credential in the environment, one in the overrides: enough.
      const bare = ConfigProvider.layer(ConfigProvider.fromEnv({ env: { HEYGEN_BASE_URL: server.url } }))
      yield* Effect.provide(
        call,
        HeyGenClient.layerConfig(HeyGenClient.configWith({ apiKey: Redacted.make(KEY) })).pipe(
          Layer.provide([FetchHttpClient.layer, bare])
        )
      )
      assert.strictEqual(server.requests.at(-1)!.headers["x-api-key"], KEY)
    })
  )

  it.effect("S4: options with neither or both credentials are refused when the client is made", () =>
    Effect.gen(function* () {
      for (const options of [{}, { apiKey: Redacted.make(KEY), accessToken: Redacted.make(TOKEN) }]) {
        const exit = yield* Effect.exit(
          HeyGenClient.make(options).pipe(Effect.provide(FetchHttpClient.layer))
        )
        assert.isTrue(exit._tag === "Failure")
        assert.notInclude(String(exit), TOKEN)
        assert.include(String(exit), "exactly one of apiKey")
      }
    })
  )
})
