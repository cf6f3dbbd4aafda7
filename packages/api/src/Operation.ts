/**
 * What a v3 operation is — its descriptor, generated from the OpenAPI document — and how one
 * runs over a `HeyGenTransport`: the input checked against the spec, an `Idempotency-Key` on
 * every mutation, the timeout of its class, the answer decoded forward-compatibly, list pages
 * streamed lazily.
 *
 * @since 0.1.0
 */
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as SchemaParser from "effect/SchemaParser"
import * as Stream from "effect/Stream"
import { type Body, HeyGenTransport, type Request, type Response } from "./HeyGenTransport.ts"
import { decodeUnknownExit } from "./internal/decode.ts"
import { firstProblem } from "./internal/issue.ts"
import { lazy } from "./internal/schema.ts"

/** @since 0.1.0 */
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE"

/**
 * How long an attempt may take, by kind of call (HeyGen's CLI, from production p99s):
 * reads 30 s, writes 120 s, multipart uploads 10 minutes.
 *
 * @since 0.1.0
 */
export type TimeoutClass = "read" | "write" | "upload"

/** @since 0.1.0 */
export const timeouts: { readonly [C in TimeoutClass]: Duration.Duration } = {
  read: /* @__PURE__ */ Duration.seconds(30),
  write: /* @__PURE__ */ Duration.minutes(2),
  upload: /* @__PURE__ */ Duration.minutes(10)
}

/**
 * A list that pages (`x-paginated`): `limitParam` (1–100) and `cursorParam` (the previous
 * page's `next_token`) in the query; the page is the envelope (`data` is the array) or sits
 * in `data` (`data.items`, as in a batch).
 *
 * @since 0.1.0
 */
export interface Paginated {
  readonly cursorParam: string
  readonly limitParam: string
  readonly items: "data" | "data.items"
}

/**
 * An asynchronous create (`x-poll`): read `idField` of its answer, then `GET statusPath` until
 * `statusField` is one of `terminalOk` or `terminalFail`.
 *
 * @since 0.1.0
 */
export interface Poll {
  readonly statusPath: string
  readonly statusField: string
  readonly idField: string
  readonly terminalOk: ReadonlyArray<string>
  readonly terminalFail: ReadonlyArray<string>
}

/**
 * One operation of the v3 API, as the spec describes it. `Response` is the whole 2xx body:
 * `data`, plus `has_more` and `next_token` on list pages.
 *
 * @since 0.1.0
 */
export interface Operation<Query, Body, Response> {
  /** The spec's `operationId`, e.g. `videoCreate`. */
  readonly id: string
  readonly method: Method
  /** The path template, e.g. `/v3/videos/{video_id}`. */
  readonly path: string
  /** The names in `path`, in order. */
  readonly pathParams: ReadonlyArray<string>
  readonly query: (() => Schema.Codec<Query>) | undefined
  readonly bodyKind: "json" | "multipart" | "none"
  readonly body: (() => Schema.Codec<Body>) | undefined
  readonly response: () => Schema.Codec<Response>
  readonly paginated: Paginated | undefined
  readonly poll: Poll | undefined
  /** The call destroys data (`x-destructive`). */
  readonly destructive: boolean
  readonly timeout: TimeoutClass
}

/** Any operation. @since 0.1.0 */
export type Any = Operation<unknown, unknown, unknown>

/**
 * The body of a 2xx the spec gives no schema for: whatever `data` it holds, kept as is.
 *
 * @since 0.1.0
 */
export interface UnknownResponse {
  readonly data?: unknown
  readonly [key: string]: unknown
}

/** @since 0.1.0 */
export const UnknownResponse: () => Schema.Codec<UnknownResponse> = /* @__PURE__ */ lazy(() =>
  Schema.Record(Schema.String, Schema.Unknown)
)

/**
 * Per-call settings.
 *
 * @since 0.1.0
 */
export interface CallOptions {
  /**
   * The `Idempotency-Key` of a mutation: 1–255 characters of `[A-Za-z0-9_:.-]`. Default: a
   * fresh UUID each time the effect runs, which the transport's retries reuse. HeyGen replays
   * the first answer to a repeat within 24 hours, so pass your own to make your own retries,
   * or a repeat from another process, safe. Ignored on reads.
   */
  readonly idempotencyKey?: string | undefined
  /** Replaces the timeout of the operation's class for each attempt. */
  readonly timeout?: Duration.Input | undefined
}

/**
 * The arguments of one call: path parameter values in the template's order, the query, the
 * body, the options.
 *
 * @since 0.1.0
 */
export interface Input<Query, Body> {
  readonly path?: ReadonlyArray<string> | undefined
  readonly query?: Query | undefined
  readonly body?: Body | undefined
  readonly options?: CallOptions | undefined
}

const idempotencyKeySyntax = /^[A-Za-z0-9_:.-]{1,255}$/

const encodeFailure = (operation: Any, message: string) =>
  new HeyGenError.TransportError({
    reason: "Encode",
    message: `Encode: ${message}`,
    method: operation.method,
    path: operation.path
  })

/** Checks a value against its schema; the first problem becomes an `Encode` failure. */
const check = <A>(
  operation: Any,
  what: string,
  schema: (() => Schema.Codec<A>) | undefined,
  value: unknown
): HeyGenError.TransportError | undefined => {
  if (schema === undefined) return undefined
  const exit = SchemaParser.decodeUnknownExit(schema())(value)
  if (Exit.isSuccess(exit)) return undefined
  const issue = Option.getOrUndefined(Exit.findErrorOption(exit))
  const problem = issue === undefined ? undefined : firstProblem(issue, [])
  const at = problem === undefined || problem.field === "" ? "" : ` at ${problem.field}`
  return encodeFailure(operation, `invalid ${what}${at}: ${problem?.message ?? "rejected"}`)
}

/** A multipart body: a `Blob` member is a file part (named after the `File`, or the member). */
const formOf = (value: unknown): FormData => {
  const form = new FormData()
  for (const [name, member] of Object.entries(isRecord(value) ? value : {})) {
    if (member === undefined) continue
    if (member instanceof Blob) form.append(name, member, member instanceof File ? member.name : name)
    else form.append(name, typeof member === "string" ? member : JSON.stringify(member))
  }
  return form
}

const isRecord = (u: unknown): u is { readonly [key: string]: unknown } =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * The request an operation's input makes, or why it cannot be sent: a path parameter that
 * is empty (it would address another route), a query or body the spec rejects, an
 * `Idempotency-Key` HeyGen would refuse. What passes is sent as given, members unknown to the
 * spec included.
 */
const encode = <Q, B, R>(
  operation: Operation<Q, B, R>,
  input: Input<Q, B>,
  cursor: string | undefined
): Effect.Effect<Request, HeyGenError.TransportError> =>
  Effect.suspend(() => {
    const pathParams: Record<string, string> = {}
    for (const [i, name] of operation.pathParams.entries()) {
      const value = input.path?.[i]
      if (typeof value !== "string" || value === "") {
        return Effect.fail(encodeFailure(operation, `path parameter ${name} is empty`))
      }
      pathParams[name] = value
    }
    const invalid =
      check(operation, "query", operation.query, input.query ?? {}) ??
      check(operation, "body", operation.body, input.body)
    if (invalid !== undefined) return Effect.fail(invalid)
    const query: Record<string, string> = {}
    for (const [name, value] of Object.entries(isRecord(input.query) ? input.query : {})) {
      if (value !== undefined) query[name] = String(value)
    }
    if (cursor !== undefined && operation.paginated !== undefined)
      query[operation.paginated.cursorParam] = cursor
    const body: Body =
      operation.bodyKind === "json"
        ? { _tag: "Json", value: input.body }
        : operation.bodyKind === "multipart"
          ? { _tag: "Multipart", form: formOf(input.body) }
          : { _tag: "None" }
    // Every mutation carries a key, the same on every attempt: a retry is never a second charge.
    const idempotencyKey =
      operation.method === "GET" ? undefined : (input.options?.idempotencyKey ?? crypto.randomUUID())
    if (idempotencyKey !== undefined && !idempotencyKeySyntax.test(idempotencyKey)) {
      return Effect.fail(encodeFailure(operation, "the Idempotency-Key must be 1-255 of [A-Za-z0-9_:.-]"))
    }
    const timeout =
      input.options?.timeout === undefined
        ? Option.some(timeouts[operation.timeout])
        : Duration.fromInput(input.options.timeout)
    if (Option.isNone(timeout)) return Effect.fail(encodeFailure(operation, "the timeout is not a duration"))
    return Effect.succeed({
      operation,
      pathParams,
      query,
      body,
      idempotencyKey,
      timeout: timeout.value
    })
  })

const snippet = (body: unknown) => {
  const text = JSON.stringify(body) ?? ""
  return text.length > 512 ? text.slice(0, 512) : text
}

/** The 2xx body against the operation's schema; a mismatch names its field (`data.items[2].video_id`). */
const decode = <Q, B, R>(
  operation: Operation<Q, B, R>,
  response: Response
): Effect.Effect<R, HeyGenError.UnexpectedResponse> => {
  const exit = decodeUnknownExit(operation.response())(response.body)
  if (Exit.isSuccess(exit)) return Effect.succeed(exit.value)
  const issue = Option.getOrUndefined(Exit.findErrorOption(exit))
  const { field, message } =
    issue === undefined ? { field: "data", message: "rejected" } : firstProblem(issue, [])
  return Effect.fail(
    new HeyGenError.UnexpectedResponse({
      status: response.status,
      message: `Response does not match the spec at ${field}: ${message}`,
      bodySnippet: snippet(response.body),
      field,
      ...(response.requestId === undefined ? {} : { requestId: response.requestId })
    })
  )
}

/**
 * Where `withResponse` hears of the responses of the calls it wraps: a fresh recorder per
 * `withResponse`, so an inner one hides its calls from an outer one.
 */
class Recorder extends Context.Service<Recorder, { last: Response | undefined }>()(
  "@effect-heygen/api/Operation/Recorder"
) {}

/** Remembers a decoded call's response for the `withResponse` around it, if any. */
const recorded = (response: Response) =>
  Effect.map(Effect.serviceOption(Recorder), (recorder) => {
    if (Option.isSome(recorder)) recorder.value.last = response
  })

const run = <Q, B, R>(
  operation: Operation<Q, B, R>,
  input: Input<Q, B>,
  cursor: string | undefined
): Effect.Effect<R, HeyGenError.HeyGenError, HeyGenTransport> =>
  HeyGenTransport.use((transport) =>
    encode(operation, input, cursor).pipe(
      Effect.flatMap(transport.execute),
      Effect.flatMap((response) => Effect.tap(decode(operation, response), () => recorded(response)))
    )
  ).pipe(
    Effect.withSpan(
      `HeyGenApi.${operation.id}`,
      {
        kind: "client",
        attributes: { "http.request.method": operation.method, "url.template": operation.path }
      },
      { captureStackTrace: false }
    )
  )

/**
 * Runs an operation and answers its whole decoded body (a list page: `data`, `has_more`,
 * `next_token`).
 *
 * @since 0.1.0
 */
export const envelope = <Q, B, R>(
  operation: Operation<Q, B, R>,
  input: Input<Q, B>
): Effect.Effect<R, HeyGenError.HeyGenError, HeyGenTransport> => run(operation, input, undefined)

/**
 * Runs an operation and answers the `data` of its body.
 *
 * @since 0.1.0
 */
export const data = <Q, B, R extends { readonly data?: unknown }>(
  operation: Operation<Q, B, R>,
  input: Input<Q, B>
): Effect.Effect<R["data"], HeyGenError.HeyGenError, HeyGenTransport> =>
  Effect.map(run(operation, input, undefined), (body) => body.data)

/** The token of the next page, or none after the last (`has_more` false or `next_token` null). */
const nextToken = (operation: Any, body: unknown): Option.Option<string> => {
  const page = operation.paginated?.items === "data.items" ? member(body, "data") : body
  const token = member(page, "next_token")
  return member(page, "has_more") === true && typeof token === "string" && token !== ""
    ? Option.some(token)
    : Option.none()
}

const member = (u: unknown, key: string): unknown =>
  isRecord(u) && Object.hasOwn(u, key) ? u[key] : undefined

/**
 * Every item of a paginated operation, page after page: a page is fetched when the stream
 * needs its items, so `Stream.take(n)` asks for no more pages than it uses. Starts at the
 * query's cursor, if any.
 *
 * @since 0.1.0
 */
export const stream = <Q, B, R, A>(
  operation: Operation<Q, B, R>,
  input: Input<Q, B>,
  items: (body: R) => ReadonlyArray<A>
): Stream.Stream<A, HeyGenError.HeyGenError, HeyGenTransport> =>
  Stream.paginate<string | undefined, A, HeyGenError.HeyGenError, HeyGenTransport>(undefined, (cursor) =>
    Effect.map(run(operation, input, cursor), (body) => [items(body), nextToken(operation, body)] as const)
  )

/**
 * A successful call's value with what came with it, as openai-node's `withResponse()`: the
 * request id to quote to HeyGen, the status, the headers.
 *
 * @since 0.1.0
 */
export interface WithResponse<A> {
  readonly value: A
  readonly status: number
  /** `X-Request-Id`, when HeyGen sent one. */
  readonly requestId: string | undefined
  /** The response headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>
}

/**
 * Runs an operation's effect (`Videos.get(id).pipe(Operation.withResponse)`, or `envelope`,
 * `data`, any effect ending in one call) and answers its value with the response of the last
 * call that succeeded within it: status, `X-Request-Id` and headers. A `withResponse` inside
 * keeps its calls to itself; effects that make no call at all are a defect.
 *
 * @since 0.1.0
 */
export const withResponse = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<WithResponse<A>, E, R> =>
  Effect.suspend(() => {
    const recorder: Context.Service.Shape<typeof Recorder> = { last: undefined }
    return Effect.flatMap(Effect.provideService(self, Recorder, recorder), (value) => {
      const response = recorder.last
      if (response === undefined)
        return Effect.die(new Error("Operation.withResponse: the effect made no HeyGen call"))
      return Effect.succeed({
        value,
        status: response.status,
        requestId: response.requestId,
        headers: response.headers
      })
    })
  })
