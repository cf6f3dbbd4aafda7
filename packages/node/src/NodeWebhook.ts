/**
 * HeyGen webhooks on Node: `webhook` is a receiver as an `effect/http` app — mount it on a
 * route of your `HttpRouter`, or serve it alone with `NodeHeyGen.serve`. Deliveries that
 * are not signed by HeyGen are answered 401 and your handler never runs (see
 * `@effect-heygen/api/WebhookHandler`).
 *
 * @since 0.1.0
 */
import * as Webhook from "@effect-heygen/api/Webhook"
import * as WebhookHandler from "@effect-heygen/api/WebhookHandler"
import type * as Effect from "effect/Effect"
import type * as HttpServerRequest from "effect/http/HttpServerRequest"
import type * as HttpServerResponse from "effect/http/HttpServerResponse"

/**
 * The receiver's options: as `Webhook.Options`, except that `secrets` defaults to
 * `Webhook.secretsFrom` of the environment, read once.
 *
 * @since 0.1.0
 */
export type Options = Webhook.EnvOptions

/**
 * The secrets named by `HEYGEN_WEBHOOK_SECRET` and `HEYGEN_WEBHOOK_SECRET_PREVIOUS` in `env`.
 *
 * @since 0.1.0
 */
export const secretsFrom = Webhook.secretsFrom

/**
 * A webhook receiver running `handle` on each verified, new event.
 *
 * @since 0.1.0
 */
export const webhook = <E, R>(
  options: Options,
  handle: WebhookHandler.Handle<E, R>
): Effect.Effect<HttpServerResponse.HttpServerResponse, never, HttpServerRequest.HttpServerRequest | R> =>
  WebhookHandler.make({ ...options, secrets: options.secrets ?? secretsFrom(process.env) }, handle)
