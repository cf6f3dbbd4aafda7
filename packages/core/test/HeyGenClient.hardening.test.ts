import type * as http from "node:http"
import * as zlib from "node:zlib"
import { assert, describe, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Tracer from "effect/Tracer"
import type * as HeyGenApi from "../src/HeyGenApi.ts"
import * as HeyGenClient from "../src/HeyGenClient.ts"
import { KEY } from "./utils/client.ts"
import { closed, eventually, heygenError, json, serveNode } from "./utils/server.ts"
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

describe("issue 10.1 compressed error bodies (D1)", () => {
  const bomb = gzipBomb()
  for (const [name, transport] of transports) {
    it.live(`D1: a double-gzip bomb error body is read to 64 KiB and decoded, over ${name}`, () =>
      Effect.gen(function* () {
        const server = yield* serveNode((_, res) =>
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
        const error = yield* Effect.flip(client.listAvatars())
        assert.strictEqual(error._tag, "InternalError")
        assert.strictEqual(error._tag === "InternalError" && error.inferred, true)
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

describe("issue 10.4 success bodies are bounded (D11)", () => {
  for (const [name, transport] of transports) {
    it.live(`a 200 body past maxResponseBytes fails with UnexpectedResponse and hangs up, over ${name}`, () =>
      Effect.gen(function* () {
        const progress = { written: 0 }
        let hungUp: Promise<void> | undefined
        const server = yield* serveNode((_, res) => {
          hungUp = closed(res)
          endless(res, progress)
        })
        const client = yield* clientOver(transport, server.url, {
          retry: false,
          timeout: "10 seconds",
          maxResponseBytes: MiB
        })
        const error = yield* Effect.flip(client.listAvatars())
        assert.strictEqual(error._tag, "UnexpectedResponse")
        if (error._tag !== "UnexpectedResponse") return
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
        const server = yield* serveNode((_, res) => {
          hungUp = closed(res)
          // Headers promise 300 MB; then nothing: the client must not wait for it.
          res.writeHead(200, { "content-type": "application/json", "content-length": String(300 * MiB) })
          res.write('{"error":null,')
        })
        const client = yield* clientOver(transport, server.url, { retry: false, timeout: "10 seconds" })
        const started = Date.now()
        const error = yield* Effect.flip(client.listAvatars())
        assert.strictEqual(error._tag, "UnexpectedResponse")
        assert.include(error.message, "maxResponseBytes")
        assert.isBelow(Date.now() - started, 5000)
        yield* eventually(hungUp!, "the server seeing the connection close")
      })
    )
  }

  it.live("a gzip bomb 200 is cut at the bound too (fetch inflates it)", () =>
    Effect.gen(function* () {
      const bomb = gzipBomb()
      const server = yield* serveNode((_, res) =>
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip, gzip" }).end(bomb)
      )
      const client = yield* clientOver(transports[0]![1], server.url, { retry: false })
      const rss = process.memoryUsage().rss
      const error = yield* Effect.flip(client.listAvatars())
      assert.strictEqual(error._tag, "UnexpectedResponse")
      assert.include(error.message, "maxResponseBytes")
      assert.isBelow(process.memoryUsage().rss - rss, 200 * MiB)
    })
  )

  it.live("HEYGEN_MAX_RESPONSE_BYTES sets the bound; a body within it succeeds", () =>
    Effect.gen(function* () {
      const size = { bytes: 0 }
      const server = yield* serveNode((_, res) => {
        const body = JSON.stringify({
          error: null,
          data: { remaining_quota: 1, pad: "x".repeat(size.bytes) }
        })
        res.writeHead(200, { "content-type": "application/json" }).end(body)
      })
      const env = { HEYGEN_API_KEY: KEY, HEYGEN_BASE_URL: server.url, HEYGEN_MAX_RESPONSE_BYTES: "2048" }
      const context = yield* Layer.build(
        HeyGenClient.layerConfig().pipe(
          Layer.provide(FetchHttpClient.layer),
          Layer.provide(Layer.succeed(ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env })))
        )
      )
      const call = Context.get(context, HeyGenClient.HeyGenClient).getRemainingQuota({ retry: false })
      size.bytes = 1000
      assert.strictEqual((yield* call).remaining_quota, 1)
      size.bytes = 3000
      const error = yield* Effect.flip(call)
      assert.strictEqual(error._tag, "UnexpectedResponse")
      assert.include(error.message, "2048")
    })
  )
})

describe("issue 10.2 redirects never carry the key (S3)", () => {
  for (const [name, transport] of transports) {
    it.live(
      `S1: a 3xx is an UnexpectedResponse, never followed, to another origin or the same, over ${name}`,
      () =>
        Effect.gen(function* () {
          const other = yield* serveNode((_, res) => json(res, 200, { error: null, data: { avatars: [] } }))
          let location = ""
          const origin = yield* serveNode((req, res) => {
            if (req.url.pathname !== "/v2/avatars")
              return json(res, 200, { error: null, data: { avatars: [] } })
            res.writeHead(Number(req.url.searchParams.get("status") ?? 307), { location }).end()
          })
          const client = yield* clientOver(transport, origin.url, { retry: false })
          for (const status of [307, 302, 301, 303, 308]) {
            for (const target of [`${other.url}/v2/avatars`, `${origin.url}/elsewhere`]) {
              location = target
              const error = yield* Effect.flip(
                client.request({
                  method: status === 303 ? "POST" : "GET",
                  path: "/v2/avatars",
                  query: { status },
                  success: Schema.Unknown
                })
              )
              assert.strictEqual(error._tag, "UnexpectedResponse", `${status} → ${target}`)
              assert.strictEqual(error._tag === "UnexpectedResponse" && error.status, status)
              assert.isFalse(error.retryable)
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
      const other = yield* serveNode((_, res) => json(res, 200, { error: null, data: {} }))
      const origin = yield* serveNode((_, res) => res.writeHead(307, { location: `${other.url}/x` }).end())
      const client = yield* clientOver(transports[0]![1], origin.url, { retry: false })
      const seen: Array<RequestInit | undefined> = []
      const recording: typeof globalThis.fetch = (input, init) => {
        seen.push(init)
        return globalThis.fetch(input, init)
      }
      const error = yield* Effect.flip(
        client
          .request({ method: "GET", path: "/v2/avatars", success: Schema.Unknown })
          .pipe(
            Effect.provideService(FetchHttpClient.RequestInit, { redirect: "follow", cache: "no-store" }),
            Effect.provideService(FetchHttpClient.Fetch, recording)
          )
      )
      assert.strictEqual(error._tag === "UnexpectedResponse" && error.status, 307)
      assert.strictEqual(other.requests.length, 0)
      assert.deepStrictEqual([seen[0]?.redirect, seen[0]?.cache], ["manual", "no-store"])
    })
  )
})

const videoInput: HeyGenApi.VideoGenerateRequest = {
  video_inputs: [
    {
      character: { type: "avatar", avatar_id: "a" },
      voice: { type: "text", voice_id: "v", input_text: "Hi" }
    }
  ]
}
const created = { error: null, data: { video_id: "vid" } }

/** Counts the attempts a program makes (its `RetryPolicy.attempt` spans). */
const countingAttempts = () => {
  const counter = { attempts: 0 }
  const tracer = Tracer.make({
    span: (options) => {
      if (options.name === "RetryPolicy.attempt") counter.attempts++
      return new Tracer.NativeSpan(options)
    }
  })
  return { counter, trace: Effect.provideService(Tracer.Tracer, tracer) }
}

describe("issue 10.7 retries never double-charge (R4, C3)", () => {
  for (const [name, transport] of transports) {
    it.live(
      `R4: generateVideo whose response is dropped after the request was read is not retried, over ${name}`,
      () =>
        Effect.gen(function* () {
          const server = yield* serveNode((_, res) => res.socket?.destroy())
          const client = yield* clientOver(transport, server.url)
          const error = yield* Effect.flip(client.generateVideo(videoInput))
          assert.strictEqual(error._tag, "TransportError")
          assert.strictEqual(server.requests.length, 1, "exactly one request reached the server")
        })
    )
  }

  it.live("R4: a 500 on generateVideo is not retried: v1/v2 routes don't honor Idempotency-Key", () =>
    Effect.gen(function* () {
      const server = yield* serveNode((_, res) => json(res, 500, heygenError("internal_error")))
      const client = yield* clientOver(transports[0]![1], server.url)
      const error = yield* Effect.flip(client.generateVideo(videoInput))
      assert.strictEqual(error._tag, "InternalError")
      assert.strictEqual(server.requests.length, 1)
      assert.match(
        String(server.requests[0]!.headers["idempotency-key"]),
        /^[0-9a-f-]{36}$/,
        "the key is still sent"
      )
    })
  )

  it.live("R4: a timeout on generateVideo is not retried", () =>
    Effect.gen(function* () {
      const server = yield* serveNode(() => {})
      const client = yield* clientOver(transports[0]![1], server.url, { timeout: "100 millis" })
      const error = yield* Effect.flip(client.generateVideo(videoInput))
      assert.strictEqual(error._tag === "TransportError" && error.reason, "Timeout")
      assert.strictEqual(server.requests.length, 1)
    })
  )

  it.live(
    "C3: a 429 with Retry-After on generateVideo is retried (HeyGen did not process it), same key",
    () =>
      Effect.gen(function* () {
        const server = yield* serveNode((_, res) =>
          server.requests.length === 1
            ? json(res, 429, heygenError("rate_limit_exceeded"), { "retry-after": "0" })
            : json(res, 200, created)
        )
        const client = yield* clientOver(transports[0]![1], server.url)
        assert.deepStrictEqual(yield* client.generateVideo(videoInput), { video_id: "vid" })
        assert.strictEqual(server.requests.length, 2)
        assert.strictEqual(new Set(server.requests.map((r) => r.headers["idempotency-key"])).size, 1)
      })
  )

  it.live("C3: a GET is retried on 500", () =>
    Effect.gen(function* () {
      const server = yield* serveNode((_, res) =>
        server.requests.length < 3
          ? json(res, 500, heygenError("internal_error"))
          : json(res, 200, { error: null, data: { remaining_quota: 1 } })
      )
      const client = yield* clientOver(transports[0]![1], server.url)
      assert.strictEqual((yield* client.getRemainingQuota()).remaining_quota, 1)
      assert.strictEqual(server.requests.length, 3)
    })
  )

  it.live(
    "R4: a v3 create with an Idempotency-Key is retried after a 500 and a dropped response, same key",
    () =>
      Effect.gen(function* () {
        const server = yield* serveNode((_, res) => {
          const n = server.requests.length
          if (n === 1) return json(res, 500, heygenError("internal_error"))
          if (n === 2) return void res.socket?.destroy()
          json(res, 200, { data: { video_id: "v3" } })
        })
        const client = yield* clientOver(transports[0]![1], server.url, {
          retry: { baseDelay: 1, maxRetries: 3 }
        })
        const data = yield* client.request({
          method: "POST",
          path: "/v3/videos",
          json: { type: "avatar" },
          idempotencyKey: true,
          success: Schema.Struct({ video_id: Schema.String })
        })
        assert.deepStrictEqual(data, { video_id: "v3" })
        assert.strictEqual(server.requests.length, 3)
        const keys = new Set(server.requests.map((r) => r.headers["idempotency-key"]))
        assert.strictEqual(keys.size, 1)
      })
  )

  it.live(
    "R4: a 409 request_in_progress on a key-honoring route is waited out and retried with the same key",
    () =>
      Effect.gen(function* () {
        const server = yield* serveNode((_, res) =>
          server.requests.length === 1
            ? json(res, 409, heygenError("request_in_progress", "the original is in flight"))
            : json(res, 200, { data: { video_id: "v3" } })
        )
        const client = yield* clientOver(transports[0]![1], server.url)
        const call = (path: string) =>
          client.request({
            method: "POST",
            path,
            json: {},
            idempotencyKey: "order-1042:v1",
            success: Schema.Unknown
          })
        assert.deepStrictEqual(yield* call("/v3/videos"), { video_id: "v3" })
        assert.deepStrictEqual(
          server.requests.map((r) => r.headers["idempotency-key"]),
          ["order-1042:v1", "order-1042:v1"]
        )
      })
  )

  it.live(
    "C4/R4: request_in_progress is RequestInProgress; where the key is not honored it is not retried",
    () =>
      Effect.gen(function* () {
        const server = yield* serveNode((_, res) =>
          json(res, 409, heygenError("request_in_progress", "the original is in flight"))
        )
        const client = yield* clientOver(transports[0]![1], server.url)
        const caught = yield* client
          .request({
            method: "POST",
            path: "/v2/video/generate",
            json: {},
            idempotencyKey: "k-1",
            success: Schema.Unknown
          })
          .pipe(
            Effect.catchTag("RequestInProgress", (error) =>
              Effect.succeed(`${error.status} ${error.retryClass}`)
            )
          )
        assert.strictEqual(caught, "409 transient")
        // The v2 route isn't known to honor the key: the first answer is final (rule R4).
        assert.strictEqual(server.requests.length, 1)
      })
  )

  it.live("R4: a create that certainly never left (connection refused) is retried", () =>
    Effect.gen(function* () {
      const closedServer = yield* serveNode(() => {})
      yield* closedServer.close
      for (const [name, transport] of transports) {
        const client = yield* clientOver(transport, closedServer.url)
        const { counter, trace } = countingAttempts()
        const error = yield* Effect.flip(trace(client.generateVideo(videoInput)))
        assert.strictEqual(error._tag === "TransportError" && error.reason, "Connection", name)
        assert.strictEqual(error._tag === "TransportError" && error.sent, false, name)
        assert.strictEqual(
          counter.attempts,
          3,
          `${name}: every attempt was refused, so each could be retried`
        )
      }
    })
  )

  it.effect("R4: an invalid Idempotency-Key on a key-honoring route fails before sending", () =>
    Effect.gen(function* () {
      const server = yield* serveNode((_, res) => json(res, 200, created))
      const client = yield* clientOver(transports[0]![1], server.url)
      for (const key of ["", "has space", "x".repeat(256), "ünïcode"]) {
        const error = yield* Effect.flip(
          client.request({
            method: "POST",
            path: "/v3/videos",
            json: {},
            idempotencyKey: key,
            success: Schema.Unknown
          })
        )
        assert.strictEqual(error._tag === "TransportError" && error.reason, "Encode", JSON.stringify(key))
      }
      assert.strictEqual(server.requests.length, 0)
    })
  )
})
