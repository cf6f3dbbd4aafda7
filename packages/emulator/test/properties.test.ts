import { assert, describe, it } from "@effect/vitest"
import * as Catalog from "@effect-heygen/core/Catalog"
import * as Exit from "effect/Exit"
import * as SchemaParser from "effect/SchemaParser"
import * as fc from "fast-check"
import * as Emulator from "../src/Emulator.ts"
import * as EmulatorState from "../src/EmulatorState.ts"
import { ids, keys } from "../src/Fixtures.ts"
import { match, routes } from "../src/v3/Routes.ts"
import { testToken } from "./utils/emulator.ts"

// --- generators ------------------------------------------------------------------------

/** Names every plain object inherits (or that set a prototype): they must behave as unknown ids. */
const protoNames = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "prototype"]

/** Percent-encodings: valid, broken (`%ZZ`, cut off), overlong UTF-8 and lone surrogates. */
const percent = fc.constantFrom(
  "%41",
  "%20",
  "%2F",
  "%E2%82%AC",
  "%F0%9F%98%80",
  "%ZZ",
  "%",
  "%4",
  "%E0%A4%A",
  "%C3",
  "%C0%AF",
  "%E0%80%AF",
  "%F0%80%80%AF",
  "%ED%A0%80",
  "%FF"
)

/** A path id: fixture ids, prototype names, percent-encodings mixed with plain text, anything printable. */
const id = fc.oneof(
  fc.constantFrom(...Object.values(ids), ...protoNames.map(encodeURIComponent), ...protoNames),
  fc
    .array(fc.oneof(percent, fc.stringMatching(/^[A-Za-z0-9_.-]{1,6}$/)), { minLength: 1, maxLength: 4 })
    .map((p) => p.join("")),
  fc.webSegment().filter((s) => s !== "")
)

const paths = [
  "/v2/video/generate",
  "/v1/video_status.get",
  "/v1/video.delete",
  "/v2/avatars",
  "/v2/voices",
  "/v2/templates",
  "/v1/asset",
  "/v2/video_translate",
  "/v1/video_agent/generate",
  "/v2/user/remaining_quota",
  "/v2/organization/members",
  "/__emulator/state",
  "/__emulator/reset",
  "/__emulator/script"
]
/** Every v3 route's path, each `{id}` a generated id (hostile ones included). */
const v3Path = fc
  .tuple(
    fc.constantFrom(...routes.map((r) => r.operation.path)),
    fc.array(id, { minLength: 2, maxLength: 2 })
  )
  .map(([template, [a, b]]) => {
    let n = 0
    return template.replace(/\{\w+\}/g, () => (n++ === 0 ? a! : b!))
  })

const path = fc.oneof(
  fc.constantFrom(...paths),
  id.map((i) => `/v2/template/${i}`),
  id.map((i) => `/v2/template/${i}/generate`),
  id.map((i) => `/v2/video_translate/${i}`),
  v3Path,
  v3Path,
  fc.webPath()
)
const query = fc.oneof(
  fc.constant(""),
  id.map((i) => `?video_id=${i}`),
  id.map((i) => `?token=${i}&limit=5`),
  fc.constantFrom(
    "?limit=0",
    "?limit=1e3",
    "?limit=-1",
    "?username=paid",
    "?video_ids=a,b,__proto__",
    "?limit=NaN"
  ),
  fc.constantFrom("?video_id=vid_other_0001", "?video_id=", "?video_id=%00"),
  fc.webQueryParameters().map((q) => `?${q}`)
)

const headerNames = [
  "x-api-key",
  "content-type",
  "x-emulator-error",
  "x-emulator-error-times",
  "x-request-id",
  "x-emulator-fault",
  "x-emulator-token",
  "idempotency-key",
  "host",
  "retry-after"
]
const headerValues = fc.oneof(
  fc.constantFrom(
    ...Object.values(keys),
    ...Catalog.entries.map((e) => e.code),
    ...protoNames,
    "malformed",
    "defect",
    "drop",
    "application/json",
    "text/plain",
    "1000000000",
    "-1",
    "NaN",
    testToken,
    "evil.example"
  ),
  percent,
  fc.string({ maxLength: 40 })
)

/** A JSON object written by hand, so `__proto__` stays a member rather than a prototype. */
const jsonObject = (members: fc.Arbitrary<unknown>) =>
  fc
    .array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(
            ...protoNames,
            "variables",
            "video_inputs",
            "test",
            "type",
            "video",
            "avatar_id",
            "scenes"
          ),
          fc.string()
        ),
        members
      ),
      {
        maxLength: 4
      }
    )
    .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(",")}}`)

/** v3 bodies: a tag, then hostile members and file references. */
const v3Body = fc
  .tuple(
    fc.constantFrom(
      "avatar",
      "image",
      "studio",
      "cinematic_avatar",
      "prompt",
      "digital_twin",
      "url",
      "asset_id",
      "nope"
    ),
    jsonObject(
      fc.oneof(
        fc.jsonValue({ maxDepth: 2 }),
        fc.constantFrom({ type: "asset_id", asset_id: "__proto__" }, { type: "url", url: "javascript:1" }, [
          { type: "x" }
        ])
      )
    )
  )
  .map(([tag, members]) => `{"type":${JSON.stringify(tag)},${members.slice(1)}`.replace(",}", "}"))

const body = fc.oneof(
  fc.constant(undefined),
  v3Body,
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 200 }),
  fc.jsonValue().map((v) => JSON.stringify({ video_inputs: [v] })),
  jsonObject(fc.jsonValue({ maxDepth: 2 })),
  jsonObject(fc.constantFrom({ product: "x" }, [], null)).map((vars) => `{"test":true,"variables":${vars}}`)
)

const request = fc.record({
  method: fc.constantFrom("GET", "POST", "DELETE", "PUT", "PATCH"),
  path,
  query,
  headers: fc.dictionary(fc.constantFrom(...headerNames), headerValues, { maxKeys: 5 }),
  body
})

type Generated = typeof request extends fc.Arbitrary<infer A> ? A : never

const send = (handler: (request: Request) => Promise<Response>, r: Generated) => {
  const body = r.method === "GET" ? undefined : r.body
  return handler(
    new Request(`http://127.0.0.1${r.path.startsWith("/") ? r.path : `/${r.path}`}${r.query}`, {
      method: r.method,
      headers: r.headers,
      ...(body === undefined ? {} : { body })
    })
  )
}

const envelopeKeys = (error: Record<string, unknown>) => Object.keys(error).filter((k) => k !== "param")
/** The codes the emulator answers besides the catalog's, with their statuses. */
const ownCodes: Record<string, number> = { not_found: 404, request_in_progress: 409 }

describe("Emulator properties", () => {
  for (const control of [false, true]) {
    it(`E1–E4/S2, issue 10.10: every non-2xx answer to a random request is a contract envelope, no stack, no unasked 500 (control ${control ? "on" : "off"})`, async () => {
      const handler = await Emulator.toWebHandler({
        control,
        controlToken: testToken,
        rateLimit: { capacity: 10_000, refillPerSecond: 0 }
      })
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const { headers } = r
          if (headers["x-emulator-fault"] === "hang") return
          const response = await send(handler, r)
          const text = await response.text().catch(() => "")
          const pathname = new URL(
            `http://127.0.0.1${r.path.startsWith("/") ? r.path : `/${r.path}`}${r.query}`
          ).pathname
          // Storage answers as storage does (M31): its own XML errors, never a 5xx.
          if (pathname.startsWith("/files/") || pathname.startsWith("/uploads/")) {
            assert.oneOf(response.status, [400, 403, 404, 405], text)
            return
          }
          if (response.status < 300 && response.status >= 200) {
            // M28: a v3 success is what the client's schema for that operation accepts.
            const found = pathname.startsWith("/v3/") ? match(r.method, pathname) : undefined
            if (found !== undefined && "route" in found) {
              const exit = SchemaParser.decodeUnknownExit(found.route.operation.response())(JSON.parse(text))
              assert.isTrue(Exit.isSuccess(exit), `${found.route.name}: ${text.slice(0, 300)}`)
            }
            return
          }
          assert.strictEqual(response.headers.get("content-type"), "application/json; charset=utf-8")
          assert.isNotNull(response.headers.get("x-request-id"))
          const envelope = JSON.parse(text) as { error: Record<string, unknown> }
          assert.deepStrictEqual(Object.keys(envelope), ["error"])
          assert.deepStrictEqual(envelopeKeys(envelope.error), ["code", "message", "doc_url"])
          const code = String(envelope.error.code)
          const entry = Catalog.get(code)
          // A forced code outside the catalog answers 400.
          assert.strictEqual(
            response.status,
            entry?.status ?? (Object.hasOwn(ownCodes, code) ? ownCodes[code] : 400),
            code
          )
          // A 500 only where one was asked for (or M15's, by its nature): no input reaches a defect (E7).
          if (response.status >= 500 && code !== "video_delete_failed") {
            const asked =
              control &&
              (headers["x-emulator-fault"] === "defect" ||
                Catalog.get(headers["x-emulator-error"] ?? "")?.status === 500)
            assert.isTrue(asked, `${r.method} ${r.path}${r.query}: ${text}`)
          }
          if (code === "rate_limit_exceeded")
            assert.match(response.headers.get("retry-after") ?? "", /^[1-9]\d*$/)
          for (const leak of ["Error:", "node_modules", ".ts:", "stack", "forced defect", "URIError"]) {
            assert.notInclude(text, leak)
          }
          // A stack frame, not the words " at " (E6 messages may quote the random input back).
          assert.notMatch(text, /\bat (?:\S+ \()?(?:file:|node:|\/)\S*:\d+:\d+/)
        }),
        { numRuns: 400 }
      )
    })
  }

  it("M31, M27: random requests to storage URLs — hostile names, forged or missing signatures — get storage's 4xx, never a 500", async () => {
    const handler = await Emulator.toWebHandler()
    const name = fc.oneof(id, fc.constantFrom("vid_000001.mp4", "x.jpg", "a.b.c.srt", "..", "%2e%2e%2fetc"))
    const signature = fc.oneof(
      fc.constant(""),
      fc.constantFrom(
        "?Expires=99999999999&Signature=AAAA",
        "?Expires=-1&Signature=",
        "?Signature=__proto__",
        "?Expires=1e9"
      ),
      fc.webQueryParameters().map((q) => `?${q}`)
    )
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/files/", "/uploads/"),
        name,
        signature,
        fc.constantFrom("GET", "HEAD", "PUT", "POST", "DELETE"),
        async (prefix, file, query, method) => {
          const url = `http://127.0.0.1${prefix}${file}${query}`
          // `..` steps out of storage before the request is made: not a storage request.
          if (!new URL(url).pathname.startsWith(prefix)) return
          const response = await handler(
            new Request(url, {
              method,
              ...(method === "PUT" || method === "POST" ? { body: "bytes" } : {})
            })
          )
          const text = await response.text()
          assert.oneOf(response.status, [400, 403, 404, 405], `${method} ${prefix}${file}${query}: ${text}`)
          if (method !== "HEAD")
            assert.match(text, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<Error><Code>\w+<\/Code>/)
        }
      ),
      { numRuns: 300 }
    )
  })

  it("issue 10.9: random request sequences leave every table within its bound", async () => {
    const limits: EmulatorState.Limits = {
      forcedRules: 4,
      forcedTimes: 3,
      buckets: 6,
      idempotencyKeys: 5,
      // Above the fixtures' own counts (1 video, 4 assets, 6 avatars and groups, 3 voices):
      // a bound trims what requests add.
      videos: 4,
      assets: 5,
      translations: 3,
      avatars: 7,
      avatarGroups: 7,
      voices: 4,
      proofreads: 2,
      batches: 2,
      lipsyncs: 2,
      backgroundRemovals: 2,
      clipJobs: 2,
      agentSessions: 2,
      webhookEndpoints: 2
    }
    // One emulator for every run, never reset: the tables can only stay small by being bounded.
    const handler = await Emulator.toWebHandler({
      control: true,
      controlToken: testToken,
      limits,
      rateLimit: { capacity: 1_000_000, refillPerSecond: 0 }
    })
    const apiKey = fc.constantFrom(keys.paid, keys.enterprise, keys.free, keys.trial, keys.admin, keys.other)
    const optional = <A>(arbitrary: fc.Arbitrary<A>) => fc.option(arbitrary, { nil: undefined })
    const step = fc.record({
      kind: fc.constantFrom(
        "generate",
        "template",
        "upload",
        "translate",
        "get-template",
        "script",
        "v3-video",
        "v3-batch",
        "v3-lipsync",
        "v3-agent",
        "v3-avatar",
        "v3-voice",
        "v3-upload",
        "v3-webhook",
        "v3-translation",
        "random"
      ),
      apiKey,
      id,
      idempotencyKey: optional(
        fc.oneof(fc.constantFrom("k1", "k2", ...protoNames), fc.stringMatching(/^[a-z0-9]{1,8}$/))
      ),
      error: optional(fc.constantFrom("forbidden", "internal_error", "made_up_code", ...protoNames)),
      times: optional(
        fc.oneof(fc.integer({ min: -5, max: 2_000_000_000 }).map(String), fc.constantFrom("NaN", "1e9"))
      ),
      random: request
    })
    const video = JSON.stringify({
      test: true,
      video_inputs: [
        {
          character: { type: "avatar", avatar_id: ids.publicAvatar },
          voice: { type: "text", voice_id: ids.publicVoice, input_text: "Hi" }
        }
      ]
    })
    const v3Video = JSON.stringify({
      type: "avatar",
      avatar_id: ids.publicAvatar,
      voice_id: ids.publicVoice,
      script: "Hi"
    })
    const file = '{"type":"url","url":"https://example.com/f.mp4"}'
    const toRequest = (s: typeof step extends fc.Arbitrary<infer A> ? A : never): Generated => {
      const headers: Record<string, string> = {
        "x-api-key": s.apiKey,
        "content-type": "application/json",
        ...(s.idempotencyKey === undefined ? {} : { "idempotency-key": s.idempotencyKey }),
        ...(s.error === undefined ? {} : { "x-emulator-error": s.error }),
        ...(s.times === undefined ? {} : { "x-emulator-error-times": s.times })
      }
      const post = (path: string, body: string): Generated => ({
        method: "POST",
        path,
        query: "",
        headers,
        body
      })
      switch (s.kind) {
        case "generate":
          return post("/v2/video/generate", video)
        case "template":
          return post(`/v2/template/${s.id}/generate`, '{"test":true,"variables":{"product":"x","name":"y"}}')
        case "upload":
          return {
            method: "POST",
            path: "/v1/asset",
            query: "",
            headers: { ...headers, "content-type": "image/png" },
            body: "x"
          }
        case "translate":
          return post(
            "/v2/video_translate",
            '{"video_url":"https://example.com/v.mp4","output_language":"French"}'
          )
        case "get-template":
          return { method: "GET", path: `/v2/template/${s.id}`, query: "", headers, body: undefined }
        case "v3-video":
          return post("/v3/videos", v3Video)
        case "v3-batch":
          return post("/v3/videos/batches", `{"videos":[${v3Video},${v3Video}]}`)
        case "v3-lipsync":
          return post("/v3/lipsyncs", `{"video":${file},"audio":${file}}`)
        case "v3-agent":
          return post("/v3/video-agents", '{"prompt":"A teaser"}')
        case "v3-avatar":
          return post("/v3/avatars", `{"type":"photo","name":"Me","file":${file}}`)
        case "v3-voice":
          return post("/v3/voices/clone", `{"voice_name":"Me","audio":${file}}`)
        case "v3-upload":
          return post(
            "/v3/assets/direct-uploads",
            '{"filename":"a.png","content_type":"image/png","size_bytes":4}'
          )
        case "v3-webhook":
          return post("/v3/webhooks/endpoints", '{"url":"https://hooks.example.com/x"}')
        case "v3-translation":
          return post("/v3/video-translations", `{"video":${file},"output_languages":["French"]}`)
        case "script":
          return {
            ...post(
              "/__emulator/script",
              JSON.stringify({ code: s.error ?? "forbidden", times: 1, path: `/${s.id}` })
            ),
            headers: { "x-emulator-token": testToken, "content-type": "application/json" }
          }
        default:
          return s.random
      }
    }
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        for (const s of steps) {
          const r = toRequest(s)
          if (r.headers["x-emulator-fault"] !== undefined || r.path.startsWith("/__emulator/reset")) continue
          await (await send(handler, r)).text().catch(() => "")
        }
        const state = (await (
          await handler(
            new Request("http://127.0.0.1/__emulator/state", { headers: { "x-emulator-token": testToken } })
          )
        ).json()) as { data: EmulatorState.State }
        for (const [table, limit] of Object.entries(EmulatorState.boundedTables)) {
          const size = EmulatorState.sizeOf(state.data[table as keyof typeof EmulatorState.boundedTables])
          assert.isAtMost(size, limits[limit], table)
        }
        for (const rule of state.data.forced) assert.isAtMost(rule.remaining, limits.forcedTimes)
        const counted = new Set([...Catalog.entries.map((e) => e.code), ...Object.keys(ownCodes), "other"])
        for (const code of Object.keys(state.data.counters.byCode)) assert.isTrue(counted.has(code), code)
      }),
      { numRuns: 60 }
    )
  })

  it("issue 10.9: no template id gets a fresh rate budget — one per account and route", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.array(
          fc.tuple(
            fc.constantFrom("GET", "POST"),
            // `.` and `..` (also as `%2e`) are not ids: the URL parser removes them as path steps.
            id.filter((i) => !/^(?:\.|%2e){1,2}$/i.test(i))
          ),
          { minLength: 1, maxLength: 16 }
        ),
        async (capacity, calls) => {
          const handler = await Emulator.toWebHandler({ rateLimit: { capacity, refillPerSecond: 0 } })
          const admitted = { GET: 0, POST: 0 }
          const seen = { GET: 0, POST: 0 }
          for (const [method, templateId] of calls) {
            const response = await handler(
              new Request(
                `http://127.0.0.1/v2/template/${templateId}${method === "POST" ? "/generate" : ""}`,
                {
                  method,
                  headers: { "x-api-key": keys.paid, "content-type": "application/json" },
                  ...(method === "POST" ? { body: '{"test":true,"variables":{}}' } : {})
                }
              )
            )
            await response.text()
            seen[method] += 1
            if (response.status !== 429) admitted[method] += 1
            // The first `capacity` calls of a route are admitted, whatever their ids; none after.
            assert.strictEqual(response.status === 429, seen[method] > capacity, `${method} ${templateId}`)
          }
          assert.strictEqual(admitted.GET, Math.min(seen.GET, capacity))
          assert.strictEqual(admitted.POST, Math.min(seen.POST, capacity))
        }
      ),
      { numRuns: 100 }
    )
  })
})
