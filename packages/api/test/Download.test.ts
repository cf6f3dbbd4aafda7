import { assert, describe, it } from "@effect/vitest"
import { serveNode } from "@effect-heygen/harness/node"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as fc from "fast-check"
import * as Download from "../src/Download.ts"
import type * as Videos from "../src/Videos.ts"
import { transport } from "./utils/client.ts"
import { until } from "./utils/clock.ts"
import { apiKey, replayServer } from "./utils/replay.ts"

const bytes = (n: number, seed = 7) => {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed) & 0xff
  return out
}

const storageError = (res: import("node:http").ServerResponse, status: number) =>
  res
    .writeHead(status, { "content-type": "application/xml" })
    .end("<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>")

/** The API (a replay server) serving the video `v_1` whose `video_url` is `fresh()` each read. */
const api = (fresh: () => string | null) =>
  replayServer(() => ({ body: { data: { id: "v_1", status: "completed", video_url: fresh() } } }))

const collect = (stream: Stream.Stream<Uint8Array, unknown, never>) =>
  Effect.map(Stream.runCollect(stream), (chunks) => {
    const all = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0))
    let at = 0
    for (const c of chunks) {
      all.set(c, at)
      at += c.byteLength
    }
    return { all, sizes: chunks.map((c) => c.byteLength) }
  })

describe("Download (J4–J6)", () => {
  it.effect(
    "J4, J5: an expired URL is refreshed once by reading the video again; storage never sees the API key",
    () =>
      Effect.gen(function* () {
        const file = bytes(300_000)
        const storage = yield* serveNode((request, res) => {
          if (request.url.searchParams.get("Signature") !== "fresh") return storageError(res, 403)
          res.writeHead(200, { "content-type": "video/mp4", "content-length": String(file.length) }).end(file)
        })
        const server = yield* api(() => `${storage.url}/files/v_1.mp4?Expires=2&Signature=fresh`)
        const stale: Videos.Video = {
          id: "v_1",
          status: "completed",
          video_url: `${storage.url}/files/v_1.mp4?Expires=1&Signature=stale`
        }
        const { all } = yield* collect(
          Download.download(stale, { variant: "video" }).pipe(Stream.provide(transport(server.url)))
        )
        assert.deepStrictEqual(all, file)
        assert.deepStrictEqual(
          storage.requests.map((r) => r.url.searchParams.get("Signature")),
          ["stale", "fresh"]
        )
        assert.deepStrictEqual(
          server.requests.map((r) => `${r.method} ${r.url.pathname}`),
          ["GET /v3/videos/v_1"]
        )
        // The API got the key; storage got none of it, in any header.
        assert.strictEqual(server.requests[0]!.headers["x-api-key"], apiKey)
        for (const request of storage.requests) {
          assert.isUndefined(request.headers["x-api-key"])
          assert.isUndefined(request.headers.authorization)
          assert.notInclude(JSON.stringify(request.headers), apiKey)
        }
      }).pipe(Effect.scoped)
  )

  it.effect("J5: refused again after the refresh, it fails typed — once, and without the signature", () =>
    Effect.gen(function* () {
      const storage = yield* serveNode((_, res) => storageError(res, 403))
      const server = yield* api(() => `${storage.url}/files/v_1.mp4?Expires=2&Signature=secret-sig`)
      const error = yield* Effect.flip(
        Stream.runDrain(
          Download.download(
            { id: "v_1", status: "completed", video_url: `${storage.url}/files/v_1.mp4?Signature=old-sig` },
            { variant: "video" }
          )
        ).pipe(Effect.provide(transport(server.url)))
      )
      assert.strictEqual(error._tag, "DownloadError")
      if (error._tag !== "DownloadError") return
      assert.strictEqual(error.reason, "Status")
      assert.strictEqual(error.status, 403)
      assert.isTrue(error.refreshed)
      assert.isTrue(Download.isDownloadError(error))
      assert.strictEqual(error.file, `${storage.url}/files/v_1.mp4`)
      assert.notInclude(JSON.stringify(error), "sig")
      assert.notInclude(error.message, "sig")
      assert.strictEqual(storage.requests.length, 2)
      assert.strictEqual(server.requests.length, 1)
    }).pipe(Effect.scoped)
  )

  it.effect("J5: a 404 from storage is not refreshed; a file the video lacks even read again is NoUrl", () =>
    Effect.gen(function* () {
      const storage = yield* serveNode((_, res) => storageError(res, 404))
      const server = yield* api(() => null)
      const missing = yield* Effect.flip(
        Stream.runDrain(
          Download.download(
            { id: "v_1", status: "completed", video_url: `${storage.url}/files/gone.mp4` },
            { variant: "video" }
          )
        ).pipe(Effect.provide(transport(server.url)))
      )
      assert.deepStrictEqual(
        [missing._tag, (missing as Download.DownloadError).status],
        ["DownloadError", 404]
      )
      assert.strictEqual(server.requests.length, 0)
      const none = yield* Effect.flip(
        Stream.runDrain(Download.download({ id: "v_1", status: "completed" }, { variant: "gif" })).pipe(
          Effect.provide(transport(server.url))
        )
      )
      assert.strictEqual((none as Download.DownloadError).reason, "NoUrl")
      assert.strictEqual(server.requests.length, 1)
    }).pipe(Effect.scoped)
  )

  it.effect("J6: chunks are at most chunkSize bytes (views, not copies), whatever the server writes", () =>
    Effect.gen(function* () {
      const file = bytes(1024 * 1024 + 5)
      const storage = yield* serveNode((_, res) => res.writeHead(200).end(file))
      const big = yield* collect(Download.fromUrl(`${storage.url}/big`))
      assert.deepStrictEqual(big.all, file)
      assert.isAtMost(Math.max(...big.sizes), 64 * 1024)
      const small = yield* collect(Download.fromUrl(`${storage.url}/big`, { chunkSize: 1000 }))
      assert.deepStrictEqual(small.all, file)
      assert.isAtMost(Math.max(...small.sizes), 1000)
      const tooLarge = yield* Effect.flip(
        Stream.runDrain(Download.fromUrl(`${storage.url}/big`, { maxBytes: 1000 }))
      )
      assert.strictEqual(tooLarge.reason, "TooLarge")
    }).pipe(Effect.scoped)
  )

  it.effect("J4: a GET that got no answer is sent again, twice at most; then it fails with Connection", () =>
    Effect.gen(function* () {
      const file = bytes(5000)
      let hangUps = 0
      let requests = 0
      const storage = yield* serveNode((_, res) => {
        requests++
        // The first `hangUps` requests lose their connection before any answer.
        if (requests <= hangUps) return void res.destroy()
        res.writeHead(200).end(file)
      })
      hangUps = 2
      const got = yield* collect(Download.fromUrl(`${storage.url}/f`))
      assert.deepStrictEqual(got.all, file)
      assert.strictEqual(requests, 3)
      requests = 0
      hangUps = 10
      const error = yield* Effect.flip(Stream.runDrain(Download.fromUrl(`${storage.url}/f`)))
      assert.strictEqual(error.reason, "Connection")
      assert.strictEqual(requests, 3)
    }).pipe(Effect.scoped)
  )

  it.effect("J6: a body that breaks off midway fails with Body; taking part of it cancels the rest", () =>
    Effect.gen(function* () {
      let open = 0
      const storage = yield* serveNode((request, res) => {
        open++
        res.once("close", () => open--)
        res.writeHead(200, { "content-length": "1000000" })
        // `/broken` is cut once its first 100 KB have left, a tenth of what it declared.
        res.write(bytes(100_000), () => {
          if (request.url.pathname === "/broken") res.destroy()
        })
        // `/endless` never finishes: only the client's cancel ends it.
      })
      const broken = yield* Effect.flip(Stream.runDrain(Download.fromUrl(`${storage.url}/broken`)))
      assert.strictEqual(broken.reason, "Body")
      const first = yield* Stream.runCollect(Stream.take(Download.fromUrl(`${storage.url}/endless`), 1))
      assert.strictEqual(first.length, 1)
      yield* until(() => open === 0, "the endless download's connection to close")
    }).pipe(Effect.scoped)
  )

  it.effect(
    "J6 (property): whatever chunks the server writes, the bytes come back whole, in chunks of 1 to chunkSize",
    () =>
      Effect.gen(function* () {
        // The server writes the body as the case says: these sizes, one write each, flushed apart.
        let plan: ReadonlyArray<number> = []
        const storage = yield* serveNode(async (_, res) => {
          res.writeHead(200)
          let at = 0
          for (const size of plan) {
            res.write(bytes(size, at))
            at += size
            await new Promise((resolve) => setImmediate(resolve))
          }
          res.end()
        })
        yield* Effect.promise(() =>
          fc.assert(
            fc.asyncProperty(
              fc.array(fc.integer({ min: 0, max: 150_000 }), { maxLength: 12 }),
              fc.integer({ min: 1, max: 100_000 }),
              async (sizes, chunkSize) => {
                plan = sizes
                const { all, sizes: got } = await Effect.runPromise(
                  collect(Download.fromUrl(`${storage.url}/f`, { chunkSize }))
                )
                let at = 0
                const expected = new Uint8Array(sizes.reduce((n, s) => n + s, 0))
                for (const size of sizes) {
                  expected.set(bytes(size, at), at)
                  at += size
                }
                assert.deepStrictEqual(all, expected)
                for (const size of got) assert.isTrue(size >= 1 && size <= chunkSize, `a chunk of ${size}`)
              }
            ),
            { numRuns: 25, seed: 14 }
          )
        )
      }).pipe(Effect.scoped)
  )
})
