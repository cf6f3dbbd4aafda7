import * as path from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import * as Emulator from "@effect-heygen/emulator/Emulator"
import { keys } from "@effect-heygen/emulator/Fixtures"
import { controlToken, expectedTags, scriptRateLimit, servedProblems } from "@effect-heygen/harness/adapter"
import { serveWeb } from "@effect-heygen/harness/node"
import { bundle, freePort, startWorkerd, tempDir } from "@effect-heygen/harness/workerd"

/** The emulator on Node (a server on 127.0.0.1 outside workerd), for the client worker to call. */
const nodeEmulator = async () => serveWeb(await Emulator.toWebHandler({ control: true, controlToken }))

describe("edge adapter in a real workerd", () => {
  let workerd: Awaited<ReturnType<typeof startWorkerd>>
  let emulatorUrl = ""
  let clientUrl = ""
  let upstream: Awaited<ReturnType<typeof nodeEmulator>>

  beforeAll(async () => {
    const dir = tempDir()
    await bundle(
      path.resolve(import.meta.dirname, "fixtures/emulator-worker.ts"),
      path.join(dir, "emulator-worker.js")
    )
    await bundle(
      path.resolve(import.meta.dirname, "fixtures/client-worker.ts"),
      path.join(dir, "client-worker.js")
    )
    upstream = await nodeEmulator()
    const [emulatorPort, clientPort] = [await freePort(), await freePort()]
    workerd = await startWorkerd(
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
    emulatorUrl = `http://127.0.0.1:${emulatorPort}`
    clientUrl = `http://127.0.0.1:${clientPort}`
  }, 60_000)

  afterAll(() => {
    workerd?.stop()
    upstream?.close()
  })

  it("the adapter's worker serves all 16 codes with exact status, headers and body", async () => {
    assert.deepStrictEqual(await servedProblems(emulatorUrl), [])
    const natural = await fetch(`${emulatorUrl}/v2/avatars`)
    assert.strictEqual(natural.status, 401)
  })

  it("the client inside workerd decodes all 16 into their tags", async () => {
    const tags = (await (await fetch(`${clientUrl}/decode`)).json()) as Record<string, string>
    assert.deepStrictEqual(tags, expectedTags)
  })

  it("a rate-limited call is retried inside workerd after its Retry-After", async () => {
    await scriptRateLimit(upstream.url)
    const result = (await (await fetch(`${clientUrl}/retry`)).json()) as { quota: number; elapsedMs: number }
    assert.strictEqual(result.quota, 1000)
    assert.isAtLeast(result.elapsedMs, 900)
  })

  it("S1: a 307 to another origin is not followed inside workerd; that origin receives nothing", async () => {
    let reached = 0
    const other = await serveWeb(async () => {
      reached++
      return Response.json({ error: null, data: {} })
    })
    const origin = await serveWeb(
      async () => new Response(null, { status: 307, headers: { location: `${other.url}/v2/avatars` } })
    )
    try {
      const response = await fetch(`${clientUrl}/redirect?base=${encodeURIComponent(origin.url)}`)
      assert.deepStrictEqual(await response.json(), { tag: "UnexpectedResponse", status: 307 })
      assert.strictEqual(reached, 0)
    } finally {
      other.close()
      origin.close()
    }
  })

  it("config errors: a missing HEYGEN_API_KEY binding is a ConfigError naming it", async () => {
    const response = await fetch(`${clientUrl}/config-error`)
    assert.strictEqual(response.status, 500)
    assert.include(((await response.json()) as { failure: string }).failure, "HEYGEN_API_KEY")
  })
})
