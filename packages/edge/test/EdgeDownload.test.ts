import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import * as Emulator from "@effect-heygen/emulator/Emulator"
import { ids, keys } from "@effect-heygen/emulator/Fixtures"
import { controlToken } from "@effect-heygen/harness/adapter"
import { serveWeb } from "@effect-heygen/harness/node"
import { bundle, freePort, startWorkerd, tempDir } from "@effect-heygen/harness/workerd"
import * as Effect from "effect/Effect"

/** The emulator on Node, and workerd running a worker that passes its files through. */
const setup = Effect.gen(function* () {
  const dir = tempDir()
  yield* Effect.promise(() =>
    bundle(
      path.resolve(import.meta.dirname, "fixtures/download-worker.ts"),
      path.join(dir, "download-worker.js")
    )
  )
  // File URLs must name the server's port (serveWeb's requests do not): `publicUrl`, known once it listens.
  const upstream = yield* Effect.acquireRelease(
    Effect.promise(async () => {
      let handler: (request: Request) => Promise<Response> = async () => new Response(null, { status: 503 })
      const served = await serveWeb((request) => handler(request))
      handler = await Emulator.toWebHandler({ control: true, controlToken, publicUrl: served.url })
      return served
    }),
    (served) => Effect.promise(served.close)
  )
  const port = yield* Effect.promise(freePort)
  yield* Effect.acquireRelease(
    Effect.promise(() =>
      startWorkerd(
        [
          {
            name: "download",
            script: "download-worker.js",
            port,
            bindings: { HEYGEN_API_KEY: keys.paid, HEYGEN_BASE_URL: upstream.url }
          }
        ],
        dir
      )
    ),
    (workerd) => Effect.sync(() => workerd.stop())
  )
  const call = (route: string, init: RequestInit = {}) =>
    Effect.promise(async () => {
      const response = await fetch(upstream.url + route, {
        ...init,
        headers: {
          "x-api-key": keys.paid,
          "x-emulator-token": controlToken,
          "content-type": "application/json",
          ...init.headers
        }
      })
      return (await response.json()) as { data: Record<string, string> }
    })
  const advance = (ms: number) =>
    call("/__emulator/clock", { method: "POST", body: JSON.stringify({ advance_ms: ms }) })
  return { worker: `http://127.0.0.1:${port}`, call, advance }
})

const bytesOf = (url: string) =>
  Effect.promise(async () => {
    const response = await fetch(url)
    return {
      status: response.status,
      type: response.headers.get("content-type"),
      bytes: new Uint8Array(await response.arrayBuffer())
    }
  })

describe("EdgeDownload.toResponse in a real workerd (J5, J6)", () => {
  it.live(
    "a finished video's file passes through the worker; an expired URL is refreshed; a failure before the first byte is the worker's own answer",
    () =>
      Effect.gen(function* () {
        const { worker, call, advance } = yield* setup
        const created = yield* call("/v3/videos", {
          method: "POST",
          body: JSON.stringify({
            type: "avatar",
            avatar_id: ids.publicAvatar,
            voice_id: ids.publicVoice,
            script: "Through the edge."
          })
        })
        const id = created.data.video_id!
        yield* advance(31_000)
        const video = (yield* call(`/v3/videos/${id}`)).data
        const direct = yield* bytesOf(video.video_url!)
        assert.strictEqual(direct.status, 200)

        const passed = yield* bytesOf(`${worker}/download?id=${id}`)
        assert.strictEqual(passed.status, 200)
        assert.strictEqual(passed.type, "video/mp4")
        assert.deepStrictEqual(passed.bytes, direct.bytes)

        // A week later the URL the worker is given has expired: it reads the video again.
        yield* advance(7 * 24 * 3600 * 1000 + 2_000)
        assert.strictEqual((yield* bytesOf(video.video_url!)).status, 403)
        const refreshed = yield* bytesOf(
          `${worker}/download-stale?id=${id}&url=${encodeURIComponent(video.video_url!)}`
        )
        assert.strictEqual(refreshed.status, 200)
        assert.deepStrictEqual(refreshed.bytes, direct.bytes)

        // Refused, and the video cannot be read again: no 200 with a broken body.
        const failed = yield* bytesOf(
          `${worker}/download-stale?id=nope&url=${encodeURIComponent(video.video_url!)}`
        )
        assert.strictEqual(failed.status, 502)
        assert.include(new TextDecoder().decode(failed.bytes), "VideoNotFound")
      }).pipe(Effect.scoped),
    60_000
  )
})
