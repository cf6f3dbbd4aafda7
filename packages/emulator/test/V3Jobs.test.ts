import * as http from "node:http"
import { assert, describe, it } from "@effect/vitest"
import * as AiClipping from "@effect-heygen/api/AiClipping"
import * as Avatars from "@effect-heygen/api/Avatars"
import * as BackgroundRemovals from "@effect-heygen/api/BackgroundRemovals"
import * as Lipsyncs from "@effect-heygen/api/Lipsyncs"
import * as VideoAgents from "@effect-heygen/api/VideoAgents"
import * as Videos from "@effect-heygen/api/Videos"
import * as VideoTranslations from "@effect-heygen/api/VideoTranslations"
import * as Voices from "@effect-heygen/api/Voices"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Stream from "effect/Stream"
import { ids, keys } from "../src/Fixtures.ts"
import { control, raw, serveEmulator } from "./utils/emulator.ts"
import { as } from "./utils/v3.ts"

const json = { "content-type": "application/json" }
const errorOf = (answer: { readonly json: unknown }) =>
  (answer.json as { error?: { code?: string; param?: string } } | undefined)?.error
const video = { type: "url", url: "https://example.com/source.mp4" } as const
const audio = { type: "url", url: "https://example.com/voice.mp3" } as const
const say = (script: string, overrides: Partial<Videos.CreateVideoFromAvatar> = {}): Videos.CreateBody => ({
  type: "avatar",
  avatar_id: ids.publicAvatar,
  voice_id: ids.publicVoice,
  script,
  ...overrides
})
const advance = (url: string, ms: number) =>
  control(url, "/__emulator/clock", { method: "POST", body: { advance_ms: ms } })
const unlimited = { rateLimit: { capacity: 100_000, refillPerSecond: 0 } }

describe("M29: jobs live on the emulator's clock and finish completed, or failed when asked", () => {
  it.effect("a video is pending, then processing, then completed with its files", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator(unlimited)
      const run = as(url, keys.paid)
      const { video_id } = yield* run(Videos.create(say("Hello.", { caption: {} })))
      assert.strictEqual((yield* run(Videos.get(video_id))).status, "pending")
      yield* advance(url, 5_000)
      const processing = yield* run(Videos.get(video_id))
      assert.strictEqual(processing.status, "processing")
      assert.isUndefined(processing.video_url)
      yield* advance(url, 30_000)
      const done = yield* run(Videos.get(video_id))
      assert.strictEqual(done.status, "completed")
      for (const file of [done.video_url, done.thumbnail_url, done.captioned_video_url, done.subtitle_url])
        assert.match(file ?? "", /^http:\/\/127\.0\.0\.1:\d+\/files\//)
      assert.strictEqual(done.completed_at, done.created_at! + 30)
    })
  )

  it.effect(
    "[[fail]] in a title or script fails the job with failure_code and failure_message; [[fail:code]] names the code",
    () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator(unlimited)
        const run = as(url, keys.enterprise)
        const plain = yield* run(Videos.create(say("This one [[fail]]s.")))
        const coded = yield* run(
          Videos.create(say("Fine.", { title: "Launch [[fail:moderation_rejected]]" }))
        )
        const fred = yield* run(Videos.create(say("Fine.", { avatar_id: ids.failingAvatar })))
        const healthy = yield* run(Videos.create(say("Fine.")))
        assert.strictEqual((yield* run(Videos.get(plain.video_id))).status, "pending")
        yield* advance(url, 31_000)
        const failed = yield* run(Videos.get(plain.video_id))
        assert.strictEqual(failed.status, "failed")
        assert.strictEqual(failed.failure_code, "requested_failure")
        assert.include(failed.failure_message ?? "", "[[fail]]")
        assert.isUndefined(failed.video_url)
        assert.strictEqual((yield* run(Videos.get(coded.video_id))).failure_code, "moderation_rejected")
        assert.strictEqual((yield* run(Videos.get(fred.video_id))).failure_code, "avatar_render_failed")
        assert.strictEqual((yield* run(Videos.get(healthy.video_id))).status, "completed")
        const statuses = yield* run(
          Videos.listStatuses({ video_ids: `${plain.video_id},${healthy.video_id},nope` })
        )
        assert.deepStrictEqual(
          statuses.data.map((s) => [s.status, (s.error as { code?: string } | null | undefined)?.code]),
          [
            ["failed", "requested_failure"],
            ["completed", undefined],
            ["failed", "video_not_found"]
          ]
        )
      })
  )

  it.effect(
    "every kind of job fails the same way: translations, proofreads, lipsyncs, removals, clipping, clones, avatars, agents",
    () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator(unlimited)
        const run = as(url, keys.enterprise)
        const fail = "Doomed [[fail]]"
        const translation = yield* run(
          VideoTranslations.create({ video, output_languages: ["French"], title: fail })
        )
        const proofread = yield* run(
          VideoTranslations.createProofread({ video, output_languages: ["French"], title: fail })
        )
        const lipsync = yield* run(Lipsyncs.create({ video, audio, title: fail }))
        const removal = yield* run(BackgroundRemovals.create({ video, title: fail }))
        const clipping = (yield* run(AiClipping.create({ video, title: fail }))) as { id: string }
        const clone = yield* run(Voices.clone({ voice_name: fail, audio }))
        const avatar = yield* run(Avatars.create({ type: "prompt", name: fail, prompt: "x" }))
        const session = yield* run(VideoAgents.create({ prompt: fail }))
        yield* advance(url, 31_000)
        assert.strictEqual(
          (yield* run(VideoTranslations.get(translation.video_translation_ids[0]!))).status,
          "failed"
        )
        assert.strictEqual(
          (yield* run(VideoTranslations.getProofread(proofread.proofread_ids[0]!))).status,
          "failed"
        )
        assert.strictEqual((yield* run(Lipsyncs.get(lipsync.lipsync_id))).status, "failed")
        assert.strictEqual((yield* run(BackgroundRemovals.get(removal.id))).status, "failed")
        assert.strictEqual((yield* run(AiClipping.get(clipping.id))).status, "failed")
        assert.strictEqual((yield* run(Voices.get(clone.voice_clone_id))).status, "failed")
        assert.strictEqual((yield* run(Avatars.getLook(avatar.avatar_item!.id))).status, "failed")
        assert.strictEqual((yield* run(VideoAgents.get(session.session_id))).status, "failed")
        // A clone that failed, or an avatar that failed to train, is not found to a video (M10, M11).
        const withClone = yield* Effect.flip(
          run(Videos.create(say("Hi", { voice_id: clone.voice_clone_id })))
        )
        assert.strictEqual(withClone?._tag, "VoiceNotFound")
        const withAvatar = yield* Effect.flip(
          run(Videos.create(say("Hi", { avatar_id: avatar.avatar_item!.id })))
        )
        assert.strictEqual(withAvatar?._tag, "AvatarNotFound")
      })
  )

  it.effect("a batch's items follow their videos; an item that cannot be made fails alone", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator(unlimited)
      const run = as(url, keys.paid)
      const created = (yield* run(
        Videos.createBatch({
          title: "Campaign",
          videos: [say("One."), say("Two [[fail]]."), say("Three.", { avatar_id: "nobody" })]
        })
      )) as { batch_id: string }
      const first = yield* run(Videos.getBatch(created.batch_id))
      assert.deepStrictEqual(
        first.items.map((i) => i.status),
        ["queued", "queued", "failed"]
      )
      assert.strictEqual((first.items[2]!.error as { code: string }).code, "avatar_not_found")
      assert.strictEqual(first.status, "processing")
      yield* advance(url, 31_000)
      const last = yield* run(Videos.getBatch(created.batch_id))
      assert.deepStrictEqual(last.counts_by_status, { queued: 0, processing: 0, completed: 1, failed: 2 })
      assert.strictEqual(last.status, "completed")
      const paged = yield* run(Stream.runCollect(Videos.getBatchAll(created.batch_id, { limit: 1 })))
      assert.deepStrictEqual(
        paged.map((i) => i.item_index),
        [0, 1, 2]
      )
    })
  )

  it.effect(
    "a video agent run is a request (quota, credits) and a render; stop cancels it and frees the slot",
    () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator(unlimited)
        const run = as(url, keys.paid)
        const session = yield* run(VideoAgents.create({ prompt: "A teaser" }))
        assert.strictEqual(session.status, "thinking")
        yield* advance(url, 2_000)
        assert.strictEqual((yield* run(VideoAgents.get(session.session_id))).status, "generating")
        yield* run(VideoAgents.stop(session.session_id, {}))
        const stopped = yield* run(VideoAgents.get(session.session_id))
        assert.strictEqual(stopped.status, "waiting_for_input")
        yield* run(VideoAgents.send(session.session_id, { message: "Try again, shorter" }))
        yield* advance(url, 31_000)
        const done = yield* run(VideoAgents.get(session.session_id))
        assert.strictEqual(done.status, "completed")
        assert.strictEqual(done.messages?.at(-1)?.type, "resource")
        const quota = yield* raw(url, "/v2/user/remaining_quota", { headers: { "x-api-key": keys.paid } })
        assert.strictEqual((quota.json as { data: { remaining_quota: number } }).data.remaining_quota, 990)
      })
  )
})

describe("M30: v3 lists page with opaque tokens in a stable order", () => {
  it.effect(
    "a walk of 25 videos by 10 gives 10, 10 and 5, newest first, none twice, even when one is created mid-walk",
    () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator({ ...unlimited, renderSeconds: 0 })
        const run = as(url, keys.enterprise)
        const made: Array<string> = []
        for (let i = 0; i < 25; i++) made.push((yield* run(Videos.create(say(`Video ${i}.`)))).video_id)
        const first = yield* run(Videos.list())
        assert.strictEqual(first.data.length, 10)
        assert.isTrue(first.has_more)
        yield* run(Videos.create(say("Late.")))
        const second = yield* run(Videos.list({ token: first.next_token! }))
        const third = yield* run(Videos.list({ token: second.next_token! }))
        assert.deepStrictEqual([first.data.length, second.data.length, third.data.length], [10, 10, 5])
        assert.isFalse(third.has_more)
        assert.isNull(third.next_token)
        assert.deepStrictEqual(
          [...first.data, ...second.data, ...third.data].map((v) => v.id),
          [...made].reverse()
        )
        const all = yield* run(Stream.runCollect(Videos.listAll({ limit: 100 })))
        assert.strictEqual(all.length, 26)
        const bad = yield* raw(url, "/v3/videos?token=not-a-token", {
          headers: { "x-api-key": keys.enterprise }
        })
        assert.strictEqual(errorOf(bad)?.param, "token")
      })
  )
})

describe("M26 on v3: Idempotency-Key on every mutation, scoped to route and resource", () => {
  const call = (url: string, method: string, path: string, key: string | undefined, body?: unknown) =>
    raw(url, path, {
      method,
      headers: { "x-api-key": keys.paid, ...json, ...(key === undefined ? {} : { "idempotency-key": key }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
  const balance = (url: string) =>
    Effect.map(
      raw(url, "/v3/users/me", { headers: { "x-api-key": keys.paid } }),
      (a) => (a.json as { data: { wallet: { remaining_balance: number } } }).data.wallet.remaining_balance
    )

  it.effect(
    "POST /v3/videos twice with one key makes one video, charged once, the same answer replayed",
    () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator()
        const first = yield* call(url, "POST", "/v3/videos", "order-7", say("Once."))
        const second = yield* call(url, "POST", "/v3/videos", "order-7", say("Once, again."))
        assert.strictEqual(first.status, 200, first.text)
        assert.strictEqual(second.text, first.text)
        assert.strictEqual(yield* balance(url), 999)
      })
  )

  it.effect("PATCH and DELETE replay too; the same key on another resource is independent", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator({ renderSeconds: 0 })
      const a = (yield* call(url, "POST", "/v3/lipsyncs", undefined, { video, audio })).json as {
        data: { lipsync_id: string }
      }
      const b = (yield* call(url, "POST", "/v3/lipsyncs", undefined, { video, audio })).json as {
        data: { lipsync_id: string }
      }
      const rename = (id: string, title: string) =>
        call(url, "PATCH", `/v3/lipsyncs/${id}`, "rename-1", { title })
      yield* rename(a.data.lipsync_id, "First")
      const replayed = yield* rename(a.data.lipsync_id, "Second")
      assert.strictEqual((replayed.json as { data: { title: string } }).data.title, "First")
      const other = yield* rename(b.data.lipsync_id, "Other")
      assert.strictEqual((other.json as { data: { title: string } }).data.title, "Other")
      const removed = yield* call(url, "DELETE", `/v3/lipsyncs/${a.data.lipsync_id}`, "delete-1")
      const again = yield* call(url, "DELETE", `/v3/lipsyncs/${a.data.lipsync_id}`, "delete-1")
      assert.strictEqual(again.status, 200)
      assert.strictEqual(again.text, removed.text)
      const fresh = yield* call(url, "DELETE", `/v3/lipsyncs/${a.data.lipsync_id}`, "delete-2")
      assert.strictEqual(errorOf(fresh)?.code, "video_not_found")
      const invalid = yield* call(url, "DELETE", `/v3/lipsyncs/${b.data.lipsync_id}`, "not a key")
      assert.strictEqual(errorOf(invalid)?.param, "Idempotency-Key")
    })
  )

  it.live("a repeat while the first still runs is 409 request_in_progress", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      let finish: () => void = () => {}
      const first = Effect.promise(
        () =>
          new Promise<{ status: number; text: string }>((resolve, reject) => {
            const request = http.request(
              `${url}/v3/videos`,
              { method: "POST", headers: { "x-api-key": keys.paid, ...json, "idempotency-key": "slow-1" } },
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
            const body = JSON.stringify(say("Slow."))
            request.write(body.slice(0, 5))
            finish = () => request.end(body.slice(5))
          })
      )
      const fiber = yield* Effect.forkChild(first)
      for (let i = 0; i < 200; i++) {
        const state = (yield* control(url, "/__emulator/state")).json as {
          data: { idempotency: Record<string, { status: number | null }> }
        }
        if (Object.values(state.data.idempotency).some((r) => r.status === null)) break
        yield* Effect.sleep("5 millis")
      }
      const during = yield* call(url, "POST", "/v3/videos", "slow-1", say("Slow."))
      assert.strictEqual(during.status, 409, during.text)
      assert.strictEqual(errorOf(during)?.code, "request_in_progress")
      finish()
      const original = yield* Fiber.join(fiber)
      assert.strictEqual(original.status, 200, original.text)
      assert.strictEqual((yield* call(url, "POST", "/v3/videos", "slow-1", say("Slow."))).text, original.text)
    })
  )
})

describe("M27 on v3: every new table and record is bounded", () => {
  it.effect(
    "lipsyncs, sessions and endpoints keep the newest within their limits; a batch over 100 items is refused",
    () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator({
          ...unlimited,
          limits: { lipsyncs: 2, agentSessions: 1, webhookEndpoints: 2 }
        })
        const run = as(url, keys.enterprise)
        for (let i = 0; i < 5; i++) {
          yield* run(Lipsyncs.create({ video, audio }))
          yield* run(VideoAgents.create({ prompt: `Session ${i}` }))
        }
        const state = (yield* control(url, "/__emulator/state")).json as {
          data: { lipsyncs: object; agentSessions: object }
        }
        assert.strictEqual(Object.keys(state.data.lipsyncs).length, 2)
        assert.strictEqual(Object.keys(state.data.agentSessions).length, 1)
        const tooMany = yield* raw(url, "/v3/lipsyncs/batches", {
          method: "POST",
          headers: { "x-api-key": keys.enterprise, ...json },
          body: JSON.stringify({ lipsyncs: Array.from({ length: 101 }, () => ({ video, audio })) })
        })
        assert.strictEqual(errorOf(tooMany)?.param, "lipsyncs")
      })
  )

  it.effect("a session keeps its last 100 messages", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator(unlimited)
      const run = as(url, keys.enterprise)
      const session = yield* run(VideoAgents.create({ prompt: "Chat", mode: "chat" }))
      // Messages during a run join it: after the first, no new request is made.
      for (let i = 0; i < 120; i++)
        yield* run(VideoAgents.send(session.session_id, { message: `Message ${i}` }))
      const details = yield* run(VideoAgents.get(session.session_id))
      assert.strictEqual(details.messages?.length, 100)
      assert.strictEqual(details.messages?.at(-1)?.content, "Message 119")
    })
  )
})
