/**
 * A webhook receiver as an `effect/http` app, for any server: it reads the raw body
 * (bounded), verifies it (`Webhook`), and only then runs your handler.
 *
 * - `OPTIONS`: 200 — HeyGen probes an endpoint with it when it is registered (its v1 docs:
 *   <https://docs.heygen.com/reference/add-a-webhook-endpoint>);
 * - any other method but POST: 405; a forged, tampered or unsigned delivery: 401; too large:
 *   413 — your handler never runs;
 * - a duplicate of an event handled before: 200 `{"received":true,"duplicate":true}`, your
 *   handler does not run again;
 * - your handler succeeds: the event is remembered, 200; it fails: 500 and nothing is
 *   remembered, so HeyGen's retry is handled afresh.
 *
 * The adapters wrap it: `NodeHeyGen.webhook`, `DenoHeyGen.webhook`, `EdgeHeyGen.webhook`.
 *
 * @since 0.1.0
 */
import * as ByteSize from "effect/ByteSize"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as HttpIncomingMessage from "effect/http/HttpIncomingMessage"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Webhook from "./Webhook.ts"

/**
 * What a handler is given: the verified event and its id.
 *
 * @since 0.1.0
 * @category models
 */
export type Handle<E, R> = (verified: Webhook.Verified) => Effect.Effect<unknown, E, R>

const json = (status: number, body: Record<string, unknown>) =>
  HttpServerResponse.jsonUnsafe(body, { status })

const refused = (error: Webhook.WebhookVerificationError) =>
  json(error.reason === "TooLarge" ? 413 : 401, { received: false, reason: error.reason })

/**
 * The raw body of the request, at most `limit` bytes.
 *
 * @since 0.1.0
 * @category reading
 */
export const readBody = (
  limit: number
): Effect.Effect<Uint8Array, Webhook.WebhookVerificationError, HttpServerRequest.HttpServerRequest> =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const tooLarge = new Webhook.WebhookVerificationError({
      reason: "TooLarge",
      message: `The body exceeds ${limit} bytes`
    })
    if (Number(request.headers["content-length"] ?? 0) > limit) return yield* tooLarge
    const body = yield* request.arrayBuffer.pipe(
      Effect.provideService(HttpIncomingMessage.MaxBodySize, ByteSize.bytes(limit)),
      Effect.mapError(() => tooLarge)
    )
    if (body.byteLength > limit) return yield* tooLarge
    return new Uint8Array(body)
  })

/**
 * The receiver: verifies each delivery with `options` (or a `Verifier` you made), then runs
 * `handle` on it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <E, R>(
  options: Webhook.Options | Webhook.Verifier,
  handle: Handle<E, R>
): Effect.Effect<HttpServerResponse.HttpServerResponse, never, HttpServerRequest.HttpServerRequest | R> => {
  const verifier = "verify" in options ? options : Webhook.make(options)
  return Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    if (request.method === "OPTIONS") return HttpServerResponse.empty({ status: 200 })
    if (request.method !== "POST") return json(405, { received: false, reason: "MethodNotAllowed" })
    const verified = yield* Effect.flatMap(readBody(verifier.maxBodyBytes), (body) =>
      verifier.verify(body, request.headers)
    ).pipe(Effect.result)
    if (verified._tag === "Failure") return refused(verified.failure)
    if (verified.success.duplicate) return json(200, { received: true, duplicate: true })
    const handled = yield* Effect.exit(handle(verified.success))
    if (Exit.isFailure(handled)) return json(500, { received: false, reason: "HandlerFailed" })
    yield* verifier.remember(verified.success.id)
    return json(200, { received: true })
  }).pipe(Effect.withSpan("WebhookHandler.handle"))
}
