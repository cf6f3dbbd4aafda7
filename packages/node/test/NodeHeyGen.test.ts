import { spawn } from "node:child_process"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import * as HeyGenClient from "@effect-heygen/core/HeyGenClient"
import * as Emulator from "@effect-heygen/emulator/Emulator"
import { keys } from "@effect-heygen/emulator/Fixtures"
import {
  controlToken,
  decodedTags,
  expectedTags,
  scriptRateLimit,
  servedProblems
} from "@effect-heygen/harness/adapter"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as NodeHeyGen from "../src/NodeHeyGen.ts"

/** The emulator served by the Node adapter, and a client from the adapter configured by env. */
const setup = (env: Record<string, string> = {}) =>
  Effect.gen(function* () {
    const { url } = yield* NodeHeyGen.listen(yield* Emulator.make({ control: true, controlToken }))
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

describe("Node adapter", () => {
  it.effect("all 16 codes served with exact status, headers and body", () =>
    Effect.gen(function* () {
      const { url } = yield* setup()
      assert.deepStrictEqual(yield* Effect.promise(() => servedProblems(url)), [])
    })
  )

  it.effect("all 16 decoded by the undici client into their tags", () =>
    Effect.gen(function* () {
      const { client } = yield* setup()
      const tags = yield* Effect.provideService(decodedTags, HeyGenClient.HeyGenClient, client)
      assert.deepStrictEqual(tags, expectedTags)
    })
  )

  it.live("a rate-limited call is retried after its Retry-After", () =>
    Effect.gen(function* () {
      const { url, client } = yield* setup()
      yield* Effect.promise(() => scriptRateLimit(url))
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
