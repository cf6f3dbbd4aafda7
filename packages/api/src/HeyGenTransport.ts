/**
 * The seam between the v3 operations and HTTP: one `execute` that sends one request an
 * operation describes and answers with the parsed JSON body of its 2xx response, or a member
 * of the error union. Everything about the operation — validating its input, choosing its
 * `Idempotency-Key` and timeout, decoding its answer — happens before and after, in
 * `Operation`; everything about the wire — hosts, authentication, retries, reading and
 * decoding failures — belongs to the transport.
 *
 * @since 0.1.0
 */
import * as HeyGenClient from "@effect-heygen/core/HeyGenClient"
import type * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import type * as Operation from "./Operation.ts"

/**
 * A request body, ready for the wire.
 *
 * @since 0.1.0
 */
export type Body =
  | { readonly _tag: "None" }
  /** Sent as `application/json`: `JSON.stringify(value)`. */
  | { readonly _tag: "Json"; readonly value: unknown }
  /** Sent as `multipart/form-data`; the transport lets the runtime write the boundary. */
  | { readonly _tag: "Multipart"; readonly form: FormData }
  /** Sent as it is read, never buffered whole, and sent once unless replayable (`AssetUpload`). */
  | { readonly _tag: "Stream"; readonly stream: HeyGenClient.StreamBody }

/**
 * One request, validated and encoded.
 *
 * @since 0.1.0
 */
export interface Request {
  /** What is called: method, path template, timeout class, and the rest of the descriptor. */
  readonly operation: Operation.Any
  /** The value of each `{name}` of `operation.path`, not yet URL-encoded: the transport encodes them. */
  readonly pathParams: Readonly<Record<string, string>>
  /** The query, as strings; absent parameters are left out. */
  readonly query: Readonly<Record<string, string>>
  readonly body: Body
  /**
   * The `Idempotency-Key` header, on every mutation (`POST`, `PUT`, `PATCH`, `DELETE`):
   * the caller's or a fresh UUID, already checked against HeyGen's syntax. The transport
   * sends it unchanged on every attempt, so a retry is never a second charge.
   */
  readonly idempotencyKey: string | undefined
  /** How long one attempt may take (the operation's class: 30 s, 120 s or 10 min, or the caller's). */
  readonly timeout: Duration.Duration
}

/**
 * A 2xx answer.
 *
 * @since 0.1.0
 */
export interface Response {
  readonly status: number
  /**
   * The body, parsed: a JSON object with no `error` in it (a 2xx carrying an error envelope
   * is that error, in the failure channel). The v3 envelope (`data`, and `has_more` and
   * `next_token` on list pages) is decoded and unwrapped by `Operation`.
   */
  readonly body: { readonly [key: string]: unknown }
  /** `X-Request-Id`, when HeyGen sent one. */
  readonly requestId?: string | undefined
  /** Response headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>
}

/**
 * The transport's one method. It fails with:
 * - the decoded error (core's `ErrorDecoder`) of any non-2xx answer, or of a 2xx whose
 *   body is an error envelope;
 * - `UnexpectedResponse` when a 2xx body is not a JSON object;
 * - `TransportError` when no answer came (connection, timeout, a body that broke off).
 *
 * @since 0.1.0
 */
export interface Service {
  readonly execute: (request: Request) => Effect.Effect<Response, HeyGenError.HeyGenError>
  /**
   * A bare `HttpClient` (no key, no header of HeyGen's) for the other origins HeyGen's answers
   * point at — `AssetUpload` sends a direct upload's bytes to its presigned URL over it.
   */
  readonly http?: HttpClient.HttpClient | undefined
}

/**
 * The transport every v3 operation runs on.
 *
 * @since 0.1.0
 */
export class HeyGenTransport extends Context.Service<HeyGenTransport, Service>()(
  "@effect-heygen/api/HeyGenTransport"
) {}

/**
 * The transport over core's `HeyGenClient`: its hosts, key, retries (a v3 mutation carries
 * its `Idempotency-Key` on every attempt, so HeyGen's replay makes a repeat safe), bounded
 * reads, redirect guard and scrubbing. Every adapter's `layer` provides the client, so
 * `Effect.provide(HeyGenTransport.layer)` after it is all a program needs.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<HeyGenTransport, never, HeyGenClient.HeyGenClient> =
  /* @__PURE__ */ Layer.effect(
    HeyGenTransport,
    Effect.map(
      Effect.service(HeyGenClient.HeyGenClient),
      (client): Service => ({
        http: client.http,
        execute: (request) =>
          Effect.map(
            client.request({
              method: request.operation.method,
              path: request.operation.path,
              pathParams: request.pathParams,
              query: request.query,
              ...(request.body._tag === "Json"
                ? { json: request.body.value }
                : request.body._tag === "Multipart"
                  ? { form: request.body.form }
                  : request.body._tag === "Stream"
                    ? { stream: request.body.stream }
                    : {}),
              idempotencyKey: request.idempotencyKey,
              timeout: request.timeout,
              operation: request.operation.id,
              envelope: "whole",
              success: Body,
              withResponse: true
            }),
            (reply): Response => ({
              status: reply.status,
              body: reply.value,
              requestId: reply.requestId,
              headers: reply.headers
            })
          )
      })
    )
  )

// The whole JSON object: `Operation` decodes it by the operation's schema.
const Body = /* @__PURE__ */ Schema.Record(Schema.String, Schema.Unknown)
