/** The emulator served by the Node adapter, and a client from the adapter handling its errors by tag. */
import { HeyGenClient } from "@effect-heygen/core/HeyGenClient"
import { Emulator } from "@effect-heygen/emulator"
import { NodeHeyGen } from "@effect-heygen/node"
import * as Effect from "effect/Effect"

const program = Effect.gen(function* () {
  const { url } = yield* NodeHeyGen.serve(yield* Emulator.make())
  process.env.HEYGEN_BASE_URL = url
  process.env.HEYGEN_API_KEY = "hg_broke_0001" // 2 credits
  const outcome = yield* HeyGenClient.use((heygen) =>
    heygen.generateVideo({
      video_inputs: [
        {
          character: { type: "avatar", avatar_id: "Daisy-inskirt-20220818" },
          voice: { type: "text", voice_id: "2d5b0e6cf36f460aa7fc47e3eee4ba54", input_text: "x".repeat(350) }
        }
      ]
    })
  ).pipe(
    Effect.map(({ video_id }) => `queued ${video_id}`),
    Effect.catchTag("InsufficientCredit", (e) =>
      Effect.succeed(`top up: have ${e.available}, need ${e.required}`)
    ),
    Effect.provide(NodeHeyGen.layer())
  )
  console.log(`emulator on ${url}: ${outcome}`)
})

Effect.runPromise(Effect.scoped(program))
