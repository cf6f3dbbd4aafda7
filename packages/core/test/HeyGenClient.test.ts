import { assert, describe, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as HeyGenApi from "../src/HeyGenApi.ts"
import * as HeyGenClient from "../src/HeyGenClient.ts"
import type * as HeyGenError from "../src/HeyGenError.ts"
import { KEY, withClient } from "./utils/client.ts"
import { closed, eventually, heygenError, json, serveNode } from "./utils/server.ts"

const v2 = (data: unknown) => ({ error: null, data })
const v1 = (data: unknown) => ({ code: 100, data, message: "Success" })

interface EndpointCase {
  readonly name: HeyGenApi.Operation
  readonly call: (client: HeyGenClient.Service) => Effect.Effect<unknown, HeyGenError.HeyGenError>
  readonly method: string
  readonly path: string
  readonly query?: Record<string, string>
  readonly body?: unknown
  readonly answer: unknown
  readonly expected: unknown
  readonly error: readonly [status: number, code: string, tag: string]
}

const videoInput: HeyGenApi.VideoGenerateRequest = {
  test: true,
  video_inputs: [
    {
      character: { type: "avatar", avatar_id: "Daisy-inskirt-20220818" },
      voice: { type: "text", voice_id: "2d5b0e6cf36f460aa7fc47e3eee4ba54", input_text: "Hello" }
    }
  ]
}
const avatar = {
  avatar_id: "a1",
  avatar_name: "Ann",
  gender: "female",
  preview_image_url: null,
  premium: false
}
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47])

const endpointCases: ReadonlyArray<EndpointCase> = [
  {
    name: "generateVideo",
    call: (c) => c.generateVideo(videoInput),
    method: "POST",
    path: "/v2/video/generate",
    body: videoInput,
    answer: v2({ video_id: "vid_1" }),
    expected: { video_id: "vid_1" },
    error: [402, "insufficient_credit", "InsufficientCredit"]
  },
  {
    name: "getVideoStatus",
    call: (c) => c.getVideoStatus("vid_1"),
    method: "GET",
    path: "/v1/video_status.get",
    query: { video_id: "vid_1" },
    answer: v1({ id: "vid_1", status: "completed", video_url: "https://x.test/v.mp4", duration: 3.2 }),
    expected: { id: "vid_1", status: "completed", video_url: "https://x.test/v.mp4", duration: 3.2 },
    error: [404, "video_not_found", "VideoNotFound"]
  },
  {
    name: "deleteVideo",
    call: (c) => c.deleteVideo("vid_1"),
    method: "DELETE",
    path: "/v1/video.delete",
    query: { video_id: "vid_1" },
    answer: v1(null),
    expected: undefined,
    error: [500, "video_delete_failed", "VideoDeleteFailed"]
  },
  {
    name: "listAvatars",
    call: (c) => c.listAvatars(),
    method: "GET",
    path: "/v2/avatars",
    answer: v2({ avatars: [avatar], talking_photos: [] }),
    expected: { avatars: [avatar] },
    error: [401, "unauthorized", "Unauthorized"]
  },
  {
    name: "listVoices",
    call: (c) => c.listVoices(),
    method: "GET",
    path: "/v2/voices",
    answer: v2({ voices: [{ voice_id: "v", name: "Vic", language: "English" }] }),
    expected: { voices: [{ voice_id: "v", name: "Vic", language: "English" }] },
    error: [429, "rate_limit_exceeded", "RateLimitExceeded"]
  },
  {
    name: "listTemplates",
    call: (c) => c.listTemplates(),
    method: "GET",
    path: "/v2/templates",
    answer: v2({ templates: [{ template_id: "t1", name: "Promo" }] }),
    expected: { templates: [{ template_id: "t1", name: "Promo" }] },
    error: [403, "forbidden", "Forbidden"]
  },
  {
    name: "getTemplate",
    call: (c) => c.getTemplate("t 1/x"),
    method: "GET",
    path: "/v2/template/t%201%2Fx",
    answer: v2({ template_id: "t 1/x", variables: { name: { type: "text" } } }),
    expected: { template_id: "t 1/x", variables: { name: { type: "text" } } },
    error: [404, "template_not_found", "TemplateNotFound"]
  },
  {
    name: "generateFromTemplate",
    call: (c) => c.generateFromTemplate("t1", { variables: { name: "Ann" } }),
    method: "POST",
    path: "/v2/template/t1/generate",
    body: { variables: { name: "Ann" } },
    answer: v2({ video_id: "vid_2" }),
    expected: { video_id: "vid_2" },
    error: [402, "trial_limit_exceeded", "TrialLimitExceeded"]
  },
  {
    name: "uploadAsset",
    call: (c) => c.uploadAsset({ data: png, contentType: "image/png" }),
    method: "POST",
    path: "/upload-host/v1/asset",
    answer: v1({ id: "asset_1", file_type: "image", url: "https://x.test/a.png" }),
    expected: { id: "asset_1", file_type: "image", url: "https://x.test/a.png" },
    error: [400, "invalid_parameter", "InvalidParameter"]
  },
  {
    name: "translateVideo",
    call: (c) => c.translateVideo({ video_url: "https://x.test/v.mp4", output_language: "French" }),
    method: "POST",
    path: "/v2/video_translate",
    body: { video_url: "https://x.test/v.mp4", output_language: "French" },
    answer: v2({ video_translate_id: "tr_1" }),
    expected: { video_translate_id: "tr_1" },
    error: [404, "video_not_found", "VideoNotFound"]
  },
  {
    name: "getVideoTranslation",
    call: (c) => c.getVideoTranslation("tr_1"),
    method: "GET",
    path: "/v2/video_translate/tr_1",
    answer: v2({ video_translate_id: "tr_1", status: "success", url: "https://x.test/fr.mp4" }),
    expected: { video_translate_id: "tr_1", status: "success", url: "https://x.test/fr.mp4" },
    error: [403, "resource_access_denied", "ResourceAccessDenied"]
  },
  {
    name: "generateVideoAgent",
    call: (c) => c.generateVideoAgent({ prompt: "A product launch video" }),
    method: "POST",
    path: "/v1/video_agent/generate",
    body: { prompt: "A product launch video" },
    answer: v1({ video_id: "vid_3" }),
    expected: { video_id: "vid_3" },
    error: [429, "quota_exceeded", "QuotaExceeded"]
  },
  {
    name: "getRemainingQuota",
    call: (c) => c.getRemainingQuota(),
    method: "GET",
    path: "/v2/user/remaining_quota",
    answer: v2({ remaining_quota: 1200 }),
    expected: { remaining_quota: 1200 },
    error: [500, "internal_error", "InternalError"]
  }
]

describe("HeyGenClient", () => {
  for (const c of endpointCases) {
    it.effect(`${c.name}: success path and an error path over a real socket`, () => {
      let served = 0
      return withClient(
        (_, res) => {
          const [status, code] = c.error
          if (served++ === 0) json(res, 200, c.answer)
          else json(res, status, heygenError(code))
        },
        (client, requests) =>
          Effect.gen(function* () {
            const data = yield* c.call(client)
            assert.deepStrictEqual(data, c.expected)
            const sent = requests[0]!
            assert.strictEqual(sent.method, c.method)
            assert.strictEqual(sent.url.pathname, c.path)
            assert.deepStrictEqual(Object.fromEntries(sent.url.searchParams), c.query ?? {})
            assert.strictEqual(sent.headers["x-api-key"], KEY)
            assert.strictEqual(sent.headers.accept, "application/json")
            if (c.method === "POST") assert.match(String(sent.headers["idempotency-key"]), /^[0-9a-f-]{36}$/)
            else assert.isUndefined(sent.headers["idempotency-key"])
            if (c.body !== undefined) {
              assert.strictEqual(sent.headers["content-type"], "application/json")
              assert.deepStrictEqual(JSON.parse(sent.body.toString()), c.body)
            }
            if (c.name === "uploadAsset") {
              assert.strictEqual(sent.headers["content-type"], "image/png")
              assert.deepStrictEqual(new Uint8Array(sent.body), png)
            }
            const error = yield* Effect.flip(c.call(client))
            assert.strictEqual(error._tag, c.error[2])
            assert.strictEqual(error._tag !== "TransportError" && error.status, c.error[0])
          }),
        { retry: false }
      )
    })
  }

  it.effect(
    "D3: a 2xx whose body is an error fails with the decoded error; a v1 code other than 100 too",
    () => {
      let answer: unknown
      return withClient(
        (_, res) => json(res, 200, answer),
        (client) =>
          Effect.gen(function* () {
            answer = heygenError(
              "insufficient_credit",
              "Your account has 5 credits but this video requires 10 credits."
            )
            const credit = yield* Effect.flip(client.generateVideo(videoInput))
            assert.strictEqual(credit._tag, "InsufficientCredit")
            assert.strictEqual(credit._tag === "InsufficientCredit" && credit.status, 200)
            assert.strictEqual(credit._tag === "InsufficientCredit" && credit.required, 10)

            answer = { code: 40102, data: null, message: "Video not ready" }
            const legacy = yield* Effect.flip(client.getVideoStatus("v"))
            assert.strictEqual(legacy._tag, "UnexpectedResponse")
            assert.strictEqual(legacy._tag === "UnexpectedResponse" && legacy.legacyCode, 40102)
            assert.strictEqual(legacy.message, "Video not ready")
          }),
        { retry: false }
      )
    }
  )

  it.effect("envelopes: v2, v1 and v3 success bodies all unwrap to their data", () => {
    let answer: unknown
    return withClient(
      (_, res) => json(res, 200, answer),
      (client) =>
        Effect.gen(function* () {
          for (const envelope of [
            v2({ remaining_quota: 5 }),
            v1({ remaining_quota: 5 }),
            { data: { remaining_quota: 5 } }
          ]) {
            answer = envelope
            assert.deepStrictEqual(yield* client.getRemainingQuota(), { remaining_quota: 5 })
          }
        }),
      { retry: false }
    )
  })

  it.effect("a success whose data doesn't match its schema fails naming the field", () => {
    let answer: unknown
    return withClient(
      (_, res) => json(res, 200, answer),
      (client) =>
        Effect.gen(function* () {
          answer = v2({ avatars: [avatar, { avatar_id: 7, avatar_name: "x" }] })
          const error = yield* Effect.flip(client.listAvatars())
          assert.strictEqual(error._tag, "UnexpectedResponse")
          if (error._tag !== "UnexpectedResponse") return
          assert.strictEqual(error.field, "data.avatars[1].avatar_id")
          assert.include(error.message, "data.avatars[1].avatar_id")
          assert.isFalse(error.retryable)

          answer = { error: null }
          const missing = yield* Effect.flip(client.listAvatars())
          assert.strictEqual(missing._tag === "UnexpectedResponse" && missing.field, "data")

          answer = "not an envelope"
          const notObject = yield* Effect.flip(client.listAvatars())
          assert.strictEqual(notObject._tag, "UnexpectedResponse")
        }),
      { retry: false }
    )
  })

  it.effect("the generic request fills path params, query and schema", () =>
    withClient(
      (req, res) => json(res, 200, v2({ echo: req.url.pathname, q: req.url.searchParams.get("limit") })),
      (client) =>
        Effect.gen(function* () {
          const data = yield* client.request({
            method: "GET",
            path: "/v2/things/{id}",
            pathParams: { id: "a/b" },
            query: { limit: 5, skip: undefined },
            success: Schema.Struct({ echo: Schema.String, q: Schema.String })
          })
          assert.deepStrictEqual(data, { echo: "/v2/things/a%2Fb", q: "5" })
          const missing = yield* Effect.flip(
            client.request({ method: "GET", path: "/v2/things/{id}", success: Schema.Unknown })
          )
          assert.strictEqual(missing._tag === "TransportError" && missing.reason, "Encode")
        })
    )
  )

  it.live("D10: connection refused is a transient TransportError naming method and path template", () =>
    Effect.gen(function* () {
      const server = yield* serveNode(() => {})
      const url = server.url
      yield* server.close
      const client = yield* HeyGenClient.make({
        apiKey: Redacted.make(KEY),
        baseUrl: url,
        retry: { baseDelay: 1, maxDelay: 2 }
      }).pipe(Effect.provide(FetchHttpClient.layer))
      const error = yield* Effect.flip(client.listAvatars())
      assert.strictEqual(error._tag, "TransportError")
      if (error._tag !== "TransportError") return
      assert.strictEqual(error.reason, "Connection")
      assert.strictEqual(error.method, "GET")
      assert.strictEqual(error.path, "/v2/avatars")
      assert.include(error.message, "ECONNREFUSED")
      assert.isTrue(error.retryable)
    })
  )

  it.live(
    "a connection reset mid-body: a 2xx fails with a Body TransportError, an error status still decodes",
    () => {
      let status = 200
      return withClient(
        (_, res) => {
          res.writeHead(status, { "content-type": "application/json", "content-length": "1000" })
          // Reset once the partial body is flushed, not after a guessed delay.
          res.write(
            status === 200 ? '{"error":null,"data":{"avat' : '{"error":{"code":"internal_error","mess',
            () => res.socket?.destroy()
          )
        },
        (client) =>
          Effect.gen(function* () {
            const body = yield* Effect.flip(client.listAvatars())
            assert.strictEqual(body._tag === "TransportError" && body.reason, "Body")
            status = 500
            const decoded = yield* Effect.flip(client.listAvatars())
            assert.strictEqual(decoded._tag, "InternalError")
            assert.strictEqual(decoded._tag === "InternalError" && decoded.inferred, true)
          }),
        { retry: false }
      )
    }
  )

  it.live("D1: a 10 MB error body is not read whole", () => {
    let written = 0
    let connectionClosed: Promise<void> | undefined
    return withClient(
      (_, res) => {
        res.writeHead(503, { "content-type": "text/html" })
        const chunk = Buffer.alloc(64 * 1024, "x")
        const pump = () => {
          while (written < 10 * 1024 * 1024) {
            written += chunk.length
            if (!res.write(chunk)) return void res.once("drain", pump)
          }
          res.end()
        }
        connectionClosed = closed(res)
        pump()
      },
      (client) =>
        Effect.gen(function* () {
          const error = yield* Effect.flip(client.listAvatars())
          assert.strictEqual(error._tag, "UnexpectedResponse")
          assert.strictEqual(error._tag === "UnexpectedResponse" && error.bodySnippet.length, 512)
          // The client hangs up; the server sees it (waited for, not slept on: issue 10.9).
          yield* eventually(connectionClosed!, "the connection's close")
          assert.isBelow(written, 10 * 1024 * 1024, `the server wrote ${written} bytes`)
        }),
      { retry: false }
    )
  })

  it.live("timeout: a body that never ends is cut at the per-attempt timeout, and the deadline holds", () =>
    withClient(
      (_, res) => {
        res.writeHead(200, { "content-type": "application/json" })
        res.write('{"error":null,')
      },
      (client) =>
        Effect.gen(function* () {
          const started = Date.now()
          const error = yield* Effect.flip(client.listAvatars())
          const took = Date.now() - started
          assert.strictEqual(error._tag === "TransportError" && error.reason, "Timeout")
          assert.isBelow(took, 2000)
        }),
      { timeout: "150 millis", retry: { baseDelay: 1, deadline: "1 second" } }
    )
  )

  it.live(
    "R4: a create call sends one Idempotency-Key, the same on every attempt; a v3 create retries 5xx",
    () => {
      let calls = 0
      return withClient(
        (_, res) =>
          ++calls < 3
            ? json(res, 500, heygenError("internal_error"))
            : json(res, 200, { data: { video_id: "v" } }),
        (client, requests) =>
          Effect.gen(function* () {
            const created = yield* client.request({
              method: "POST",
              path: "/v3/videos",
              json: {},
              idempotencyKey: true,
              success: Schema.Struct({ video_id: Schema.String })
            })
            assert.deepStrictEqual(created, { video_id: "v" })
            assert.strictEqual(requests.length, 3)
            const keys = new Set(requests.map((r) => r.headers["idempotency-key"]))
            assert.strictEqual(keys.size, 1)
            yield* client.generateVideo(videoInput, { idempotencyKey: "mine-1" })
            assert.strictEqual(requests.at(-1)!.headers["idempotency-key"], "mine-1")
          })
      )
    }
  )

  it.live("R4: a POST without a key is never retried on transient errors, but is after a 429", () => {
    let status = 500
    return withClient(
      (_, res) =>
        json(res, status, heygenError(status === 500 ? "internal_error" : "rate_limit_exceeded"), {
          "retry-after": "0"
        }),
      (client, requests) =>
        Effect.gen(function* () {
          const post = { method: "POST", path: "/v2/custom", json: {}, success: Schema.Unknown } as const
          const error = yield* Effect.flip(client.request(post))
          assert.strictEqual(error._tag, "InternalError")
          assert.strictEqual(requests.length, 1)
          status = 429
          yield* Effect.flip(client.request(post))
          assert.strictEqual(requests.length, 4)
        })
    )
  })

  it.live("retries can be switched off or replaced per call", () =>
    withClient(
      (_, res) => json(res, 500, heygenError("internal_error")),
      (client, requests) =>
        Effect.gen(function* () {
          yield* Effect.flip(client.listAvatars({ retry: false }))
          assert.strictEqual(requests.length, 1)
          yield* Effect.flip(client.listAvatars({ retry: { maxRetries: 4, baseDelay: 1 } }))
          assert.strictEqual(requests.length, 6)
          yield* Effect.flip(client.listAvatars())
          assert.strictEqual(requests.length, 9)
        })
    )
  )

  it.live("R2: a rate-limited call is retried after its Retry-After", () => {
    let calls = 0
    return withClient(
      (_, res) =>
        ++calls === 1
          ? json(res, 429, heygenError("rate_limit_exceeded"), { "retry-after": "0" })
          : json(res, 200, v2({ remaining_quota: 3 })),
      (client) =>
        Effect.gen(function* () {
          const quota = yield* client.getRemainingQuota()
          assert.strictEqual(quota.remaining_quota, 3)
          assert.strictEqual(calls, 2)
        })
    )
  })

  it.effect("layerConfig reads HEYGEN_* configuration; a missing key is a ConfigError naming it", () =>
    Effect.gen(function* () {
      const server = yield* serveNode((_, res) => json(res, 200, v2({ remaining_quota: 9 })))
      const provider = (env: Record<string, string>) =>
        Layer.succeed(ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env }))
      const quota = yield* HeyGenClient.HeyGenClient.use((c) => c.getRemainingQuota()).pipe(
        Effect.provide(
          HeyGenClient.layerConfig().pipe(
            Layer.provide(FetchHttpClient.layer),
            Layer.provide(
              provider({ HEYGEN_API_KEY: KEY, HEYGEN_BASE_URL: server.url, HEYGEN_MAX_RETRIES: "0" })
            )
          )
        )
      )
      assert.strictEqual(quota.remaining_quota, 9)
      assert.strictEqual(server.requests[0]!.headers["x-api-key"], KEY)
      const missing = yield* Effect.flip(
        HeyGenClient.HeyGenClient.use((c) => c.getRemainingQuota()).pipe(
          Effect.provide(
            HeyGenClient.layerConfig().pipe(Layer.provide(FetchHttpClient.layer), Layer.provide(provider({})))
          )
        )
      )
      assert.strictEqual(missing._tag, "ConfigError")
      assert.include(String(missing), "HEYGEN_API_KEY")
    })
  )
})
