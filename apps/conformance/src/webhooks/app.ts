/** What the Node and Deno receivers share: the receiver, plus GET /seen listing what it handled. */
import type * as Webhook from "@effect-heygen/api/Webhook"
import * as Effect from "effect/Effect"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as HttpServerResponse from "effect/http/HttpServerResponse"

/** An event the user's handler ran on. */
export interface Seen {
  readonly id: string
  readonly tag: string
}

type Receiver = Effect.Effect<
  HttpServerResponse.HttpServerResponse,
  never,
  HttpServerRequest.HttpServerRequest
>

export const receiverApp = (
  make: (handle: (verified: Webhook.Verified) => Effect.Effect<void>) => Receiver
): Receiver => {
  const seen: Array<Seen> = []
  const receiver = make((verified) =>
    Effect.sync(() => {
      seen.push({ id: verified.id, tag: verified.event._tag })
    })
  )
  return Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
    request.url === "/seen" ? Effect.succeed(HttpServerResponse.jsonUnsafe(seen)) : receiver
  )
}
