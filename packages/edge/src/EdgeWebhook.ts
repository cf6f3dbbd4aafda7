/**
 * HeyGen webhooks on Workers (workerd, Vercel Edge): `webhook` is a module worker's `fetch`
 * handler — `(request, env, ctx) => Response` — that reads the signing secret from the
 * `HEYGEN_WEBHOOK_SECRET` binding (and `HEYGEN_WEBHOOK_SECRET_PREVIOUS` during a rotation).
 * Deliveries that are not signed by HeyGen are answered 401 and your handler never runs (see
 * `@effect-heygen/api/WebhookHandler`).
 *
 * Duplicates are remembered per isolate, in memory: give a `store` backed by KV or a Durable
 * Object to share them across isolates.
 *
 * @since 0.1.0
 */
import * as Webhook from "@effect-heygen/api/Webhook"
import * as WebhookHandler from "@effect-heygen/api/WebhookHandler"
import * as Effect from "effect/Effect"
import * as HttpEffect from "effect/http/HttpEffect"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as Redacted from "effect/Redacted"
import type * as EdgeHeyGen from "./EdgeHeyGen.ts"

/**
 * The receiver's options: as `Webhook.Options`, except that `secrets` defaults to the
 * worker's `HEYGEN_WEBHOOK_SECRET` and `HEYGEN_WEBHOOK_SECRET_PREVIOUS` bindings.
 *
 * @since 0.1.0
 */
export type Options = Webhook.EnvOptions

/**
 * What the handler is given besides the event: the worker's bindings and its context
 * (for `ctx.waitUntil`).
 *
 * @since 0.1.0
 */
export type Handle<E> = (
  verified: Webhook.Verified,
  env: EdgeHeyGen.Env,
  ctx: unknown
) => Effect.Effect<unknown, E, never>

/**
 * A module worker's `fetch`.
 *
 * @since 0.1.0
 */
export type Fetch = (request: Request, env?: EdgeHeyGen.Env, ctx?: unknown) => Promise<Response>

/**
 * A `fetch` handler receiving HeyGen's webhooks and running `handle` on each verified, new
 * event.
 *
 * @since 0.1.0
 */
export const webhook = <E>(options: Options, handle: Handle<E>): Fetch => {
  const store = options.store ?? Webhook.memoryStore()
  // One verifier (its imported keys) per set of secrets; the duplicate store is shared.
  let current: { readonly key: string; readonly fetch: (request: Request) => Promise<Response> } | undefined
  // Each request's bindings and context, for the handler it runs.
  const scope = new WeakMap<object, { readonly env: EdgeHeyGen.Env; readonly ctx: unknown }>()
  const run = (verified: Webhook.Verified) =>
    Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
      const given = scope.get(request.source as object)
      return handle(verified, given?.env ?? {}, given?.ctx)
    })
  return (request, env = {}, ctx) => {
    const secrets = options.secrets ?? Webhook.secretsFrom(env)
    const list = Array.isArray(secrets) ? secrets : [secrets as Redacted.Redacted<string>]
    const key = list.map((s: Redacted.Redacted<string>) => Redacted.value(s)).join("\n")
    if (current?.key !== key) {
      const verifier = Webhook.make({ ...options, secrets: list, store })
      current = {
        key,
        fetch: HttpEffect.toWebHandler(WebhookHandler.make(verifier, run)) as (
          request: Request
        ) => Promise<Response>
      }
    }
    scope.set(request, { env, ctx })
    return current.fetch(request)
  }
}
