// Run by `deno test` (scripts/deno-test.mjs): the adapter in the real Deno runtime.
import { HeyGenClient } from "@effect-heygen/core/HeyGenClient"
import * as Emulator from "@effect-heygen/emulator/Emulator"
import { keys } from "@effect-heygen/emulator/Fixtures"
import {
  controlToken,
  decodedTags,
  expectedTags,
  redirectOutcome,
  scriptRateLimit,
  servedProblems
} from "@effect-heygen/harness/adapter"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as DenoHeyGen from "../src/DenoHeyGen.ts"

const assertEquals = (actual: unknown, expected: unknown, message?: string) => {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${message ?? "not equal"}: ${JSON.stringify(actual)} !== ${JSON.stringify(expected)}`)
  }
}

/** Runs `f` with the emulator served on Deno.serve and a client configured from Deno.env. */
const withEmulator = <A, E>(f: (url: string, client: HeyGenClient["Service"]) => Effect.Effect<A, E>) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const { url } = yield* DenoHeyGen.serve(yield* Emulator.make({ control: true, controlToken }))
        Deno.env.set("HEYGEN_API_KEY", keys.paid)
        Deno.env.set("HEYGEN_BASE_URL", url)
        const context = yield* Layer.build(DenoHeyGen.layer({ retry: { baseDelay: 1 } }))
        return yield* f(url, context.mapUnsafe.get(HeyGenClient.key) as HeyGenClient["Service"])
      })
    )
  )

Deno.test("Deno.serve serves all 16 codes with exact status, headers and body", () =>
  withEmulator((url) => Effect.promise(async () => assertEquals(await servedProblems(url), []))))

Deno.test("the client in Deno decodes all 16 into their tags", () =>
  withEmulator((_, client) =>
    Effect.map(Effect.provideService(decodedTags, HeyGenClient, client), (tags) =>
      assertEquals(tags, expectedTags)
    )
  ))

Deno.test("a rate-limited call is retried after its Retry-After", () =>
  withEmulator((url, client) =>
    Effect.gen(function* () {
      yield* Effect.promise(() => scriptRateLimit(url))
      const started = Date.now()
      const quota = yield* client.getRemainingQuota()
      assertEquals(quota.remaining_quota, 1000)
      if (Date.now() - started < 900) throw new Error("retried before Retry-After")
    })
  ))

Deno.test("config errors: a missing HEYGEN_API_KEY names it; no --allow-env names the permission", async () => {
  Deno.env.delete("HEYGEN_API_KEY")
  // Rejects (failing the test) if the layer builds.
  const missing = await Effect.runPromise(Effect.flip(Effect.scoped(Layer.build(DenoHeyGen.layer()))))
  if (missing._tag !== "ConfigError" || !String(missing).includes("HEYGEN_API_KEY"))
    throw new Error(String(missing))
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-check",
      "--allow-read",
      "--allow-net",
      new URL("./fixtures/no-env.ts", import.meta.url).pathname
    ],
    stdout: "piped",
    stderr: "piped"
  })
  const { stdout } = await child.output()
  const text = new TextDecoder().decode(stdout)
  if (!text.includes("--allow-env")) throw new Error(`expected the permission to be named, got: ${text}`)
})

/** A Deno.serve server on 127.0.0.1 for the test; `close` waits for it to finish. */
const listen = (handler: (request: Request) => Response) =>
  new Promise<{ url: string; close: () => Promise<void> }>((resolve) => {
    const controller = new AbortController()
    const server = Deno.serve(
      {
        port: 0,
        hostname: "127.0.0.1",
        signal: controller.signal,
        onListen: (addr) =>
          resolve({
            url: `http://127.0.0.1:${addr.port}`,
            close: () => {
              controller.abort()
              return server.finished
            }
          })
      },
      handler
    )
  })

Deno.test("S1: a 307 to another origin is not followed; that origin receives nothing", async () => {
  let reached = 0
  const other = await listen(() => {
    reached++
    return Response.json({ error: null, data: {} })
  })
  const origin = await listen(
    () => new Response(null, { status: 307, headers: { location: `${other.url}/v2/avatars` } })
  )
  try {
    Deno.env.set("HEYGEN_API_KEY", keys.paid)
    Deno.env.set("HEYGEN_BASE_URL", origin.url)
    const outcome = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const context = yield* Layer.build(DenoHeyGen.layer())
          const client = context.mapUnsafe.get(HeyGenClient.key) as HeyGenClient["Service"]
          return yield* Effect.provideService(redirectOutcome, HeyGenClient, client)
        })
      )
    )
    assertEquals(outcome, { tag: "UnexpectedResponse", status: 307 })
    assertEquals(reached, 0, "requests the other origin received")
  } finally {
    await other.close()
    await origin.close()
  }
})
