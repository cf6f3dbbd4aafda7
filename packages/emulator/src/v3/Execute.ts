/**
 * Running a v3 route: the query and body decoded by the operation's own schemas (M28) — a
 * JSON body from a JSON content type, the multipart upload as a form, a JSON route called
 * with no body at all as `{}` so the schema names what is missing — then the handler, its
 * answer sent as JSON.
 */
import * as Effect from "effect/Effect"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import { type Ctx, type Failure, isFailure } from "../internal/env.ts"
import { type Handler, jsonContentType, queryOf } from "../internal/http.ts"
import { jsonOf } from "../internal/json.ts"
import { jsonBody, multipartBody, queryRecord, run } from "../internal/validate.ts"
import type { Route } from "./Routes.ts"

export { match, type Route } from "./Routes.ts"

/** No body was sent: no content type, no length or a zero one, not chunked. */
const bodiless = (request: HttpServerRequest.HttpServerRequest) =>
  request.headers["content-type"] === undefined &&
  request.headers["transfer-encoding"] === undefined &&
  (request.headers["content-length"] ?? "0") === "0"

const readBody = (route: Route, ctx: Ctx) =>
  Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
    const decode = route.body
    if (decode === undefined || route.operation.bodyKind === "none") return Effect.undefined
    if (route.operation.bodyKind === "multipart")
      return Effect.flatMap(multipartBody(ctx.env.maxAssetBytes), (form) => run(decode(), form))
    return bodiless(request) ? run(decode(), {}) : Effect.flatMap(jsonBody, (json) => run(decode(), json))
  })

/**
 * Each route's recent queries, decoded: a query string decodes to the same value every time
 * (clients page with the same few), so it is decoded once. At most 256 per route.
 */
const decodedQueries = new WeakMap<Route, Map<string, unknown>>()

const readQuery = (route: Route, url: string): Effect.Effect<unknown, Failure> => {
  const decode = route.query
  if (decode === undefined) return Effect.undefined
  const query = queryOf(url)
  let seen = decodedQueries.get(route)
  if (seen === undefined) {
    seen = new Map()
    decodedQueries.set(route, seen)
  }
  let decoded = seen.get(query)
  if (decoded === undefined) {
    if (seen.size >= 256) seen.clear()
    decoded = decode()(queryRecord(query))
    seen.set(query, decoded)
  }
  return isFailure(decoded) ? Effect.fail(decoded) : Effect.succeed(decoded)
}

/** The route's handler on the request's decoded parts. */
export const execute = (route: Route, params: Record<string, string>, ctx: Ctx): Handler =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const query = yield* readQuery(route, request.url)
    const body = yield* readBody(route, ctx)
    const answer = yield* route.handler({ path: params, query, body }, ctx)
    return HttpServerResponse.text(jsonOf(answer), { contentType: jsonContentType })
  })
