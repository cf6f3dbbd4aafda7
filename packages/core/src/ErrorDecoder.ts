/**
 * From any HTTP failure response to exactly one member of the error union
 * (rules D1–D9). Total: no status, header or body makes it throw, die or hang.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Catalog from "./Catalog.ts"
import * as HeyGenError from "./HeyGenError.ts"
import { construct } from "./internal/construct.ts"
import { parseCredits } from "./internal/credits.ts"
import { type HeadersInput, header } from "./internal/headers.ts"
import { isRecord, own, ownString } from "./internal/json.ts"
import { byteCount, field, millis } from "./internal/options.ts"
import { readStream } from "./internal/readStream.ts"

// A stream whose reads resolve at once is bounded by its reads, not only its bytes.
const maxReads = 8192

import * as RetryAfter from "./RetryAfter.ts"

export type { HeadersInput } from "./internal/headers.ts"

/** @since 0.1.0 */
export interface Options {
  /** The most bytes of an error body read (rule D1). Default 64 KiB; a stream read is capped at 16 MiB. */
  readonly maxBodyBytes?: number
  /** How long reading a streamed body may take, in all, before decoding what arrived. Default 10 s, at most 60 s. */
  readonly readTimeout?: Duration.Input
}

/** @since 0.1.0 */
export const defaultMaxBodyBytes = 64 * 1024
const defaultReadTimeout = /* @__PURE__ */ Duration.seconds(10)
const defaultReadTimeoutMillis = 10_000
// The most any stream read takes in, and for how long: error bodies have no business beyond.
const maxReadBytes = 16 * 1024 * 1024
const maxReadTimeoutMillis = 60_000
const snippetLength = 512

/** @since 0.1.0 */
export interface ResponseParts {
  readonly status: number
  readonly headers?: HeadersInput | null | undefined
  readonly body?: string | Uint8Array | ArrayBuffer | null | undefined
}

const utf8 = /* @__PURE__ */ new TextDecoder()

const bodyText = (body: ResponseParts["body"], maxBytes: number): string => {
  if (body === undefined || body === null) return ""
  if (typeof body === "string") return body.length > maxBytes ? body.slice(0, maxBytes) : body
  try {
    const bytes =
      body instanceof Uint8Array
        ? body
        : ArrayBuffer.isView(body)
          ? new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
          : new Uint8Array(body)
    return utf8.decode(bytes.byteLength > maxBytes ? bytes.subarray(0, maxBytes) : bytes)
  } catch {
    // Not bytes after all (the types promised otherwise): decoded by status alone.
    return ""
  }
}

const firstNonSpace = (text: string): number => {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    // JSON's whitespace: space, tab, line feed, carriage return.
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return c
  }
  return -1
}

/** A message or code worth showing: a string that isn't blank. */
const shown = (text: string | undefined): string | undefined =>
  text !== undefined && text.trim() !== "" ? text : undefined

const parseJson = (text: string): unknown => {
  // Only objects can be an envelope: skip the parser for HTML, plain text and the like.
  if (firstNonSpace(text) !== 0x7b) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

type Common = {
  status: number
  message: string
  requestId?: string
  retryAfter?: Duration.Duration
  legacyCode?: number
}

type ApiInput = Common & {
  _tag: Catalog.Tag
  code: Catalog.Code
  docUrl: string
  param?: string
  inferred?: boolean
  available?: number
  required?: number
}

const constructorOf = (tag: Catalog.Tag): (new (input: never) => HeyGenError.CatalogError) =>
  HeyGenError.classes[tag]

const makeCatalogError = (entry: Catalog.Entries[number], input: ApiInput): HeyGenError.CatalogError => {
  if (entry.code === "insufficient_credit") {
    const credits = parseCredits(input.message)
    if (credits !== undefined) {
      input.available = credits.available
      input.required = credits.required
    }
  }
  return construct(constructorOf(entry.tag), input)
}

/** Shapes (c) and (d): the tag follows the status (rule D5). */
const byStatus = (
  common: Common,
  text: string,
  headers: ResponseParts["headers"],
  hasMessage: boolean
): HeyGenError.ResponseError => {
  const code = Catalog.inferredCode(common.status)
  if (code !== undefined) {
    const entry = Catalog.get(code)
    if (!hasMessage) common.message = `HTTP ${common.status}: ${entry.summary}`
    return makeCatalogError(entry, {
      _tag: entry.tag,
      code,
      ...common,
      docUrl: Catalog.docUrl(code),
      inferred: true
    })
  }
  const contentType = header(headers, "content-type")
  if (!hasMessage) common.message = `Unexpected HTTP ${common.status} response`
  const input = {
    _tag: "UnexpectedResponse" as const,
    code: "unexpected_response" as const,
    ...common,
    bodySnippet: text.length > snippetLength ? text.slice(0, snippetLength) : text,
    ...(contentType === undefined ? {} : { contentType })
  }
  return construct(HeyGenError.UnexpectedResponse, input)
}

/**
 * Decodes a response already in hand. Bodies longer than `maxBodyBytes` are cut
 * there before decoding (rule D1). `now` dates a `Retry-After` HTTP-date.
 *
 * @since 0.1.0
 */
export const decode = (
  parts: ResponseParts,
  options?: Options & { readonly now?: number }
): HeyGenError.ResponseError => {
  const status = Number.isInteger(parts.status) ? parts.status : 0
  const text = bodyText(parts.body, byteCount(options?.maxBodyBytes, defaultMaxBodyBytes, Infinity))
  const json = parseJson(text)
  const common: Common = { status, message: "" }
  const requestId = header(parts.headers, "x-request-id")
  if (requestId !== undefined) common.requestId = requestId
  const now = options?.now
  const retryAfter = RetryAfter.parse(
    header(parts.headers, "retry-after"),
    typeof now === "number" && Number.isFinite(now) ? now : Date.now()
  )
  if (retryAfter !== undefined) common.retryAfter = retryAfter

  if (!isRecord(json)) return byStatus(common, text, parts.headers, false)

  const error = own(json, "error")
  const message = isRecord(error) ? shown(ownString(error, "message")) : undefined
  const fallbackMessage =
    message ?? shown(ownString(json, "message")) ?? (typeof error === "string" ? shown(error) : undefined)
  if (fallbackMessage !== undefined) common.message = fallbackMessage

  if (isRecord(error)) {
    const code = own(error, "code")
    // Shapes (a) and (b): a string code decides the tag, whatever the status (rules D3, D4).
    if (typeof code === "string" && shown(code) !== undefined) {
      const param = ownString(error, "param")
      const docUrl = ownString(error, "doc_url")
      const entry = Catalog.get(code)
      if (entry !== undefined) {
        if (message === undefined) common.message = entry.summary
        const input: ApiInput = {
          ...common,
          _tag: entry.tag,
          code: entry.code,
          docUrl: docUrl ?? Catalog.docUrl(code)
        }
        if (param !== undefined) input.param = param
        return makeCatalogError(entry, input)
      }
      // A code with no message still says what happened (rule D6: never an empty message).
      if (fallbackMessage === undefined) common.message = `${code} (HTTP ${status})`
      const input = {
        _tag: "UnknownApiError" as const,
        code,
        ...common,
        ...(param === undefined ? {} : { param }),
        ...(docUrl === undefined ? {} : { docUrl })
      }
      return construct(HeyGenError.UnknownApiError, input)
    }
    if (typeof code === "number" && Number.isFinite(code)) common.legacyCode = code
  }
  // Shape (c): HeyGen's older numeric code, kept as `legacyCode`.
  const legacy = own(json, "code")
  if (typeof legacy === "number" && Number.isFinite(legacy)) common.legacyCode = legacy
  return byStatus(common, text, parts.headers, fallbackMessage !== undefined)
}

/**
 * Reads at most `maxBytes` of a body stream, then cancels it, so an oversized
 * body is never buffered whole (rule D1). Never fails and always ends: a stream
 * that errors, stalls past `timeout`, sends a chunk that is neither bytes nor
 * text, or answers reads without end yields the bytes that did arrive. Bad
 * arguments are replaced: `maxBytes` is clamped to [0, 16 MiB], `timeout` to
 * [0, 60 s], and a value that is neither falls back to the default.
 *
 * @since 0.1.0
 */
export const readBounded = (
  stream: BodyStream | null | undefined,
  maxBytes: number = defaultMaxBodyBytes,
  timeout: Duration.Input = defaultReadTimeout
): Effect.Effect<Uint8Array> =>
  stream === null || stream === undefined
    ? Effect.succeed(new Uint8Array(0))
    : Effect.map(
        readStream(stream, {
          maxBytes: byteCount(maxBytes, defaultMaxBodyBytes, maxReadBytes),
          maxReads,
          timeoutMillis: millis(timeout, defaultReadTimeoutMillis, maxReadTimeoutMillis)
        }),
        (read) => read.bytes
      )

/**
 * Decodes a streamed response: reads the body within bounds, then decodes.
 * The error arrives in the success channel: the decoder itself cannot fail,
 * whatever the stream and options (see `readBounded`).
 *
 * @since 0.1.0
 */
export const fromStream = (
  status: number,
  headers: HeadersInput | null | undefined,
  body: BodyStream | null | undefined,
  options?: Options
): Effect.Effect<HeyGenError.ResponseError> =>
  Effect.suspend(() => {
    const maxBytes = field(options, "maxBodyBytes")
    const timeout = field(options, "readTimeout")
    return Effect.flatMap(
      readBounded(
        body,
        maxBytes === undefined ? defaultMaxBodyBytes : (maxBytes as number),
        timeout === undefined ? defaultReadTimeout : (timeout as Duration.Input)
      ),
      (bytes) =>
        Effect.map(Clock.currentTimeMillis, (now) =>
          decode({ status, headers, body: bytes }, { maxBodyBytes: Infinity, now })
        )
    )
  })

/**
 * A response body as a stream: a web `ReadableStream` of any implementation. Byte and
 * text chunks are read; any other chunk ends the read.
 *
 * @since 0.1.0
 */
export interface BodyStream {
  readonly getReader: () => {
    readonly read: () => PromiseLike<{ readonly done?: boolean | undefined; readonly value?: unknown }>
    readonly cancel: (reason?: unknown) => unknown
  }
}

/**
 * What `fromResponse` reads of a response: the web `Response` of any fetch
 * implementation (the runtime's, the npm `undici` package's, a polyfill's).
 *
 * @since 0.1.0
 */
export interface ResponseLike {
  readonly status: number
  readonly headers?: HeadersInput | null | undefined
  readonly body?: BodyStream | null | undefined
}

/**
 * Decodes a web `Response`, or anything shaped like one (rules D1–D9).
 *
 * @since 0.1.0
 */
export const fromResponse = (
  response: ResponseLike,
  options?: Options
): Effect.Effect<HeyGenError.ResponseError> =>
  fromStream(response.status, response.headers, response.body, options)
