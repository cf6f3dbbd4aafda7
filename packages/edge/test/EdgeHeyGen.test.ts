import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import * as Emulator from "@effect-heygen/emulator/Emulator"
import { keys } from "@effect-heygen/emulator/Fixtures"
import { controlToken, expectedTags, scriptRateLimit, servedProblems } from "@effect-heygen/harness/adapter"
import { serveNode, serveWeb } from "@effect-heygen/harness/node"
import { bundle, freePort, startWorkerd, tempDir } from "@effect-heygen/harness/workerd"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/**
 * The emulator on Node (a server on 127.0.0.1 outside workerd), and workerd running the
 * adapter's two workers: one serving the emulator, one calling the Node emulator as a client.
 */
class Workerd extends Context.Service<
  Workerd,
  { readonly emulatorUrl: string; readonly clientUrl: string; readonly upstreamUrl: string }
>()("EdgeHeyGen.test/Workerd") {}

const workerdLayer = Layer.effect(
  Workerd,
  Effect.gen(function* () {
    const dir = tempDir()
    yield* Effect.promise(async () => {
      await bundle(
        path.resolve(import.meta.dirname, "fixtures/emulator-worker.ts"),
        path.join(dir, "emulator-worker.js")
      )
      await bundle(
        path.resolve(import.meta.dirname, "fixtures/client-worker.ts"),
        path.join(dir, "client-worker.js")
      )
    })
    const upstream = yield* Effect.acquireRelease(
      Effect.promise(async () => serveWeb(await Emulator.toWebHandler({ control: true, controlToken }))),
      (served) => Effect.promise(served.close)
    )
    const [emulatorPort, clientPort] = yield* Effect.promise(() => Promise.all([freePort(), freePort()]))
    yield* Effect.acquireRelease(
      Effect.promise(() =>
        startWorkerd(
          [
            { name: "emulator", script: "emulator-worker.js", port: emulatorPort },
            {
              name: "client",
              script: "client-worker.js",
              port: clientPort,
              bindings: { HEYGEN_API_KEY: keys.paid, HEYGEN_BASE_URL: upstream.url }
            }
          ],
          dir
        )
      ),
      (workerd) => Effect.sync(() => workerd.stop())
    )
    return {
      emulatorUrl: `http://127.0.0.1:${emulatorPort}`,
      clientUrl: `http://127.0.0.1:${clientPort}`,
      upstreamUrl: upstream.url
    }
  })
)

/** GETs `url` and reads its JSON body. */
const getJson = <A = unknown>(url: string) =>
  Effect.promise(async () => (await (await fetch(url)).json()) as A)

describe("edge adapter in a real workerd", () => {
  // One workerd for the suite (bundling and starting it takes seconds); each test leaves the
  // emulators as it found them. Live services: the retry waits Retry-After in real time.
  it.layer(workerdLayer, { excludeTestServices: true, timeout: "60 seconds" })((it) => {
    it.effect("the adapter's worker serves all 16 codes with exact status, headers and body", () =>
      Effect.gen(function* () {
        const { emulatorUrl } = yield* Workerd
        assert.deepStrictEqual(yield* Effect.promise(() => servedProblems(emulatorUrl)), [])
        const natural = yield* Effect.promise(() => fetch(`${emulatorUrl}/v2/avatars`))
        assert.strictEqual(natural.status, 401)
      })
    )

    it.effect("the client inside workerd decodes all 16 into their tags", () =>
      Effect.gen(function* () {
        const { clientUrl } = yield* Workerd
        const tags = yield* getJson<Record<string, string>>(`${clientUrl}/decode`)
        assert.deepStrictEqual(tags, expectedTags)
      })
    )

    it.effect("a rate-limited call is retried inside workerd after its Retry-After", () =>
      Effect.gen(function* () {
        const { clientUrl, upstreamUrl } = yield* Workerd
        yield* Effect.promise(() => scriptRateLimit(upstreamUrl))
        const result = yield* getJson<{ quota: number; elapsedMs: number }>(`${clientUrl}/retry`)
        assert.strictEqual(result.quota, 1000)
        assert.isAtLeast(result.elapsedMs, 900)
      })
    )

    it.effect(
      "S1: a 307 to another origin is not followed inside workerd; that origin receives nothing",
      () =>
        Effect.gen(function* () {
          const { clientUrl } = yield* Workerd
          const other = yield* serveNode((_, res) =>
            res.writeHead(200, { "content-type": "application/json" }).end('{"error":null,"data":{}}')
          )
          const origin = yield* serveNode((_, res) =>
            res.writeHead(307, { location: `${other.url}/v2/avatars` }).end()
          )
          const outcome = yield* getJson(`${clientUrl}/redirect?base=${encodeURIComponent(origin.url)}`)
          assert.deepStrictEqual(outcome, { tag: "UnexpectedResponse", status: 307 })
          assert.strictEqual(other.requests.length, 0)
        })
    )

    it.effect("config errors: a missing HEYGEN_API_KEY binding is a ConfigError naming it", () =>
      Effect.gen(function* () {
        const { clientUrl } = yield* Workerd
        const response = yield* Effect.promise(() => fetch(`${clientUrl}/config-error`))
        assert.strictEqual(response.status, 500)
        const { failure } = yield* Effect.promise(() => response.json() as Promise<{ failure: string }>)
        assert.include(failure, "HEYGEN_API_KEY")
      })
    )
  })
})
