/** Runs the README's program four times against a local HeyGen-like server. */
import * as HeyGenClient from "@effect-heygen/core/HeyGenClient"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { program } from "./program.ts"
import { generateAnswers, start } from "./server.ts"

const server = await start()
const client = HeyGenClient.layer({ apiKey: Redacted.make("demo-key"), baseUrl: server.url }).pipe(
  Layer.provide(FetchHttpClient.layer)
)
console.log(`local HeyGen on ${server.url}`)
for (let run = 1; run <= generateAnswers.length; run++) {
  console.log(`run ${run}: ${await Effect.runPromise(program.pipe(Effect.provide(client)))}`)
}
server.close()
