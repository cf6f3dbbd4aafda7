/** What the v3 operations need of `request`: the whole body, multipart, and the call's metadata (issue 12). */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { withClient } from "./utils/client.ts"
import { json } from "./utils/server.ts"

const Page = Schema.Struct({
  data: Schema.Array(Schema.Struct({ id: Schema.String })),
  has_more: Schema.Boolean,
  next_token: Schema.NullOr(Schema.String)
})

describe("HeyGenClient.request for v3", () => {
  it.effect("withResponse: a successful call's status, request id and headers are reachable", () =>
    withClient(
      (_, res) => {
        res.setHeader("x-request-id", "req_42")
        res.setHeader("x-ratelimit-remaining", "59")
        json(res, 200, { data: { remaining_quota: 7 } })
      },
      (client) =>
        Effect.gen(function* () {
          const reply = yield* client.request({
            method: "GET",
            path: "/v3/users/me",
            success: Schema.Struct({ remaining_quota: Schema.Number }),
            withResponse: true
          })
          assert.deepStrictEqual(reply.value, { remaining_quota: 7 })
          assert.strictEqual(reply.status, 200)
          assert.strictEqual(reply.requestId, "req_42")
          assert.strictEqual(reply.headers["x-ratelimit-remaining"], "59")
        })
    )
  )

  it.effect(
    "envelope whole: a list page decodes with has_more and next_token beside data; a mismatch names the field from the root",
    () =>
      withClient(
        (recorded, res) =>
          recorded.url.searchParams.get("token") === "bad"
            ? json(res, 200, { data: [{ id: 1 }], has_more: false, next_token: null })
            : json(res, 200, { data: [{ id: "v1" }], has_more: true, next_token: "t2" }),
        (client) =>
          Effect.gen(function* () {
            const page = yield* client.request({
              method: "GET",
              path: "/v3/videos",
              success: Page,
              envelope: "whole"
            })
            assert.deepStrictEqual(page, { data: [{ id: "v1" }], has_more: true, next_token: "t2" })
            const error = yield* Effect.flip(
              client.request({
                method: "GET",
                path: "/v3/videos",
                query: { token: "bad" },
                success: Page,
                envelope: "whole"
              })
            )
            assert.strictEqual(error._tag === "UnexpectedResponse" && error.field, "data[0].id")
          })
      )
  )

  it.effect("form: a multipart body arrives with its boundary, file name, type and bytes", () =>
    withClient(
      (_, res) => json(res, 200, { data: { asset_id: "a1" } }),
      (client, requests) =>
        Effect.gen(function* () {
          const form = new FormData()
          form.set("file", new Blob([new Uint8Array([137, 80, 78, 71])], { type: "image/png" }), "logo.png")
          const created = yield* client.request({
            method: "POST",
            path: "/v3/assets",
            form,
            idempotencyKey: "upload-1",
            success: Schema.Struct({ asset_id: Schema.String })
          })
          assert.deepStrictEqual(created, { asset_id: "a1" })
          const sent = requests[0]!
          assert.match(String(sent.headers["content-type"]), /^multipart\/form-data; boundary=/)
          assert.strictEqual(sent.headers["idempotency-key"], "upload-1")
          const text = sent.body.toString("latin1")
          assert.include(text, 'filename="logo.png"')
          assert.include(text, "Content-Type: image/png")
          assert.include(text, "\x89PNG")
        })
    )
  )
})
