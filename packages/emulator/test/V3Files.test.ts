import { assert, describe, it } from "@effect/vitest"
import * as Assets from "@effect-heygen/api/Assets"
import * as Videos from "@effect-heygen/api/Videos"
import * as Effect from "effect/Effect"
import { ids, keys } from "../src/Fixtures.ts"
import { hex, sha256 } from "../src/internal/sha256.ts"
import { control, raw, serveEmulator } from "./utils/emulator.ts"
import { as } from "./utils/v3.ts"

const say: Videos.CreateBody = {
  type: "avatar",
  avatar_id: ids.publicAvatar,
  voice_id: ids.publicVoice,
  script: "Files, please.",
  caption: {}
}
const advance = (url: string, ms: number) =>
  control(url, "/__emulator/clock", { method: "POST", body: { advance_ms: ms } })

/** A GET as storage sees it: no API key. */
const download = (url: string) =>
  Effect.promise(async () => {
    const response = await fetch(url)
    const bytes = new Uint8Array(await response.arrayBuffer())
    return {
      status: response.status,
      headers: response.headers,
      bytes,
      text: new TextDecoder().decode(bytes)
    }
  })

const finished = (url: string) =>
  Effect.gen(function* () {
    const run = as(url, keys.paid)
    const { video_id } = yield* run(Videos.create(say))
    yield* advance(url, 31_000)
    return { run, video_id, video: yield* run(Videos.get(video_id)) }
  })

describe("M31: finished jobs' files are served by the emulator, presigned, as object storage serves them", () => {
  it.effect(
    "each file downloads without the API key, from the emulator's own origin, with its type and length",
    () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator()
        const { video } = yield* finished(url)
        const expected: ReadonlyArray<readonly [string | null | undefined, string]> = [
          [video.video_url, "video/mp4"],
          [video.captioned_video_url, "video/mp4"],
          [video.thumbnail_url, "image/jpeg"],
          [video.subtitle_url, "application/x-subrip"]
        ]
        for (const [file, type] of expected) {
          assert.isTrue(file?.startsWith(`${url}/files/`), file ?? "")
          assert.match(file ?? "", /\?Expires=\d+&Signature=[\w-]+$/)
          const answer = yield* download(file!)
          assert.strictEqual(answer.status, 200, answer.text)
          assert.strictEqual(answer.headers.get("content-type"), type)
          assert.strictEqual(Number(answer.headers.get("content-length")), answer.bytes.length)
          assert.isAbove(answer.bytes.length, 0)
        }
        const mp4 = yield* download(video.video_url!)
        assert.strictEqual(new TextDecoder().decode(mp4.bytes.slice(4, 8)), "ftyp")
        const jpeg = yield* download(video.thumbnail_url!)
        assert.deepStrictEqual([...jpeg.bytes.slice(0, 2)], [0xff, 0xd8])
        // Deterministic: the same file is the same bytes.
        assert.strictEqual(hex(sha256((yield* download(video.video_url!)).bytes)), hex(sha256(mp4.bytes)))
      })
  )

  it.effect(
    "an expired URL is 403 with storage's XML error, not HeyGen's envelope; reading the video again signs fresh ones",
    () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator()
        const { run, video_id, video } = yield* finished(url)
        yield* advance(url, 7 * 24 * 3600 * 1000 + 2000)
        const expired = yield* download(video.video_url!)
        assert.strictEqual(expired.status, 403)
        assert.strictEqual(expired.headers.get("content-type"), "application/xml")
        assert.include(expired.text, "<Code>AccessDenied</Code>")
        assert.include(expired.text, "Request has expired")
        assert.notInclude(expired.text, '"error"')
        const fresh = yield* run(Videos.get(video_id))
        assert.notStrictEqual(fresh.video_url, video.video_url)
        assert.strictEqual((yield* download(fresh.video_url!)).status, 200)
      })
  )

  it.effect(
    "a tampered URL — signature, expiry or path changed, or no signature — is 403 SignatureDoesNotMatch or AccessDenied",
    () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator()
        const { video } = yield* finished(url)
        const file = new URL(video.video_url!)
        const signature = file.searchParams.get("Signature")!
        const tampered = [
          video.video_url!.replace(signature, `${signature.slice(0, -2)}AA`),
          video.video_url!.replace(/Expires=(\d+)/, (_, n: string) => `Expires=${Number(n) + 3600}`),
          video.video_url!.replace(/\.mp4\?/, ".webm?"),
          video.video_url!.replace(file.pathname, `/files/${ids.otherVideo}.mp4`)
        ]
        for (const forged of tampered) {
          const answer = yield* download(forged)
          assert.strictEqual(answer.status, 403, forged)
          assert.include(answer.text, "<Code>SignatureDoesNotMatch</Code>")
        }
        const unsigned = yield* download(`${url}${file.pathname}`)
        assert.strictEqual(unsigned.status, 403)
        assert.include(unsigned.text, "<Code>AccessDenied</Code>")
      })
  )

  it.effect("the legacy v1 status serves the same files", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      const { video_id } = yield* finished(url)
      const status = yield* raw(url, `/v1/video_status.get?video_id=${video_id}`, {
        headers: { "x-api-key": keys.paid }
      })
      const file = (status.json as { data: { video_url: string } }).data.video_url
      assert.strictEqual((yield* download(file)).status, 200)
    })
  )
})

describe("M31: direct uploads go to the emulator's presigned URL, bounded and checked", () => {
  const start = (url: string, size: number, checksum?: string) =>
    as(
      url,
      keys.paid
    )(
      Assets.createDirectUpload({
        filename: "clip.mp4",
        content_type: "video/mp4",
        size_bytes: size,
        ...(checksum === undefined ? {} : { checksum_sha256: checksum })
      })
    )
  const put = (target: string, bytes: Uint8Array<ArrayBuffer>, contentType = "video/mp4") =>
    Effect.promise(async () => {
      const response = await fetch(target, {
        method: "PUT",
        headers: { "content-type": contentType },
        body: bytes
      })
      return { status: response.status, text: await response.text() }
    })

  it.effect("create, PUT the bytes, complete: the asset is ready and usable; its checksum is checked", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      const bytes = new Uint8Array([1, 2, 3, 4])
      const upload = yield* start(url, 4, hex(sha256(bytes)))
      assert.isTrue(upload.upload_url.startsWith(`${url}/uploads/`))
      assert.deepStrictEqual(upload.upload_headers, { "Content-Type": "video/mp4" })
      const early = yield* Effect.flip(as(url, keys.paid)(Assets.complete(upload.asset_id, {})))
      assert.strictEqual(early?._tag === "InvalidParameter" && early.param, "asset_id")
      assert.strictEqual(
        (yield* Effect.flip(as(url, keys.paid)(Assets.get(upload.asset_id))))?._tag,
        "AssetNotFound"
      )
      assert.strictEqual((yield* put(upload.upload_url, bytes)).status, 200)
      const done = yield* as(url, keys.paid)(Assets.complete(upload.asset_id, {}))
      assert.strictEqual(done.size_bytes, 4)
      assert.strictEqual((yield* as(url, keys.paid)(Assets.get(upload.asset_id))).id, upload.asset_id)

      const wrong = yield* start(url, 4, "0".repeat(64))
      yield* put(wrong.upload_url, bytes)
      const mismatch = yield* Effect.flip(as(url, keys.paid)(Assets.complete(wrong.asset_id, {})))
      assert.strictEqual(mismatch?._tag === "InvalidParameter" && mismatch.param, "checksum_sha256")
    })
  )

  it.effect(
    "bytes over the declared size, of another type, or after expiry are refused as storage refuses them",
    () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator()
        const upload = yield* start(url, 4)
        const large = yield* put(upload.upload_url, new Uint8Array(5))
        assert.strictEqual(large.status, 400)
        assert.include(large.text, "<Code>EntityTooLarge</Code>")
        const short = yield* put(upload.upload_url, new Uint8Array(3))
        assert.include(short.text, "<Code>IncompleteBody</Code>")
        const typed = yield* put(upload.upload_url, new Uint8Array(4), "image/png")
        assert.strictEqual(typed.status, 403)
        const tooBig = yield* Effect.flip(start(url, 11 * 1024 * 1024))
        assert.strictEqual(tooBig?._tag === "InvalidParameter" && tooBig.param, "size_bytes")
        yield* advance(url, 3601_000)
        const late = yield* put(upload.upload_url, new Uint8Array(4))
        assert.strictEqual(late.status, 403)
        assert.include(late.text, "Request has expired")
      })
  )
})
