/**
 * How an operation runs: what reaches the transport (Idempotency-Key, timeout, query, body,
 * path), what never leaves (input the spec rejects), and how the answer comes back.
 */

import { assert, describe, it } from "@effect/vitest"
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Assets from "../src/Assets.ts"
import { HeyGenTransport, type Request } from "../src/HeyGenTransport.ts"
import * as Operation from "../src/Operation.ts"
import * as Videos from "../src/Videos.ts"
import * as Webhooks from "../src/Webhooks.ts"
import { stub } from "./utils/client.ts"

/** A transport that records each request and answers `body`. */
const recording = (
  body: { readonly [key: string]: unknown } = { data: { id: "v_1", status: "completed" } }
) => {
  const requests: Array<Request> = []
  const layer = Layer.succeed(HeyGenTransport, {
    execute: (request) =>
      Effect.sync(() => {
        requests.push(request)
        return { status: 200, body, headers: {} }
      })
  })
  return { requests, layer }
}

const avatarVideo = { type: "avatar", avatar_id: "a_1", script: "Hello", voice_id: "v_1" } as const

describe("Operation", () => {
  describe("Idempotency-Key", () => {
    it.effect("every mutation carries a fresh UUID unless given one", () =>
      Effect.gen(function* () {
        const { requests, layer } = recording({ data: { video_id: "v_1", status: "pending" } })
        yield* Videos.create(avatarVideo).pipe(Effect.provide(layer))
        yield* Videos.create(avatarVideo).pipe(Effect.provide(layer))
        yield* Videos.remove("v_1").pipe(Effect.provide(layer), Effect.ignore)
        const [a, b, c] = requests.map((r) => r.idempotencyKey)
        for (const key of [a, b, c])
          assert.match(key ?? "", /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
        assert.notStrictEqual(a, b)
      })
    )

    it.effect("the caller's key is sent as given; reads carry none", () =>
      Effect.gen(function* () {
        const { requests, layer } = recording({ data: { video_id: "v_1", status: "pending" } })
        yield* Videos.create(avatarVideo, { idempotencyKey: "order-42:video.1_a" }).pipe(
          Effect.provide(layer)
        )
        yield* Videos.get("v_1", { idempotencyKey: "ignored" }).pipe(Effect.provide(layer), Effect.ignore)
        assert.deepStrictEqual(
          requests.map((r) => r.idempotencyKey),
          ["order-42:video.1_a", undefined]
        )
      })
    )

    for (const key of ["", "has space", "a/b", "x".repeat(256), "ünïcode"]) {
      it.effect(
        `a key HeyGen would refuse (${JSON.stringify(key.slice(0, 12))}) fails before anything is sent`,
        () =>
          Effect.gen(function* () {
            const { requests, layer } = recording()
            const error = yield* Videos.create(avatarVideo, { idempotencyKey: key }).pipe(
              Effect.provide(layer),
              Effect.flip
            )
            assert.instanceOf(error, HeyGenError.TransportError)
            assert.strictEqual((error as HeyGenError.TransportError).reason, "Encode")
            assert.include(error.message, "Idempotency-Key")
            assert.strictEqual(requests.length, 0)
          })
      )
    }
  })

  describe("timeouts by class", () => {
    it.effect("reads 30 s, writes 120 s, uploads 10 minutes; options.timeout replaces them", () =>
      Effect.gen(function* () {
        const { requests, layer } = recording({
          data: { video_id: "v_1", asset_id: "a", url: "u", mime_type: "m", size_bytes: 1 }
        })
        yield* Effect.ignore(Videos.get("v_1").pipe(Effect.provide(layer)))
        yield* Effect.ignore(Videos.create(avatarVideo).pipe(Effect.provide(layer)))
        yield* Effect.ignore(Assets.create({ file: new Blob(["png"]) }).pipe(Effect.provide(layer)))
        yield* Effect.ignore(Videos.get("v_1", { timeout: "5 seconds" }).pipe(Effect.provide(layer)))
        assert.deepStrictEqual(
          requests.map((r) => Duration.toMillis(r.timeout)),
          [30_000, 120_000, 600_000, 5_000]
        )
        assert.deepStrictEqual(
          requests.map((r) => r.operation.timeout),
          ["read", "write", "upload", "read"]
        )
      })
    )
  })

  describe("input the spec rejects is never sent", () => {
    const rejected: ReadonlyArray<
      readonly [string, () => Effect.Effect<unknown, HeyGenError.HeyGenError, HeyGenTransport>, string]
    > = [
      ["a limit above 100", () => Videos.list({ limit: 101 }), "query at limit"],
      ["a limit of 0", () => Videos.list({ limit: 0 }), "query at limit"],
      ["an empty path parameter", () => Videos.get(""), "path parameter video_id is empty"],
      // A wrong enum value only a cast can write: the generated types already forbid it.
      ["an unknown resolution", () => Videos.create({ ...avatarVideo, resolution: "8k" as "4k" }), "body"]
    ]
    for (const [what, call, message] of rejected) {
      it.effect(what, () =>
        Effect.gen(function* () {
          const { requests, layer } = recording()
          const error = yield* call().pipe(Effect.provide(layer), Effect.flip)
          assert.strictEqual(error._tag, "TransportError")
          assert.include(error.message, message)
          assert.strictEqual(requests.length, 0)
        })
      )
    }
  })

  it.effect("what passes is sent as the caller wrote it: path, query as strings, body as JSON", () =>
    Effect.gen(function* () {
      const { requests, layer } = recording({ data: [], has_more: false, next_token: null })
      yield* Videos.list({ limit: 7, title: "Q3" }).pipe(Effect.provide(layer))
      yield* Videos.create(avatarVideo).pipe(Effect.provide(layer), Effect.ignore)
      yield* Videos.get("v/1 2").pipe(Effect.provide(layer), Effect.ignore)
      assert.deepStrictEqual(requests[0]!.query, { limit: "7", title: "Q3" })
      assert.deepStrictEqual(requests[1]!.body, { _tag: "Json", value: avatarVideo })
      assert.deepStrictEqual(requests[2]!.pathParams, { video_id: "v/1 2" })
      assert.deepStrictEqual(requests[2]!.body, { _tag: "None" })
    })
  )

  it.effect("a multipart body becomes a FormData with the file part", () =>
    Effect.gen(function* () {
      const { requests, layer } = recording({
        data: { asset_id: "a_1", url: "u", mime_type: "image/png", size_bytes: 3 }
      })
      const asset = yield* Assets.create({ file: new File(["png"], "logo.png", { type: "image/png" }) }).pipe(
        Effect.provide(layer)
      )
      assert.strictEqual(asset.asset_id, "a_1")
      const body = requests[0]!.body
      assert.strictEqual(body._tag, "Multipart")
      const file = body._tag === "Multipart" ? body.form.get("file") : null
      assert.instanceOf(file, File)
      assert.strictEqual((file as File).name, "logo.png")
    })
  )

  describe("forward-compatible answers", () => {
    it.effect("a member the spec lacks is kept", () =>
      Effect.gen(function* () {
        const video = yield* Videos.get("v_1").pipe(
          Effect.provide(
            stub({ data: { id: "v_1", status: "completed", sharpness: 0.9, extras: { a: [1] } } })
          )
        )
        assert.strictEqual(video.sharpness, 0.9)
        assert.deepStrictEqual(video.extras, { a: [1] })
      })
    )

    it.effect("an enum value the spec lacks is accepted and typed as a string", () =>
      Effect.gen(function* () {
        const video = yield* Videos.get("v_1").pipe(
          Effect.provide(stub({ data: { id: "v_1", status: "queued_for_gpu" } }))
        )
        const status: "pending" | "processing" | "completed" | "failed" | (string & {}) = video.status
        assert.strictEqual(status, "queued_for_gpu")
      })
    )

    it.effect("a missing required member fails with UnexpectedResponse naming its path", () =>
      Effect.gen(function* () {
        const data = [0, 1, 2].map((i) => ({ id: `v_${i}`, status: "completed" }))
        const { id: _, ...noId } = data[2]!
        const error = yield* Videos.list().pipe(
          Effect.provide(stub({ data: [data[0], data[1], noId], has_more: false }, 200)),
          Effect.flip
        )
        assert.instanceOf(error, HeyGenError.UnexpectedResponse)
        assert.strictEqual((error as HeyGenError.UnexpectedResponse).field, "data[2].id")
        assert.include(error.message, "data[2].id")
      })
    )

    it.effect("...inside a batch's items: data.items[2].item_index", () =>
      Effect.gen(function* () {
        const items = [0, 1, 2].map((i) => ({ item_index: i, status: "completed" }))
        const { item_index: _, ...broken } = items[2]!
        const batch = {
          batch_id: "b",
          status: "completed",
          counts_by_status: {},
          created_at: 1,
          total_items: 3,
          has_more: false,
          items: [items[0], items[1], broken]
        }
        const error = yield* Videos.getBatch("b").pipe(Effect.provide(stub({ data: batch })), Effect.flip)
        assert.strictEqual((error as HeyGenError.UnexpectedResponse).field, "data.items[2].item_index")
      })
    )

    it.effect("an answer without data fails at data", () =>
      Effect.gen(function* () {
        const error = yield* Videos.get("v_1").pipe(Effect.provide(stub({ video: {} })), Effect.flip)
        assert.strictEqual((error as HeyGenError.UnexpectedResponse).field, "data")
      })
    )

    it.effect("an operation the spec gives no answer schema answers its data, whatever it is", () =>
      Effect.gen(function* () {
        const data = yield* Videos.createBatch({ videos: [avatarVideo] }).pipe(
          Effect.provide(stub({ data: { batch_id: "b_1" } }))
        )
        assert.deepStrictEqual(data, { batch_id: "b_1" })
      })
    )

    it.effect("a delete answering { data: {}, error: null } succeeds", () =>
      Effect.gen(function* () {
        const data = yield* Webhooks.removeEndpoint("e_1").pipe(
          Effect.provide(stub({ data: {}, error: null }))
        )
        assert.deepStrictEqual(data, {})
      })
    )
  })

  it("every descriptor is what the generator read from the spec", () => {
    assert.deepStrictEqual(Videos.createOperation.poll, {
      statusPath: "/v3/videos/{video_id}",
      statusField: "data.status",
      idField: "data.video_id",
      terminalOk: ["completed"],
      terminalFail: ["failed"]
    })
    assert.strictEqual(Videos.removeOperation.destructive, true)
    assert.deepStrictEqual(Videos.getOperation.pathParams, ["video_id"])
    assert.strictEqual(Assets.createOperation.bodyKind, "multipart")
    assert.deepStrictEqual(Operation.timeouts.upload, Duration.minutes(10))
  })
})
