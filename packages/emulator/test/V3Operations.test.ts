import { assert, describe, it } from "@effect/vitest"
import * as AiClipping from "@effect-heygen/api/AiClipping"
import * as Assets from "@effect-heygen/api/Assets"
import * as Audio from "@effect-heygen/api/Audio"
import * as Avatars from "@effect-heygen/api/Avatars"
import * as BackgroundRemovals from "@effect-heygen/api/BackgroundRemovals"
import * as Brand from "@effect-heygen/api/Brand"
import * as Lipsyncs from "@effect-heygen/api/Lipsyncs"
import * as Templates from "@effect-heygen/api/Templates"
import * as Users from "@effect-heygen/api/Users"
import * as VideoAgents from "@effect-heygen/api/VideoAgents"
import * as Videos from "@effect-heygen/api/Videos"
import * as VideoTranslations from "@effect-heygen/api/VideoTranslations"
import * as Voices from "@effect-heygen/api/Voices"
import * as Webhooks from "@effect-heygen/api/Webhooks"
import * as Effect from "effect/Effect"
import { ids, keys } from "../src/Fixtures.ts"
import { routes } from "../src/v3/Routes.ts"
import { control, raw, serveEmulator } from "./utils/emulator.ts"
import { as, sent } from "./utils/v3.ts"

const json = { "content-type": "application/json" }
const errorOf = (answer: { readonly json: unknown }) =>
  (answer.json as { error?: { code?: string; param?: string; message?: string } } | undefined)?.error

const video = { type: "url", url: "https://example.com/source.mp4" } as const
const audio = { type: "url", url: "https://example.com/voice.mp3" } as const

/** Uploads `bytes` to a direct upload's presigned URL, as object storage takes them: no API key. */
const put = (url: string, bytes: Uint8Array<ArrayBuffer>, contentType: string) =>
  Effect.promise(() => fetch(url, { method: "PUT", headers: { "content-type": contentType }, body: bytes }))

describe("M28: every v3 operation answers, checked by the client's own schemas", () => {
  it.effect(
    "all 85 operations succeed through @effect-heygen/api, each answer decoding with its response schema",
    () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator({
          rateLimit: { capacity: 100_000, refillPerSecond: 0 },
          renderSeconds: 10
        })
        const run = as(url, keys.enterprise)
        const advance = (ms: number) =>
          control(url, "/__emulator/clock", { method: "POST", body: { advance_ms: ms } })
        sent.length = 0

        // Users, Audio, Brand
        const me = yield* run(Users.getMe())
        assert.strictEqual(me.username, "enterprise")
        assert.isAbove((yield* run(Audio.listSounds({ query: "piano" }))).data.length, 0)
        yield* run(Brand.listKits())
        yield* run(Brand.listGlossaries())

        // Assets: multipart, direct uploads (single and batch), reads, search, statuses
        const file = new File([new Uint8Array([137, 80, 78, 71])], "logo.png", { type: "image/png" })
        const asset = yield* run(Assets.create({ file }))
        assert.strictEqual(asset.size_bytes, 4)
        assert.strictEqual((yield* run(Assets.get(asset.asset_id))).name, "logo.png")
        assert.includeMembers(
          (yield* run(Assets.list({ username: "enterprise" }))).data.map((a) => a.id),
          [asset.asset_id]
        )
        const direct = yield* run(
          Assets.createDirectUpload({ filename: "clip.mp4", content_type: "video/mp4", size_bytes: 3 })
        )
        assert.strictEqual(
          (yield* put(direct.upload_url, new Uint8Array([1, 2, 3]), "video/mp4")).status,
          200
        )
        assert.strictEqual((yield* run(Assets.complete(direct.asset_id, {}))).status, "completed")
        const batch = yield* run(
          Assets.createDirectUploadBatch({
            files: [{ filename: "b.png", content_type: "image/png", size_bytes: 2 }]
          })
        )
        yield* put(batch.items[0]!.upload_url, new Uint8Array([1, 2]), "image/png")
        yield* run(Assets.completeBatch({ batch_id: batch.batch_id }))
        assert.strictEqual((yield* run(Assets.getBatch(batch.batch_id))).status, "completed")
        yield* run(Assets.listStatuses({ asset_ids: asset.asset_id, batch_ids: batch.batch_id }))
        assert.isAbove((yield* run(Assets.search({ query: "business", type: "image" }))).data.length, 0)

        // Avatars: groups and looks, a digital twin through consent
        assert.isAbove((yield* run(Avatars.list())).data.length, 0)
        yield* run(Avatars.get(ids.publicGroup))
        const twin = yield* run(
          Avatars.create({
            type: "digital_twin",
            name: "Me",
            file: { type: "asset_id", asset_id: asset.asset_id }
          })
        )
        assert.strictEqual(twin.avatar_item?.status, "pending_consent")
        const consented = yield* run(Avatars.createConsent(twin.avatar_group!.id, {}))
        assert.strictEqual(consented.avatar_group.status, "processing")
        const prompted = yield* run(
          Avatars.create({ type: "prompt", name: "Robot", prompt: "a friendly robot" })
        )
        yield* run(Avatars.listLooks({ group_id: ids.publicGroup }))
        yield* run(Avatars.getLook(ids.publicAvatar))
        assert.strictEqual(
          (yield* run(Avatars.updateLook(prompted.avatar_item!.id, { name: "Robo" }))).name,
          "Robo"
        )

        // Voices: list, details, design, clone, speech
        assert.isAbove((yield* run(Voices.list())).data.length, 0)
        assert.strictEqual((yield* run(Voices.get(ids.publicVoice))).status, "complete")
        assert.strictEqual((yield* run(Voices.create({ prompt: "a warm narrator" }))).voices.length, 3)
        const clone = yield* run(Voices.clone({ voice_name: "My clone", audio }))
        const speech = yield* run(
          Voices.createSpeech({ voice_id: ids.publicVoice, text: "Hello there world" })
        )
        assert.strictEqual(speech.word_timestamps?.length, 3)

        // Templates
        assert.isAbove((yield* run(Templates.list())).data.length, 0)
        assert.deepStrictEqual((yield* run(Templates.get(ids.publicTemplate))).scene_ids, ["scene_1"])
        const fromTemplate = yield* run(
          Templates.generate(ids.publicTemplate, { variables: { product: "Emulator" } })
        )
        assert.strictEqual(fromTemplate.status, "pending")

        // Videos: create, read, list, batch, statuses
        const created = yield* run(
          Videos.create({
            type: "avatar",
            avatar_id: ids.premiumAvatar,
            voice_id: ids.publicVoice,
            script: "Hi!"
          })
        )
        assert.strictEqual((yield* run(Videos.get(created.video_id))).status, "pending")
        assert.includeMembers(
          (yield* run(Videos.list())).data.map((v) => v.id),
          [created.video_id, fromTemplate.id]
        )
        const videoBatch = yield* run(
          Videos.createBatch({
            videos: [
              { type: "image", image: { type: "asset_id", asset_id: asset.asset_id }, audio_url: audio.url }
            ]
          })
        )
        const batchId = (videoBatch as { batch_id: string }).batch_id
        assert.strictEqual((yield* run(Videos.getBatch(batchId))).total_items, 1)
        yield* run(Videos.listStatuses({ video_ids: created.video_id, batch_ids: batchId }))

        // Video translations and proofreads
        const translated = yield* run(
          VideoTranslations.create({ video, output_languages: ["French", "German"] })
        )
        const translationId = translated.video_translation_ids[0]!
        yield* run(VideoTranslations.get(translationId))
        yield* run(VideoTranslations.list())
        assert.strictEqual(
          (yield* run(VideoTranslations.update(translationId, { title: "Bonjour" }))).title,
          "Bonjour"
        )
        assert.include((yield* run(VideoTranslations.listLanguages())).languages, "French")
        const translationBatch = yield* run(
          VideoTranslations.createBatch({ video_translations: [{ video, output_languages: ["Spanish"] }] })
        )
        const translationBatchId = (translationBatch as { batch_id: string }).batch_id
        yield* run(VideoTranslations.getBatch(translationBatchId))
        yield* run(VideoTranslations.listStatuses({ video_translation_ids: translationId }))
        const proofreads = yield* run(
          VideoTranslations.createProofread({ title: "Review", video, output_languages: ["Italian"] })
        )
        const proofreadId = proofreads.proofread_ids[0]!

        // Video agents
        const session = yield* run(VideoAgents.create({ prompt: "A product teaser" }))
        yield* run(VideoAgents.list())
        yield* run(VideoAgents.get(session.session_id))
        yield* run(VideoAgents.listStyles())

        // Lipsyncs, background removals, AI clipping
        const lipsync = yield* run(Lipsyncs.create({ video, audio }))
        yield* run(Lipsyncs.list())
        yield* run(Lipsyncs.update(lipsync.lipsync_id, { title: "Synced" }))
        const lipsyncBatch = yield* run(Lipsyncs.createBatch({ lipsyncs: [{ video, audio }] }))
        const lipsyncBatchId = (lipsyncBatch as { batch_id: string }).batch_id
        yield* run(Lipsyncs.getBatch(lipsyncBatchId))
        yield* run(Lipsyncs.listStatuses({ lipsync_ids: lipsync.lipsync_id }))
        const removal = yield* run(BackgroundRemovals.create({ video }))
        yield* run(BackgroundRemovals.list())
        const clipping = (yield* run(AiClipping.create({ video }))) as { id: string }
        yield* run(AiClipping.list())

        // Webhooks
        const endpoint = yield* run(
          Webhooks.createEndpoint({
            url: "https://hooks.example.com/heygen",
            events: ["avatar_video.success"]
          })
        )
        assert.match(endpoint.secret ?? "", /^whsec_/)
        assert.isUndefined((yield* run(Webhooks.listEndpoints())).data[0]?.secret)
        yield* run(Webhooks.updateEndpoint(endpoint.endpoint_id, { url: "https://hooks.example.com/v2" }))
        const rotated = yield* run(Webhooks.rotateEndpointSecret(endpoint.endpoint_id))
        assert.notStrictEqual(rotated.secret, endpoint.secret)
        assert.strictEqual((yield* run(Webhooks.listEventTypes())).data.length, 30)

        // Time passes: every job finishes.
        yield* advance(11_000)
        assert.strictEqual((yield* run(Videos.get(created.video_id))).status, "completed")
        assert.strictEqual((yield* run(Voices.get(clone.voice_clone_id))).status, "complete")
        assert.strictEqual((yield* run(Avatars.getLook(prompted.avatar_item!.id))).status, "completed")
        assert.strictEqual((yield* run(Lipsyncs.get(lipsync.lipsync_id))).status, "completed")
        assert.strictEqual((yield* run(BackgroundRemovals.get(removal.id))).status, "completed")
        assert.strictEqual((yield* run(AiClipping.get(clipping.id))).clips?.length, 2)
        assert.strictEqual((yield* run(VideoTranslations.getProofread(proofreadId))).status, "completed")
        assert.match((yield* run(VideoTranslations.getProofreadSrt(proofreadId))).srt_url, /\.r1\.srt\?/)
        yield* run(
          VideoTranslations.updateProofreadSrt(proofreadId, {
            srt: { type: "url", url: "https://example.com/new.srt" }
          })
        )
        assert.match((yield* run(VideoTranslations.getProofreadSrt(proofreadId))).srt_url, /\.r2\.srt\?/)
        yield* run(VideoTranslations.generateProofread(proofreadId, {}))
        const agentVideo = (yield* run(VideoAgents.get(session.session_id))).video_id!
        assert.strictEqual((yield* run(VideoAgents.get(session.session_id))).status, "completed")
        yield* run(VideoAgents.getResource(session.session_id, `res_${agentVideo}`))
        yield* run(VideoAgents.send(session.session_id, { message: "Make it shorter" }))
        yield* run(VideoAgents.stop(session.session_id, {}))
        assert.strictEqual((yield* run(VideoAgents.listVideos(session.session_id))).data.length, 2)
        assert.isAbove(
          (yield* run(Webhooks.listEvents({ event_type: "avatar_video.success" }))).data.length,
          0
        )

        // Deletes
        yield* run(Videos.remove(created.video_id))
        yield* run(VideoTranslations.remove(translationId))
        yield* run(Lipsyncs.remove(lipsync.lipsync_id))
        yield* run(BackgroundRemovals.remove(removal.id))
        yield* run(AiClipping.remove(clipping.id))
        yield* run(Avatars.removeLook(prompted.avatar_item!.id))
        yield* run(Avatars.remove(twin.avatar_group!.id))
        yield* run(Voices.remove(clone.voice_clone_id))
        yield* run(Assets.remove(asset.asset_id))
        yield* run(Webhooks.removeEndpoint(endpoint.endpoint_id))

        const succeeded = new Set(sent.filter((s) => s.status < 300).map((s) => s.id))
        const missing = routes.map((r) => r.operation.id).filter((id) => !succeeded.has(id))
        assert.deepStrictEqual(missing, [])
        assert.strictEqual(routes.length, 85)
      })
  )
})

describe("M28, E6: v3 bodies and queries are checked by the client's schemas, param naming the field", () => {
  const post = (url: string, path: string, body: unknown, key: string = keys.paid) =>
    raw(url, path, { method: "POST", headers: { "x-api-key": key, ...json }, body: JSON.stringify(body) })

  it.effect("a missing or mistyped member is invalid_parameter with its path", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      const cases: ReadonlyArray<readonly [string, unknown, string]> = [
        ["/v3/videos", { type: "avatar" }, "avatar_id"],
        [
          "/v3/videos",
          { type: "avatar", avatar_id: ids.publicAvatar, voice_settings: { speed: "fast" } },
          "voice_settings.speed"
        ],
        [
          "/v3/videos",
          { type: "studio", scenes: [{ type: "avatar_video", input: { type: "avatar" } }] },
          "scenes[0].input.avatar_id"
        ],
        ["/v3/videos", { type: "studio", scenes: [{ type: "avatar" }] }, "scenes[0].type"],
        ["/v3/videos", { type: "hologram" }, "type"],
        ["/v3/videos/batches", { videos: [{ type: "avatar", avatar_id: 3 }] }, "videos[0].avatar_id"],
        ["/v3/lipsyncs", { video: { type: "url" }, audio: { type: "url", url: "x" } }, "video.url"],
        ["/v3/voices/speech", { text: "hi" }, "voice_id"],
        ["/v3/webhooks/endpoints", { url: "https://x.example", events: ["nope"] }, "events[0]"]
      ]
      for (const [path, body, param] of cases) {
        const answer = yield* post(url, path, body)
        assert.strictEqual(answer.status, 400, `${path} ${JSON.stringify(body)}: ${answer.text}`)
        assert.strictEqual(errorOf(answer)?.code, "invalid_parameter")
        assert.strictEqual(errorOf(answer)?.param, param, answer.text)
        assert.include(errorOf(answer)?.message ?? "", param)
      }
    })
  )

  it.effect("queries are decoded from strings by the same schemas; a bad one names the parameter", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      const get = (path: string) => raw(url, path, { headers: { "x-api-key": keys.paid } })
      for (const [path, param] of [
        ["/v3/videos?limit=0", "limit"],
        ["/v3/videos?limit=101", "limit"],
        ["/v3/videos?limit=ten", "limit"],
        ["/v3/voices?type=robot", "type"],
        ["/v3/assets", "username"],
        ["/v3/videos?token=%%%", "token"]
      ] as const) {
        const answer = yield* get(path)
        assert.strictEqual(errorOf(answer)?.param, param, `${path}: ${answer.text}`)
      }
      assert.strictEqual((yield* get("/v3/videos?limit=100")).status, 200)
    })
  )

  it.effect(
    "a body that is not JSON, or not declared JSON, is invalid_parameter; no body at all names what is missing",
    () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator()
        const notJson = yield* raw(url, "/v3/videos", {
          method: "POST",
          headers: { "x-api-key": keys.paid, ...json },
          body: "{nope"
        })
        assert.strictEqual(errorOf(notJson)?.code, "invalid_parameter")
        const textPlain = yield* raw(url, "/v3/videos", {
          method: "POST",
          headers: { "x-api-key": keys.paid, "content-type": "text/plain" },
          body: "{}"
        })
        assert.strictEqual(errorOf(textPlain)?.param, "Content-Type")
        const none = yield* raw(url, "/v3/voices/clone", {
          method: "POST",
          headers: { "x-api-key": keys.paid }
        })
        assert.strictEqual(errorOf(none)?.param, "audio", none.text)
      })
  )

  it.effect(
    "unknown v3 routes and methods are 404 not_found; broken percent-encoding in an id names the parameter",
    () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator()
        const headers = { "x-api-key": keys.paid }
        assert.strictEqual(errorOf(yield* raw(url, "/v3/nothing", { headers }))?.code, "not_found")
        assert.strictEqual(errorOf(yield* raw(url, "/v3/videos/", { headers }))?.code, "not_found")
        assert.strictEqual(
          errorOf(yield* raw(url, "/v3/users/me", { method: "DELETE", headers }))?.code,
          "not_found"
        )
        const broken = yield* raw(url, "/v3/videos/%E0%A4%A", { headers })
        assert.strictEqual(errorOf(broken)?.param, "video_id")
        // Literal segments win over ids: `statuses` is a route, not a video id.
        assert.strictEqual(errorOf(yield* raw(url, "/v3/videos/statuses", { headers }))?.param, "video_ids")
      })
  )
})

describe("M32: webhook endpoints are the account's, secrets shown twice, events read off finished jobs", () => {
  it.effect(
    "a member key may not manage them; the secret is shown by create and rotate only; events follow the jobs",
    () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator({ renderSeconds: 1 })
        const admin = as(url, keys.admin)
        const member = yield* Effect.flip(as(url, keys.member)(Webhooks.listEndpoints()))
        assert.strictEqual(member?._tag, "Forbidden")
        const created = yield* admin(Webhooks.createEndpoint({ url: "https://hooks.example.com/a" }))
        assert.match(created.secret ?? "", /^whsec_[\w-]{32}$/)
        const updated = yield* admin(
          Webhooks.updateEndpoint(created.endpoint_id, { events: ["avatar_video.fail"] })
        )
        assert.isUndefined(updated.secret)
        assert.deepStrictEqual(updated.events, ["avatar_video.fail"])
        const other = yield* Effect.flip(
          as(url, keys.other)(Webhooks.rotateEndpointSecret(created.endpoint_id))
        )
        assert.strictEqual(other?._tag, "ResourceAccessDenied")
        const missing = yield* raw(url, "/v3/webhooks/endpoints/endpoint_nope", {
          method: "DELETE",
          headers: { "x-api-key": keys.admin }
        })
        assert.strictEqual(missing.status, 404)
        assert.strictEqual(errorOf(missing)?.code, "not_found")
        const made = yield* admin(
          Videos.create({
            type: "avatar",
            avatar_id: ids.publicAvatar,
            voice_id: ids.publicVoice,
            script: "x [[fail]]"
          })
        )
        assert.deepStrictEqual((yield* admin(Webhooks.listEvents())).data, [])
        yield* control(url, "/__emulator/clock", { method: "POST", body: { advance_ms: 2_000 } })
        const events = yield* admin(Webhooks.listEvents({ entity_id: made.video_id }))
        assert.deepStrictEqual(
          events.data.map((e) => e.event_type),
          ["avatar_video.fail"]
        )
      })
  )
})
