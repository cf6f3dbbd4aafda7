/**
 * Managing webhook endpoints with the signing secret held `Redacted`: `create` and
 * `rotateSecret` are `Webhooks.createEndpoint` and `Webhooks.rotateEndpointSecret` whose
 * answer's `secret` (shown by HeyGen only then) comes back as a `Redacted`, so logging the
 * result, its `toString` or its JSON never prints it. Hand it straight to a `Webhook.Verifier`
 * (or your secret store with `Redacted.value`). Listing, updating and deleting are
 * `Webhooks.listAllEndpoints` (a `Stream`), `updateEndpoint` and `removeEndpoint`; delivered
 * events stream from `Webhooks.listAllEvents`.
 *
 * @since 0.1.0
 */
import type * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type { HeyGenTransport } from "./HeyGenTransport.ts"
import type * as Operation from "./Operation.ts"
import * as Webhooks from "./Webhooks.ts"

/**
 * An endpoint as create answers it, its secret redacted.
 *
 * @since 0.1.0
 * @category models
 */
export interface Created {
  readonly endpoint_id: string
  readonly url: string
  readonly events?: ReadonlyArray<string> | null
  readonly status: string
  readonly created_at: string
  readonly secret: Redacted.Redacted<string>
  readonly [key: string]: unknown
}

/**
 * A rotation's answer: the endpoint and its new secret, redacted.
 *
 * @since 0.1.0
 * @category models
 */
export interface Rotated {
  readonly endpoint_id: string
  readonly secret: Redacted.Redacted<string>
}

const redactedSecret = (secret: string | null | undefined) => Redacted.make(secret ?? "")

/**
 * Registers an endpoint (`POST /v3/webhooks/endpoints`); its secret, redacted.
 *
 * @since 0.1.0
 * @category operations
 */
export const create = (
  body: Webhooks.CreateEndpointBody,
  options?: Operation.CallOptions
): Effect.Effect<Created, HeyGenError.HeyGenError, HeyGenTransport> =>
  Effect.map(Webhooks.createEndpoint(body, options), (endpoint) => ({
    ...endpoint,
    secret: redactedSecret(endpoint.secret)
  }))

/**
 * Replaces an endpoint's signing secret (`POST /v3/webhooks/endpoints/{id}/rotate-secret`);
 * HeyGen invalidates the old one at once, so verify with both (`Webhook.make({ secrets:
 * [next, previous] })`) only while deliveries signed before the rotation may still arrive.
 *
 * @since 0.1.0
 * @category operations
 */
export const rotateSecret = (
  endpointId: string,
  options?: Operation.CallOptions
): Effect.Effect<Rotated, HeyGenError.HeyGenError, HeyGenTransport> =>
  Effect.map(Webhooks.rotateEndpointSecret(endpointId, options), (rotated) => ({
    endpoint_id: rotated.endpoint_id,
    secret: redactedSecret(rotated.secret)
  }))
