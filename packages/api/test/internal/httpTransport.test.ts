/**
 * The internal HttpClient transport over a real server: what goes on the wire, and every
 * way an answer can fail, as a member of core's error union.
 */
import { assert, describe, it } from "@effect/vitest"
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import { serveNode } from "@effect-heygen/harness/node"
import * as Effect from "effect/Effect"
import * as Assets from "../../src/Assets.ts"
import * as Videos from "../../src/Videos.ts"
import { transport } from "../utils/client.ts"
import { apiKey, replayServer } from "../utils/replay.ts"

const video = { id: "v_1", status: "completed" }

describe("the HttpClient transport", () => {
  it.effect("sends the key as X-Api-Key, accepts JSON, and URL-encodes path parameters", () =>
    Effect.gen(function* () {
      const { url, requests } = yield* replayServer(() => ({ body: { data: video } }))
      yield* Videos.get("v 1/ä").pipe(Effect.provide(transport(url)))
      const [request] = requests
      assert.strictEqual(request!.headers["x-api-key"], apiKey)
      assert.strictEqual(request!.headers.accept, "application/json")
      assert.strictEqual(request!.url.pathname, "/v3/videos/v%201%2F%C3%A4")
      assert.deepStrictEqual(request!.pathParams, { video_id: "v 1/ä" })
    }).pipe(Effect.scoped)
  )

  it.effect("a multipart upload arrives with the file's bytes, name and type", () =>
    Effect.gen(function* () {
      const { url, requests } = yield* replayServer(() => ({
        body: { data: { asset_id: "a_1", url: "https://x/a_1", mime_type: "image/png", size_bytes: 4 } }
      }))
      const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47])
      const asset = yield* Assets.create({ file: new File([bytes], "logo.png", { type: "image/png" }) }).pipe(
        Effect.provide(transport(url))
      )
      assert.strictEqual(asset.asset_id, "a_1")
      const [request] = requests
      assert.deepStrictEqual(request!.problems, [])
      assert.match(request!.headers["content-type"] ?? "", /^multipart\/form-data; boundary=/)
      const file = (request!.body as Record<string, File>).file!
      assert.strictEqual(file.name, "logo.png")
      assert.strictEqual(file.type, "image/png")
      assert.deepStrictEqual(new Uint8Array(yield* Effect.promise(() => file.arrayBuffer())), bytes)
    }).pipe(Effect.scoped)
  )

  it.effect("a failure status is decoded by core's ErrorDecoder into its tag", () =>
    Effect.gen(function* () {
      const { url } = yield* replayServer(() => ({
        status: 402,
        headers: { "x-request-id": "req_1" },
        body: {
          error: {
            code: "insufficient_credit",
            message: "Your account has 2 credits but this video requires 4 credits."
          }
        }
      }))
      const error = yield* Videos.get("v_1").pipe(Effect.provide(transport(url)), Effect.flip)
      assert.instanceOf(error, HeyGenError.InsufficientCredit)
      const credit = error as HeyGenError.InsufficientCredit
      assert.deepStrictEqual([credit.available, credit.required, credit.requestId], [2, 4, "req_1"])
    }).pipe(Effect.scoped)
  )

  it.effect("a 2xx carrying an error envelope is that error", () =>
    Effect.gen(function* () {
      const { url } = yield* replayServer(() => ({
        body: { data: null, error: { code: "video_not_found", message: "no such video" } }
      }))
      const error = yield* Videos.get("v_1").pipe(Effect.provide(transport(url)), Effect.flip)
      assert.strictEqual(error._tag, "VideoNotFound")
    }).pipe(Effect.scoped)
  )

  it.effect("a 2xx that is not a JSON object is an UnexpectedResponse", () =>
    Effect.gen(function* () {
      // A raw server: an answer the replay server would never give.
      const { url } = yield* serveNode((_, res) =>
        res.writeHead(200, { "content-type": "text/html" }).end("<html>")
      )
      const error = yield* Videos.get("v_1").pipe(Effect.provide(transport(url)), Effect.flip)
      assert.instanceOf(error, HeyGenError.UnexpectedResponse)
      assert.strictEqual((error as HeyGenError.UnexpectedResponse).bodySnippet, "<html>")
    }).pipe(Effect.scoped)
  )

  it.live("no answer within the timeout is a TransportError Timeout", () =>
    Effect.gen(function* () {
      const { url } = yield* serveNode(() => {})
      const error = yield* Videos.get("v_1", { timeout: "50 millis" }).pipe(
        Effect.provide(transport(url)),
        Effect.flip
      )
      assert.instanceOf(error, HeyGenError.TransportError)
      assert.strictEqual((error as HeyGenError.TransportError).reason, "Timeout")
      assert.strictEqual((error as HeyGenError.TransportError).path, "/v3/videos/{video_id}")
    }).pipe(Effect.scoped)
  )

  it.effect("nobody listening is a TransportError Connection, and the key is in no error", () =>
    Effect.gen(function* () {
      const { url, close } = yield* serveNode(() => {})
      yield* close
      const error = yield* Videos.get("v_1").pipe(Effect.provide(transport(url)), Effect.flip)
      assert.instanceOf(error, HeyGenError.TransportError)
      assert.strictEqual((error as HeyGenError.TransportError).reason, "Connection")
      assert.notInclude(JSON.stringify(error), apiKey)
      assert.notInclude(String(error), apiKey)
    }).pipe(Effect.scoped)
  )
})
