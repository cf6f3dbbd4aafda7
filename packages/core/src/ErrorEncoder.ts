/**
 * From a member of the error union to HeyGen's exact wire response (rules E1–E5, E7).
 *
 * @since 0.1.0
 */
import * as Catalog from "./Catalog.ts"
import type * as HeyGenError from "./HeyGenError.ts"
import { creditMessage } from "./internal/credits.ts"
import * as RetryAfter from "./RetryAfter.ts"

/** @since 0.1.0 */
export interface Options {
  /** Where the server documents its codes (rule C2). Default: HeyGen's docs, or the error's own link. */
  readonly docBase?: string
  /** The request's `X-Request-Id`, echoed back (rule E4). Default: a new UUID. */
  readonly requestId?: string
}

/**
 * The body's `error` member, in wire order (rule E2).
 *
 * @since 0.1.0
 */
export interface WireError {
  readonly code: string
  readonly message: string
  readonly param?: string
  readonly doc_url: string
}

/** @since 0.1.0 */
export interface Encoded {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

const internal = /* @__PURE__ */ Catalog.get("internal_error")

/**
 * The wire `error` member of a failure. Errors that only a client can meet
 * (`UnexpectedResponse`, `TransportError`) become a generic `internal_error`:
 * their details describe someone else's server (rule E7).
 *
 * @since 0.1.0
 */
export const toWireError = (error: HeyGenError.HeyGenError, options?: Options): WireError => {
  switch (error._tag) {
    case "UnexpectedResponse":
    case "TransportError":
      return {
        code: internal.code,
        message: internal.summary,
        doc_url: docUrl(internal.code, undefined, options)
      }
    case "InsufficientCredit": {
      const { available, required } = error
      const message =
        available !== undefined && required !== undefined ? creditMessage(available, required) : error.message
      return wire(error.code, message, error.param, docUrl(error.code, error.docUrl, options))
    }
    default:
      return wire(error.code, error.message, error.param, docUrl(error.code, error.docUrl, options))
  }
}

const wire = (code: string, message: string, param: string | undefined, doc_url: string): WireError =>
  param === undefined ? { code, message, doc_url } : { code, message, param, doc_url }

const docUrl = (code: string, own: string | undefined, options: Options | undefined): string =>
  options?.docBase !== undefined ? Catalog.docUrl(code, options.docBase) : (own ?? Catalog.docUrl(code))

/**
 * The status a failure is answered with: the catalog's for its code (rule E1).
 * An unknown code keeps its own status when that is an error status.
 *
 * @since 0.1.0
 */
export const toStatus = (error: HeyGenError.HeyGenError): number => {
  switch (error._tag) {
    case "UnknownApiError":
      return error.status >= 400 && error.status <= 599 ? error.status : internal.status
    case "UnexpectedResponse":
    case "TransportError":
      return internal.status
    default:
      return Catalog.get(error.code).status
  }
}

/**
 * The wire body: exactly `{"error":{"code","message","param"?,"doc_url"}}` (rule E2).
 *
 * @since 0.1.0
 */
export const toJson = (error: HeyGenError.HeyGenError, options?: Options): string =>
  JSON.stringify({ error: toWireError(error, options) })

/**
 * Status, headers and body of the answer to a failure (rules E1–E5).
 *
 * @since 0.1.0
 */
export const encode = (error: HeyGenError.HeyGenError, options?: Options): Encoded => {
  const status = toStatus(error)
  const headers: Record<string, string> = {
    "content-type": "application/json; charset=utf-8",
    "x-request-id": options?.requestId ?? crypto.randomUUID()
  }
  // Every 429 tells the client how long to wait (rule E3).
  if (status === 429 && (error._tag === "RateLimitExceeded" || error._tag === "UnknownApiError")) {
    headers["retry-after"] = RetryAfter.format(error.retryAfter)
  } else if (error._tag !== "TransportError" && error.retryAfter !== undefined) {
    headers["retry-after"] = RetryAfter.format(error.retryAfter)
  }
  return { status, headers, body: toJson(error, options) }
}

/**
 * The web `Response` for a failure (rules E1–E5).
 *
 * @since 0.1.0
 */
export const toResponse = (error: HeyGenError.HeyGenError, options?: Options): Response => {
  const { status, headers, body } = encode(error, options)
  return new Response(body, { status, headers })
}
