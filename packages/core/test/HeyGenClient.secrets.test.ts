import * as util from "node:util"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Logger from "effect/Logger"
import * as Redacted from "effect/Redacted"
import * as References from "effect/References"
import * as Schema from "effect/Schema"
import * as Tracer from "effect/Tracer"
import * as Catalog from "../src/Catalog.ts"
import * as HeyGenClient from "../src/HeyGenClient.ts"
import { KEY } from "./utils/client.ts"
import { json, serveNode } from "./utils/server.ts"

const QUERY_SECRET = "vid-QUERY-VALUE-77"
const TOKEN = "eyJhbGciOiJIUzI1NiJ9.hg-oauth-TOKEN.s1gn_d41d8"

/** The client's credential: the API key, or an OAuth access token (rules S1, S4). */
const credentials = [
  {
    name: "API key",
    secret: KEY,
    options: { apiKey: Redacted.make(KEY) },
    sent: (headers: Readonly<Record<string, unknown>>) => String(headers["x-api-key"])
  },
  {
    name: "access token",
    secret: TOKEN,
    options: { accessToken: Redacted.make(TOKEN) },
    sent: (headers: Readonly<Record<string, unknown>>) => String(headers.authorization)
  }
] as const
const BODY_SECRET = "BODY-CONTENT-55"

/** Records every span, every log line (with annotations) and every failure a program produces. */
const observe = () => {
  const spans: Array<Tracer.NativeSpan> = []
  const logs: Array<string> = []
  const tracer = Tracer.make({
    span: (options) => {
      const span = new Tracer.NativeSpan(options)
      spans.push(span)
      return span
    }
  })
  const logger = Logger.make<unknown, void>(({ message, fiber }) => {
    logs.push(
      util.inspect({ message, annotations: fiber.getRef(References.CurrentLogAnnotations) }, { depth: 5 })
    )
    logs.push(JSON.stringify({ message, annotations: fiber.getRef(References.CurrentLogAnnotations) }))
  })
  const instrument = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    effect.pipe(
      Effect.provideService(Tracer.Tracer, tracer),
      Effect.provide(Logger.layer([logger])),
      Effect.provideService(References.MinimumLogLevel, "Debug")
    )
  return { spans, logs, instrument }
}

/** Every rendering of a failure a user, a log or a tracer could see. */
const renderings = (exit: Exit.Exit<unknown, unknown>): Array<string> => {
  if (Exit.isSuccess(exit)) return []
  const out = [Cause.pretty(exit.cause), util.inspect(exit.cause, { depth: 10 })]
  for (const error of Cause.prettyErrors(exit.cause)) out.push(error.message, String(error.stack))
  const found = Exit.findErrorOption(exit)
  if (found._tag === "Some") {
    const error = found.value as Error
    out.push(
      error.message,
      String(error),
      JSON.stringify(error),
      String(error.stack),
      util.inspect(error, { depth: 10 })
    )
  }
  return out
}

describe("HeyGenClient secrets and spans", () => {
  for (const credential of credentials)
    it.live(
      `S1/S4: the ${credential.name} appears in no message, JSON, String, Cause, log line or span attribute — even when echoed`,
      () =>
        Effect.gen(function* () {
          const { spans, logs, instrument } = observe()
          let mode = ""
          const server = yield* serveNode((req, res) => {
            const echoed = `key ${credential.sent(req.headers)} rejected`
            const [kind, arg] = mode.split(":")
            switch (kind) {
              case "code":
                return json(
                  res,
                  Catalog.get(arg!)!.status,
                  {
                    error: { code: arg, message: echoed, param: echoed, doc_url: `https://d.test#${echoed}` }
                  },
                  { "x-request-id": echoed, "retry-after": "0" }
                )
              case "2xx-error":
                return json(res, 200, { error: { code: "internal_error", message: echoed } })
              case "mismatch":
                return json(res, 200, { error: null, data: { avatars: [{ avatar_id: echoed }] } })
              case "not-json":
                return res.writeHead(200).end(`<html>${echoed}</html>`)
              case "html":
                return res.writeHead(502, { "content-type": "text/html" }).end(`<html>${echoed}</html>`)
              case "reset":
                return void res
                  .writeHead(200, { "content-length": "100" })
                  .write(`{"x":"${echoed}`, () => res.socket?.destroy())
              case "hang":
                return void res.writeHead(200).write("{")
              default:
                return json(res, 200, { error: null, data: {} })
            }
          })
          const make = (baseUrl: string) =>
            HeyGenClient.make({
              ...credential.options,
              baseUrl,
              timeout: "200 millis",
              retry: { baseDelay: 1, maxDelay: 2 }
            }).pipe(Effect.provide(FetchHttpClient.layer))
          const client = yield* make(server.url)
          const exits: Array<Exit.Exit<unknown, unknown>> = []
          const run = (m: string, effect: Effect.Effect<unknown, unknown>) =>
            Effect.gen(function* () {
              mode = m
              exits.push(yield* Effect.exit(instrument(effect)))
            })

          for (const entry of Catalog.entries)
            yield* run(`code:${entry.code}`, client.getVideoStatus(QUERY_SECRET))
          yield* run("2xx-error", client.generateVideo({ title: BODY_SECRET, video_inputs: [] }))
          yield* run("mismatch", client.listAvatars())
          yield* run("not-json", client.listAvatars())
          yield* run("html", client.listAvatars())
          yield* run("reset", client.listAvatars())
          yield* run("hang", client.listAvatars())
          yield* run(
            "",
            client.request({ method: "POST", path: "/x", json: { n: 1n }, success: Schema.Unknown })
          )
          const closed = yield* serveNode(() => {})
          yield* closed.close
          const refused = yield* make(closed.url)
          yield* run("", refused.listAvatars())
          const wrongHost = yield* make(`http://127.0.0.1:1/x?api_key=${credential.secret}`)
          yield* run("", wrongHost.listAvatars())

          assert.strictEqual(exits.length, Catalog.entries.length + 9)
          assert.isTrue(exits.every(Exit.isFailure), "every path failed")
          const texts = exits.flatMap(renderings)
          const attributes = spans.flatMap((span) => [
            span.name,
            ...[...span.attributes].map(([k, v]) => `${k}=${String(v)}`)
          ])
          assert.isTrue(
            attributes.some((a) => a.startsWith("retry.error=")),
            "retries were recorded (R5), so their attributes were checked too"
          )
          for (const text of [...texts, ...logs, ...attributes]) {
            assert.notInclude(text, credential.secret)
          }
          for (const attribute of attributes) {
            assert.notInclude(attribute, QUERY_SECRET)
            assert.notInclude(attribute, BODY_SECRET)
          }
        })
    )

  it.live(
    "spans: one per call and one per attempt, with method, path template, status, error code, attempt",
    () => {
      let calls = 0
      const { spans, instrument } = observe()
      return Effect.gen(function* () {
        const server = yield* serveNode((_, res) =>
          ++calls === 1
            ? json(
                res,
                429,
                { error: { code: "rate_limit_exceeded", message: "slow" } },
                { "retry-after": "0" }
              )
            : json(res, 200, { code: 100, data: { status: "completed" }, message: "Success" })
        )
        const client = yield* HeyGenClient.make({
          apiKey: Redacted.make(KEY),
          baseUrl: server.url,
          retry: { baseDelay: 1 }
        }).pipe(Effect.provide(FetchHttpClient.layer))
        const status = yield* instrument(client.getVideoStatus(QUERY_SECRET))
        assert.strictEqual(status.status, "completed")
        const call = spans.find((s) => s.name === "HeyGenClient.getVideoStatus")!
        assert.strictEqual(call.attributes.get("http.request.method"), "GET")
        assert.strictEqual(call.attributes.get("url.template"), "/v1/video_status.get")
        const attempts = spans.filter((s) => s.name === "RetryPolicy.attempt")
        assert.deepStrictEqual(
          attempts.map((s) => [
            s.attributes.get("attempt"),
            s.attributes.get("http.response.status_code"),
            s.attributes.get("heygen.error.code")
          ]),
          [
            [1, 429, "rate_limit_exceeded"],
            [2, 200, undefined]
          ]
        )
        assert.isTrue(attempts.every((s) => Object.is(s.parent._tag === "Some" && s.parent.value, call)))
        assert.deepStrictEqual(
          spans
            .map((s) => s.name)
            .filter((n) => !n.startsWith("HeyGenClient.") && n !== "RetryPolicy.attempt"),
          [],
          "effect/http's own client spans (which record URLs and headers) are off"
        )
      })
    }
  )
})

// The key as a server or proxy may echo it: JSON-escaped (every character, or some; hex in
// either case), percent-encoded (either case), as HTML character references.
const unicode = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`
const percent = (c: string) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`
const echoes: Readonly<Record<string, string>> = {
  "json-all": [...KEY].map(unicode).join(""),
  "json-all-upper": [...KEY].map((c) => unicode(c).toUpperCase().replace("\\U", "\\u")).join(""),
  "json-some": [...KEY].map((c, i) => (i % 3 === 0 ? unicode(c) : c)).join(""),
  "percent-lower": [...KEY].map(percent).join(""),
  "percent-upper": [...KEY].map((c) => percent(c).toUpperCase()).join(""),
  "percent-some": encodeURIComponent(KEY).replaceAll("_", "%5f"),
  html: [...KEY].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join("")
}

/** Undoes every escape a reader could undo, to see whether the key (or a 12-character start of it) shows. */
const reveals = (text: string): boolean => {
  const undone = text
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)))
    .replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)))
    .replace(/&#[xX]([0-9a-fA-F]+);/g, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replaceAll("\\/", "/")
  return undone.includes(KEY.slice(0, 12)) || text.includes(KEY.slice(0, 12))
}

describe("issue 10.3 escaped, split and percent-encoded echoes (S1)", () => {
  // The same secret text as a key and as a token: both are scrubbed alike (rule S4).
  for (const credential of [{ apiKey: Redacted.make(KEY) }, { accessToken: Redacted.make(KEY) }])
    it.live(
      `S1/S4: an echoed ${credential.apiKey === undefined ? "access token" : "key"} in any form, split across chunks or cut at the bound, shows in no rendering`,
      () =>
        Effect.gen(function* () {
          const { logs, spans, instrument } = observe()
          let mode = ""
          const server = yield* serveNode((_, res) => {
            const [kind, form] = mode.split(":")
            const echo = echoes[form ?? ""] ?? ""
            switch (kind) {
              case "fields":
                // Raw JSON text: the escapes reach JSON.parse as the server wrote them.
                return res
                  .writeHead(409, { "content-type": "application/json", "x-request-id": `rid ${echo}` })
                  .end(
                    `{"error":{"code":"request_in_progress","message":"key ${echo} busy","param":"${echo}","doc_url":"https://d.test/${echo}"}}`
                  )
              case "code":
                return res
                  .writeHead(418, { "content-type": "application/json" })
                  .end(`{"error":{"code":"${echo}"}}`)
              case "html":
                return res.writeHead(502, { "content-type": "text/html" }).end(`<p>key ${echo}</p>`)
              case "2xx-error":
                return res.writeHead(200).end(`{"error":{"code":"internal_error","message":"${echo}"}}`)
              case "mismatch":
                return res.writeHead(200).end(`{"code":100,"data":{"status":"${echo}"}}`)
              case "split": {
                // The key straddles two writes, each flushed before the next.
                const [head, tail] = [KEY.slice(0, 9), KEY.slice(9)]
                res.writeHead(500, { "content-type": "application/json" })
                return void res.write(`{"error":{"message":"key ${head}`, () =>
                  setImmediate(() => res.end(`${tail} rejected"}}`))
                )
              }
              case "cut":
                // The body is cut at 100 bytes, inside the key.
                return res.writeHead(418).end(`${"x".repeat(100 - 16)}${KEY} and more`)
              default:
                return res.writeHead(200).end('{"data":{}}')
            }
          })
          const client = yield* HeyGenClient.make({
            ...credential,
            baseUrl: server.url,
            retry: false,
            maxErrorBodyBytes: 100
          }).pipe(Effect.provide(FetchHttpClient.layer))
          const wide = yield* HeyGenClient.make({
            ...credential,
            baseUrl: server.url,
            retry: false
          }).pipe(Effect.provide(FetchHttpClient.layer))
          const exits: Array<Exit.Exit<unknown, unknown>> = []
          const run = (m: string, effect: Effect.Effect<unknown, unknown>) =>
            Effect.gen(function* () {
              mode = m
              exits.push(yield* Effect.exit(instrument(effect)))
            })
          for (const form of Object.keys(echoes)) {
            yield* run(`fields:${form}`, wide.listAvatars())
            yield* run(`code:${form}`, wide.listAvatars())
            yield* run(`html:${form}`, wide.listAvatars())
            yield* run(`2xx-error:${form}`, wide.listAvatars())
            yield* run(`mismatch:${form}`, wide.getVideoStatus("v"))
          }
          yield* run("split", wide.listAvatars())
          yield* run("cut", client.listAvatars())
          assert.strictEqual(exits.length, Object.keys(echoes).length * 5 + 2)
          assert.isTrue(exits.every(Exit.isFailure), "every path failed")
          const attributes = spans.flatMap((span) =>
            [...span.attributes].map(([k, v]) => `${k}=${String(v)}`)
          )
          for (const [i, text] of [...exits.flatMap(renderings), ...logs, ...attributes].entries()) {
            assert.isFalse(reveals(text), `rendering ${i} shows the key: ${text.slice(0, 300)}`)
          }
        })
    )
})
