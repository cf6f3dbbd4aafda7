/**
 * One attempt of one call, on the wire: send, never follow a redirect, read the body
 * within its bound, and turn every failure into a member of the union with the key
 * scrubbed out of it. Retries, envelopes and schemas are the client's.
 */
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import { constTrue } from "effect/Function"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import type * as Headers from "effect/http/Headers"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as ErrorDecoder from "../ErrorDecoder.ts"
import * as HeyGenError from "../HeyGenError.ts"
import { discardBody, readBody } from "./body.ts"
import { formatMillis } from "./options.ts"
import { scrubber, scrubFields } from "./scrub.ts"

/** What one call needs to know to name its failures and spans. */
export interface Call {
  readonly method: string
  readonly path: string
  readonly operation: string
}

export interface Settings {
  readonly http: HttpClient.HttpClient
  /** The API key or the OAuth access token: whichever the client sends. */
  readonly secret: Redacted.Redacted<string>
  readonly maxErrorBodyBytes: number
  readonly maxResponseBytes: number
}

const utf8 = /* @__PURE__ */ new TextDecoder()
export const snippet = (text: string) => (text.length > 512 ? text.slice(0, 512) : text)
// How much of a success body is scrubbed for a snippet: the 512 characters and any key form
// that may straddle them.
export const snippetScrubLength = 8192

const manual: globalThis.RequestInit = { redirect: "manual" }

/**
 * fetch follows a redirect itself, sending `X-Api-Key` (or `Authorization`) to wherever `Location` points: the
 * client's requests never follow one, whatever `RequestInit` the caller provides (other
 * transports don't follow redirects). A 3xx then reaches the client as it is.
 */
const noRedirects = (context: Context.Context<never>): Context.Context<never> => {
  const init = Context.getOrUndefined(context, FetchHttpClient.RequestInit)
  return init?.redirect === "manual"
    ? context
    : Context.add(context, FetchHttpClient.RequestInit, init === undefined ? manual : { ...init, ...manual })
}

/** Whether the transport may undo a `Content-Encoding` (fetch does): the wire size says nothing then. */
const encoded = (headers: Headers.Headers): boolean => {
  const coding = headers["content-encoding"]
  return coding !== undefined && coding.trim().toLowerCase() !== "identity" && coding.trim() !== ""
}

export const make = ({ http, secret, maxErrorBodyBytes, maxResponseBytes }: Settings) => {
  const secrets = [secret]
  const transportFailure = (call: Call, reason: HeyGenError.TransportReason, cause: unknown) =>
    HeyGenError.transportError({ reason, cause, method: call.method, path: call.path, secrets })

  // A server or proxy that echoes the key or token back, in any form, must not get it into an
  // error (rules S1, S4): raw text is scrubbed before decoding, and every decoded field after.
  const { scrub, scrubCut } = scrubber([Redacted.value(secret)])
  const clean = <E extends HeyGenError.HeyGenError>(error: E): E => scrubFields(error, scrub)

  /**
   * An error body, at most `maxErrorBodyBytes` of it (rule D1), always streamed and cut at
   * the bound: `Content-Length` is the size on the wire, and fetch inflates a compressed
   * body (`Content-Encoding: gzip, gzip`) to many times that if asked for all of it. A body
   * cut short still decodes, by its status.
   */
  const readErrorBody = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<string> =>
    Effect.map(readBody(response, maxErrorBodyBytes), ({ bytes, cut }) =>
      (cut ? scrubCut : scrub)(utf8.decode(bytes))
    )

  /** A success body larger than `maxResponseBytes`: a typed failure, never read whole. */
  const tooLarge = (response: HttpClientResponse.HttpClientResponse, arrived: string) => {
    const contentType = response.headers["content-type"]
    const requestId = response.headers["x-request-id"]
    return clean(
      new HeyGenError.UnexpectedResponse({
        status: response.status,
        message: `HTTP ${response.status} response body exceeds maxResponseBytes (${maxResponseBytes} bytes); the rest was not read`,
        bodySnippet: snippet(scrubCut(arrived.slice(0, snippetScrubLength))),
        ...(contentType === undefined ? {} : { contentType }),
        ...(requestId === undefined ? {} : { requestId })
      })
    )
  }

  /** A 3xx: never followed, so the key never goes where `Location` points (rule S1). */
  const redirected = (response: HttpClientResponse.HttpClientResponse, body: string) => {
    const contentType = response.headers["content-type"]
    const requestId = response.headers["x-request-id"]
    return clean(
      new HeyGenError.UnexpectedResponse({
        status: response.status,
        message: `HTTP ${response.status} redirect not followed: the API key is sent to the configured host only`,
        bodySnippet: snippet(body),
        ...(contentType === undefined ? {} : { contentType }),
        ...(requestId === undefined ? {} : { requestId })
      })
    )
  }

  /**
   * A success body, at most `maxResponseBytes` of it. A declared length past the bound
   * fails before reading; a declared length within it, with no `Content-Encoding` (HTTP
   * framing then holds the body to it), is read in one go, the fast path; anything else is
   * streamed and stopped once it passes the bound.
   */
  const readSuccessBody = (
    call: Call,
    response: HttpClientResponse.HttpClientResponse
  ): Effect.Effect<string, HeyGenError.HeyGenError> => {
    const length = response.headers["content-length"]
    const declared = length === undefined ? Number.NaN : Number(length)
    if (declared > maxResponseBytes) {
      return Effect.andThen(discardBody(response), Effect.fail(tooLarge(response, "")))
    }
    if (declared >= 0 && !encoded(response.headers)) {
      return response.text.pipe(
        Effect.mapError((error) => fromHttpClientError(call, error)),
        // Trust, but verify: a transport that didn't hold the body to its length.
        Effect.flatMap((text) =>
          text.length > maxResponseBytes ? Effect.fail(tooLarge(response, text)) : Effect.succeed(text)
        )
      )
    }
    return Effect.flatMap(
      readBody(response, maxResponseBytes),
      ({ bytes, cut, failure }): Effect.Effect<string, HeyGenError.HeyGenError> => {
        if (Option.isSome(failure)) return Effect.fail(bodyFailure(call, failure.value))
        const text = utf8.decode(bytes)
        return cut ? Effect.fail(tooLarge(response, text)) : Effect.succeed(text)
      }
    )
  }

  /** Fails with the decoded error of a response whose (scrubbed) body has been read. */
  const failWith = (status: number, headers: Headers.Headers, body: string) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Effect.fail(clean(ErrorDecoder.decode({ status, headers, body }, { now, maxBodyBytes: Infinity })))
    )

  const fromHttpClientError = (call: Call, error: HttpClientError.HttpClientError) => {
    const reason = error.reason
    const cause = reason.cause ?? reason.description
    switch (reason._tag) {
      case "TransportError":
        return transportFailure(call, "Connection", cause)
      case "EncodeError":
        return transportFailure(call, "Encode", cause)
      case "InvalidUrlError":
        return transportFailure(call, "Other", cause ?? "invalid URL")
      default:
        return transportFailure(call, "Body", cause)
    }
  }

  /** A body that failed mid-read (a reset): as effect/http reports it, or as the web reader saw it. */
  const bodyFailure = (call: Call, cause: unknown) => {
    const error = Cause.isCause(cause) ? Option.getOrUndefined(Cause.findErrorOption(cause)) : cause
    return HttpClientError.isHttpClientError(error)
      ? fromHttpClientError(call, error)
      : transportFailure(call, "Body", error)
  }

  /** One attempt: send, read, decode; every failure is a member of the union. */
  const attempt = <A>(
    call: Call,
    request: HttpClientRequest.HttpClientRequest,
    timeoutMillis: number,
    onSuccess: (
      response: HttpClientResponse.HttpClientResponse,
      text: string
    ) => Effect.Effect<A, HeyGenError.HeyGenError>
  ): Effect.Effect<A, HeyGenError.HeyGenError> =>
    http.execute(request).pipe(
      Effect.updateContext(noRedirects),
      Effect.mapError((error) => fromHttpClientError(call, error)),
      Effect.flatMap((response): Effect.Effect<A, HeyGenError.HeyGenError> => {
        const status = response.status
        const annotate = Effect.annotateCurrentSpan("http.response.status_code", status)
        if (status >= 200 && status < 300) {
          return annotate.pipe(
            Effect.andThen(readSuccessBody(call, response)),
            Effect.flatMap((text) => onSuccess(response, text))
          )
        }
        if (status >= 300 && status < 400) {
          return annotate.pipe(
            Effect.andThen(readErrorBody(response)),
            Effect.flatMap((body) => Effect.fail(redirected(response, body)))
          )
        }
        return annotate.pipe(
          Effect.andThen(readErrorBody(response)),
          Effect.flatMap((body) => failWith(status, response.headers, body))
        )
      }),
      // One timer per attempt: the attempt's own timeout, or what is left of the deadline.
      Effect.timeoutOrElse({
        duration: timeoutMillis,
        orElse: () =>
          Effect.fail(
            new HeyGenError.TransportError({
              reason: "Timeout",
              message: `Timeout: no complete response within ${formatMillis(timeoutMillis)}`,
              method: call.method,
              path: call.path
            })
          )
      }),
      Effect.tapError((error) =>
        Effect.annotateCurrentSpan({ "heygen.error.code": error.code, "heygen.error.tag": error._tag })
      ),
      // Our spans carry what matters; effect/http's own would record headers and URLs.
      Effect.provideService(HttpClient.TracerDisabledWhen, constTrue)
    )

  return { attempt, clean, scrub, scrubCut, failWith, transportFailure }
}

export type Transport = ReturnType<typeof make>
