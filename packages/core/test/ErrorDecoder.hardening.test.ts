import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"
import * as Undici from "undici"
import * as Catalog from "../src/Catalog.ts"
import * as ErrorDecoder from "../src/ErrorDecoder.ts"
import * as HeyGenError from "../src/HeyGenError.ts"

const codes = Catalog.entries.map((e) => e.code)

describe("issue 10.8 never an empty message (D6)", () => {
  it("D4/D6: a code-only envelope gets a message from its code and status", () => {
    const error = ErrorDecoder.decode({ status: 409, body: '{"error":{"code":"conflict"}}' })
    assert.strictEqual(error._tag, "UnknownApiError")
    assert.strictEqual(error.message, "conflict (HTTP 409)")
  })

  it("D6: empty or blank messages count as absent, in every shape", () => {
    const cases: ReadonlyArray<readonly [number, string, string]> = [
      [409, '{"error":{"code":"conflict","message":""}}', "conflict (HTTP 409)"],
      [409, '{"error":{"code":"conflict","message":"  "}}', "conflict (HTTP 409)"],
      [409, '{"error":{"code":"conflict"},"message":""}', "conflict (HTTP 409)"],
      [404, '{"error":{"code":"video_not_found","message":""}}', Catalog.get("video_not_found").summary],
      [418, '{"code":40001,"message":""}', "Unexpected HTTP 418 response"],
      [401, '{"code":40001,"message":""}', `HTTP 401: ${Catalog.get("unauthorized").summary}`],
      [418, '{"error":""}', "Unexpected HTTP 418 response"],
      [503, '{"message":"\\t"}', "Unexpected HTTP 503 response"],
      [409, '{"error":{"code":""}}', "Unexpected HTTP 409 response"]
    ]
    for (const [status, body, message] of cases) {
      const error = ErrorDecoder.decode({ status, body })
      assert.strictEqual(error.message, message, body)
    }
  })

  it("D6: every decoded error has a non-empty message (property)", () => {
    const blank = fc.constantFrom("", " ", "\t\n", undefined, null)
    const code = fc.oneof(fc.constantFrom(...codes), fc.string(), blank)
    const body = fc.oneof(
      fc.record({ error: fc.record({ code, message: fc.oneof(blank, fc.string()) }, { requiredKeys: [] }) }),
      fc.record({ code: fc.oneof(fc.integer(), fc.string()), message: fc.oneof(blank, fc.string()) }),
      fc.record({ error: fc.oneof(blank, fc.string(), fc.anything()), message: fc.anything() }),
      fc.anything()
    )
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 100, max: 599 }), fc.integer()), body, (status, json) => {
        const error = ErrorDecoder.decode({ status, body: JSON.stringify(json) ?? "" })
        assert.isString(error.message)
        assert.notStrictEqual(error.message.trim(), "", JSON.stringify(json))
      }),
      { numRuns: 3000 }
    )
  })
})

const rateLimited = '{"error":{"code":"rate_limit_exceeded","message":"slow down"}}'

describe("issue 10.6 headers from another Headers class (D6, D7)", () => {
  it.effect(
    "D6: fromResponse reads Retry-After and X-Request-Id from the npm undici package's Response",
    () =>
      Effect.gen(function* () {
        const response = new Undici.Response(rateLimited, {
          status: 429,
          headers: { "Retry-After": "7", "X-Request-Id": "req-undici" }
        })
        assert.isFalse(response.headers instanceof Headers, "a Headers class other than the global one")
        const error = yield* ErrorDecoder.fromResponse(response)
        assert.strictEqual(error._tag, "RateLimitExceeded")
        assert.strictEqual(error.requestId, "req-undici")
        assert.strictEqual(Duration.toMillis(error.retryAfter!), 7000)
      })
  )

  it("D6: any get-able, iterable or record shape, names in any case", () => {
    const pairs: Array<[string, string]> = [
      ["Retry-After", "3"],
      ["X-REQUEST-ID", "rid"]
    ]
    const shapes: ReadonlyArray<readonly [string, ErrorDecoder.HeadersInput]> = [
      ["web Headers", new Headers(pairs)],
      ["undici Headers", new Undici.Headers(pairs)],
      ["Map", new Map(pairs)],
      ["array of pairs", pairs],
      ["record", Object.fromEntries(pairs)],
      ["null-prototype record", Object.assign(Object.create(null), Object.fromEntries(pairs))],
      ["get only", { get: (name: string) => new Headers(pairs).get(name) }]
    ]
    for (const [name, headers] of shapes) {
      const error = ErrorDecoder.decode({ status: 429, headers, body: rateLimited })
      assert.strictEqual(error.requestId, "rid", name)
      assert.strictEqual(Duration.toMillis(error.retryAfter!), 3000, name)
    }
  })

  it("D6/D9: hostile header objects read as absent, never throw (property)", () => {
    const boom = () => {
      throw new Error("boom")
    }
    // Built inside the property: fast-check itself would trip over a throwing Proxy.
    const hostile: ReadonlyArray<() => unknown> = [
      () => new Proxy({}, { get: boom, has: boom, ownKeys: boom, getPrototypeOf: boom }),
      () => new Proxy([], { get: boom }),
      () => Object.defineProperty({}, "retry-after", { get: boom, enumerable: true }),
      () => ({ get: boom }),
      () => ({ get: () => ({ toString: boom }) }),
      () => ({ [Symbol.iterator]: boom }),
      () => ({
        *[Symbol.iterator]() {
          for (;;) yield ["x-other", "1"]
        }
      }),
      () => JSON.parse('{"__proto__":"1","constructor":"2","x-request-id":["r"]}'),
      () => Object.create({ "x-request-id": "inherited" }),
      () => "a string",
      () => 42,
      () => () => "a function"
    ]
    const headers = fc.oneof(
      fc.nat({ max: hostile.length - 1 }).map((i) => ({ make: hostile[i]! })),
      fc.anything().map((value) => ({ make: () => value }))
    )
    fc.assert(
      fc.property(headers, ({ make }) => {
        const error = ErrorDecoder.decode({
          status: 429,
          headers: make() as ErrorDecoder.HeadersInput,
          body: rateLimited
        })
        assert.strictEqual(error._tag, "RateLimitExceeded")
        assert.isTrue(error.requestId === undefined || typeof error.requestId === "string")
        assert.notStrictEqual(error.requestId, "inherited")
      }),
      { numRuns: 2000 }
    )
  })
})

const responseTags = new Set<string>([
  ...Catalog.entries.map((e) => e.tag),
  "UnknownApiError",
  "UnexpectedResponse"
])
const isResponseError = (u: unknown) =>
  HeyGenError.isHeyGenError(u) && responseTags.has(u._tag) && u.message.trim() !== ""

/**
 * A stream whose reads all resolve at once, `chunk()` each time. It errors after `valve`
 * reads so that a reader that never stops ends the test (failing it) instead of hanging it.
 */
const immediate = (chunk: () => unknown, valve = 200_000) => {
  const counter = { reads: 0, cancelled: false }
  const stream = new ReadableStream<unknown>({
    pull(controller) {
      if (++counter.reads > valve) return controller.error(new Error("safety valve"))
      controller.enqueue(chunk())
    },
    cancel() {
      counter.cancelled = true
    }
  })
  return { stream: stream as ErrorDecoder.BodyStream, counter }
}

describe("issue 10.5 fromStream is total (D1)", () => {
  it.effect(
    "D1: reads that resolve at once (text, empty chunks) stop at a bound on reads, not only bytes",
    () =>
      Effect.gen(function* () {
        for (const chunk of [() => "", () => new Uint8Array(0), () => "x"]) {
          const { stream, counter } = immediate(chunk)
          const error = yield* ErrorDecoder.fromStream(500, undefined, stream, {
            maxBodyBytes: 16 * 1024 * 1024
          })
          assert.isTrue(isResponseError(error))
          assert.isAtMost(counter.reads, 10_000, "reads are bounded")
          assert.isTrue(counter.cancelled, "the stream is cancelled")
        }
      })
  )

  it.live("D1: a read of immediate chunks yields to the event loop, so timers and signals are served", () =>
    Effect.gen(function* () {
      const { stream, counter } = immediate(() => new Uint8Array(0))
      let firedAt: number | undefined
      setTimeout(() => {
        firedAt = counter.reads
      }, 0)
      yield* ErrorDecoder.fromStream(500, undefined, stream)
      assert.isDefined(firedAt, "a timer ran while the body was read")
      assert.isAtMost(firedAt!, counter.reads)
    })
  )

  it.live("D1: the read timeout is a real bound: a body that never arrives ends after it", () =>
    Effect.gen(function* () {
      const started = Date.now()
      const body = new ReadableStream<Uint8Array>({ start() {} })
      const error = yield* ErrorDecoder.fromStream(502, undefined, body, { readTimeout: "50 millis" })
      assert.strictEqual(error._tag, "UnexpectedResponse")
      assert.isBelow(Date.now() - started, 2000)
    })
  )

  it.effect("D1: bad options are clamped or replaced by the defaults, never a defect", () =>
    Effect.gen(function* () {
      const options: ReadonlyArray<unknown> = [
        { maxBodyBytes: -1 },
        { maxBodyBytes: Number.NaN },
        { maxBodyBytes: Infinity },
        { maxBodyBytes: "64" },
        { readTimeout: "abc" },
        { readTimeout: Number.NaN },
        { readTimeout: -5 },
        { readTimeout: { hours: "x" } },
        "options",
        null
      ]
      for (const option of options) {
        const { stream, counter } = immediate(() => new Uint8Array(1))
        const exit = yield* Effect.exit(
          ErrorDecoder.fromStream(500, undefined, stream, option as ErrorDecoder.Options)
        )
        assert.isTrue(Exit.isSuccess(exit), `${JSON.stringify(option)}: ${String(exit)}`)
        assert.isTrue(Exit.isSuccess(exit) && isResponseError(exit.value))
        assert.isAtMost(counter.reads, 70_000, JSON.stringify(option))
      }
    })
  )

  // Random streams (sync, async, pending, endless, erroring, fake) with random chunks and
  // random options: every one decodes to a ResponseError, within a bound of real time.
  const chunk = fc.oneof(
    fc.uint8Array({ maxLength: 64 }),
    fc.constant(new Uint8Array(0)),
    fc.string({ maxLength: 64 }),
    fc.integer(),
    fc.constantFrom(null, undefined, true, {}, [], new ArrayBuffer(4), new DataView(new ArrayBuffer(3))),
    fc.anything()
  )
  const source = fc.record({
    mode: fc.constantFrom("start", "pull", "async", "pending", "endless", "fake"),
    chunks: fc.array(chunk, { maxLength: 8 }),
    end: fc.constantFrom("close", "error", "never")
  })
  type Source = typeof source extends fc.Arbitrary<infer A> ? A : never
  const build = (s: Source): unknown => {
    let i = 0
    const next = (controller: ReadableStreamDefaultController<unknown>) => {
      if (i < s.chunks.length) return controller.enqueue(s.chunks[i++])
      if (s.end === "close") return controller.close()
      if (s.end === "error") return controller.error(new Error("reset"))
    }
    switch (s.mode) {
      case "start":
        return new ReadableStream({
          start(controller) {
            for (const c of s.chunks) controller.enqueue(c)
            if (s.end === "close") controller.close()
            if (s.end === "error") controller.error(new Error("reset"))
          }
        })
      case "pull":
        return new ReadableStream({ pull: next })
      case "async":
        return new ReadableStream({
          pull: (controller) =>
            new Promise<void>((resolve) =>
              setTimeout(() => {
                // A cancelled stream's controller refuses more; that is the stream's business.
                try {
                  next(controller)
                } catch {}
                resolve()
              }, 0)
            )
        })
      case "pending":
        return new ReadableStream({ start() {} })
      case "endless":
        return new ReadableStream({
          pull(controller) {
            controller.enqueue(s.chunks[i++ % Math.max(1, s.chunks.length)] ?? new Uint8Array(0))
          }
        })
      case "fake":
        return {
          getReader: () => ({
            read: () => (s.end === "error" ? Promise.reject(new Error("x")) : s.chunks[i++]),
            cancel: () => {
              throw new Error("cancel")
            }
          })
        }
    }
  }
  const options = fc.oneof(
    fc.anything(),
    fc.record(
      {
        maxBodyBytes: fc.oneof(fc.integer(), fc.double(), fc.anything()),
        readTimeout: fc.oneof(fc.integer({ min: -10, max: 100_000 }), fc.string(), fc.anything())
      },
      { requiredKeys: [] }
    )
  )
  const body = fc.oneof(
    { weight: 5, arbitrary: source.map((s) => ({ make: () => build(s) })) },
    { weight: 1, arbitrary: fc.anything().map((value) => ({ make: () => value })) }
  )

  it("D1/D2: fromStream is total over random streams and options (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 700 }), body, options, async (status, { make }, opts) => {
        const started = Date.now()
        const program = Effect.gen(function* () {
          const fiber = yield* Effect.forkChild(
            ErrorDecoder.fromStream(status, undefined, make() as ErrorDecoder.BodyStream, opts as never)
          )
          // Real time for the stream's own timers, then the test clock past any read timeout.
          for (let i = 0; i < 20 && fiber.pollUnsafe() === undefined; i++) {
            yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 1)))
          }
          if (fiber.pollUnsafe() === undefined) yield* TestClock.adjust("10 minutes")
          return yield* Fiber.join(fiber)
        })
        const error = await Effect.runPromise(program.pipe(Effect.provide(TestClock.layer())))
        assert.isTrue(isResponseError(error), String(error))
        assert.isBelow(Date.now() - started, 5000)
      }),
      { numRuns: 300 }
    )
  })
})
