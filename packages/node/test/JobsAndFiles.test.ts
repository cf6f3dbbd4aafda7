/**
 * `@effect-heygen/api`'s Jobs and Download against the real emulator, served and called by
 * the Node adapter: every kind of job waited for on the emulator's clock, a file downloaded to
 * disk, an expired URL refreshed.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import * as AiClipping from "@effect-heygen/api/AiClipping"
import * as BackgroundRemovals from "@effect-heygen/api/BackgroundRemovals"
import * as Download from "@effect-heygen/api/Download"
import * as HeyGenTransport from "@effect-heygen/api/HeyGenTransport"
import * as Jobs from "@effect-heygen/api/Jobs"
import * as Lipsyncs from "@effect-heygen/api/Lipsyncs"
import * as VideoAgents from "@effect-heygen/api/VideoAgents"
import * as Videos from "@effect-heygen/api/Videos"
import * as VideoTranslations from "@effect-heygen/api/VideoTranslations"
import * as Emulator from "@effect-heygen/emulator/Emulator"
import { ids, keys } from "@effect-heygen/emulator/Fixtures"
import { controlToken } from "@effect-heygen/harness/adapter"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import * as NodeDownload from "../src/NodeDownload.ts"
import * as NodeHeyGen from "../src/NodeHeyGen.ts"

const video = { type: "url", url: "https://example.com/source.mp4" } as const
const audio = { type: "url", url: "https://example.com/voice.mp3" } as const
const say = (script: string): Videos.CreateVideoFromAvatar => ({
  type: "avatar",
  avatar_id: ids.publicAvatar,
  voice_id: ids.publicVoice,
  script
})
/** Polls every 20 ms of real time: the emulator's clock, not this one, decides when jobs end. */
const wait: Jobs.WaitOptions = { schedule: Schedule.spaced("20 millis"), timeout: "60 seconds" }

/** The emulator served by the Node adapter; the v3 transport over the adapter's client. */
const setup = Effect.gen(function* () {
  const app = yield* Emulator.make({
    control: true,
    controlToken,
    rateLimit: { capacity: 1_000_000, refillPerSecond: 0 }
  })
  const { url } = yield* NodeHeyGen.serve(app)
  const transport = HeyGenTransport.layer.pipe(
    Layer.provide(NodeHeyGen.layer({ retry: false })),
    Layer.provide(
      ConfigProvider.layer(
        ConfigProvider.fromEnv({ env: { HEYGEN_API_KEY: keys.enterprise, HEYGEN_BASE_URL: url } })
      )
    )
  )
  // Built in the test's scope: the undici dispatcher must outlive construction.
  const context = yield* Layer.build(transport)
  const run = <A, E>(effect: Effect.Effect<A, E, HeyGenTransport.HeyGenTransport>) =>
    Effect.provideContext(effect, context)
  const advance = (ms: number) =>
    Effect.promise(() =>
      fetch(`${url}/__emulator/clock`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-emulator-token": controlToken },
        body: JSON.stringify({ advance_ms: ms })
      }).then((r) => r.text())
    )
  /** Moves the emulator's clock 5 s at a time until every fiber is done. */
  const drive = (fibers: ReadonlyArray<Fiber.Fiber<unknown, unknown>>) =>
    Effect.gen(function* () {
      const deadline = Date.now() + 60_000
      while (fibers.some((f) => f.pollUnsafe() === undefined) && Date.now() < deadline) {
        yield* advance(5_000)
        yield* Effect.sleep("30 millis")
      }
    })
  return { url, run, advance, drive }
})

const idOf = (created: unknown, key: string) => (created as Record<string, string>)[key]!

/** Any job's wait, by what every kind has: a status. */
type Wait = Effect.Effect<
  { readonly status: string; readonly [key: string]: unknown },
  unknown,
  HeyGenTransport.HeyGenTransport
>

describe("Jobs and Download against the emulator (J1, J5, J6, M29, M31)", () => {
  it.live(
    "J1, M29: every kind completes, waited for on the emulator's clock",
    () =>
      Effect.gen(function* () {
        const { run, drive } = yield* setup
        const started = {
          video: (yield* run(Videos.create(say("Hello.")))).video_id,
          translation: (yield* run(VideoTranslations.create({ video, output_languages: ["French"] })))
            .video_translation_ids[0]!,
          lipsync: (yield* run(Lipsyncs.create({ video, audio }))).lipsync_id,
          removal: (yield* run(BackgroundRemovals.create({ video }))).id,
          clipping: idOf(yield* run(AiClipping.create({ video })), "id"),
          agent: (yield* run(VideoAgents.create({ prompt: "A teaser" }))).session_id,
          videoBatch: idOf(
            yield* run(Videos.createBatch({ videos: [say("One."), say("Two.")] })),
            "batch_id"
          ),
          translationBatch: idOf(
            yield* run(
              VideoTranslations.createBatch({
                video_translations: [{ video, output_languages: ["Spanish"] }]
              })
            ),
            "batch_id"
          ),
          lipsyncBatch: idOf(yield* run(Lipsyncs.createBatch({ lipsyncs: [{ video, audio }] })), "batch_id")
        }
        const waits: ReadonlyArray<Wait> = [
          Jobs.waitFor(Jobs.video, started.video, wait),
          Jobs.waitFor(Jobs.videoTranslation, started.translation, wait),
          Jobs.waitFor(Jobs.lipsync, started.lipsync, wait),
          Jobs.waitFor(Jobs.backgroundRemoval, started.removal, wait),
          Jobs.waitFor(Jobs.aiClipping, started.clipping, wait),
          Jobs.waitFor(Jobs.videoAgent, started.agent, wait),
          Jobs.waitFor(Jobs.videoBatch, started.videoBatch, wait),
          Jobs.waitFor(Jobs.videoTranslationBatch, started.translationBatch, wait),
          Jobs.waitFor(Jobs.lipsyncBatch, started.lipsyncBatch, wait)
        ]
        const fibers = yield* Effect.forEach(waits, (w) => Effect.forkChild(run(w)))
        yield* drive(fibers)
        const done = yield* Effect.forEach(fibers, (f) => Fiber.join(f))
        assert.deepStrictEqual(
          done.map((resource) => resource.status),
          Array(9).fill("completed")
        )
        assert.match(String(done[0]!.video_url), /\/files\//)
      }).pipe(Effect.scoped),
    90_000
  )

  it.live(
    "J1, M29: a job that fails is JobFailed with the emulator's failure_code and message, for each kind",
    () =>
      Effect.gen(function* () {
        const { run, drive } = yield* setup
        const doomed = "Doomed [[fail:moderation_rejected]]"
        const waits: ReadonlyArray<Wait> = [
          Effect.flatMap(Videos.create(say(doomed)), (c) => Jobs.waitFor(Jobs.video, c.video_id, wait)),
          Effect.flatMap(Videos.create({ ...say("Fine."), avatar_id: ids.failingAvatar }), (c) =>
            Jobs.waitFor(Jobs.video, c.video_id, wait)
          ),
          Effect.flatMap(
            VideoTranslations.create({ video, output_languages: ["French"], title: doomed }),
            (c) => Jobs.waitFor(Jobs.videoTranslation, c.video_translation_ids[0]!, wait)
          ),
          Effect.flatMap(Lipsyncs.create({ video, audio, title: doomed }), (c) =>
            Jobs.waitFor(Jobs.lipsync, c.lipsync_id, wait)
          ),
          Effect.flatMap(BackgroundRemovals.create({ video, title: doomed }), (c) =>
            Jobs.waitFor(Jobs.backgroundRemoval, c.id, wait)
          ),
          Effect.flatMap(AiClipping.create({ video, title: doomed }), (c) =>
            Jobs.waitFor(Jobs.aiClipping, idOf(c, "id"), wait)
          ),
          Effect.flatMap(VideoAgents.create({ prompt: doomed }), (c) =>
            Jobs.waitFor(Jobs.videoAgent, c.session_id, wait)
          )
        ]
        const fibers = yield* Effect.forEach(waits, (w) => Effect.forkChild(Effect.flip(run(w))))
        yield* drive(fibers)
        const errors = yield* Effect.forEach(fibers, (f) => Fiber.join(f))
        assert.deepStrictEqual(
          (errors as ReadonlyArray<Jobs.JobFailed>).map((e) => [e._tag, e.kind]),
          [
            ["JobFailed", "video"],
            ["JobFailed", "video"],
            ["JobFailed", "video_translation"],
            ["JobFailed", "lipsync"],
            ["JobFailed", "background_removal"],
            ["JobFailed", "ai_clipping"],
            ["JobFailed", "video_agent"]
          ]
        )
        const [coded, fred, translation] = errors as ReadonlyArray<Jobs.JobFailed>
        assert.strictEqual(coded!.failure_code, "moderation_rejected")
        assert.strictEqual(fred!.failure_code, "avatar_render_failed")
        assert.include(translation!.failure_message ?? "", "[[fail:moderation_rejected]]")
      }).pipe(Effect.scoped),
    90_000
  )

  it.live(
    "create…AndWait: a video, a translation, a lipsync and an agent's video, each created once and waited for",
    () =>
      Effect.gen(function* () {
        const { run, drive } = yield* setup
        const fibers = yield* Effect.forEach(
          [
            Effect.map(Jobs.createVideoAndWait(say("Hi."), { wait }), (v) => v.status),
            Effect.map(
              Jobs.createVideoTranslationAndWait({ video, output_languages: ["French", "German"] }, { wait }),
              (ts) => ts.map((t) => t.status).join(",")
            ),
            Effect.map(Jobs.createLipsyncAndWait({ video, audio }, { wait }), (l) => l.status),
            Effect.map(Jobs.createVideoAgentAndWait({ prompt: "A teaser" }, { wait }), (v) => v.status)
          ],
          (w) => Effect.forkChild(run(w))
        )
        yield* drive(fibers)
        assert.deepStrictEqual(yield* Effect.forEach(fibers, (f) => Fiber.join(f)), [
          "completed",
          "completed,completed",
          "completed",
          "completed"
        ])
        assert.strictEqual((yield* run(Videos.list())).data.length, 2)
      }).pipe(Effect.scoped),
    90_000
  )

  it.live(
    "J5, J6, M31: a finished video's file downloads to disk; a week later its expired URL is refreshed once",
    () =>
      Effect.gen(function* () {
        const { run, drive, advance } = yield* setup
        const fiber = yield* Effect.forkChild(run(Jobs.createVideoAndWait(say("Files."), { wait })))
        yield* drive([fiber])
        const finished = yield* Fiber.join(fiber)
        const dir = yield* Effect.acquireRelease(
          Effect.sync(() => fs.mkdtempSync(path.join(os.tmpdir(), "jobs-files-"))),
          (d) => Effect.sync(() => fs.rmSync(d, { recursive: true, force: true }))
        )
        const file = path.join(dir, "video.mp4")
        const written = yield* run(
          NodeDownload.toFile(Download.download(finished, { variant: "video" }), file)
        )
        const mp4 = fs.readFileSync(file)
        assert.strictEqual(written.bytes, mp4.length)
        assert.strictEqual(mp4.subarray(4, 8).toString("latin1"), "ftyp")
        // A week and a bit later the URL has expired: storage refuses it…
        yield* advance(7 * 24 * 3600 * 1000 + 2_000)
        const stale = yield* Effect.promise(() => fetch(finished.video_url!).then((r) => r.status))
        assert.strictEqual(stale, 403)
        // …and the download reads the video again for a fresh one.
        const again = yield* run(
          Stream.runCollect(Download.download(finished, { variant: "video" })).pipe(
            Effect.map((chunks) => Buffer.concat(chunks))
          )
        )
        assert.isTrue(again.equals(mp4))
        const thumbnail = yield* run(
          Stream.runCollect(Download.download(finished, { variant: "thumbnail" })).pipe(
            Effect.map((chunks) => Buffer.concat(chunks))
          )
        )
        assert.deepStrictEqual([...thumbnail.subarray(0, 2)], [0xff, 0xd8])
      }).pipe(Effect.scoped),
    90_000
  )
})
