// Run by `deno test` (scripts/deno-test.mjs): an OAuth access token through the adapter in Deno.
import { HeyGenClient } from "@effect-heygen/core/HeyGenClient"
import * as Emulator from "@effect-heygen/emulator/Emulator"
import { keys } from "@effect-heygen/emulator/Fixtures"
import { controlToken } from "@effect-heygen/harness/adapter"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as DenoHeyGen from "../src/DenoHeyGen.ts"

const names = ["HEYGEN_API_KEY", "HEYGEN_ACCESS_TOKEN", "HEYGEN_BASE_URL"] as const

/** Runs `f` with only `env` of the HEYGEN_* variables set, restoring them afterwards. */
const withEnv = async <A>(env: Partial<Record<(typeof names)[number], string>>, f: () => Promise<A>) => {
  const saved = names.map((name) => [name, Deno.env.get(name)] as const)
  for (const name of names) {
    const value = env[name]
    if (value === undefined) Deno.env.delete(name)
    else Deno.env.set(name, value)
  }
  try {
    return await f()
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) Deno.env.delete(name)
      else Deno.env.set(name, value)
    }
  }
}

const me = Effect.flatMap(Effect.service(HeyGenClient), (client) =>
  client.request({ method: "GET", path: "/v3/users/me", success: Schema.Unknown, retry: false })
)

Deno.test("S4: HEYGEN_ACCESS_TOKEN goes as Authorization: Bearer, with no X-Api-Key", async () => {
  const seen: Array<Headers> = []
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (request) => {
    seen.push(request.headers)
    return Response.json({ data: { ok: true } })
  })
  try {
    const url = `http://127.0.0.1:${server.addr.port}`
    const value = await withEnv({ HEYGEN_ACCESS_TOKEN: "deno-oauth-TOKEN-5e2", HEYGEN_BASE_URL: url }, () =>
      Effect.runPromise(Effect.scoped(Effect.provide(me, DenoHeyGen.layer())))
    )
    if (JSON.stringify(value) !== '{"ok":true}') throw new Error(`unexpected answer ${JSON.stringify(value)}`)
    if (seen.length !== 1) throw new Error(`expected one request, got ${seen.length}`)
    if (seen[0]!.get("authorization") !== "Bearer deno-oauth-TOKEN-5e2")
      throw new Error(`authorization was ${seen[0]!.get("authorization")}`)
    if (seen[0]!.has("x-api-key")) throw new Error("an X-Api-Key was sent")
  } finally {
    await server.shutdown()
  }
})

Deno.test("S4/M38: the emulator takes the token; a key and a token together are a ConfigError", () =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const { url } = yield* DenoHeyGen.serve(yield* Emulator.make({ control: true, controlToken }))
        yield* Effect.promise(() =>
          withEnv({ HEYGEN_ACCESS_TOKEN: keys.paid, HEYGEN_BASE_URL: url }, () =>
            Effect.runPromise(Effect.scoped(Effect.provide(me, DenoHeyGen.layer())))
          )
        )
        const failure = yield* Effect.promise(() =>
          withEnv({ HEYGEN_ACCESS_TOKEN: keys.paid, HEYGEN_API_KEY: keys.paid, HEYGEN_BASE_URL: url }, () =>
            Effect.runPromise(Effect.flip(Effect.scoped(Layer.build(DenoHeyGen.layer()))))
          )
        )
        if (failure._tag !== "ConfigError" || !String(failure).includes("exactly one"))
          throw new Error(String(failure))
      })
    )
  ))
