/**
 * What every adapter serves in the server direction: the emulator (with its control
 * endpoints), plus a small fixture app under `/__fixture/` that fails with every tagged
 * error, a defect and a foreign error, and validates a body — through core's middleware,
 * as a user's HeyGen-compatible server would.
 */

import type * as HeyGenApp from "@effect-heygen/core/HeyGenApp"
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as HeyGenServer from "@effect-heygen/core/HeyGenServer"
import * as Emulator from "@effect-heygen/emulator/Emulator"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as Schema from "effect/Schema"

/** The control token the conformance app's emulator is made with; the checks send it on control requests. */
export const controlToken = "conformance-control-token"

/** A message the fixture's defect carries; it must never reach the wire (E7). */
export const secret = "fixture-secret-7f3a"

const errorFor = (code: string): HeyGenError.HeyGenError | undefined => {
  if (code === "rate_limit_exceeded")
    return new HeyGenError.RateLimitExceeded({ retryAfter: Duration.millis(2500) })
  if (code === "insufficient_credit") return new HeyGenError.InsufficientCredit({ available: 2, required: 4 })
  if (code === "invalid_parameter")
    return new HeyGenError.InvalidParameter({
      param: "video_inputs[0].voice.voice_id",
      message: "video_inputs[0].voice.voice_id is required"
    })
  const Class = HeyGenError.classOf(code)
  return Class === undefined ? undefined : new Class({})
}

const VideoBody = Schema.Struct({
  video_inputs: Schema.Array(Schema.Struct({ voice: Schema.Struct({ voice_id: Schema.String }) }))
})

const fixture = HeyGenServer.middleware()(
  Effect.gen(function* () {
    const request = yield* Effect.service(HttpServerRequest.HttpServerRequest)
    const [, , route, code] = new URL(request.url, "http://fixture").pathname.split("/")
    if (route === "code") {
      const error = errorFor(code ?? "")
      if (error !== undefined) return yield* Effect.fail(error)
    }
    if (route === "defect") return yield* Effect.die(new Error(`${secret} at handler (/srv/app.ts:1:1)`))
    if (route === "foreign") return yield* Effect.fail(new Error(`${secret}: database password rejected`))
    if (route === "validate") {
      yield* HeyGenServer.decodeBody(VideoBody)
      return HeyGenServer.jsonResponse({ error: null, data: { ok: true } })
    }
    return yield* Effect.fail(
      new HeyGenError.InvalidParameter({ message: "unknown fixture route", param: "path" })
    )
  })
)

/** The emulator and the fixture app, as one app. */
export const make: Effect.Effect<HeyGenApp.HeyGenApp> = Effect.map(
  Emulator.make({ control: true, controlToken }),
  (emulator) =>
    Effect.flatMap(Effect.service(HttpServerRequest.HttpServerRequest), (request) =>
      new URL(request.url, "http://fixture").pathname.startsWith("/__fixture/") ? fixture : emulator
    )
)
