/**
 * `AssetUpload.upload` against the emulator on 127.0.0.1 (rules U1–U3, M31): each source
 * kind, the 32 MB switch to the direct-upload flow, the key kept from the upload origin, and a
 * failing stream that leaves nothing completed.
 */

import { assert, describe, it } from "@effect/vitest"
import * as HeyGenClient from "@effect-heygen/core/HeyGenClient"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as AssetUpload from "../src/AssetUpload.ts"
import * as HeyGenTransport from "../src/HeyGenTransport.ts"
import { emulator, paidKey, type Served, state } from "./utils/emulator.ts"

const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13])

const transport = (url: string) =>
  HeyGenTransport.layer.pipe(
    Layer.provide(HeyGenClient.layer({ apiKey: Redacted.make(paidKey), baseUrl: url })),
    Layer.provide(FetchHttpClient.layer)
  )

/** `size` bytes in `chunk`-sized pieces, made as they are read. */
const lazyBytes = (size: number, chunk = 64 * 1024) =>
  Stream.unfold(0, (sent) => {
    if (sent >= size) return Effect.succeed(undefined)
    const next = new Uint8Array(Math.min(chunk, size - sent)).fill(sent % 251)
    return Effect.succeed([next, sent + next.byteLength] as const)
  })

const webStream = (parts: ReadonlyArray<Uint8Array>) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(part)
      controller.close()
    }
  })

/** Nothing that reached the upload origin carried a credential or the key in any header (rule U3). */
const assertNoCredentials = (served: Served) => {
  for (const request of served.seen) {
    assert.isUndefined(request.headers["x-api-key"])
    assert.isUndefined(request.headers.authorization)
    assert.isUndefined(request.headers["idempotency-key"])
    for (const value of Object.values(request.headers)) assert.notInclude(String(value), paidKey)
  }
}

const puts = (served: Served) => served.seen.filter((r) => r.method === "PUT")

describe("AssetUpload.upload", () => {
  it.effect(
    "U2: bytes go multipart: the asset answers, typed, and is stored ready under its name",
    () =>
      Effect.gen(function* () {
        const served = yield* emulator
        const asset = yield* AssetUpload.upload(png, { filename: "logo.png", contentType: "image/png" }).pipe(
          Effect.provide(transport(served.url))
        )
        assert.strictEqual(asset.mime_type, "image/png")
        assert.strictEqual(asset.size_bytes, png.byteLength)
        assert.match(asset.url, /^http:\/\//)
        const stored = (yield* state(served.url)).assets[asset.asset_id]
        assert.strictEqual(stored?.status, "ready")
        assert.strictEqual(stored?.name, "logo.png")
        assert.deepStrictEqual(puts(served), [])
      }).pipe(Effect.scoped),
    120_000
  )

  it.effect(
    "U2: a Blob, a web ReadableStream (with and without size) and an Effect Stream each arrive whole",
    () =>
      Effect.gen(function* () {
        const served = yield* emulator
        const run = (source: AssetUpload.Source<unknown>, size?: number) =>
          AssetUpload.upload(source, {
            filename: "clip.mp4",
            contentType: "video/mp4",
            ...(size === undefined ? {} : { size })
          }).pipe(Effect.provide(transport(served.url)))
        const parts = [new Uint8Array(70_000).fill(1), new Uint8Array(5).fill(2)]
        const answers = [
          yield* run(new Blob(parts, { type: "video/mp4" })),
          yield* run(webStream(parts), 70_005),
          yield* run(webStream(parts)),
          yield* run(Stream.fromIterable(parts), 70_005)
        ]
        const after = yield* state(served.url)
        for (const answer of answers) {
          assert.strictEqual(answer.size_bytes, 70_005)
          assert.strictEqual(after.assets[answer.asset_id]?.size_bytes, 70_005)
          assert.strictEqual(after.assets[answer.asset_id]?.status, "ready")
        }
        assert.strictEqual(new Set(answers.map((a) => a.asset_id)).size, 4)
        assert.deepStrictEqual(puts(served), [])
      }).pipe(Effect.scoped),
    120_000
  )

  it.effect(
    "U2 U3 M31: a file just over 32 MB goes through the direct upload: PUT to the presigned origin without the key, then completed",
    () =>
      Effect.gen(function* () {
        const served = yield* emulator
        const size = AssetUpload.multipartMaxBytes + 1
        const asset = yield* AssetUpload.upload(lazyBytes(size), {
          filename: "talk.mp4",
          contentType: "video/mp4",
          size
        }).pipe(Effect.provide(transport(served.url)))
        assert.strictEqual(asset.size_bytes, size)
        assert.strictEqual(asset.status, "completed")
        const [put, ...more] = puts(served)
        assert.deepStrictEqual(more, [])
        assert.strictEqual(put!.path.split("?")[0], `/uploads/${asset.asset_id}`)
        assert.strictEqual(put!.bytes, size)
        assert.strictEqual(put!.headers["content-type"], "video/mp4")
        assertNoCredentials(served)
        const stored = (yield* state(served.url)).assets[asset.asset_id]
        assert.strictEqual(stored?.status, "ready")
        assert.strictEqual(stored?.upload?.received, size)
      }).pipe(Effect.scoped),
    120_000
  )

  it.effect(
    "U3: the PUT goes over the client's own transport, bare, when the program provides no HttpClient",
    () =>
      Effect.gen(function* () {
        const served = yield* emulator
        const sent: Array<{ readonly url: string; readonly headers: Readonly<Record<string, string>> }> = []
        // The adapter's transport, watched: every request the client's HttpClient sends.
        const watched = Layer.effect(
          HttpClient.HttpClient,
          Effect.map(Effect.service(HttpClient.HttpClient), (client) =>
            HttpClient.tapRequest(client, (request) =>
              Effect.sync(() => sent.push({ url: request.url, headers: request.headers }))
            )
          )
        ).pipe(Layer.provide(FetchHttpClient.layer))
        const layer = HeyGenTransport.layer.pipe(
          Layer.provide(HeyGenClient.layer({ apiKey: Redacted.make(paidKey), baseUrl: served.url })),
          Layer.provide(watched)
        )
        const size = AssetUpload.multipartMaxBytes + 1
        yield* AssetUpload.upload(lazyBytes(size), {
          filename: "watched.mp4",
          contentType: "video/mp4",
          size
        }).pipe(Effect.provide(layer))
        const paths = sent.map((r) => new URL(r.url).pathname.replace(/asset_\w+/, "{id}"))
        assert.deepStrictEqual(paths, [
          "/v3/assets/direct-uploads",
          "/uploads/{id}",
          "/v3/assets/{id}/complete"
        ])
        const put = sent[1]!
        assert.isTrue(put.url.startsWith(served.uploadOrigin))
        assert.deepStrictEqual(Object.keys(put.headers).sort(), ["content-length", "content-type"])
        assertNoCredentials(served)
      }).pipe(Effect.scoped),
    120_000
  )

  it.effect(
    "U2 U3: bytes over 32 MB take the direct upload too, declared by their own length",
    () =>
      Effect.gen(function* () {
        const served = yield* emulator
        const bytes = new Uint8Array(AssetUpload.multipartMaxBytes + 10).fill(7)
        const asset = yield* AssetUpload.upload(bytes, {
          filename: "big.wav",
          contentType: "audio/wav"
        }).pipe(Effect.provide(transport(served.url)))
        assert.strictEqual(asset.size_bytes, bytes.byteLength)
        assert.strictEqual(puts(served).length, 1)
        assert.strictEqual(puts(served)[0]!.bytes, bytes.byteLength)
        assertNoCredentials(served)
      }).pipe(Effect.scoped),
    120_000
  )

  it.effect(
    "U3: a stream that fails midway fails the call with Encode and leaves no completed asset",
    () =>
      Effect.gen(function* () {
        const served = yield* emulator
        const size = AssetUpload.multipartMaxBytes + 1
        const before = Object.keys((yield* state(served.url)).assets)
        const failing = Stream.concat(lazyBytes(1024 * 1024), Stream.fail(new Error("camera unplugged")))
        const error = yield* Effect.flip(
          AssetUpload.upload(failing, { filename: "cut.mp4", contentType: "video/mp4", size }).pipe(
            Effect.provide(transport(served.url))
          )
        )
        assert.strictEqual(error._tag, "TransportError")
        assert.strictEqual(error._tag === "TransportError" && error.reason, "Encode")
        assert.include(error.message, "camera unplugged")
        const after = (yield* state(served.url)).assets
        const added = Object.keys(after).filter((id) => !before.includes(id))
        // The direct upload was created, its bytes never all arrived, and it was never completed.
        assert.strictEqual(added.length, 1)
        assert.strictEqual(after[added[0]!]?.status, "uploading")
        assert.strictEqual(after[added[0]!]?.upload?.received, null)

        // The same through multipart: no asset at all.
        const small = Stream.concat(lazyBytes(1000), Stream.fail(new Error("camera unplugged")))
        const again = yield* Effect.flip(
          AssetUpload.upload(small, { filename: "cut.mp4", contentType: "video/mp4", size: 5000 }).pipe(
            Effect.provide(transport(served.url))
          )
        )
        assert.strictEqual(again._tag === "TransportError" && again.reason, "Encode")
        assert.deepStrictEqual(
          Object.keys((yield* state(served.url)).assets).filter((id) => !before.includes(id)),
          added
        )
      }).pipe(Effect.scoped),
    120_000
  )

  it.effect(
    "U3: a redirect from the upload origin is not followed, a storage error is UnexpectedResponse; neither completes",
    () =>
      Effect.gen(function* () {
        const served = yield* emulator
        const size = AssetUpload.multipartMaxBytes + 1
        const upload = (source: AssetUpload.Source<unknown>) =>
          Effect.flip(
            AssetUpload.upload(source, { filename: "moved.mp4", contentType: "video/mp4", size }).pipe(
              Effect.provide(transport(served.url))
            )
          )
        // Back to the emulator's own upload route, signature and all: followed, it would store the bytes.
        served.script = (path) => ({ status: 307, headers: { location: `${served.url}${path}` }, body: "" })
        // Bytes in memory: a fetch that followed redirects could send them again, there.
        const redirected = yield* upload(new Uint8Array(size))
        assert.strictEqual(redirected._tag, "UnexpectedResponse")
        assert.strictEqual(redirected._tag === "UnexpectedResponse" && redirected.status, 307)
        served.script = () => ({
          status: 403,
          headers: { "content-type": "application/xml" },
          body: "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"
        })
        const refused = yield* upload(lazyBytes(size))
        assert.strictEqual(refused._tag === "UnexpectedResponse" && refused.status, 403)
        assert.include(refused._tag === "UnexpectedResponse" ? refused.bodySnippet : "", "AccessDenied")
        // The presigned URL's signature is a credential too: no message carries it.
        assert.notInclude(refused.message, "Signature=")
        const assets = Object.values((yield* state(served.url)).assets).filter((a) => a.name === "moved.mp4")
        assert.deepStrictEqual(
          assets.map((a) => [a.status, a.upload?.received]),
          [
            ["uploading", null],
            ["uploading", null]
          ]
        )
        assertNoCredentials(served)
      }).pipe(Effect.scoped),
    120_000
  )

  it.effect(
    "U2: a stream past 32 MB without a size fails with Encode before anything reaches HeyGen",
    () =>
      Effect.gen(function* () {
        const served = yield* emulator
        const before = Object.keys((yield* state(served.url)).assets).length
        const error = yield* Effect.flip(
          AssetUpload.upload(lazyBytes(AssetUpload.multipartMaxBytes + 1), {
            filename: "long.mp4",
            contentType: "video/mp4"
          }).pipe(Effect.provide(transport(served.url)))
        )
        assert.strictEqual(error._tag === "TransportError" && error.reason, "Encode")
        assert.include(error.message, "options.size")
        assert.strictEqual(Object.keys((yield* state(served.url)).assets).length, before)
        assert.deepStrictEqual(served.seen, [])
      }).pipe(Effect.scoped),
    120_000
  )

  it.effect(
    "U1: a stream that gives fewer bytes than its size fails with Encode, naming both",
    () =>
      Effect.gen(function* () {
        const served = yield* emulator
        const error = yield* Effect.flip(
          AssetUpload.upload(Stream.fromIterable([png]), {
            filename: "short.png",
            contentType: "image/png",
            size: 100
          }).pipe(Effect.provide(transport(served.url)))
        )
        assert.strictEqual(error._tag === "TransportError" && error.reason, "Encode")
        assert.include(error.message, "gave 12 bytes, not the 100")
      }).pipe(Effect.scoped),
    120_000
  )

  it.effect(
    "a file name with quotes and a line break arrives intact; a content type that could inject a header is refused",
    () =>
      Effect.gen(function* () {
        const served = yield* emulator
        const asset = yield* AssetUpload.upload(png, {
          filename: 'a "quoted"\r\nname.png',
          contentType: "image/png"
        }).pipe(Effect.provide(transport(served.url)))
        assert.strictEqual(
          (yield* state(served.url)).assets[asset.asset_id]?.name,
          // Escaped in the part's head as browsers write it, so the name arrives as it was given.
          'a "quoted"\r\nname.png'
        )
        const error = yield* Effect.flip(
          AssetUpload.upload(png, { filename: "x.png", contentType: "image/png\r\nX-Evil: 1" }).pipe(
            Effect.provide(transport(served.url))
          )
        )
        assert.strictEqual(error._tag === "TransportError" && error.reason, "Encode")
      }).pipe(Effect.scoped),
    120_000
  )
})
