import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import { TestClock } from "effect/testing"
import * as Catalog from "../src/Catalog.ts"
import * as ErrorDecoder from "../src/ErrorDecoder.ts"
import * as HeyGenError from "../src/HeyGenError.ts"

const envelope = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ error: { code, message, ...extra } })

const decode = (status: number, body: string, headers: Record<string, string> = {}) =>
  ErrorDecoder.decode({ status, headers, body })

describe("ErrorDecoder", () => {
  it("D2a/D3: every documented code gives its tag, code, status, message, param and doc_url", () => {
    for (const entry of Catalog.entries) {
      const docUrl = `https://example.test/docs#${entry.code}`
      const decoded = decode(
        entry.status,
        envelope(entry.code, `m-${entry.code}`, { param: "video_inputs[0].voice.voice_id", doc_url: docUrl })
      )
      assert.isTrue(HeyGenError.isCatalogError(decoded))
      const error = decoded as HeyGenError.CatalogError
      assert.strictEqual(error._tag, entry.tag)
      assert.isTrue(error instanceof HeyGenError.classes[entry.tag])
      assert.strictEqual(error.code, entry.code)
      assert.strictEqual(error.status, entry.status)
      assert.strictEqual(error.message, `m-${entry.code}`)
      assert.strictEqual(error.param, "video_inputs[0].voice.voice_id")
      assert.strictEqual(error.docUrl, docUrl)
      assert.isUndefined(error.inferred)
    }
  })

  it("D2a: unknown extra members and a sibling data:null are ignored", () => {
    const error = decode(
      404,
      JSON.stringify({ data: null, error: { code: "avatar_not_found", message: "no", extra: [1], n: null } })
    )
    assert.strictEqual(error._tag, "AvatarNotFound")
  })

  it("D2b: the older v2 shape without doc_url takes the catalog's link", () => {
    const error = decode(
      403,
      JSON.stringify({ data: null, error: { code: "forbidden", message: "member key" } })
    )
    assert.strictEqual(error._tag, "Forbidden")
    assert.strictEqual(error._tag === "Forbidden" && error.docUrl, Catalog.docUrl("forbidden"))
    assert.strictEqual(error.message, "member key")
  })

  it("D2c: the older numeric shape keeps legacyCode and is classified by status", () => {
    const error = decode(401, JSON.stringify({ code: 400112, message: "Unauthorized", data: null }))
    assert.strictEqual(error._tag, "Unauthorized")
    assert.strictEqual(error.legacyCode, 400112)
    assert.strictEqual(error._tag === "Unauthorized" && error.inferred, true)
    assert.strictEqual(error.message, "Unauthorized")
    const other = decode(418, JSON.stringify({ code: 40001, message: "teapot" }))
    assert.strictEqual(other._tag, "UnexpectedResponse")
    assert.strictEqual(other.legacyCode, 40001)
  })

  it("D3: a known code wins over the status, and the received status is kept", () => {
    const error = decode(200, envelope("insufficient_credit", "x"))
    assert.strictEqual(error._tag, "InsufficientCredit")
    assert.strictEqual(error.status, 200)
    const mismatch = decode(500, envelope("video_not_found", "gone"))
    assert.strictEqual(mismatch._tag, "VideoNotFound")
    assert.strictEqual(mismatch.status, 500)
  })

  it("D4: an unknown code keeps everything; its retry class follows the status", () => {
    const error = decode(
      409,
      envelope("request_locked", "busy", { param: "video_id", doc_url: "https://x.test#rl" }),
      { "X-Request-Id": "req-1" }
    )
    assert.strictEqual(error._tag, "UnknownApiError")
    if (error._tag !== "UnknownApiError") return
    assert.deepStrictEqual(
      [error.code, error.status, error.message, error.param, error.docUrl, error.requestId, error.retryClass],
      ["request_locked", 409, "busy", "video_id", "https://x.test#rl", "req-1", "never"]
    )
    const throttled = decode(429, envelope("storage_full", "x"))
    assert.strictEqual(throttled._tag === "UnknownApiError" && throttled.retryClass, "after-wait")
    const server = decode(503, envelope("storage_full", "x"))
    assert.strictEqual(server._tag === "UnknownApiError" && server.retryClass, "transient")
    assert.isTrue(server.retryable)
  })

  it("C4: request_in_progress and download_failed decode to their own tags, with their catalog rows", () => {
    const busy = decode(
      409,
      envelope("request_in_progress", "busy", { param: "video_id", doc_url: "https://x.test#rip" }),
      { "X-Request-Id": "req-2" }
    )
    assert.strictEqual(busy._tag, "RequestInProgress")
    if (busy._tag !== "RequestInProgress") return
    assert.deepStrictEqual(
      [
        busy.code,
        busy.status,
        busy.message,
        busy.param,
        busy.docUrl,
        busy.requestId,
        busy.retryClass,
        busy.family
      ],
      ["request_in_progress", 409, "busy", "video_id", "https://x.test#rip", "req-2", "transient", "conflict"]
    )
    assert.isTrue(HeyGenError.isConflictError(busy))
    const fetch = decode(400, envelope("download_failed", "could not fetch", { param: "image_url" }))
    assert.strictEqual(fetch._tag, "DownloadFailed")
    if (fetch._tag !== "DownloadFailed") return
    assert.deepStrictEqual(
      [fetch.code, fetch.status, fetch.param, fetch.docUrl, fetch.retryable, fetch.family],
      ["download_failed", 400, "image_url", Catalog.docUrl("download_failed"), false, "validation"]
    )
    assert.isTrue(HeyGenError.isValidationError(fetch))
    // No message: the catalog's summary, as for the seed's codes (rule D6).
    assert.strictEqual(
      decode(409, '{"error":{"code":"request_in_progress"}}').message,
      Catalog.get("request_in_progress").summary
    )
  })

  it("D5: shape (d) bodies are classified by status and say they were inferred", () => {
    const cases: ReadonlyArray<readonly [number, string]> = [
      [400, "InvalidParameter"],
      [401, "Unauthorized"],
      [403, "Forbidden"],
      [429, "RateLimitExceeded"],
      [500, "InternalError"]
    ]
    for (const body of ["", "<html><body>Bad Gateway</body></html>", "[1,2]", "null", '"str"', "{not json"]) {
      for (const [status, tag] of cases) {
        const error = decode(status, body)
        assert.strictEqual(error._tag, tag, `${status} ${body}`)
        assert.strictEqual(error._tag !== "UnexpectedResponse" && error.inferred, true)
        assert.strictEqual(error.status, status)
      }
    }
  })

  it("D5: other statuses give UnexpectedResponse with content type and a ≤512-char snippet", () => {
    const html = `<html>${"x".repeat(2000)}</html>`
    const error = decode(502, html, { "content-type": "text/html" })
    assert.strictEqual(error._tag, "UnexpectedResponse")
    if (error._tag !== "UnexpectedResponse") return
    assert.strictEqual(error.contentType, "text/html")
    assert.strictEqual(error.bodySnippet, html.slice(0, 512))
    assert.strictEqual(error.retryClass, "transient")
    for (const status of [502, 503, 504]) assert.isTrue(decode(status, "").retryable)
    for (const status of [402, 404, 418, 501, 200, 0]) {
      const e = decode(status, "")
      assert.strictEqual(e._tag, "UnexpectedResponse")
      assert.isFalse(e.retryable)
    }
  })

  it("D6: requestId, retryAfter and the received doc_url are exposed", () => {
    const error = decode(429, envelope("rate_limit_exceeded", "slow down"), {
      "x-request-id": "abc",
      "retry-after": "7"
    })
    assert.strictEqual(error._tag, "RateLimitExceeded")
    assert.strictEqual(error.requestId, "abc")
    assert.strictEqual(Duration.toMillis(error.retryAfter!), 7000)
    assert.isTrue(error.retryable)
    const none = decode(429, envelope("rate_limit_exceeded", "x"), { "retry-after": "later" })
    assert.isUndefined(none.retryAfter)
  })

  it("D6: node-style header records (any case, repeated values) are read", () => {
    const error = ErrorDecoder.decode({
      status: 429,
      headers: { "X-Request-ID": ["first", "second"], "Retry-After": "2" },
      body: envelope("rate_limit_exceeded", "x")
    })
    assert.strictEqual(error.requestId, "first")
    assert.strictEqual(Duration.toMillis(error.retryAfter!), 2000)
  })

  it("D8: InsufficientCredit exposes available and required, separators and decimals allowed", () => {
    const credit = (message: string) => {
      const e = decode(402, envelope("insufficient_credit", message))
      return e._tag === "InsufficientCredit" ? [e.available, e.required] : "wrong tag"
    }
    assert.deepStrictEqual(credit("Your account has 5 credits but this video requires 10 credits."), [5, 10])
    assert.deepStrictEqual(
      credit("Your account has 1,234.5 credits but this video requires 12,000 credits."),
      [1234.5, 12000]
    )
    assert.deepStrictEqual(
      credit("Your account has 1 234 credits but this video requires 2_000 credits."),
      [1234, 2000]
    )
    assert.deepStrictEqual(credit("Not enough credits."), [undefined, undefined])
    assert.deepStrictEqual(credit("Your account has 1,23 credits but this video requires 5 credits."), [
      undefined,
      undefined
    ])
  })

  it("D9: __proto__ and constructor members never change a prototype", () => {
    const body =
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},' +
      '"error":{"__proto__":{"code":"unauthorized","message":"proto"},"constructor":"x"}}'
    const error = decode(418, body)
    assert.strictEqual(error._tag, "UnexpectedResponse")
    assert.isUndefined(({} as Record<string, unknown>).polluted)
    assert.isUndefined(Object.getPrototypeOf(error).polluted)
    const inherited = decode(401, '{"error":{"message":"no own code"}}')
    assert.strictEqual(inherited._tag, "Unauthorized")
    assert.strictEqual(inherited._tag === "Unauthorized" && inherited.inferred, true)
  })

  it("D1: a body longer than the limit is cut before decoding", () => {
    const long = envelope("internal_error", "x".repeat(100))
    const cut = ErrorDecoder.decode({ status: 418, body: long }, { maxBodyBytes: 20 })
    assert.strictEqual(cut._tag, "UnexpectedResponse")
    assert.strictEqual(cut._tag === "UnexpectedResponse" && cut.bodySnippet, long.slice(0, 20))
    const whole = ErrorDecoder.decode({ status: 418, body: new TextEncoder().encode(long) })
    assert.strictEqual(whole._tag, "InternalError")
  })

  it.effect("D1: a streamed 10 MB body is not buffered whole: the stream is cancelled", () =>
    Effect.gen(function* () {
      let pulled = 0
      let cancelled = false
      const chunk = new TextEncoder().encode("x".repeat(16 * 1024))
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (pulled >= 10 * 1024 * 1024) return controller.close()
          pulled += chunk.byteLength
          controller.enqueue(chunk)
        },
        cancel() {
          cancelled = true
        }
      })
      const error = yield* ErrorDecoder.fromStream(503, { "content-type": "text/plain" }, body)
      assert.strictEqual(error._tag, "UnexpectedResponse")
      assert.isTrue(cancelled)
      assert.isBelow(pulled, 128 * 1024)
    })
  )

  it.effect("D1: a body that never ends is decoded from what arrived once the read timeout passes", () =>
    Effect.gen(function* () {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"error":{"code":"internal_error"'))
        }
      })
      const fiber = yield* Effect.forkChild(ErrorDecoder.fromStream(500, undefined, body))
      yield* Effect.yieldNow
      yield* TestClock.adjust("10 seconds")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "InternalError")
      assert.strictEqual(error._tag === "InternalError" && error.inferred, true)
    })
  )

  it.effect("D1: a stream that errors mid-body still decodes", () =>
    Effect.gen(function* () {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode("<html>"))
          controller.error(new Error("socket hang up"))
        }
      })
      const error = yield* ErrorDecoder.fromStream(502, undefined, body)
      assert.strictEqual(error._tag, "UnexpectedResponse")
    })
  )

  it.effect("fromResponse reads a web Response and dates Retry-After by the Clock", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(Date.UTC(2026, 0, 1, 0, 0, 0))
      const response = new Response(envelope("rate_limit_exceeded", "slow"), {
        status: 429,
        headers: { "retry-after": "Thu, 01 Jan 2026 00:00:30 GMT", "x-request-id": "r-9" }
      })
      const error = yield* ErrorDecoder.fromResponse(response)
      assert.strictEqual(error._tag, "RateLimitExceeded")
      assert.strictEqual(Duration.toMillis(error.retryAfter!), 30_000)
      assert.strictEqual(error.requestId, "r-9")
    })
  )

  it("decoded errors carry no stack frames pointing into the decoder", () => {
    const error = decode(401, envelope("unauthorized", "bad key"))
    assert.notInclude(String(error.stack), "ErrorDecoder")
  })
})
