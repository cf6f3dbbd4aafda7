import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as HttpEffect from "effect/http/HttpEffect"
import type * as HttpServerRequest from "effect/http/HttpServerRequest"
import type * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Logger from "effect/Logger"
import * as Schema from "effect/Schema"
import * as HeyGenApi from "../src/HeyGenApi.ts"
import * as HeyGenError from "../src/HeyGenError.ts"
import * as HeyGenServer from "../src/HeyGenServer.ts"

/** A web handler for `app` behind the middleware, with server logs captured. */
const serve = (
  app: Effect.Effect<
    HttpServerResponse.HttpServerResponse,
    unknown,
    HttpServerRequest.HttpServerRequest | HeyGenServer.RequestId
  >,
  options?: HeyGenServer.Options
) => {
  const logs: Array<string> = []
  const logger = Logger.make<unknown, void>(({ message, fiber }) =>
    logs.push(JSON.stringify({ message, fiber: fiber.id }))
  )
  const handled = HeyGenServer.middleware(options)(app).pipe(Effect.provide(Logger.layer([logger])))
  const handler = HttpEffect.toWebHandler(handled)
  const call = async (init?: RequestInit & { path?: string }) => {
    const response = await handler(new Request(`http://emulator.test${init?.path ?? "/"}`, init))
    return { response, text: await response.text() }
  }
  return { call, logs }
}

describe("HeyGenServer.middleware", () => {
  it("E1–E5: a failure in the union leaves as HeyGen's exact response", async () => {
    const { call } = serve(
      Effect.fail(new HeyGenError.RateLimitExceeded({ message: "slow", retryAfter: Duration.millis(1500) }))
    )
    const { response, text } = await call({ headers: { "x-request-id": "req-7" } })
    assert.strictEqual(response.status, 429)
    assert.strictEqual(response.headers.get("content-type"), "application/json; charset=utf-8")
    assert.strictEqual(response.headers.get("retry-after"), "2")
    assert.strictEqual(response.headers.get("x-request-id"), "req-7")
    assert.strictEqual(
      text,
      '{"error":{"code":"rate_limit_exceeded","message":"slow","doc_url":"https://developers.heygen.com/docs/error-codes#rate-limit-exceeded"}}'
    )
  })

  it("E4: without an incoming X-Request-Id one is generated, and successes carry it too", async () => {
    const { call } = serve(Effect.succeed(HeyGenServer.jsonResponse({ error: null, data: { ok: true } })))
    const { response, text } = await call()
    assert.strictEqual(response.status, 200)
    assert.match(response.headers.get("x-request-id")!, /^[0-9a-f-]{36}$/)
    assert.strictEqual(text, '{"error":null,"data":{"ok":true}}')
  })

  it("C2: the doc base is configurable", async () => {
    const { call } = serve(Effect.fail(new HeyGenError.Forbidden()), {
      docBase: "https://docs.example.test/errors"
    })
    const { text } = await call()
    assert.strictEqual(JSON.parse(text).error.doc_url, "https://docs.example.test/errors#forbidden")
  })

  it("E7: a defect or a foreign error becomes a generic internal_error; the cause is logged, never sent", async () => {
    for (const app of [
      Effect.die(new Error("db password=hunter2 at /srv/app.ts:12")),
      Effect.fail(new Error("secret detail"))
    ]) {
      const { call, logs } = serve(app)
      const { response, text } = await call({ headers: { "x-request-id": "req-e7" } })
      assert.strictEqual(response.status, 500)
      const body = JSON.parse(text)
      assert.deepStrictEqual(Object.keys(body.error), ["code", "message", "doc_url"])
      assert.strictEqual(body.error.code, "internal_error")
      for (const leak of ["hunter2", "secret detail", "app.ts", "stack", " at "])
        assert.notInclude(text, leak)
      assert.strictEqual(logs.length, 1)
      assert.include(logs[0]!, "internal_error")
    }
  })

  describe("decodeBody", () => {
    const app = HeyGenServer.decodeBody(HeyGenApi.VideoGenerateRequest).pipe(
      Effect.map((body) =>
        HeyGenServer.jsonResponse({ error: null, data: { inputs: body.video_inputs.length } })
      )
    )
    const post = (body: string, headers: Record<string, string> = {}) =>
      serve(app, { maxBodyBytes: 1024 }).call({
        method: "POST",
        body,
        headers: { "content-type": "application/json", ...headers }
      })
    const error = async (body: string) => {
      const { response, text } = await post(body)
      return { status: response.status, ...JSON.parse(text).error }
    }
    const valid = {
      video_inputs: [
        {
          character: { type: "avatar", avatar_id: "a" },
          voice: { type: "text", voice_id: "v", input_text: "hi" }
        }
      ]
    }

    it("a valid body reaches the handler", async () => {
      const { response, text } = await post(JSON.stringify(valid))
      assert.strictEqual(response.status, 200)
      assert.strictEqual(JSON.parse(text).data.inputs, 1)
    })

    it("E6: a schema failure is invalid_parameter with the field's dotted path", async () => {
      const missingVoice = {
        video_inputs: [{ ...valid.video_inputs[0], voice: { type: "text", voice_id: "v" } }]
      }
      const e = await error(JSON.stringify(missingVoice))
      assert.strictEqual(e.status, 400)
      assert.strictEqual(e.code, "invalid_parameter")
      assert.strictEqual(e.param, "video_inputs[0].voice.input_text")
      assert.include(e.message, "video_inputs[0].voice.input_text")
      const wrongType = await error(JSON.stringify({ ...valid, test: "yes" }))
      assert.strictEqual(wrongType.param, "test")
      const empty = await error(JSON.stringify({ video_inputs: [] }))
      assert.strictEqual(empty.param, "video_inputs")
    })

    it("E6/S2: non-JSON, non-object and oversized bodies are invalid_parameter", async () => {
      for (const body of ["{nope", "[1,2]", "42", '"text"', "null", ""]) {
        const e = await error(body)
        assert.strictEqual(e.status, 400, body)
        assert.strictEqual(e.code, "invalid_parameter")
        assert.isUndefined(e.param)
      }
      const big = await error(JSON.stringify({ ...valid, title: "x".repeat(2000) }))
      assert.strictEqual(big.code, "invalid_parameter")
      assert.include(big.message, "1024 bytes")
    })

    it("S2: the request's headers are never echoed", async () => {
      const { text } = await post("{nope", { "x-api-key": "SECRET-KEY-1", authorization: "Bearer SECRET-2" })
      assert.notInclude(text, "SECRET")
    })
  })

  it("E6: decodeQuery names the missing query parameter", async () => {
    const { call } = serve(
      HeyGenServer.decodeQuery(Schema.Struct({ video_id: Schema.NonEmptyString })).pipe(
        Effect.map((q) => HeyGenServer.jsonResponse({ id: q.video_id }))
      )
    )
    const missing = JSON.parse((await call({ path: "/v1/video_status.get" })).text).error
    assert.strictEqual(missing.param, "video_id")
    const ok = await call({ path: "/v1/video_status.get?video_id=abc" })
    assert.strictEqual(JSON.parse(ok.text).id, "abc")
  })
})
