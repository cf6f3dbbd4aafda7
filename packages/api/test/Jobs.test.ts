import { assert, describe, it } from "@effect/vitest"
import { serveNode } from "@effect-heygen/harness/node"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Schedule from "effect/Schedule"
import { TestClock } from "effect/testing"
import * as Jobs from "../src/Jobs.ts"
import * as Lipsyncs from "../src/Lipsyncs.ts"
import * as VideoAgents from "../src/VideoAgents.ts"
import * as Videos from "../src/Videos.ts"
import * as VideoTranslations from "../src/VideoTranslations.ts"
import { transport } from "./utils/client.ts"
import { counted, realSleep, until } from "./utils/clock.ts"
import { type Answer, type Recorded, replayServer } from "./utils/replay.ts"

const video = (status: string, extra: Record<string, unknown> = {}) => ({
  body: { data: { id: "v_1", status, ...extra } }
})

/** A replay server answering the n-th read (from 0) with `answers[n]` (the last one after that). */
const scripted = (answers: ReadonlyArray<Answer>) =>
  Effect.gen(function* () {
    let reads = 0
    const server = yield* replayServer((request: Recorded) =>
      request.method === "GET" ? answers[Math.min(reads++, answers.length - 1)]! : { body: {} }
    )
    const { answered, layer } = counted(server.url)
    return { server, answered, layer }
  })

/**
 * After read `n` (from 1) was answered, the next must come exactly `ms` later on the test
 * clock: not at `ms - 1`, and at `ms`.
 */
const nextReadAfter = (
  setup: {
    readonly server: { readonly requests: ReadonlyArray<unknown> }
    readonly answered: { count: number }
  },
  n: number,
  ms: number
) =>
  Effect.gen(function* () {
    yield* until(() => setup.answered.count >= n, `answer ${n}`)
    // The poller reaches its sleep right after the answer; give the loaded event loop a moment.
    yield* realSleep(30)
    yield* TestClock.adjust(ms - 1)
    yield* realSleep(50)
    assert.strictEqual(setup.server.requests.length, n, `no read before ${ms} ms`)
    yield* TestClock.adjust(1)
    yield* until(() => setup.server.requests.length >= n + 1, `read ${n + 1} at ${ms} ms`)
  })

/** Steps the test clock by `step` whenever every request was answered, until `fiber` ends. */
const drive = <A, E>(
  fiber: Fiber.Fiber<A, E>,
  setup: {
    readonly server: { readonly requests: ReadonlyArray<unknown> }
    readonly answered: { count: number }
  },
  step: number
) =>
  Effect.gen(function* () {
    while (fiber.pollUnsafe() === undefined) {
      yield* until(() => setup.answered.count >= setup.server.requests.length, "the read's answer")
      yield* realSleep(10)
      yield* TestClock.adjust(step)
    }
    return yield* Effect.flip(Fiber.join(fiber))
  })

describe("Jobs.waitFor (J1–J3)", () => {
  it.effect("J1: polls 2 s, then 3 s later (the default schedule) and answers the finished resource", () =>
    Effect.gen(function* () {
      const setup = yield* scripted([
        video("pending"),
        video("processing"),
        video("completed", { video_url: "https://files.example/v_1.mp4" })
      ])
      const fiber = yield* Effect.forkChild(Effect.provide(Jobs.waitFor(Jobs.video, "v_1"), setup.layer))
      yield* nextReadAfter(setup, 1, 2_000)
      yield* nextReadAfter(setup, 2, 3_000)
      const done = yield* Fiber.join(fiber)
      assert.strictEqual(done.status, "completed")
      assert.strictEqual(done.video_url, "https://files.example/v_1.mp4")
      assert.deepStrictEqual(
        setup.server.requests.map((r) => `${r.method} ${r.url.pathname} ${r.problems.length}`),
        ["GET /v3/videos/v_1 0", "GET /v3/videos/v_1 0", "GET /v3/videos/v_1 0"]
      )
    }).pipe(Effect.scoped)
  )

  it.effect("J1: a failed job is JobFailed with kind, id, status, failure_code, failure_message", () =>
    Effect.gen(function* () {
      const setup = yield* scripted([
        video("failed", {
          failure_code: "avatar_render_failed",
          failure_message: "The avatar could not render."
        })
      ])
      const error = yield* Effect.flip(Effect.provide(Jobs.waitFor(Jobs.video, "v_1"), setup.layer))
      assert.strictEqual(error._tag, "JobFailed")
      if (error._tag !== "JobFailed") return
      assert.strictEqual(error.kind, "video")
      assert.strictEqual(error.id, "v_1")
      assert.strictEqual(error.status, "failed")
      assert.strictEqual(error.failure_code, "avatar_render_failed")
      assert.strictEqual(error.failure_message, "The avatar could not render.")
      assert.isTrue(Jobs.isJobError(error))
      assert.include(error.message, "avatar_render_failed")
      // Handled by tag, like core's errors.
      const handled = yield* Jobs.waitFor(Jobs.video, "v_1").pipe(
        Effect.map(() => "completed"),
        Effect.catchTag("JobFailed", (e) => Effect.succeed(`caught ${e.failure_code}`)),
        Effect.provide(setup.layer)
      )
      assert.strictEqual(handled, "caught avatar_render_failed")
    }).pipe(Effect.scoped)
  )

  it.effect(
    "J1: other kinds read their failure where HeyGen puts it (error, failure_message); an agent waiting for input ends the wait",
    () =>
      Effect.gen(function* () {
        const setup = yield* scripted([
          { body: { data: { id: "br_1", status: "failed", error: "Bad input." } } }
        ])
        const error = yield* Effect.flip(
          Effect.provide(Jobs.waitFor(Jobs.backgroundRemoval, "br_1"), setup.layer)
        )
        assert.strictEqual(error._tag, "JobFailed")
        if (error._tag !== "JobFailed") return
        assert.strictEqual(error.kind, "background_removal")
        assert.strictEqual(error.failure_message, "Bad input.")
        assert.isUndefined(error.failure_code)
        assert.strictEqual(setup.server.requests[0]!.url.pathname, "/v3/background-removals/br_1")
        const session = yield* scripted([
          { body: { data: { session_id: "s_1", created_at: 1, status: "waiting_for_input" } } }
        ])
        const waiting = yield* Effect.flip(
          Effect.provide(Jobs.waitFor(Jobs.videoAgent, "s_1"), session.layer)
        )
        assert.deepStrictEqual(
          [waiting._tag, (waiting as Jobs.JobFailed).status],
          ["JobFailed", "waiting_for_input"]
        )
        const clip = yield* scripted([{ body: { data: { id: "c_1", status: "cancelled" } } }])
        const cancelled = yield* Effect.flip(Effect.provide(Jobs.waitFor(Jobs.aiClipping, "c_1"), clip.layer))
        assert.strictEqual(cancelled._tag, "JobFailed")
      }).pipe(Effect.scoped)
  )

  it.effect("J1: times out after 10 minutes with JobTimeout and the last status read", () =>
    Effect.gen(function* () {
      const setup = yield* scripted([video("pending"), video("processing")])
      const started = yield* Clock.currentTimeMillis
      const fiber = yield* Effect.forkChild(Effect.provide(Jobs.waitFor(Jobs.video, "v_1"), setup.layer))
      const error = yield* drive(fiber, setup, 30_000)
      assert.strictEqual(error._tag, "JobTimeout")
      if (error._tag !== "JobTimeout") return
      assert.strictEqual(error.lastStatus, "processing")
      assert.strictEqual(error.kind, "video")
      assert.isAtLeast((yield* Clock.currentTimeMillis) - started, 600_000)
      // 2, 3, 4.5, … s growing to 30 s: some 20 reads in 10 minutes (fewer as the clock jumps 30 s), never one a second.
      assert.isAtLeast(setup.server.requests.length, 15)
      assert.isAtMost(setup.server.requests.length, 30)
    }).pipe(Effect.scoped)
  )

  it.effect("J1: the schedule and the limit are the caller's; a schedule that ends is a JobTimeout", () =>
    Effect.gen(function* () {
      const setup = yield* scripted([video("processing")])
      const schedule = Schedule.spaced("1 second").pipe(Schedule.upTo({ times: 2 }))
      const fiber = yield* Effect.forkChild(
        Effect.provide(Jobs.waitFor(Jobs.video, "v_1", { schedule }), setup.layer)
      )
      yield* nextReadAfter(setup, 1, 1_000)
      yield* nextReadAfter(setup, 2, 1_000)
      const ended = yield* Effect.flip(Fiber.join(fiber))
      assert.strictEqual(ended._tag, "JobTimeout")
      assert.strictEqual(setup.server.requests.length, 3)

      const limited = yield* scripted([video("processing")])
      const short = yield* Effect.forkChild(
        Effect.provide(Jobs.waitFor(Jobs.video, "v_1", { timeout: "5 seconds" }), limited.layer)
      )
      const error = yield* drive(short, limited, 1_000)
      assert.strictEqual(error._tag, "JobTimeout")
      // Reads at 0, 2 and 5 s: the limit, not the schedule, ended it.
      assert.isAtMost(limited.server.requests.length, 3)
    }).pipe(Effect.scoped)
  )

  it.effect(
    "J2: a 429 with Retry-After: 7 while polling delays the next read to 7 s, and the wait goes on",
    () =>
      Effect.gen(function* () {
        const setup = yield* scripted([
          {
            status: 429,
            headers: { "retry-after": "7" },
            body: { error: { code: "rate_limit_exceeded", message: "Too many requests." } }
          },
          video("completed")
        ])
        const fiber = yield* Effect.forkChild(Effect.provide(Jobs.waitFor(Jobs.video, "v_1"), setup.layer))
        yield* nextReadAfter(setup, 1, 7_000)
        assert.strictEqual((yield* Fiber.join(fiber)).status, "completed")
      }).pipe(Effect.scoped)
  )

  it.effect("J2: a 503 is waited out too; a 404 ends the wait with its own error at once", () =>
    Effect.gen(function* () {
      const setup = yield* scripted([
        { status: 503, body: { error: { code: "service_unavailable", message: "Try later." } } },
        video("completed")
      ])
      const fiber = yield* Effect.forkChild(Effect.provide(Jobs.waitFor(Jobs.video, "v_1"), setup.layer))
      yield* nextReadAfter(setup, 1, 2_000)
      assert.strictEqual((yield* Fiber.join(fiber)).status, "completed")

      const gone = yield* scripted([
        { status: 404, body: { error: { code: "video_not_found", message: "No such video." } } }
      ])
      const error = yield* Effect.flip(Effect.provide(Jobs.waitFor(Jobs.video, "v_1"), gone.layer))
      assert.strictEqual(error._tag, "VideoNotFound")
      assert.strictEqual(gone.server.requests.length, 1)
    }).pipe(Effect.scoped)
  )

  it.effect("J3: interrupted mid-wait, the read in flight is cancelled and no read follows", () =>
    Effect.gen(function* () {
      let open = 0
      // A read that is never answered: the server counts it open until its connection closes.
      const server = yield* serveNode((_, res) => {
        open++
        res.once("close", () => open--)
      })
      const fiber = yield* Effect.forkChild(
        Effect.provide(Jobs.waitFor(Jobs.video, "v_1"), transport(server.url))
      )
      yield* until(() => open === 1, "the read to arrive")
      yield* Fiber.interrupt(fiber)
      yield* until(() => open === 0, "the read's connection to close")
      yield* TestClock.adjust("1 minute")
      yield* realSleep(50)
      assert.strictEqual(server.requests.length, 1)
    }).pipe(Effect.scoped)
  )

  it.effect("the kinds wait for what the spec's x-poll says: status path and terminal statuses", () =>
    Effect.sync(() => {
      const cases = [
        [Videos.createOperation, Jobs.video, Videos.getOperation],
        [VideoTranslations.createOperation, Jobs.videoTranslation, VideoTranslations.getOperation],
        [Lipsyncs.createOperation, Jobs.lipsync, Lipsyncs.getOperation],
        [VideoAgents.createOperation, Jobs.video, Videos.getOperation]
      ] as const
      for (const [create, kind, get] of cases) {
        assert.isDefined(create.poll, create.id)
        assert.strictEqual(create.poll!.statusPath, get.path)
        assert.strictEqual(create.poll!.statusField, "data.status")
        assert.deepStrictEqual(kind.terminalOk, create.poll!.terminalOk)
        assert.deepStrictEqual(kind.terminalFail, create.poll!.terminalFail)
      }
    })
  )

  it.effect("createVideoAndWait creates once (with an Idempotency-Key) and waits for the id it got", () =>
    Effect.gen(function* () {
      const server = yield* replayServer((request) =>
        request.method === "POST"
          ? { body: { data: { video_id: "v_9", status: "pending" } } }
          : { body: { data: { id: request.pathParams.video_id, status: "completed" } } }
      )
      const done = yield* Effect.provide(
        Jobs.createVideoAndWait({
          type: "avatar",
          avatar_id: "a_1",
          voice_id: "voice_1",
          script: "Hello."
        }),
        transport(server.url)
      )
      assert.strictEqual(done.id, "v_9")
      assert.deepStrictEqual(
        server.requests.map((r) => `${r.method} ${r.url.pathname} ${r.problems.join(";")}`),
        ["POST /v3/videos ", "GET /v3/videos/v_9 "]
      )
    }).pipe(Effect.scoped)
  )

  it.effect(
    "createVideoAgentAndWait: a session that has no video yet is waited for, then the video it names",
    () =>
      Effect.gen(function* () {
        const server = yield* replayServer((request) => {
          switch (request.operation?.id) {
            case "videoAgentCreate":
              return {
                body: { data: { session_id: "s_1", created_at: 1, status: "thinking", video_id: null } }
              }
            case "videoAgentGet":
              return {
                body: { data: { session_id: "s_1", created_at: 1, status: "completed", video_id: "v_5" } }
              }
            default:
              return { body: { data: { id: request.pathParams.video_id, status: "completed" } } }
          }
        })
        const done = yield* Effect.provide(
          Jobs.createVideoAgentAndWait({ prompt: "A teaser" }),
          transport(server.url)
        )
        assert.strictEqual(done.id, "v_5")
        assert.deepStrictEqual(
          server.requests.map((r) => `${r.method} ${r.url.pathname} ${r.problems.join(";")}`),
          ["POST /v3/video-agents ", "GET /v3/video-agents/s_1 ", "GET /v3/videos/v_5 "]
        )
      }).pipe(Effect.scoped)
  )
})
