/**
 * The client-direction test vectors: one HTTP response each, and what decoding it must
 * give. Generated from the catalog (every code) plus hand-picked edge cases; written to
 * vectors/v1.json by `pnpm vectors` (a test fails when the file is stale). No Node
 * built-ins: the probes import this inside workerd and Deno.
 */
import * as Catalog from "@effect-heygen/core/Catalog"

export const version = 1

/** A number in a range, for values that depend on the clock (an HTTP-date Retry-After). */
export interface Range {
  readonly min: number
  readonly max: number
}

/** What a decoded error must show; `null` means "must be absent". Unlisted fields are free. */
export interface Expected {
  readonly tag: string
  readonly code?: string
  readonly status?: number
  readonly message?: string
  readonly param?: string | null
  readonly docUrl?: string
  readonly requestId?: string | null
  readonly retryable?: boolean
  readonly retryAfterMs?: number | Range | null
  readonly inferred?: boolean | null
  readonly legacyCode?: number | null
  readonly available?: number | null
  readonly required?: number | null
  readonly bodySnippetMax?: number
}

export interface Vector {
  readonly id: string
  /** The rules this vector checks (CONTRACT.md ids). */
  readonly rules: ReadonlyArray<string>
  readonly note: string
  readonly response: {
    readonly status: number
    /** `{{http-date:<offset seconds>:<imf|rfc850|asctime>}}` is filled in when served. */
    readonly headers: Readonly<Record<string, string>>
    readonly body: string
    /** Serve `body` this many times over (oversized bodies). */
    readonly repeat?: number
  }
  readonly expected: Expected
}

const json = "application/json"
const envelope = (error: Record<string, unknown>) => JSON.stringify({ error })

const catalogVectors = (): Array<Vector> =>
  Catalog.entries.map((entry) => {
    const message =
      entry.code === "insufficient_credit"
        ? "Your account has 12 credits but this video requires 40 credits."
        : `conformance: ${entry.summary}`
    const param = entry.code === "invalid_parameter" ? "video_inputs[0].voice.voice_id" : undefined
    return {
      id: `catalog-${entry.code}`,
      rules: [
        "C1",
        "C2",
        "D2",
        "D3",
        "D6",
        ...(entry.code === "insufficient_credit" ? ["D8"] : []),
        ...(entry.origin === "v3" ? ["C4"] : [])
      ],
      note:
        entry.origin === "v3"
          ? `the ${entry.code} answer HeyGen's v3 reference documents (${entry.source})`
          : `the documented ${entry.code} answer`,
      response: {
        status: entry.status,
        headers: {
          "content-type": json,
          "x-request-id": `req-${entry.code}`,
          ...(entry.code === "rate_limit_exceeded" ? { "retry-after": "7" } : {})
        },
        body: envelope({
          code: entry.code,
          message,
          ...(param === undefined ? {} : { param }),
          doc_url: Catalog.docUrl(entry.code)
        })
      },
      expected: {
        tag: entry.tag,
        code: entry.code,
        status: entry.status,
        message,
        param: param ?? null,
        docUrl: Catalog.docUrl(entry.code),
        requestId: `req-${entry.code}`,
        retryable: entry.retryClass !== "never",
        retryAfterMs: entry.code === "rate_limit_exceeded" ? 7000 : null,
        inferred: null,
        ...(entry.code === "insufficient_credit" ? { available: 12, required: 40 } : {})
      }
    }
  })

const plain = (
  id: string,
  rules: Array<string>,
  note: string,
  status: number,
  body: string,
  expected: Expected,
  headers: Record<string, string> = { "content-type": json }
): Vector => ({
  id,
  rules,
  note,
  response: { status, headers, body },
  expected
})

const retryAfter = (id: string, note: string, value: string, retryAfterMs: number | Range | null): Vector =>
  plain(
    `retry-after-${id}`,
    ["D7", "D6"],
    note,
    429,
    envelope({ code: "rate_limit_exceeded", message: "slow down" }),
    { tag: "RateLimitExceeded", retryAfterMs },
    { "content-type": json, "retry-after": value }
  )

const soon: Range = { min: 3000, max: 6000 }

const handPicked = (): Array<Vector> => [
  plain(
    "shape-a-extra-members",
    ["D2"],
    "current shape with unknown extra members and a sibling data: null",
    404,
    JSON.stringify({
      data: null,
      error: {
        code: "avatar_not_found",
        message: "no such avatar",
        doc_url: "https://docs.example/x",
        extra: 1
      },
      trace: "t"
    }),
    {
      tag: "AvatarNotFound",
      status: 404,
      message: "no such avatar",
      docUrl: "https://docs.example/x",
      inferred: null
    }
  ),
  plain(
    "shape-b-older-v2",
    ["D2", "D6"],
    "older v2 shape without doc_url: the catalog's doc_url",
    404,
    JSON.stringify({ data: null, error: { code: "video_not_found", message: "Video not found" } }),
    {
      tag: "VideoNotFound",
      message: "Video not found",
      docUrl: Catalog.docUrl("video_not_found"),
      inferred: null
    }
  ),
  plain(
    "shape-c-numeric-400",
    ["D2", "D5"],
    "older numeric shape, classified by status 400",
    400,
    JSON.stringify({ code: 400123, message: "Invalid video id" }),
    { tag: "InvalidParameter", status: 400, legacyCode: 400123, inferred: true }
  ),
  plain(
    "shape-c-numeric-404",
    ["D2", "D5"],
    "older numeric shape with a status outside D5's list",
    404,
    JSON.stringify({ code: 404001, message: "missing" }),
    { tag: "UnexpectedResponse", status: 404, legacyCode: 404001 }
  ),
  plain("empty-500", ["D2", "D5"], "an empty body", 500, "", {
    tag: "InternalError",
    status: 500,
    inferred: true,
    retryable: true
  }),
  plain(
    "text-401",
    ["D2", "D5"],
    "a text body",
    401,
    "Unauthorized",
    { tag: "Unauthorized", inferred: true },
    { "content-type": "text/plain" }
  ),
  plain(
    "html-502",
    ["D2", "D5"],
    "a proxy's HTML page: transient",
    502,
    `<html><body>${"<p>Bad gateway</p>".repeat(100)}</body></html>`,
    { tag: "UnexpectedResponse", status: 502, retryable: true, bodySnippetMax: 512 },
    { "content-type": "text/html" }
  ),
  plain(
    "html-503",
    ["D5"],
    "a 503 HTML page: transient",
    503,
    "<h1>Service Unavailable</h1>",
    { tag: "UnexpectedResponse", status: 503, retryable: true },
    { "content-type": "text/html" }
  ),
  plain("json-array-403", ["D2", "D5"], "JSON that is not an object", 403, "[1,2,3]", {
    tag: "Forbidden",
    inferred: true
  }),
  plain("json-string-429", ["D2", "D5"], "a JSON string", 429, '"slow down"', {
    tag: "RateLimitExceeded",
    inferred: true,
    retryAfterMs: null
  }),
  plain("json-null-418", ["D2", "D5"], "JSON null, a status outside D5's list", 418, "null", {
    tag: "UnexpectedResponse",
    status: 418
  }),
  plain(
    "mismatch-credit-400",
    ["D3"],
    "a known code under another status keeps the tag and the received status",
    400,
    envelope({
      code: "insufficient_credit",
      message: "Your account has 1 credits but this video requires 3 credits."
    }),
    { tag: "InsufficientCredit", status: 400, available: 1, required: 3 }
  ),
  plain(
    "mismatch-notfound-200",
    ["D3"],
    "an error envelope under 200",
    200,
    envelope({ code: "template_not_found", message: "gone" }),
    { tag: "TemplateNotFound", status: 200 }
  ),
  plain(
    "unknown-code-500",
    ["D4"],
    "an unknown code under 500: transient",
    500,
    envelope({
      code: "storage_full",
      message: "could not store",
      param: "video_url",
      doc_url: "https://docs.example/d"
    }),
    {
      tag: "UnknownApiError",
      code: "storage_full",
      status: 500,
      message: "could not store",
      param: "video_url",
      docUrl: "https://docs.example/d",
      retryable: true
    }
  ),
  plain(
    "unknown-code-429",
    ["D4"],
    "an unknown code under 429: after-wait",
    429,
    envelope({ code: "request_locked", message: "wait" }),
    { tag: "UnknownApiError", code: "request_locked", retryable: true }
  ),
  plain(
    "unknown-code-409",
    ["D4"],
    "an unknown code under 409: never",
    409,
    envelope({ code: "request_locked", message: "busy" }),
    { tag: "UnknownApiError", status: 409, retryable: false }
  ),
  {
    id: "oversized-500",
    rules: ["D1", "D5"],
    note: "a 2 MiB body: read at most 64 KiB, then classified by status",
    response: {
      status: 500,
      headers: { "content-type": json },
      body: `{"error":{"code":"internal_error","message":"${"x".repeat(1024)}`,
      repeat: 2048
    },
    expected: { tag: "InternalError", status: 500, inferred: true }
  },
  {
    id: "oversized-html-504",
    rules: ["D1", "D5"],
    note: "a 1 MiB HTML body under 504",
    response: {
      status: 504,
      headers: { "content-type": "text/html" },
      body: "<p>timeout</p>".padEnd(1024, " "),
      repeat: 1024
    },
    expected: { tag: "UnexpectedResponse", status: 504, retryable: true, bodySnippetMax: 512 }
  },
  retryAfter("seconds", "delay-seconds", "3", 3000),
  retryAfter("zero", "delay-seconds zero", "0", 0),
  retryAfter("imf-future", "IMF-fixdate, 5 s ahead", "{{http-date:5:imf}}", soon),
  retryAfter("rfc850-future", "RFC 850 date, 5 s ahead", "{{http-date:5:rfc850}}", soon),
  retryAfter("asctime-future", "asctime date, 5 s ahead", "{{http-date:5:asctime}}", soon),
  retryAfter("imf-past", "a past date means zero", "Wed, 21 Oct 2015 07:28:00 GMT", 0),
  retryAfter("garbage", "garbage means absent", "soon", null),
  retryAfter("negative", "a negative number means absent", "-5", null),
  retryAfter("decimal", "a decimal means absent", "1.5", null),
  plain(
    "credit-separators",
    ["D8"],
    "thousands separators and decimals",
    402,
    envelope({
      code: "insufficient_credit",
      message: "Your account has 1,234.5 credits but this video requires 2,000 credits."
    }),
    { tag: "InsufficientCredit", available: 1234.5, required: 2000 }
  ),
  plain(
    "credit-other-wording",
    ["D8"],
    "another wording: the numbers stay absent",
    402,
    envelope({ code: "insufficient_credit", message: "Not enough credits." }),
    { tag: "InsufficientCredit", message: "Not enough credits.", available: null, required: null }
  ),
  plain(
    "proto-inside-error",
    ["D9"],
    "a __proto__ member inside error changes nothing",
    403,
    '{"error":{"code":"forbidden","message":"no","__proto__":{"code":"internal_error","polluted":true}}}',
    { tag: "Forbidden", code: "forbidden", message: "no" }
  ),
  plain(
    "proto-top-level",
    ["D9", "D5"],
    "an envelope only under __proto__ is not an envelope",
    400,
    '{"__proto__":{"error":{"code":"internal_error","message":"x"}}}',
    { tag: "InvalidParameter", inferred: true }
  ),
  plain(
    "constructor-member",
    ["D9"],
    "a constructor member is data",
    404,
    '{"error":{"code":"asset_not_found","message":"m","constructor":{"prototype":{"polluted":true}}}}',
    { tag: "AssetNotFound" }
  ),
  plain(
    "echoed-key",
    ["S1", "D2"],
    "a server that echoes the API key in its message and param: kept out of every decoded field",
    401,
    envelope({ code: "unauthorized", message: "Invalid API key: {{x-api-key}}", param: "{{x-api-key}}" }),
    { tag: "Unauthorized", code: "unauthorized", inferred: null }
  ),
  plain(
    "request-id",
    ["D6"],
    "X-Request-Id is kept",
    401,
    envelope({ code: "unauthorized", message: "bad key" }),
    { tag: "Unauthorized", requestId: "rid-123" },
    { "content-type": json, "x-request-id": "rid-123" }
  )
]

/** Every vector, in a stable order. */
export const make = (): { readonly version: number; readonly vectors: ReadonlyArray<Vector> } => ({
  version,
  vectors: [...catalogVectors(), ...handPicked()]
})
