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
import { concat } from "./internal/bytes.ts"
import { construct } from "./internal/construct.ts"
import { parseCredits } from "./internal/credits.ts"
import { type HeadersInput, header } from "./internal/headers.ts"
import { isRecord, own, ownString } from "./internal/json.ts"
import * as RetryAfter from "./RetryAfter.ts"

export type { HeadersInput } from "./internal/headers.ts"

/** @since 0.1.0 */
export interface Options {
  /** The most bytes of an error body read (rule D1). Default 64 KiB. */
  readonly maxBodyBytes?: number
  /** How long reading a streamed body may take before decoding what arrived. Default 10 s. */
  readonly readTimeout?: Duration.Input
}

/** @since 0.1.0 */
export const defaultMaxBodyBytes = 64 * 1024
const defaultReadTimeout = Duration.seconds(10)
const snippetLength = 512

/** @since 0.1.0 */
export interface ResponseParts {
  readonly status: number
  readonly headers?: HeadersInput | undefined
  readonly body?: string | Uint8Array | ArrayBuffer | null | undefined
}

const utf8 = new TextDecoder()

const bodyText = (body: ResponseParts["body"], maxBytes: number): string => {
  if (body === undefined || body === null) return ""
  if (typeof body === "string") return body.length > maxBytes ? body.slice(0, maxBytes) : body
  const bytes = body instanceof Uint8Array ? body : new Uint8Array(body)
  return utf8.decode(bytes.byteLength > maxBytes ? bytes.subarray(0, maxBytes) : bytes)
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
  const text = bodyText(parts.body, options?.maxBodyBytes ?? defaultMaxBodyBytes)
  const json = parseJson(text)
  const common: Common = { status, message: "" }
  const requestId = header(parts.headers, "x-request-id")
  if (requestId !== undefined) common.requestId = requestId
  const retryAfter = RetryAfter.parse(header(parts.headers, "retry-after"), options?.now ?? Date.now())
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
 * body is never buffered whole (rule D1). Never fails: a stream that errors or
 * stalls past `timeout` yields the bytes that did arrive.
 *
 * @since 0.1.0
 */
export const readBounded = (
  stream: ReadableStream<Uint8Array> | null | undefined,
  maxBytes: number = defaultMaxBodyBytes,
  timeout: Duration.Input = defaultReadTimeout
): Effect.Effect<Uint8Array> => {
  if (stream === null || stream === undefined) return Effect.succeed(new Uint8Array(0))
  return Effect.suspend(() => {
    const chunks: Array<Uint8Array> = []
    let size = 0
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined
    const stop = () => {
      reader?.cancel().catch(() => {})
    }
    const pull = Effect.promise(async (signal) => {
      signal.addEventListener("abort", stop)
      try {
        reader = stream.getReader()
        while (size < maxBytes) {
          const { done, value } = await reader.read()
          if (done) return
          if (value instanceof Uint8Array) {
            chunks.push(value)
            size += value.byteLength
          }
        }
        stop()
      } catch {
        // An erroring or locked stream ends the read; what arrived is still decoded.
      }
    })
    return pull.pipe(
      Effect.timeoutOption(timeout),
      Effect.ensuring(Effect.sync(stop)),
      Effect.map(() => concat(chunks, Math.min(size, maxBytes)))
    )
  })
}

/**
 * Decodes a streamed response: reads the body within bounds, then decodes.
 * The error arrives in the success channel: the decoder itself cannot fail.
 *
 * @since 0.1.0
 */
export const fromStream = (
  status: number,
  headers: HeadersInput | undefined,
  body: ReadableStream<Uint8Array> | null | undefined,
  options?: Options
): Effect.Effect<HeyGenError.ResponseError> =>
  Effect.flatMap(
    readBounded(
      body,
      options?.maxBodyBytes ?? defaultMaxBodyBytes,
      options?.readTimeout ?? defaultReadTimeout
    ),
    (bytes) =>
      Effect.map(Clock.currentTimeMillis, (now) =>
        decode({ status, headers, body: bytes }, { ...options, maxBodyBytes: Infinity, now })
      )
  )

/**
 * Decodes a web `Response` (rules D1–D9).
 *
 * @since 0.1.0
 */
export const fromResponse = (
  response: Response,
  options?: Options
): Effect.Effect<HeyGenError.ResponseError> =>
  fromStream(response.status, response.headers, response.body, options)
