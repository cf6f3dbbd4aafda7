import type * as http from "node:http"
import * as zlib from "node:zlib"
import { assert, describe, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as HeyGenClient from "../src/HeyGenClient.ts"
import { failure, KEY } from "./utils/client.ts"
import { closed, eventually, json, testServer } from "./utils/server.ts"
import { clientOver, transports } from "./utils/transports.ts"

const MiB = 1024 * 1024

/**
 * A 500 whose body is 600 MiB of zeros gzipped twice (`Content-Encoding: gzip, gzip`): about
 * 1 KB on the wire. The inner layer is one gzip member of 1 MiB repeated (gzip allows
 * concatenated members), so building it costs milliseconds, not a 600 MiB compression.
 */
const gzipBomb = () => {
  const member = zlib.gzipSync(Buffer.alloc(MiB))
  return zlib.gzipSync(Buffer.concat(Array.from({ length: 600 }, () => member)), { level: 9 })
}

describe("issue 10.1 compressed error bodies", () => {
  const bomb = gzipBomb()
  for (const [name, transport] of transports) {
    it.live(`D1: a double-gzip bomb error body is read to 64 KiB and decoded, over ${name}`, () =>
      Effect.gen(function* () {
        const server = yield* testServer((_, res) =>
          res
            .writeHead(500, {
              "content-type": "text/plain",
              "content-encoding": "gzip, gzip",
              "content-length": String(bomb.length)
            })
            .end(bomb)
        )
        const client = yield* clientOver(transport, server.url, { retry: false })
        const rss = process.memoryUsage().rss
        const started = Date.now()
        const error = yield* failure(client.listAvatars())
        assert.strictEqual(error?._tag, "InternalError")
        assert.strictEqual(error?._tag === "InternalError" && error.inferred, true)
        assert.isBelow(Date.now() - started, 5000, "decoded quickly")
        assert.isBelow(process.memoryUsage().rss - rss, 200 * MiB, "memory stayed bounded")
      })
    )
  }
})

/** Streams a 200 body of `{"error":null,"data":"xxxx…` without end (or up to `total`), as fast as it drains. */
const endless = (
  res: http.ServerResponse,
  progress: { written: number },
  headers: http.OutgoingHttpHeaders = {}
) => {
  res.writeHead(200, { "content-type": "application/json", ...headers })
  res.write('{"error":null,"data":"')
  const chunk = Buffer.alloc(64 * 1024, "x")
  const pump = () => {
    while (!res.destroyed) {
      progress.written += chunk.length
      if (!res.write(chunk)) return void res.once("drain", pump)
    }
  }
  res.on("error", () => {})
  pump()
}

describe("issue 10.4 success bodies are bounded", () => {
  for (const [name, transport] of transports) {
    it.live(`a 200 body past maxResponseBytes fails with UnexpectedResponse and hangs up, over ${name}`, () =>
      Effect.gen(function* () {
        const progress = { written: 0 }
        let hungUp: Promise<void> | undefined
        const server = yield* testServer((_, res) => {
          hungUp = closed(res)
          endless(res, progress)
        })
        const client = yield* clientOver(transport, server.url, {
          retry: false,
          timeout: "10 seconds",
          maxResponseBytes: MiB
        })
        const error = yield* failure(client.listAvatars())
        assert.strictEqual(error?._tag, "UnexpectedResponse")
        if (error?._tag !== "UnexpectedResponse") return
        assert.strictEqual(error.status, 200)
        assert.include(error.message, "maxResponseBytes")
        assert.isFalse(error.retryable)
        assert.isAtMost(error.bodySnippet.length, 512)
        yield* eventually(hungUp!, "the server seeing the connection close")
        assert.isBelow(progress.written, 64 * MiB, "the body was not read to the end")
      })
    )

    it.live(`a declared Content-Length past the bound fails before reading, over ${name}`, () =>
      Effect.gen(function* () {
        let hungUp: Promise<void> | undefined
        const server = yield* testServer((_, res) => {
          hungUp = closed(res)
          // Headers promise 300 MB; then nothing: the client must not wait for it.
          res.writeHead(200, { "content-type": "application/json", "content-length": String(300 * MiB) })
          res.write('{"error":null,')
        })
        const client = yield* clientOver(transport, server.url, { retry: false, timeout: "10 seconds" })
        const started = Date.now()
        const error = yield* failure(client.listAvatars())
        assert.strictEqual(error?._tag, "UnexpectedResponse")
        assert.include(error?.message, "maxResponseBytes")
        assert.isBelow(Date.now() - started, 5000)
        yield* eventually(hungUp!, "the server seeing the connection close")
      })
    )
  }

  it.live("a gzip bomb 200 is cut at the bound too (fetch inflates it)", () =>
    Effect.gen(function* () {
      const bomb = gzipBomb()
      const server = yield* testServer((_, res) =>
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip, gzip" }).end(bomb)
      )
      const client = yield* clientOver(transports[0]![1], server.url, { retry: false })
      const rss = process.memoryUsage().rss
      const error = yield* failure(client.listAvatars())
      assert.strictEqual(error?._tag, "UnexpectedResponse")
      assert.include(error?.message, "maxResponseBytes")
      assert.isBelow(process.memoryUsage().rss - rss, 200 * MiB)
    })
  )

  it.live("HEYGEN_MAX_RESPONSE_BYTES sets the bound; a body within it succeeds", () =>
    Effect.gen(function* () {
      const size = { bytes: 0 }
      const server = yield* testServer((_, res) => {
        const body = JSON.stringify({
          error: null,
          data: { remaining_quota: 1, pad: "x".repeat(size.bytes) }
        })
        res.writeHead(200, { "content-type": "application/json" }).end(body)
      })
      const env = { HEYGEN_API_KEY: KEY, HEYGEN_BASE_URL: server.url, HEYGEN_MAX_RESPONSE_BYTES: "2048" }
      const context = yield* Layer.build(
        HeyGenClient.HeyGenClient.layerConfig().pipe(
          Layer.provide(FetchHttpClient.layer),
          Layer.provide(Layer.succeed(ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env })))
        )
      )
      const call = Context.get(context, HeyGenClient.HeyGenClient).getRemainingQuota({ retry: false })
      size.bytes = 1000
      assert.strictEqual((yield* call).remaining_quota, 1)
      size.bytes = 3000
      const error = yield* failure(call)
      assert.strictEqual(error?._tag, "UnexpectedResponse")
      assert.include(error?.message, "2048")
    })
  )
})

describe("issue 10.2 redirects never carry the key", () => {
  for (const [name, transport] of transports) {
    it.live(
      `S1: a 3xx is an UnexpectedResponse, never followed, to another origin or the same, over ${name}`,
      () =>
        Effect.gen(function* () {
          const other = yield* testServer((_, res) => json(res, 200, { error: null, data: { avatars: [] } }))
          let location = ""
          const origin = yield* testServer((req, res) => {
            if (req.url.pathname !== "/v2/avatars")
              return json(res, 200, { error: null, data: { avatars: [] } })
            res.writeHead(Number(req.url.searchParams.get("status") ?? 307), { location }).end()
          })
          const client = yield* clientOver(transport, origin.url, { retry: false })
          for (const status of [307, 302, 301, 303, 308]) {
            for (const target of [`${other.url}/v2/avatars`, `${origin.url}/elsewhere`]) {
              location = target
              const error = yield* failure(
                client.request({
                  method: status === 303 ? "POST" : "GET",
                  path: "/v2/avatars",
                  query: { status },
                  success: Schema.Unknown
                })
              )
              assert.strictEqual(error?._tag, "UnexpectedResponse", `${status} → ${target}`)
              assert.strictEqual(error?._tag === "UnexpectedResponse" && error.status, status)
              assert.isFalse(error?.retryable)
            }
          }
          assert.strictEqual(other.requests.length, 0, "the other origin received nothing")
          assert.deepStrictEqual(
            origin.requests.map((r) => r.url.pathname),
            Array.from({ length: 10 }, () => "/v2/avatars"),
            "the same origin's target was not requested either"
          )
        })
    )
  }

  it.live("S1: a RequestInit the caller provides keeps its settings, but never follows", () =>
    Effect.gen(function* () {
      const other = yield* testServer((_, res) => json(res, 200, { error: null, data: {} }))
      const origin = yield* testServer((_, res) => res.writeHead(307, { location: `${other.url}/x` }).end())
      const client = yield* clientOver(transports[0]![1], origin.url, { retry: false })
      const seen: Array<RequestInit | undefined> = []
      const recording: typeof globalThis.fetch = (input, init) => {
        seen.push(init)
        return globalThis.fetch(input, init)
      }
      const error = yield* failure(
        client
          .request({ method: "GET", path: "/v2/avatars", success: Schema.Unknown })
          .pipe(
            Effect.provideService(FetchHttpClient.RequestInit, { redirect: "follow", cache: "no-store" }),
            Effect.provideService(FetchHttpClient.Fetch, recording)
          )
      )
      assert.strictEqual(error?._tag === "UnexpectedResponse" && error.status, 307)
      assert.strictEqual(other.requests.length, 0)
      assert.deepStrictEqual([seen[0]?.redirect, seen[0]?.cache], ["manual", "no-store"])
    })
  )
})
