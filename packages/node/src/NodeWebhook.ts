/**
 * HeyGen webhooks on Node: `webhook` is a receiver as an `effect/http` app — mount it on a
 * route of your `HttpRouter`, or serve it alone with `NodeHeyGen.serve`. Deliveries that
 * are not signed by HeyGen are answered 401 and your handler never runs (see
 * `@effect-heygen/api/WebhookHandler`).
 *
 * @since 0.1.0
 */
import type * as Webhook from "@effect-heygen/api/Webhook"
import * as WebhookHandler from "@effect-heygen/api/WebhookHandler"
import type * as Effect from "effect/Effect"
import type * as HttpServerRequest from "effect/http/HttpServerRequest"
import type * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Redacted from "effect/Redacted"

/**
 * The receiver's options: as `Webhook.Options`, except that `secrets` defaults to
 * `HEYGEN_WEBHOOK_SECRET` (and, during a rotation, `HEYGEN_WEBHOOK_SECRET_PREVIOUS`) from
 * `process.env`, read once.
 *
 * @since 0.1.0
 */
export interface Options extends Omit<Webhook.Options, "secrets"> {
  readonly secrets?: Webhook.Options["secrets"] | undefined
}

/**
 * The secrets named by `HEYGEN_WEBHOOK_SECRET` and `HEYGEN_WEBHOOK_SECRET_PREVIOUS` in `env`.
 *
 * @since 0.1.0
 */
export const secretsFrom = (
  env: Readonly<Record<string, unknown>>
): ReadonlyArray<Redacted.Redacted<string>> =>
  ["HEYGEN_WEBHOOK_SECRET", "HEYGEN_WEBHOOK_SECRET_PREVIOUS"].flatMap((name) => {
    const value = env[name]
    return typeof value === "string" && value !== "" ? [Redacted.make(value)] : []
  })

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
