/**
 * Per-request `callback_url`s (rule M37): every v3 create that takes one has its job's event
 * POSTed there when the job ends — the event type of its kind, its ids, `callback_id` echoed —
 * unsigned, retried as M34. Receivers are real node:http servers on 127.0.0.1.
 */
import { assert, describe, it } from "@effect/vitest"
import * as AiClipping from "@effect-heygen/api/AiClipping"
import * as Lipsyncs from "@effect-heygen/api/Lipsyncs"
import * as Templates from "@effect-heygen/api/Templates"
import * as VideoAgents from "@effect-heygen/api/VideoAgents"
import * as Videos from "@effect-heygen/api/Videos"
import * as VideoTranslations from "@effect-heygen/api/VideoTranslations"
import * as Effect from "effect/Effect"
import { ids, keys } from "../src/Fixtures.ts"
import { control, serveEmulator } from "./utils/emulator.ts"
import { receiver as listen, until } from "./utils/receiver.ts"
import { as } from "./utils/v3.ts"

interface Delivery {
  readonly event_id: string
  readonly event_type: string
  readonly event_data: Record<string, unknown>
  /** The `Signature` header, undefined when none came. */
  readonly signature: string | undefined
  readonly raw: string
  /** The path and query the delivery was POSTed to. */
  readonly path: string
}

/** A receiver recording each callback as a `Delivery`, answering with the next of `statuses`. */
const receiver = (statuses: Array<number> = []) =>
  listen(
    (raw, req): Delivery => ({
      ...JSON.parse(raw),
      signature: req.headers.signature as string | undefined,
      raw,
      path: req.url ?? ""
    }),
    statuses,
    "/cb"
  )

const options = {
  rateLimit: { capacity: 100_000, refillPerSecond: 0 },
  webhooks: { sweepMillis: 20, backoffMillis: 20, attempts: 3 }
}
const advance = (url: string) =>
  control(url, "/__emulator/clock", { method: "POST", body: { advance_ms: 60_000 } })
const video = { type: "url", url: "https://example.com/source.mp4" } as const
const audio = { type: "url", url: "https://example.com/voice.mp3" } as const

/** Starts one job of each kind that takes a callback_url, each asking for `title`'s outcome. */
const startAll = (url: string, callback: string, title: string) =>
  Effect.gen(function* () {
    const run = as(url, keys.enterprise)
    const cb = (id: string) => ({ callback_url: callback, callback_id: id })
    const translation = yield* run(
      VideoTranslations.create({ video, output_languages: ["French"], title, ...cb("cb-translation") })
    )
    const translationBatch = yield* run(
      VideoTranslations.createBatch({
        video_translations: [{ video, output_languages: ["German"], title, ...cb("cb-translation-batch") }]
      })
    )
    const lipsync = yield* run(Lipsyncs.create({ video, audio, title, ...cb("cb-lipsync") }))
    const lipsyncBatch = yield* run(
      Lipsyncs.createBatch({ lipsyncs: [{ video, audio, title, ...cb("cb-lipsync-batch") }] })
    )
    const clipping = (yield* run(AiClipping.create({ video, title, ...cb("cb-clipping") }))) as { id: string }
    const session = yield* run(VideoAgents.create({ prompt: title, ...cb("cb-agent") }))
    const templated = yield* run(
      Templates.generate(ids.publicTemplate, { variables: { product: title }, ...cb("cb-template") })
    )
    const created = yield* run(
      Videos.create({
        type: "avatar",
        avatar_id: ids.publicAvatar,
        voice_id: ids.publicVoice,
        script: title,
        callback_url: callback
      })
    )
    return {
      translation: translation.video_translation_ids[0]!,
      translationBatch,
      lipsync: lipsync.lipsync_id,
      lipsyncBatch,
      clipping: clipping.id,
      session: session.session_id,
      templated: templated.id,
      video: created.video_id
    }
  })

/** The one delivery whose `callback_id` is `id` (or, with none, whose `field` is `value`). */
const find = (received: ReadonlyArray<Delivery>, field: string, value: unknown) => {
  const found = received.filter((d) => d.event_data[field] === value)
  assert.strictEqual(found.length, 1, `one delivery with ${field} = ${String(value)}`)
  return found[0]!
}

describe("per-request callback_url deliveries (M37)", () => {
  it.live(
    "M37 every kind's job POSTs its success event to its callback_url: its type, its ids, callback_id echoed, unsigned",
    () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator(options)
        const hook = yield* receiver()
        const started = yield* startAll(url, hook.url, "Call me back.")
        yield* advance(url)
        // 8 jobs: translation, batch translation, lipsync, batch lipsync, clipping, agent, template, video.
        yield* until(() => hook.received.length >= 8, "eight callbacks")
        for (const d of hook.received) assert.isUndefined(d.signature, `${d.event_type} is unsigned`)
        const translation = find(hook.received, "callback_id", "cb-translation")
        assert.strictEqual(translation.event_type, "video_translate.success")
        assert.strictEqual(translation.event_data.video_translate_id, started.translation)
        const batchTranslation = find(hook.received, "callback_id", "cb-translation-batch")
        assert.strictEqual(batchTranslation.event_type, "video_translate.success")
        assert.notStrictEqual(batchTranslation.event_data.video_translate_id, started.translation)
        const lipsync = find(hook.received, "callback_id", "cb-lipsync")
        assert.strictEqual(lipsync.event_type, "lipsync.success")
        assert.strictEqual(lipsync.event_data.lipsync_id, started.lipsync)
        const batchLipsync = find(hook.received, "callback_id", "cb-lipsync-batch")
        assert.strictEqual(batchLipsync.event_type, "lipsync.success")
        assert.match(String(batchLipsync.event_data.lipsync_id), /^lipsync/)
        assert.notStrictEqual(batchLipsync.event_data.lipsync_id, started.lipsync)
        const clipping = find(hook.received, "callback_id", "cb-clipping")
        assert.strictEqual(clipping.event_type, "ai_clipping.success")
        assert.strictEqual(clipping.event_data.job_id, started.clipping)
        const agent = find(hook.received, "callback_id", "cb-agent")
        assert.strictEqual(agent.event_type, "video_agent.success")
        assert.strictEqual(agent.event_data.session_id, started.session)
        const run = as(url, keys.enterprise)
        const session = yield* run(VideoAgents.get(started.session))
        assert.strictEqual(agent.event_data.video_id, session.video_id)
        const templated = find(hook.received, "callback_id", "cb-template")
        assert.strictEqual(templated.event_type, "avatar_video.success")
        assert.strictEqual(templated.event_data.video_id, started.templated)
        const plain = find(hook.received, "video_id", started.video)
        assert.strictEqual(plain.event_type, "avatar_video.success")
        assert.notProperty(plain.event_data, "callback_id")
        // Each event has its own id.
        const ids = new Set(hook.received.map((d) => d.event_id))
        assert.strictEqual(ids.size, hook.received.length)
      }).pipe(Effect.scoped)
  )

  it.live("M37 a failing job POSTs its .fail event, with the failure's text, to its callback_url", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator(options)
      const hook = yield* receiver()
      const started = yield* startAll(url, hook.url, "Doomed [[fail]]")
      yield* advance(url)
      yield* until(() => hook.received.length >= 8, "eight callbacks")
      const types = hook.received.map((d) => d.event_type).sort()
      assert.deepStrictEqual(types, [
        "ai_clipping.fail",
        "avatar_video.fail",
        "avatar_video.fail",
        "lipsync.fail",
        "lipsync.fail",
        "video_agent.fail",
        "video_translate.fail",
        "video_translate.fail"
      ])
      const translation = find(hook.received, "callback_id", "cb-translation")
      assert.strictEqual(translation.event_data.video_translate_id, started.translation)
      assert.isString(translation.event_data.message)
      const lipsync = find(hook.received, "callback_id", "cb-lipsync")
      assert.strictEqual(lipsync.event_data.lipsync_id, started.lipsync)
      assert.isString(lipsync.event_data.message)
      assert.isString(find(hook.received, "video_id", started.video).event_data.msg)
      for (const d of hook.received) assert.isUndefined(d.signature)
    }).pipe(Effect.scoped)
  )

  it.live("M37 a proofread's generated translation and a video batch's items call back too", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator(options)
      const hook = yield* receiver()
      const run = as(url, keys.enterprise)
      const proofread = yield* run(
        VideoTranslations.createProofread({ title: "Review", video, output_languages: ["French"] })
      )
      const batch = yield* run(
        Videos.createBatch({
          videos: [
            {
              type: "avatar",
              avatar_id: ids.publicAvatar,
              voice_id: ids.publicVoice,
              script: "Batched.",
              callback_url: hook.url
            }
          ]
        })
      )
      yield* advance(url)
      const proofreadId = proofread.proofread_ids[0]!
      const generated = yield* run(
        VideoTranslations.generateProofread(proofreadId, {
          callback_url: hook.url,
          callback_id: "cb-proofread"
        })
      )
      yield* advance(url)
      yield* until(() => hook.received.length >= 2, "two callbacks")
      const translation = find(hook.received, "callback_id", "cb-proofread")
      assert.strictEqual(translation.event_type, "video_translate.success")
      assert.strictEqual(translation.event_data.video_translate_id, generated.video_translation_id)
      const item = hook.received.find((d) => d.event_type === "avatar_video.success")!
      // Videos.createBatch answers `unknown` (the spec leaves it open); the emulator's is a batch view.
      const items = (batch as { readonly items: ReadonlyArray<{ readonly video_id: string }> }).items
      assert.strictEqual(item.event_data.video_id, items[0]!.video_id)
      for (const d of hook.received) assert.isUndefined(d.signature)
    }).pipe(Effect.scoped)
  )

  it.live("M37 M34 a callback answered 500 is retried with the same bytes, still unsigned", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator(options)
      const hook = yield* receiver([500])
      const run = as(url, keys.enterprise)
      const { lipsync_id } = yield* run(
        Lipsyncs.create({ video, audio, callback_url: hook.url, callback_id: "again" })
      )
      yield* advance(url)
      yield* until(() => hook.received.length === 2, "the retry")
      assert.strictEqual(hook.received[0]!.raw, hook.received[1]!.raw)
      assert.strictEqual(hook.received[1]!.event_data.lipsync_id, lipsync_id)
      assert.isUndefined(hook.received[1]!.signature)
    }).pipe(Effect.scoped)
  )

  it.live("M37 a callback_url is bounded like other URLs: a long one is cut, not stored whole", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator(options)
      const hook = yield* receiver()
      const run = as(url, keys.enterprise)
      // Past the URL bound (2048 characters) the rest is cut off; what is left still reaches the receiver.
      const long = `${hook.url}?pad=${"x".repeat(10_000)}`
      yield* run(AiClipping.create({ video, callback_url: long }))
      yield* advance(url)
      yield* until(() => hook.received.length === 1, "the callback")
      assert.strictEqual(hook.received[0]!.event_type, "ai_clipping.success")
      const origin = hook.url.slice(0, hook.url.indexOf("/cb"))
      assert.strictEqual(origin.length + hook.received[0]!.path.length, 2048)
      assert.isTrue(long.startsWith(origin + hook.received[0]!.path))
    }).pipe(Effect.scoped)
  )
})
