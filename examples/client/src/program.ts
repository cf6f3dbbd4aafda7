import { HeyGenClient } from "@effect-heygen/core/HeyGenClient"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"

export const program = Effect.gen(function* () {
  const heygen = yield* HeyGenClient
  const { avatars } = yield* heygen.listAvatars()
  const avatar = avatars[0]!
  const { video_id } = yield* heygen.generateVideo({
    video_inputs: [
      {
        character: { type: "avatar", avatar_id: avatar.avatar_id },
        voice: { type: "text", voice_id: "en-US-JennyNeural", input_text: "Hello from Effect!" }
      }
    ]
  })
  return `video ${video_id} queued with ${avatar.avatar_name}`
}).pipe(
  Effect.catchTags({
    InsufficientCredit: (e) => Effect.succeed(`top up first: ${e.available} of ${e.required} credits`),
    RateLimitExceeded: (e) =>
      Effect.succeed(`slow down: retry in ${Duration.format(e.retryAfter ?? Duration.zero)}`),
    AvatarNotFound: (e) => Effect.succeed(`pick another avatar: ${e.message}`)
  })
)
