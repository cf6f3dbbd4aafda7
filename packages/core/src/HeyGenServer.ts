/**
 * Server middleware for HeyGen-compatible servers and proxies: run an
 * `effect/http` app through `HeyGenServer.middleware()` and every failure leaves
 * as HeyGen's exact error response (rules E1–E7, S2). Handlers read bodies and
 * queries with `decodeBody` / `decodeQuery`, whose failures are `invalid_parameter`
 * with the field's path in `param` (rule E6).
 *
 * @since 0.1.0
 */
import * as ByteSize from "effect/ByteSize"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as HttpIncomingMessage from "effect/http/HttpIncomingMessage"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import type * as Schema from "effect/Schema"
import type * as SchemaIssue from "effect/SchemaIssue"
import * as SchemaParser from "effect/SchemaParser"
import * as ErrorEncoder from "./ErrorEncoder.ts"
import * as HeyGenError from "./HeyGenError.ts"
import { firstProblem } from "./internal/path.ts"

/** @since 0.1.0 */
export interface Options {
  /** Where this server documents its codes (rule C2). Default: HeyGen's docs. */
  readonly docBase?: string | undefined
  /** The largest request body accepted (rule S2). Default 1 MiB. */
  readonly maxBodyBytes?: number | undefined
}

/** @since 0.1.0 */
export const defaultMaxBodyBytes = 1024 * 1024

/**
 * The request's id: its `X-Request-Id`, else a new UUID (rule E4). Provided to
 * handlers by the middleware; every response carries it.
 *
 * @since 0.1.0
 */
export class RequestId extends Context.Service<RequestId, string>()(
  "@effect-heygen/core/HeyGenServer/RequestId"
) {}

/**
 * The body limit `decodeBody` enforces; the middleware sets it from its options.
 *
 * @since 0.1.0
 */
export const MaxBodyBytes = Context.Reference<number>("@effect-heygen/core/HeyGenServer/MaxBodyBytes", {
  defaultValue: () => defaultMaxBodyBytes
})

const jsonContentType = "application/json; charset=utf-8"

/**
 * The response for a failure in the union (rules E1–E5).
 *
 * @since 0.1.0
 */
export const errorResponse = (
  error: HeyGenError.HeyGenError,
  options: ErrorEncoder.Options
): HttpServerResponse.HttpServerResponse => {
  const { status, headers, body } = ErrorEncoder.encode(error, options)
  return HttpServerResponse.text(body, { status, headers, contentType: jsonContentType })
}

/**
 * A JSON success body, as HeyGen sends it.
 *
 * @since 0.1.0
 */
export const jsonResponse = (body: unknown, status = 200): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.text(JSON.stringify(body), { status, contentType: jsonContentType })

const internalError = /* @__PURE__ */ new HeyGenError.InternalError()

/**
 * Runs an app so that no failure escapes: members of the union are encoded
 * (E1–E6); defects and foreign errors become a generic `internal_error` whose
 * cause is logged with the request id and never sent (E7).
 *
 * @since 0.1.0
 */
export const middleware =
  (options?: Options) =>
  <E, R>(
    app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
  ): Effect.Effect<
    HttpServerResponse.HttpServerResponse,
    never,
    Exclude<R, RequestId> | HttpServerRequest.HttpServerRequest
  > => {
    const docBase = options?.docBase
    const maxBodyBytes = options?.maxBodyBytes ?? defaultMaxBodyBytes
    return Effect.flatMap(Effect.service(HttpServerRequest.HttpServerRequest), (request) => {
      const requestId = request.headers["x-request-id"] || crypto.randomUUID()
      const encodeOptions: ErrorEncoder.Options =
        docBase === undefined ? { requestId } : { requestId, docBase }
      return app.pipe(
        Effect.provideService(RequestId, requestId),
        Effect.provideService(MaxBodyBytes, maxBodyBytes),
        Effect.map((response) => HttpServerResponse.setHeader(response, "x-request-id", requestId)),
        Effect.catchCause((cause) => {
          const failure = Cause.findErrorOption(cause)
          if (failure._tag === "Some" && HeyGenError.isHeyGenError(failure.value)) {
            return Effect.succeed(errorResponse(failure.value, encodeOptions))
          }
          if (Cause.hasInterruptsOnly(cause)) return Effect.interrupt
          return Effect.logError("HeyGen server: unhandled failure answered as internal_error", cause).pipe(
            Effect.annotateLogs({ requestId }),
            Effect.as(errorResponse(internalError, encodeOptions))
          )
        })
      )
    })
  }

/**
 * `invalid_parameter` for a schema issue: the first problem's field path in
 * `param`, and a message naming the field and what is wrong (rule E6).
 *
 * @since 0.1.0
 */
export const fromIssue = (issue: SchemaIssue.Issue, root?: string): HeyGenError.InvalidParameter => {
  const { field: param, message } = firstProblem(issue, root)
  const problem = message ?? "is invalid"
  return new HeyGenError.InvalidParameter(
    param === ""
      ? { message: `The request is invalid: ${problem}` }
      : { message: `Invalid parameter ${param}: ${problem}`, param }
  )
}

const invalid = (message: string) => new HeyGenError.InvalidParameter({ message })

/**
 * The request body as a JSON object: bounded (rule S2), and `invalid_parameter`
 * when it is too large, not JSON, or not an object (rule E6).
 *
 * @since 0.1.0
 */
export const readJsonObject: Effect.Effect<
  Readonly<Record<string, unknown>>,
  HeyGenError.InvalidParameter,
  HttpServerRequest.HttpServerRequest
> = Effect.gen(function* () {
  const request = yield* HttpServerRequest.HttpServerRequest
  const limit = yield* MaxBodyBytes
  const tooLarge = invalid(`The request body exceeds ${limit} bytes`)
  const declared = Number(request.headers["content-length"] ?? 0)
  if (declared > limit) return yield* tooLarge
  const body = yield* request.arrayBuffer.pipe(
    Effect.provideService(HttpIncomingMessage.MaxBodySize, ByteSize.bytes(limit)),
    Effect.mapError(() => tooLarge)
  )
  if (body.byteLength > limit) return yield* tooLarge
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder().decode(body))
  } catch {
    return yield* invalid("The request body is not valid JSON")
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return yield* invalid("The request body must be a JSON object")
  }
  return json as Readonly<Record<string, unknown>>
})

/**
 * The request body decoded by a schema; a mismatch is `invalid_parameter` with
 * the field's path (rule E6).
 *
 * @since 0.1.0
 */
export const decodeBody = <S extends Schema.ConstraintDecoder<unknown>>(schema: S) => {
  const decode = SchemaParser.decodeUnknownExit(schema)
  return Effect.flatMap(readJsonObject, (json) => {
    const exit = decode(json, { errors: "first", onExcessProperty: "ignore" })
    if (Exit.isSuccess(exit)) return Effect.succeed(exit.value as S["Type"])
    const issue = Exit.findErrorOption(exit)
    return Effect.fail(
      issue._tag === "Some" ? fromIssue(issue.value) : invalid("The request body is invalid")
    )
  })
}

/**
 * The query string decoded by a schema of string fields; a mismatch is
 * `invalid_parameter` naming the parameter (rule E6).
 *
 * @since 0.1.0
 */
export const decodeQuery = <S extends Schema.ConstraintDecoder<unknown>>(schema: S) => {
  const decode = SchemaParser.decodeUnknownExit(schema)
  return Effect.flatMap(Effect.service(HttpServerRequest.HttpServerRequest), (request) => {
    let query: Record<string, string>
    try {
      query = Object.fromEntries(new URL(request.url, "http://localhost").searchParams)
    } catch {
      return Effect.fail(invalid("The request URL is malformed"))
    }
    const exit = decode(query, { errors: "first", onExcessProperty: "ignore" })
    if (Exit.isSuccess(exit)) return Effect.succeed(exit.value as S["Type"])
    const issue = Exit.findErrorOption(exit)
    return Effect.fail(issue._tag === "Some" ? fromIssue(issue.value) : invalid("The query is invalid"))
  })
}
