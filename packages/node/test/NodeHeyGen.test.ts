import { spawn } from "node:child_process"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import * as Catalog from "@effect-heygen/core/Catalog"
import * as HeyGenClient from "@effect-heygen/core/HeyGenClient"
import * as Emulator from "@effect-heygen/emulator/Emulator"
import { keys } from "@effect-heygen/emulator/Fixtures"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as NodeHeyGen from "../src/NodeHeyGen.ts"

/** The emulator served by the Node adapter, and a client from the adapter configured by env. */
const setup = (env: Record<string, string> = {}) =>
  Effect.gen(function* () {
    const { url } = yield* NodeHeyGen.listen(yield* Emulator.make({ control: true }))
    const clientLayer = NodeHeyGen.layer(undefined, { retry: { baseDelay: 1 } }).pipe(
      Layer.provide(
        ConfigProvider.layer(
          ConfigProvider.fromEnv({ env: { HEYGEN_API_KEY: keys.paid, HEYGEN_BASE_URL: url, ...env } })
        )
      )
    )
    // Built in the test's scope: the undici dispatcher must outlive construction.
    const client = Context.get(yield* Layer.build(clientLayer), HeyGenClient.HeyGenClient)
    return { url, client }
  })

const forced = (code: string) => ({
  method: "GET" as const,
  path: "/v2/avatars",
  headers: { "x-emulator-error": code },
  success: Schema.Unknown,
  retry: false as const
})

describe("Node adapter", () => {
  it.effect("all 16 codes served with exact status, headers and body", () =>
    Effect.gen(function* () {
      const { url } = yield* setup()
      for (const entry of Catalog.entries) {
        const response = yield* Effect.promise(() =>
          fetch(`${url}/v2/avatars`, {
            headers: { "x-api-key": keys.paid, "x-emulator-error": entry.code, "x-request-id": "rid-1" }
          })
        )
        const text = yield* Effect.promise(() => response.text())
        assert.strictEqual(response.status, entry.status, entry.code)
        assert.strictEqual(response.headers.get("content-type"), "application/json; charset=utf-8")
        assert.strictEqual(response.headers.get("x-request-id"), "rid-1")
        assert.strictEqual(
          response.headers.get("retry-after"),
          entry.code === "rate_limit_exceeded" ? "1" : null
        )
        const body = JSON.parse(text) as { error: Record<string, string> }
        assert.deepStrictEqual(Object.keys(body.error), ["code", "message", "doc_url"])
        assert.strictEqual(body.error.code, entry.code)
        assert.strictEqual(body.error.doc_url, Catalog.docUrl(entry.code))
      }
    })
  )

  it.effect("all 16 decoded by the undici client into their tags", () =>
    Effect.gen(function* () {
      const { client } = yield* setup()
      for (const entry of Catalog.entries) {
        const exit = yield* Effect.exit(client.request(forced(entry.code)))
        const error = Exit.isFailure(exit) ? Exit.findErrorOption(exit) : undefined
        assert.strictEqual(error?._tag === "Some" ? error.value._tag : "none", entry.tag)
      }
    })
  )

  it.live("a rate-limited call is retried after its Retry-After", () =>
    Effect.gen(function* () {
      const { url, client } = yield* setup()
      yield* Effect.promise(() =>
        fetch(`${url}/__emulator/script`, {
          method: "POST",
          body: JSON.stringify({
            code: "rate_limit_exceeded",
            times: 1,
            key: keys.paid,
            path: "/v2/user/remaining_quota"
          })
        })
      )
      const started = Date.now()
      const quota = yield* client.getRemainingQuota()
      assert.strictEqual(quota.remaining_quota, 1000)
      assert.isAtLeast(Date.now() - started, 1000)
    })
  )

  it.effect("config errors: a missing HEYGEN_API_KEY names the variable", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(
        HeyGenClient.HeyGenClient.use(Effect.succeed).pipe(
          Effect.provide(
            NodeHeyGen.layer().pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env: {} }))))
          )
        )
      )
      assert.isTrue(Exit.isFailure(exit))
      assert.include(String(Exit.isFailure(exit) ? exit.cause : ""), "HEYGEN_API_KEY")
    })
  )

  it("graceful shutdown: on SIGTERM it stops accepting and lets the in-flight request finish", async () => {
    const child = spawn(process.execPath, [path.resolve(import.meta.dirname, "fixtures/server.ts")], {
      stdio: ["ignore", "pipe", "inherit"]
    })
    const url = await new Promise<string>((resolve) =>
      child.stdout.once("data", (d: Buffer) => resolve(String(d).trim()))
    )
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
    const inFlight = fetch(url).then((r) => r.text())
    await new Promise((resolve) => setTimeout(resolve, 100))
    child.kill("SIGTERM")
    assert.strictEqual(await inFlight, "done")
    await exited
    const refused = await fetch(url).then(
      () => "answered",
      () => "refused"
    )
    assert.strictEqual(refused, "refused")
  })
})
