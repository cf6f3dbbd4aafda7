// Run by `deno test` (scripts/deno-test.mjs): the adapter in the real Deno runtime.
import * as Catalog from "@effect-heygen/core/Catalog"
import { HeyGenClient } from "@effect-heygen/core/HeyGenClient"
import * as Emulator from "@effect-heygen/emulator/Emulator"
import { keys } from "@effect-heygen/emulator/Fixtures"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
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
        const { url } = yield* DenoHeyGen.serve(yield* Emulator.make({ control: true }))
        Deno.env.set("HEYGEN_API_KEY", keys.paid)
        Deno.env.set("HEYGEN_BASE_URL", url)
        const context = yield* Layer.build(DenoHeyGen.layer(undefined, { retry: { baseDelay: 1 } }))
        return yield* f(url, context.mapUnsafe.get(HeyGenClient.key) as HeyGenClient["Service"])
      })
    )
  )

Deno.test("Deno.serve serves all 16 codes with exact status, headers and body", () =>
  withEmulator((url) =>
    Effect.promise(async () => {
      for (const entry of Catalog.entries) {
        const response = await fetch(`${url}/v2/avatars`, {
          headers: { "x-api-key": keys.paid, "x-emulator-error": entry.code, "x-request-id": "rid-deno" }
        })
        const body = (await response.json()) as { error: Record<string, string> }
        assertEquals(response.status, entry.status, entry.code)
        assertEquals(response.headers.get("content-type"), "application/json; charset=utf-8")
        assertEquals(response.headers.get("x-request-id"), "rid-deno")
        assertEquals(response.headers.get("retry-after"), entry.code === "rate_limit_exceeded" ? "1" : null)
        assertEquals(Object.keys(body.error), ["code", "message", "doc_url"])
        assertEquals(body.error.code, entry.code)
      }
    })
  ))

Deno.test("the client in Deno decodes all 16 into their tags", () =>
  withEmulator((_, client) =>
    Effect.gen(function* () {
      for (const entry of Catalog.entries) {
        const exit = yield* Effect.exit(
          client.request({
            method: "GET",
            path: "/v2/avatars",
            headers: { "x-emulator-error": entry.code },
            success: Schema.Unknown,
            retry: false
          })
        )
        const error = Exit.isFailure(exit) ? Exit.findErrorOption(exit) : undefined
        assertEquals(error?._tag === "Some" ? error.value._tag : "none", entry.tag, entry.code)
      }
    })
  ))

Deno.test("a rate-limited call is retried after its Retry-After", () =>
  withEmulator((url, client) =>
    Effect.gen(function* () {
      yield* Effect.promise(() =>
        fetch(`${url}/__emulator/script`, {
          method: "POST",
          body: JSON.stringify({
            code: "rate_limit_exceeded",
            times: 1,
            key: keys.paid,
            path: "/v2/user/remaining_quota"
          })
        }).then((r) => r.text())
      )
      const started = Date.now()
      const quota = yield* client.getRemainingQuota()
      assertEquals(quota.remaining_quota, 1000)
      if (Date.now() - started < 900) throw new Error("retried before Retry-After")
    })
  ))

Deno.test("config errors: a missing HEYGEN_API_KEY names it; no --allow-env names the permission", async () => {
  Deno.env.delete("HEYGEN_API_KEY")
  const missing = await Effect.runPromiseExit(Effect.scoped(Layer.build(DenoHeyGen.layer())))
  if (!Exit.isFailure(missing) || !String(missing.cause).includes("HEYGEN_API_KEY"))
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
