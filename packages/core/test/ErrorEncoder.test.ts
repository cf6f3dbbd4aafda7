import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Catalog from "../src/Catalog.ts"
import * as ErrorEncoder from "../src/ErrorEncoder.ts"
import * as HeyGenError from "../src/HeyGenError.ts"

describe("ErrorEncoder", () => {
  it.effect("E1/E2: status from the catalog, JSON content type, exact body in member order", () =>
    Effect.gen(function* () {
      for (const entry of Catalog.entries) {
        const error = new HeyGenError.classes[entry.tag]({ message: `m ${entry.code}`, status: 299 })
        const response = ErrorEncoder.toResponse(error, { requestId: "rid" })
        assert.strictEqual(response.status, entry.status)
        assert.strictEqual(response.headers.get("content-type"), "application/json; charset=utf-8")
        const text = yield* Effect.promise(() => response.text())
        assert.strictEqual(
          text,
          `{"error":{"code":"${entry.code}","message":"m ${entry.code}","doc_url":"${Catalog.docUrl(entry.code)}"}}`
        )
      }
    })
  )

  it("E2/E6: param only when set, between message and doc_url, the field path kept verbatim", () => {
    const json = ErrorEncoder.toJson(
      new HeyGenError.InvalidParameter({
        message: "voice_id is required",
        param: "video_inputs[0].voice.voice_id"
      })
    )
    assert.strictEqual(
      json,
      '{"error":{"code":"invalid_parameter","message":"voice_id is required","param":"video_inputs[0].voice.voice_id","doc_url":"https://developers.heygen.com/docs/error-codes#invalid-parameter"}}'
    )
  })

  it("E2/E7: no stack, cause or internal detail; client-only errors become a generic internal_error", () => {
    const transport = HeyGenError.transportError({
      reason: "Connection",
      cause: new Error("ECONNREFUSED 10.0.0.7")
    })
    const unexpected = new HeyGenError.UnexpectedResponse({
      status: 502,
      message: "x",
      bodySnippet: "<html>db down"
    })
    for (const error of [transport, unexpected]) {
      const encoded = ErrorEncoder.encode(error)
      assert.strictEqual(encoded.status, 500)
      const body = JSON.parse(encoded.body)
      assert.deepStrictEqual(Object.keys(body.error), ["code", "message", "doc_url"])
      assert.strictEqual(body.error.code, "internal_error")
      assert.notInclude(encoded.body, "10.0.0.7")
      assert.notInclude(encoded.body, "db down")
    }
    const body = ErrorEncoder.encode(new HeyGenError.InternalError({ message: "boom" })).body
    assert.notInclude(body, "stack")
    assert.notInclude(body, "at ")
  })

  it("E3: every rate_limit_exceeded carries Retry-After in whole seconds, rounded up, at least 1", () => {
    const header = (retryAfter?: Duration.Duration) =>
      ErrorEncoder.encode(new HeyGenError.RateLimitExceeded(retryAfter === undefined ? {} : { retryAfter }))
        .headers["retry-after"]
    assert.strictEqual(header(), "1")
    assert.strictEqual(header(Duration.zero), "1")
    assert.strictEqual(header(Duration.millis(2500)), "3")
    assert.strictEqual(header(Duration.seconds(60)), "60")
  })

  it("E4: X-Request-Id is echoed, else generated", () => {
    const error = new HeyGenError.Unauthorized()
    assert.strictEqual(ErrorEncoder.encode(error, { requestId: "req-42" }).headers["x-request-id"], "req-42")
    const a = ErrorEncoder.encode(error).headers["x-request-id"]
    const b = ErrorEncoder.encode(error).headers["x-request-id"]
    assert.match(a!, /^[0-9a-f-]{36}$/)
    assert.notStrictEqual(a, b)
  })

  it("E5: insufficient_credit states both numbers in the documented shape", () => {
    const body = JSON.parse(
      ErrorEncoder.toJson(new HeyGenError.InsufficientCredit({ available: 5, required: 10.5 }))
    )
    assert.strictEqual(body.error.message, "Your account has 5 credits but this video requires 10.5 credits.")
  })

  it("C2: the doc base is configurable for servers that host their own docs", () => {
    const body = JSON.parse(
      ErrorEncoder.toJson(new HeyGenError.QuotaExceeded(), { docBase: "https://d.test/e" })
    )
    assert.strictEqual(body.error.doc_url, "https://d.test/e#quota-exceeded")
  })

  it("an unknown code keeps its code and error status", () => {
    const error = new HeyGenError.UnknownApiError({
      code: "request_in_progress",
      status: 409,
      message: "busy"
    })
    const encoded = ErrorEncoder.encode(error)
    assert.strictEqual(encoded.status, 409)
    assert.strictEqual(JSON.parse(encoded.body).error.doc_url, Catalog.docUrl("request_in_progress"))
    const odd = new HeyGenError.UnknownApiError({ code: "weird", status: 200, message: "?" })
    assert.strictEqual(ErrorEncoder.toStatus(odd), 500)
  })
})
