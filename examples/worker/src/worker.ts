/** A module worker calling HeyGen through the edge adapter, handling its errors by tag. */
import { HeyGenClient } from "@effect-heygen/core/HeyGenClient"
import { EdgeHeyGen } from "@effect-heygen/edge"
import * as Effect from "effect/Effect"

const avatar = { type: "avatar", avatar_id: "Daisy-inskirt-20220818" } as const
const voice = {
  type: "text",
  voice_id: "2d5b0e6cf36f460aa7fc47e3eee4ba54",
  input_text: "x".repeat(350)
} as const

export default {
  fetch: (_request: Request, env: EdgeHeyGen.Env) =>
    HeyGenClient.use((heygen) => heygen.generateVideo({ video_inputs: [{ character: avatar, voice }] })).pipe(
      Effect.map(({ video_id }) => new Response(`queued ${video_id}`)),
      Effect.catchTag("InsufficientCredit", (e) =>
        Effect.succeed(new Response(`top up: have ${e.available}, need ${e.required}`, { status: 402 }))
      ),
      Effect.catch((e) => Effect.succeed(new Response(e.message, { status: 502 }))),
      Effect.provide(EdgeHeyGen.layer(env)), // HEYGEN_API_KEY and HEYGEN_BASE_URL are bindings
      Effect.runPromise
    )
}
