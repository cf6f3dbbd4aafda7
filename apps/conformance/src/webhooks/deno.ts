// The webhook direction in Deno: DenoWebhook's receiver, its secret from Deno.env;
// GET /seen lists the events its handler ran on. Prints {"url"}.
import { DenoHeyGen, DenoWebhook } from "@effect-heygen/deno"
import * as Effect from "effect/Effect"
import { receiverApp } from "./app.ts"

Effect.runFork(
  Effect.scoped(
    Effect.gen(function* () {
      const { url } = yield* DenoHeyGen.serve(receiverApp((handle) => DenoWebhook.webhook({}, handle)))
      console.log(JSON.stringify({ url }))
      return yield* Effect.never
    })
  )
)
