import { spawn } from "node:child_process"
import * as http from "node:http"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as TestClock from "effect/testing/TestClock"
import * as Emulator from "../src/Emulator.ts"
import type * as EmulatorState from "../src/EmulatorState.ts"
import * as EmulatorStore from "../src/EmulatorStore.ts"
import * as Fixtures from "../src/Fixtures.ts"
import { control, raw, serveEmulator, testToken } from "./utils/emulator.ts"

const { ids, keys } = Fixtures
const paidAccount = Fixtures.seed(0).accounts.acct_paid!
const template = Fixtures.seed(0).templates[Fixtures.ids.publicTemplate]!

const json = { "content-type": "application/json" }
const errorOf = (answer: { readonly json: unknown }) =>
  (answer.json as { error?: { code?: string; param?: string; message?: string } } | undefined)?.error

/**
 * A chunked upload (no Content-Length) of `total` bytes that stops sending as soon as the
 * server answers: the bytes sent by then say how much the server read before refusing.
 */
const chunkedUpload = (url: string, path: string, headers: Record<string, string>, total: number) =>
  Effect.promise(
    () =>
      new Promise<{ status: number; text: string; sent: number }>((resolve) => {
        const request = http.request(`${url}${path}`, { method: "POST", headers })
        const piece = Buffer.alloc(64 * 1024, 0x61)
        let sent = 0
        let answered = false
        request.on("response", (response) => {
          answered = true
          const at = sent
          let text = ""
          response.setEncoding("utf8")
          response.on("data", (chunk: string) => {
            text += chunk
          })
          response.on("end", () => {
            request.destroy()
            resolve({ status: response.statusCode ?? 0, text, sent: at })
          })
        })
        request.on("error", (error) => {
          if (!answered) resolve({ status: 0, text: String(error), sent })
        })
        const pump = () => {
          while (!answered && sent < total) {
            sent += piece.length
            if (!request.write(piece)) return void request.once("drain", pump)
          }
          if (!answered) request.end()
        }
        request.write(path === "/v1/asset" ? "" : '{"pad":"')
        pump()
      })
  )

describe("issue 10.8 uploads are bounded while streaming (M27, M14, S2)", () => {
  const total = 96 * 1024 * 1024
  for (const [what, path, contentType] of [
    ["an asset upload", "/v1/asset", "image/png"],
    ["a JSON body", "/v2/video/generate", "application/json"]
  ] as const) {
    it.effect(`${what} far over the limit, chunked, is refused before it is all sent`, () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator({ maxAssetBytes: 1024 * 1024, maxBodyBytes: 1024 * 1024 })
        const before = process.memoryUsage().rss
        const answer = yield* chunkedUpload(
          url,
          path,
          { "x-api-key": keys.paid, "content-type": contentType },
          total
        )
        const grown = process.memoryUsage().rss - before
        assert.strictEqual(answer.status, 400, answer.text)
        assert.strictEqual(
          (JSON.parse(answer.text) as { error: { code: string } }).error.code,
          "invalid_parameter"
        )
        // The answer came while most of the body was still unsent, and nothing near it was buffered.
        assert.isBelow(answer.sent, total / 4)
        assert.isBelow(grown, 48 * 1024 * 1024)
      })
    )
  }
})

describe("issue 10.10 inputs never reach a defect (M27, M9–M14, E7)", () => {
  const protoNames = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"]

  it.effect("bad percent-encoding in a path id is a 4xx, never a 500", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      for (const id of ["%E0%A4%A", "%ZZ", "%", "%C0%AF", "%ED%A0%80"]) {
        for (const [method, path] of [
          ["GET", `/v2/template/${id}`],
          ["POST", `/v2/template/${id}/generate`],
          ["GET", `/v2/video_translate/${id}`]
        ] as const) {
          const answer = yield* raw(url, path, {
            method,
            headers: { "x-api-key": keys.paid, ...json },
            ...(method === "POST" ? { body: JSON.stringify({ variables: {} }) } : {})
          })
          assert.oneOf(answer.status, [400, 404], `${method} ${path}: ${answer.text}`)
          assert.oneOf(errorOf(answer)?.code, ["invalid_parameter", "template_not_found", "video_not_found"])
        }
      }
    })
  )

  it.effect("prototype-member names are unknown ids, keys and codes like any other", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      const paid = { "x-api-key": keys.paid, ...json }
      for (const name of protoNames) {
        const id = encodeURIComponent(name)
        const template = yield* raw(url, `/v2/template/${id}`, { headers: paid })
        assert.strictEqual(errorOf(template)?.code, "template_not_found", `${name}: ${template.text}`)
        const generate = yield* raw(url, `/v2/template/${id}/generate`, {
          method: "POST",
          headers: paid,
          body: JSON.stringify({ variables: {} })
        })
        assert.strictEqual(errorOf(generate)?.code, "template_not_found", `${name}: ${generate.text}`)
        const translation = yield* raw(url, `/v2/video_translate/${id}`, { headers: paid })
        assert.strictEqual(errorOf(translation)?.code, "video_not_found", `${name}: ${translation.text}`)
        const status = yield* raw(url, `/v1/video_status.get?video_id=${id}`, { headers: paid })
        assert.strictEqual(errorOf(status)?.code, "video_not_found", `${name}: ${status.text}`)
        const deleted = yield* raw(url, `/v1/video.delete?video_id=${id}`, {
          method: "DELETE",
          headers: paid
        })
        assert.strictEqual(errorOf(deleted)?.code, "video_not_found", `${name}: ${deleted.text}`)
        const translate = yield* raw(url, "/v2/video_translate", {
          method: "POST",
          headers: paid,
          body: JSON.stringify({ video_url: `heygen:video/${name}`, output_language: "French" })
        })
        assert.strictEqual(errorOf(translate)?.code, "video_not_found", `${name}: ${translate.text}`)
        const key = yield* raw(url, "/v2/avatars", { headers: { "x-api-key": name } })
        assert.strictEqual(errorOf(key)?.code, "unauthorized", `${name}: ${key.text}`)
        const input = {
          character: { type: "avatar", avatar_id: ids.publicAvatar },
          voice: { type: "text", voice_id: ids.publicVoice, input_text: "Hi" }
        }
        for (const [body, code, message] of [
          [{ ...input, character: { type: "avatar", avatar_id: name } }, "avatar_not_found", "was not found"],
          [{ ...input, voice: { ...input.voice, voice_id: name } }, "voice_not_found", "was not found"],
          [
            { ...input, background: { type: "image", image_asset_id: name } },
            "asset_not_found",
            "does not exist"
          ],
          [{ ...input, voice: { type: "audio", audio_asset_id: name } }, "asset_not_found", "does not exist"]
        ] as const) {
          const answer = yield* raw(url, "/v2/video/generate", {
            method: "POST",
            headers: paid,
            body: JSON.stringify({ test: true, video_inputs: [body] })
          })
          assert.strictEqual(errorOf(answer)?.code, code, `${name}: ${answer.text}`)
          assert.include(errorOf(answer)?.message, message)
        }
      }
    })
  )

  it.effect("a template variable named like a prototype member must be sent, not inherited", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      const answer = yield* raw(url, `/v2/template/${ids.publicTemplate}/generate`, {
        method: "POST",
        headers: { "x-api-key": keys.paid, ...json },
        body: '{"test":true,"variables":{"__proto__":{"product":"x"},"constructor":"y"}}'
      })
      assert.strictEqual(errorOf(answer)?.code, "invalid_parameter", answer.text)
      assert.strictEqual(errorOf(answer)?.param, "variables.product")
    })
  )
})

describe("issue 10.11 one bad control request cannot brick the emulator (M23)", () => {
  const invalid: ReadonlyArray<readonly [string, unknown]> = [
    ["counters", { counters: null }],
    ["counters.byCode", { counters: { requests: 0, byStatus: {}, byCode: [] } }],
    ["accounts", { accounts: null }],
    ["accounts.acct_paid.credits", { accounts: { acct_paid: { ...paidAccount, credits: "lots" } } }],
    ["accounts.acct_paid.plan", { accounts: { acct_paid: { ...paidAccount, plan: "platinum" } } }],
    ["keys", { keys: [] }],
    [
      "videos.v.readyAt",
      { videos: { v: { id: "v", owner: "acct_paid", createdAt: 0, test: false, deleted: false } } }
    ],
    ["forced[0].remaining", { forced: [{ key: null, method: null, path: null, code: "x", remaining: -1 }] }],
    ["buckets.k.tokens", { buckets: { k: { tokens: null, updatedAt: 0 } } }],
    ["clockOffset", { clockOffset: "soon" }],
    ["sequence", { sequence: 1.5 }],
    [
      "templates.t.variables.v.type",
      { templates: { t: { ...template, variables: { v: { type: "image" } } } } }
    ],
    ["extra", { extra: true }]
  ]

  it.effect(
    "each invalid state is refused with invalid_parameter naming the field, and nothing changes",
    () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator()
        for (const [param, state] of invalid) {
          const answer = yield* control(url, "/__emulator/state", { method: "PUT", body: state })
          assert.strictEqual(answer.status, 400, `${param}: ${answer.text}`)
          assert.strictEqual(errorOf(answer)?.code, "invalid_parameter")
          assert.strictEqual(errorOf(answer)?.param, param, answer.text)
          const served = yield* raw(url, "/v2/user/remaining_quota", { headers: { "x-api-key": keys.paid } })
          assert.strictEqual(served.status, 200, `after ${param}: ${served.text}`)
          assert.strictEqual(
            (served.json as { data: { remaining_quota: number } }).data.remaining_quota,
            1000
          )
        }
        const counters = yield* control(url, "/__emulator/counters")
        assert.strictEqual(counters.status, 200)
        assert.strictEqual((yield* control(url, "/__emulator/reset", { method: "POST" })).status, 200)
      })
  )

  it("the state schema decodes to exactly the State interface, every table included", () => {
    type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
    const same: Mutual<typeof EmulatorState.State.Type, EmulatorState.State> = true
    assert.isTrue(same)
  })

  it.effect("the state read from GET is accepted back whole by PUT", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      const state = (yield* control(url, "/__emulator/state")).json as { data: Record<string, unknown> }
      const answer = yield* control(url, "/__emulator/state", { method: "PUT", body: state.data })
      assert.strictEqual(answer.status, 200, answer.text)
    })
  )

  it.effect("the clock only moves forward, by a finite amount", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      for (const advance_ms of [-1, 1e308, "1"]) {
        const answer = yield* control(url, "/__emulator/clock", { method: "POST", body: { advance_ms } })
        assert.strictEqual(errorOf(answer)?.param, "advance_ms", answer.text)
      }
    })
  )

  it.effect("reset works even when the store holds a corrupted state", () =>
    Effect.gen(function* () {
      const corrupted = { ...Fixtures.seed(0), counters: null, keys: null } as unknown as EmulatorState.State
      const url = yield* serveEmulator().pipe(Effect.provide(EmulatorStore.layerMemory(corrupted)))
      const reset = yield* control(url, "/__emulator/reset", { method: "POST" })
      assert.strictEqual(reset.status, 200, reset.text)
      const served = yield* raw(url, "/v2/avatars", { headers: { "x-api-key": keys.paid } })
      assert.strictEqual(served.status, 200, served.text)
    })
  )
})

/** A request over node:http with any Host header (fetch cannot set one). */
const withHost = (url: string, path: string, host: string, headers: Record<string, string> = {}) =>
  Effect.promise(
    () =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const request = http.request(
          `${url}${path}`,
          { method: "POST", headers: { ...headers, host } },
          (response) => {
            let text = ""
            response.setEncoding("utf8")
            response.on("data", (chunk: string) => {
              text += chunk
            })
            response.on("end", () => resolve({ status: response.statusCode ?? 0, text }))
          }
        )
        request.on("error", reject)
        request.end()
      })
  )

describe("issue 10.12 faults and control are closed unless enabled and authenticated (M21–M23)", () => {
  const paid = { "x-api-key": keys.paid }

  it.effect("with control off, fault, delay and forced-error headers are ignored", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator({ control: false })
      const started = Date.now()
      for (const headers of [
        { "x-emulator-fault": "defect" },
        { "x-emulator-fault": "hang" },
        { "x-emulator-fault": "malformed" },
        { "x-emulator-delay-ms": "5000" },
        { "x-emulator-error": "internal_error" },
        { "x-emulator-error": "video_not_found", "x-emulator-error-times": "1000000000" }
      ]) {
        const answer = yield* raw(url, "/v2/avatars", { headers: { ...paid, ...headers } })
        assert.strictEqual(answer.status, 200, `${JSON.stringify(headers)}: ${answer.text}`)
      }
      assert.strictEqual((yield* raw(url, "/v2/avatars", { headers: paid })).status, 200)
      assert.isBelow(Date.now() - started, 2000)
    })
  )

  it.effect("with control on, faults and delays still need a valid API key", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      const started = Date.now()
      for (const headers of [{ "x-emulator-fault": "defect" }, { "x-emulator-delay-ms": "5000" }]) {
        const answer = yield* raw(url, "/v2/avatars", { headers })
        assert.strictEqual(errorOf(answer)?.code, "unauthorized", answer.text)
      }
      assert.isBelow(Date.now() - started, 2000)
      const defect = yield* raw(url, "/v2/avatars", { headers: { ...paid, "x-emulator-fault": "defect" } })
      assert.strictEqual(errorOf(defect)?.code, "internal_error")
    })
  )

  it.effect("a control request without the token, or with a wrong one, is refused and changes nothing", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      const clock = { method: "POST", body: { advance_ms: 86_400_000 } } as const
      for (const headers of [{ "x-emulator-token": "" }, { "x-emulator-token": "guess" }, {}]) {
        const answer = yield* raw(url, "/__emulator/clock", {
          method: "POST",
          headers: { ...json, ...headers },
          body: JSON.stringify(clock.body)
        })
        assert.strictEqual(answer.status, 401, answer.text)
        assert.strictEqual(errorOf(answer)?.code, "unauthorized")
        assert.notInclude(answer.text, "test-control-token")
      }
      const state = (yield* control(url, "/__emulator/state")).json as { data: { clockOffset: number } }
      assert.strictEqual(state.data.clockOffset, 0)
      assert.strictEqual((yield* control(url, "/__emulator/clock", clock)).status, 200)
    })
  )

  it.effect("a cross-site-style text/plain POST to control is refused, with or without the token", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      const body = JSON.stringify({ advance_ms: 86_400_000 })
      // What a page on another site can send without a preflight: no custom header, a "simple" type.
      const simple = yield* raw(url, "/__emulator/clock", {
        method: "POST",
        headers: { "content-type": "text/plain;charset=UTF-8" },
        body
      })
      assert.strictEqual(simple.status, 401, simple.text)
      for (const [path, contentType] of [
        ["/__emulator/clock", "text/plain"],
        ["/__emulator/clock", "application/x-www-form-urlencoded"],
        ["/__emulator/reset", "multipart/form-data; boundary=x"]
      ] as const) {
        const answer = yield* control(url, path, {
          method: "POST",
          headers: { "content-type": contentType }
        })
        assert.strictEqual(answer.status, 400, `${path} ${contentType}: ${answer.text}`)
        assert.strictEqual(errorOf(answer)?.param, "Content-Type")
      }
      const state = (yield* control(url, "/__emulator/state")).json as { data: { clockOffset: number } }
      assert.strictEqual(state.data.clockOffset, 0)
    })
  )

  it.effect("a control request naming a host other than loopback is refused (DNS rebinding)", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator({ allowedHosts: ["emulator.internal"] })
      const token = { "x-emulator-token": testToken }
      for (const host of ["evil.example", "evil.example:80", "127.0.0.1.evil.example", "localhost.evil"]) {
        const answer = yield* withHost(url, "/__emulator/reset", host, token)
        assert.strictEqual(answer.status, 403, `${host}: ${answer.text}`)
        assert.strictEqual((JSON.parse(answer.text) as { error: { code: string } }).error.code, "forbidden")
        assert.notInclude(answer.text, "evil")
      }
      for (const host of [
        "127.0.0.1:1",
        "localhost",
        "app.localhost:8080",
        "[::1]:80",
        "Emulator.Internal:9"
      ]) {
        const answer = yield* withHost(url, "/__emulator/reset", host, token)
        assert.strictEqual(answer.status, 200, `${host}: ${answer.text}`)
      }
    })
  )

  it.effect("JSON API routes refuse a body that is not declared JSON (M14)", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      const body = JSON.stringify({
        test: true,
        video_inputs: [
          {
            character: { type: "avatar", avatar_id: ids.publicAvatar },
            voice: { type: "text", voice_id: ids.publicVoice, input_text: "Hi" }
          }
        ]
      })
      for (const headers of [
        { "content-type": "text/plain" },
        { "content-type": "application/x-www-form-urlencoded" }
      ]) {
        const answer = yield* raw(url, "/v2/video/generate", {
          method: "POST",
          headers: { ...paid, ...headers },
          body
        })
        assert.strictEqual(answer.status, 400, answer.text)
        assert.strictEqual(errorOf(answer)?.param, "Content-Type")
      }
      const ok = yield* raw(url, "/v2/video/generate", {
        method: "POST",
        headers: { ...paid, "content-type": "application/json; charset=utf-8" },
        body
      })
      assert.strictEqual(ok.status, 200, ok.text)
    })
  )

  it.effect("a delay is capped at 60 s", () =>
    Effect.gen(function* () {
      const app = yield* Emulator.make({ control: true, controlToken: testToken })
      const request = HttpServerRequest.fromWeb(
        new Request("http://127.0.0.1/v2/avatars", { headers: { ...paid, "x-emulator-delay-ms": "600000" } })
      )
      const fiber = yield* app.pipe(
        Effect.provideService(HttpServerRequest.HttpServerRequest, request),
        Effect.forkChild
      )
      yield* TestClock.adjust("59 seconds")
      assert.isUndefined(fiber.pollUnsafe())
      yield* TestClock.adjust("1 second")
      const exit = yield* Fiber.await(fiber)
      assert.isTrue(Exit.isSuccess(exit) && exit.value.status === 200)
    })
  )

  it.effect("control needs a token: make refuses control: true without one", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(Emulator.make({ control: true }))
      assert.isTrue(Exit.isFailure(exit))
      assert.include(String(Exit.isFailure(exit) ? exit.cause : ""), "controlToken")
    })
  )

  it("the bin prints a random control token, and warns on stderr when it listens beyond loopback", async () => {
    const child = spawn(
      process.execPath,
      [path.resolve(import.meta.dirname, "../src/bin.ts"), "--port", "0", "--host", "0.0.0.0"],
      {
        stdio: ["ignore", "pipe", "pipe"]
      }
    )
    try {
      let out = ""
      let err = ""
      child.stderr.on("data", (d: Buffer) => {
        err += d
      })
      await new Promise<void>((resolve) =>
        child.stdout.on("data", (d: Buffer) => {
          out += d
          if (out.includes("HEYGEN_BASE_URL")) resolve()
        })
      )
      assert.match(err, /WARNING: .*0\.0\.0\.0.*not a loopback address/)
      const token = /X-Emulator-Token\): (\S+)/.exec(out)?.[1] ?? ""
      assert.isAtLeast(token.length, 24)
      const port = /:(\d+) \(control/.exec(out)?.[1]
      const reset = (headers: Record<string, string>) =>
        fetch(`http://127.0.0.1:${port}/__emulator/reset`, { method: "POST", headers }).then((r) => r.status)
      assert.strictEqual(await reset({}), 401)
      assert.strictEqual(await reset({ "x-emulator-token": token }), 200)
    } finally {
      child.kill()
    }
    // A child Node process strips the TypeScript of the whole emulator first: slow on a loaded machine.
  }, 60_000)
})

describe("issue 10.9 every table is bounded; a rate budget is per account and route (M27, M4, M21)", () => {
  const paid = { "x-api-key": keys.paid }
  interface Tables {
    readonly forced: ReadonlyArray<{ readonly code: string; readonly remaining: number }>
    readonly buckets: Record<string, unknown>
    readonly videos: Record<string, unknown>
    readonly assets: Record<string, unknown>
    readonly translations: Record<string, unknown>
  }
  const tables = (url: string) =>
    Effect.map(control(url, "/__emulator/state"), (answer) => (answer.json as { data: Tables }).data)

  it.effect(
    "repeated X-Emulator-Error-Times headers keep one rule per key, method and path, times capped",
    () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator({ limits: { forcedTimes: 5, forcedRules: 3 } })
        for (let i = 0; i < 50; i++) {
          const headers = {
            ...paid,
            "x-emulator-error": "video_not_found",
            "x-emulator-error-times": "1000000000"
          }
          assert.strictEqual((yield* raw(url, "/v2/avatars", { headers })).status, 404)
        }
        const one = (yield* tables(url)).forced
        assert.deepStrictEqual(
          one.map((r) => [r.code, r.remaining]),
          [["video_not_found", 4]]
        )
        for (let i = 0; i < 10; i++) {
          const headers = { ...paid, "x-emulator-error": "forbidden", "x-emulator-error-times": "2" }
          yield* raw(url, `/v2/template/tpl_${i}`, { headers })
        }
        assert.strictEqual((yield* tables(url)).forced.length, 3)
      })
  )

  it.effect("a template id gets no fresh rate budget: the bucket is the account's and the route's", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator({ rateLimit: { capacity: 3, refillPerSecond: 0 } })
      const statuses: Array<number> = []
      for (let i = 0; i < 10; i++)
        statuses.push((yield* raw(url, `/v2/template/tpl_${i}`, { headers: paid })).status)
      assert.deepStrictEqual(statuses, [404, 404, 404, 429, 429, 429, 429, 429, 429, 429])
      // Another key of the same account shares the budget; the GET of one template is its own route.
      const admin = yield* raw(url, "/v2/organization/members", { headers: { "x-api-key": keys.admin } })
      assert.strictEqual(admin.status, 200)
      assert.deepStrictEqual(Object.keys((yield* tables(url)).buckets).sort(), [
        "acct_org GET /v2/organization/members",
        "acct_paid GET /v2/template/{id}"
      ])
    })
  )

  it.effect("videos, assets and translations keep the newest within their limits", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator({ limits: { videos: 3, assets: 2, translations: 2 } })
      const body = JSON.stringify({
        test: true,
        video_inputs: [
          {
            character: { type: "avatar", avatar_id: ids.publicAvatar },
            voice: { type: "text", voice_id: ids.publicVoice, input_text: "Hi" }
          }
        ]
      })
      const made: Array<string> = []
      for (let i = 0; i < 6; i++) {
        const answer = yield* raw(url, "/v2/video/generate", {
          method: "POST",
          headers: { ...paid, ...json },
          body
        })
        made.push((answer.json as { data: { video_id: string } }).data.video_id)
        yield* raw(url, "/v1/asset", {
          method: "POST",
          headers: { ...paid, "content-type": "image/png" },
          body: new Uint8Array([1])
        })
        yield* raw(url, "/v2/video_translate", {
          method: "POST",
          headers: { ...paid, ...json },
          body: JSON.stringify({ video_url: "https://example.com/v.mp4", output_language: "French" })
        })
      }
      const state = yield* tables(url)
      assert.deepStrictEqual(Object.keys(state.videos), made.slice(-3))
      assert.strictEqual(Object.keys(state.assets).length, 2)
      assert.strictEqual(Object.keys(state.translations).length, 2)
      const oldest = yield* raw(url, `/v1/video_status.get?video_id=${made[0]}`, { headers: paid })
      assert.strictEqual(errorOf(oldest)?.code, "video_not_found")
      const newest = yield* raw(url, `/v1/video_status.get?video_id=${made[5]}`, { headers: paid })
      assert.strictEqual(newest.status, 200)
    })
  )

  it.effect("control cannot exceed the limits either: a state or a script over them is refused", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator({ limits: { forcedRules: 2, forcedTimes: 10 } })
      const rule = { key: null, method: null, path: null, code: "forbidden", remaining: 1 }
      const state = yield* control(url, "/__emulator/state", {
        method: "PUT",
        body: { forced: [rule, rule, rule] }
      })
      assert.strictEqual(errorOf(state)?.param, "forced", state.text)
      const script = yield* control(url, "/__emulator/script", {
        method: "POST",
        body: { code: "forbidden", times: 11 }
      })
      assert.strictEqual(errorOf(script)?.param, "times", script.text)
      for (let i = 0; i < 5; i++)
        yield* control(url, "/__emulator/script", {
          method: "POST",
          body: { code: "forbidden", times: 1, path: `/p${i}` }
        })
      assert.strictEqual((yield* tables(url)).forced.length, 2)
    })
  )
})

describe("issue 10.7 Idempotency-Key: one run per key, replayed for 24 hours (M26, M6, M24)", () => {
  const paid = { "x-api-key": keys.paid, ...json }
  const generateBody = (text: string, test = false) =>
    JSON.stringify({
      test,
      video_inputs: [
        {
          character: { type: "avatar", avatar_id: ids.publicAvatar },
          voice: { type: "text", voice_id: ids.publicVoice, input_text: text }
        }
      ]
    })
  const generate = (url: string, key: string | undefined, text = "One credit.", apiKey: string = keys.paid) =>
    raw(url, "/v2/video/generate", {
      method: "POST",
      headers: { ...json, "x-api-key": apiKey, ...(key === undefined ? {} : { "idempotency-key": key }) },
      body: generateBody(text)
    })
  const balance = (url: string) =>
    Effect.map(
      raw(url, "/v2/user/remaining_quota", { headers: paid }),
      (answer) => (answer.json as { data: { remaining_quota: number } }).data.remaining_quota
    )
  const videoCount = (url: string) =>
    Effect.map(
      control(url, "/__emulator/state"),
      (answer) => Object.keys((answer.json as { data: { videos: object } }).data.videos).length
    )

  it.effect("the same key twice makes one video, charges once and replays the identical body", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      const videos = yield* videoCount(url)
      const first = yield* generate(url, "order-1042:attempt.1_a-b")
      // A retry whose body differs slightly is still the same request.
      const second = yield* generate(url, "order-1042:attempt.1_a-b", "One credit, again.")
      assert.strictEqual(first.status, 200, first.text)
      assert.strictEqual(second.status, 200)
      assert.strictEqual(second.text, first.text)
      assert.strictEqual(yield* balance(url), 999)
      assert.strictEqual(yield* videoCount(url), videos + 1)
    })
  )

  it.live("a repeat while the first still runs is 409 request_in_progress; afterwards it replays", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      const key = "slow-upload-1"
      // The first request's body arrives slowly: the key is claimed before the body is read.
      let finish: (rest: string) => void = () => {}
      const first = Effect.promise(
        () =>
          new Promise<{ status: number; text: string }>((resolve, reject) => {
            const request = http.request(
              `${url}/v2/video/generate`,
              { method: "POST", headers: { ...paid, "idempotency-key": key } },
              (response) => {
                let text = ""
                response.setEncoding("utf8")
                response.on("data", (chunk: string) => {
                  text += chunk
                })
                response.on("end", () => resolve({ status: response.statusCode ?? 0, text }))
              }
            )
            request.on("error", reject)
            const body = generateBody("One credit.")
            request.write(body.slice(0, 10))
            finish = () => request.end(body.slice(10))
          })
      )
      const fiber = yield* Effect.forkChild(first)
      // Wait until the server has claimed the key (it shows in the state, still running).
      for (let i = 0; i < 200; i++) {
        const state = (yield* control(url, "/__emulator/state")).json as {
          data: { idempotency: Record<string, { status: number | null }> }
        }
        if (Object.values(state.data.idempotency).some((r) => r.status === null)) break
        yield* Effect.sleep("5 millis")
      }
      const during = yield* generate(url, key)
      assert.strictEqual(during.status, 409, during.text)
      assert.strictEqual(errorOf(during)?.code, "request_in_progress")
      finish("")
      const original = yield* Fiber.join(fiber)
      assert.strictEqual(original.status, 200, original.text)
      const after = yield* generate(url, key)
      assert.strictEqual(after.text, original.text)
      assert.strictEqual(yield* balance(url), 999)
    })
  )

  it.effect("24 hours later, in emulator time, the same key runs again", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      const first = yield* generate(url, "daily-1")
      yield* control(url, "/__emulator/clock", {
        method: "POST",
        body: { advance_ms: 24 * 3600 * 1000 - 60_000 }
      })
      assert.strictEqual((yield* generate(url, "daily-1")).text, first.text)
      yield* control(url, "/__emulator/clock", { method: "POST", body: { advance_ms: 60_000 } })
      yield* generate(url, "daily-2")
      // Expired keys are forgotten, not only ignored.
      const state = (yield* control(url, "/__emulator/state")).json as { data: { idempotency: object } }
      assert.deepStrictEqual(Object.keys(state.data.idempotency), [
        "acct_paid POST /v2/video/generate daily-2"
      ])
      const later = yield* generate(url, "daily-1")
      assert.strictEqual(later.status, 200, later.text)
      assert.notStrictEqual(later.text, first.text)
      assert.strictEqual(yield* balance(url), 997)
    })
  )

  it.effect("the scope is the account, method and path: the key elsewhere is independent", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      const key = "shared-key"
      const ids_ = new Set<string>()
      const idOf = (answer: { readonly json: unknown; readonly text: string }) => {
        const id = (answer.json as { data?: { video_id?: string; video_translate_id?: string } }).data
        return id?.video_id ?? id?.video_translate_id ?? answer.text
      }
      for (const template of [ids.publicTemplate, ids.privateTemplate]) {
        const answer = yield* raw(url, `/v2/template/${template}/generate`, {
          method: "POST",
          headers: { ...paid, "idempotency-key": key },
          body: JSON.stringify({ test: true, variables: { product: "x", name: "y" } })
        })
        ids_.add(idOf(answer))
      }
      ids_.add(idOf(yield* generate(url, key)))
      ids_.add(idOf(yield* generate(url, key, "Another account.", keys.enterprise)))
      ids_.add(
        idOf(
          yield* raw(url, "/v2/video_translate", {
            method: "POST",
            headers: { ...paid, "idempotency-key": key },
            body: JSON.stringify({ video_url: "https://example.com/v.mp4", output_language: "French" })
          })
        )
      )
      assert.strictEqual(ids_.size, 5, [...ids_].join(" "))
      // …while on one of those routes it replays.
      assert.strictEqual(idOf(yield* generate(url, key)), [...ids_][2])
    })
  )

  it.effect(
    "a key that breaks the syntax is invalid_parameter naming Idempotency-Key, and nothing runs",
    () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator()
        for (const key of ["", "a b", "k".repeat(256), "clé", "a/b", "a,b", "{x}"]) {
          const answer = yield* generate(url, key)
          assert.strictEqual(answer.status, 400, `${JSON.stringify(key)}: ${answer.text}`)
          assert.strictEqual(errorOf(answer)?.param, "Idempotency-Key")
        }
        assert.strictEqual(yield* balance(url), 1000)
        assert.strictEqual((yield* generate(url, "k".repeat(255))).status, 200)
        assert.strictEqual((yield* generate(url, "A-z_0:9.")).status, 200)
      })
  )

  it.effect("a 429 is not remembered: once a render slot frees, the same key runs", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      for (let i = 0; i < 3; i++) yield* generate(url, `render-${i}`)
      const busy = yield* generate(url, "render-3")
      assert.strictEqual(busy.status, 429, busy.text)
      yield* control(url, "/__emulator/clock", { method: "POST", body: { advance_ms: 30_000 } })
      const retried = yield* generate(url, "render-3")
      assert.strictEqual(retried.status, 200, retried.text)
    })
  )
})
