/**
 * A `HeyGenTransport` over `effect/http`'s `HttpClient`: one attempt per call, no retries.
 * The package's tests run on it; users get core's `HeyGenClient` behind the same seam.
 */
import * as ErrorDecoder from "@effect-heygen/core/ErrorDecoder"
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as HttpBody from "effect/http/HttpBody"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { HeyGenTransport, type Request, type Response, type Service } from "../HeyGenTransport.ts"

export interface Options {
  /** Sent as `X-Api-Key`; held redacted. */
  readonly apiKey: Redacted.Redacted<string>
  /** Default `https://api.heygen.com`. */
  readonly baseUrl?: string | undefined
  readonly userAgent?: string | undefined
}

const isRecord = (u: unknown): u is { readonly [key: string]: unknown } =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** `{name}` segments from the parameters, each URL-encoded. */
const fillPath = (template: string, params: Readonly<Record<string, string>>) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ""))

export const make = /* @__PURE__ */ Effect.fnUntraced(function* (options: Options) {
  const http = yield* HttpClient.HttpClient
  const baseUrl = (options.baseUrl ?? "https://api.heygen.com").replace(/\/$/, "")
  const secrets = [options.apiKey]

  const failure = (request: Request, reason: HeyGenError.TransportReason, cause: unknown) =>
    HeyGenError.transportError({
      reason,
      cause,
      method: request.operation.method,
      path: request.operation.path,
      secrets
    })

  const fromHttpClientError = (request: Request, error: HttpClientError.HttpClientError) => {
    const reason = error.reason
    const cause = reason.cause ?? reason.description
    return failure(
      request,
      reason._tag === "TransportError" ? "Connection" : reason._tag === "EncodeError" ? "Encode" : "Body",
      cause
    )
  }

  /** A 2xx: a JSON object, unless it is an error envelope (then that error). */
  const success = (
    request: Request,
    response: HttpClientResponse.HttpClientResponse
  ): Effect.Effect<Response, HeyGenError.HeyGenError> =>
    Effect.flatMap(
      Effect.mapError(response.text, (error) => fromHttpClientError(request, error)),
      (text) => {
        const requestId = response.headers["x-request-id"]
        let json: unknown
        try {
          json = JSON.parse(text)
        } catch {
          json = undefined
        }
        if (!isRecord(json)) {
          return Effect.fail(
            new HeyGenError.UnexpectedResponse({
              status: response.status,
              message: `HTTP ${response.status} success body is not a JSON object`,
              bodySnippet: text.slice(0, 512),
              ...(requestId === undefined ? {} : { requestId })
            })
          )
        }
        if (json.error !== undefined && json.error !== null) {
          return Effect.fail(
            ErrorDecoder.decode({ status: response.status, headers: response.headers, body: text })
          )
        }
        return Effect.succeed({ status: response.status, body: json, requestId, headers: response.headers })
      }
    )

  const execute = (request: Request): Effect.Effect<Response, HeyGenError.HeyGenError> =>
    Effect.suspend(() => {
      const headers: Record<string, string> = {
        "x-api-key": Redacted.value(options.apiKey),
        accept: "application/json",
        "user-agent": options.userAgent ?? "effect-heygen"
      }
      if (request.idempotencyKey !== undefined) headers["idempotency-key"] = request.idempotencyKey
      let body: HttpBody.HttpBody | undefined
      try {
        body =
          request.body._tag === "Json"
            ? HttpBody.text(JSON.stringify(request.body.value), "application/json")
            : request.body._tag === "Multipart"
              ? HttpBody.formData(request.body.form)
              : undefined
      } catch (cause) {
        return Effect.fail(failure(request, "Encode", cause))
      }
      const url = baseUrl + fillPath(request.operation.path, request.pathParams)
      const httpRequest = HttpClientRequest.make(request.operation.method)(url, {
        urlParams: request.query,
        headers,
        ...(body === undefined ? {} : { body })
      })
      return http.execute(httpRequest).pipe(
        Effect.mapError((error) => fromHttpClientError(request, error)),
        Effect.flatMap((response) =>
          response.status >= 200 && response.status < 300
            ? success(request, response)
            : Effect.flatMap(
                ErrorDecoder.fromStream(
                  response.status,
                  response.headers,
                  Stream.toReadableStream(response.stream)
                ),
                Effect.fail
              )
        ),
        Effect.timeoutOrElse({
          duration: request.timeout,
          orElse: () =>
            Effect.fail(
              new HeyGenError.TransportError({
                reason: "Timeout",
                message: `Timeout: no complete response within ${Duration.format(request.timeout)}`,
                method: request.operation.method,
                path: request.operation.path
              })
            )
        })
      )
    })

  const service: Service = { execute }
  return service
})

export const layer = (options: Options): Layer.Layer<HeyGenTransport, never, HttpClient.HttpClient> =>
  Layer.effect(HeyGenTransport, make(options))
