// The webhook direction on Node: NodeWebhook's receiver, its secret from HEYGEN_WEBHOOK_SECRET;
// GET /seen lists the events its handler ran on. Prints {"url"}.
import { NodeHeyGen, NodeWebhook } from "@effect-heygen/node"
import * as Effect from "effect/Effect"
import { receiverApp } from "./app.ts"

Effect.runFork(
  Effect.scoped(
    Effect.gen(function* () {
      const { url } = yield* NodeHeyGen.serve(receiverApp((handle) => NodeWebhook.webhook({}, handle)))
      console.log(JSON.stringify({ url }))
      return yield* Effect.never
    })
  )
)
