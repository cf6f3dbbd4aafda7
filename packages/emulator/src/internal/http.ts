/**
 * Reading requests and writing answers the way every route does: JSON bodies from a JSON
 * content type only (a cross-site form can only post text/plain), the path without a URL
 * built per request, the legacy envelopes, unknown routes.
 */
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as HeyGenServer from "@effect-heygen/core/HeyGenServer"
import * as Effect from "effect/Effect"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import type * as HttpServerResponse from "effect/http/HttpServerResponse"
import type * as Schema from "effect/Schema"
import type { Failure } from "./env.ts"
import { isJson } from "./guard.ts"

export type Handler = Effect.Effect<
  HttpServerResponse.HttpServerResponse,
  Failure,
  HttpServerRequest.HttpServerRequest
>

/** A v2 success: `{"error":null,"data":…}`. */
export const v2 = (data: unknown) => HeyGenServer.jsonResponse({ error: null, data })
/** A v1 success: `{"code":100,"data":…,"message":"Success"}`. */
export const v1 = (data: unknown) => HeyGenServer.jsonResponse({ code: 100, data, message: "Success" })

export const jsonContentType = "application/json; charset=utf-8"

export const notJson = new HeyGenError.InvalidParameter({
  message: "Invalid parameter Content-Type: the body must be application/json.",
  param: "Content-Type"
})

/** A JSON body route refuses any other content type. */
export const requireJson: Effect.Effect<void, Failure, HttpServerRequest.HttpServerRequest> = Effect.flatMap(
  HttpServerRequest.HttpServerRequest,
  (request) => (isJson(request.headers["content-type"] ?? "") ? Effect.void : Effect.fail(notJson))
)

/** The request's JSON body decoded by a schema (rules M14, E6), from a JSON content type only. */
export const decodeJson = <S extends Schema.ConstraintDecoder<unknown>>(schema: S) =>
  Effect.andThen(requireJson, HeyGenServer.decodeBody(schema))

export const badEncoding = (param: string) =>
  new HeyGenError.InvalidParameter({ message: `Invalid parameter ${param}: broken percent-encoding.`, param })

/** The path without its query: split at `?`, no URL built per request. */
export const pathOf = (url: string): string => {
  const query = url.indexOf("?")
  return query === -1 ? url : url.slice(0, query)
}

/** The query string after `?`, or "". */
export const queryOf = (url: string): string => {
  const query = url.indexOf("?")
  return query === -1 ? "" : url.slice(query + 1)
}

/** No route for this method and path: 404 with the emulator's own code. */
export const notFound = (method: string, path: string) =>
  new HeyGenError.UnknownApiError({
    code: "not_found",
    status: 404,
    message: `No route for ${method} ${path}.`
  })

/** A response's body as text, to remember it (the emulator's API answers are all text). */
export const bodyText = (response: HttpServerResponse.HttpServerResponse): string =>
  response.body._tag === "Uint8Array"
    ? (response.body.text ?? new TextDecoder().decode(response.body.body))
    : ""
