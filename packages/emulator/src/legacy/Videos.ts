/**
 * The legacy video routes: `POST /v2/video/generate` (billed, M4–M8), `GET
 * /v1/video_status.get` (the render on the emulator's clock, its files presigned, M31),
 * `DELETE /v1/video.delete` (refused mid-render, M15), `POST /v1/asset`, the v2 video
 * translation and the v1 video agent.
 */
import * as HeyGenApi from "@effect-heygen/core/HeyGenApi"
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as HeyGenServer from "@effect-heygen/core/HeyGenServer"
import * as ByteSize from "effect/ByteSize"
import * as Effect from "effect/Effect"
import * as HttpIncomingMessage from "effect/http/HttpIncomingMessage"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as Schema from "effect/Schema"
import * as EmulatorState from "../EmulatorState.ts"
import { usableAsset, usableLook, usableVoice, videoOf } from "../internal/access.ts"
import { agentRequest, audioCost, refuse, scriptCost, startVideo } from "../internal/billing.ts"
import { accountIn, type Ctx, clip, isFailure, nextId, tx, view } from "../internal/env.ts"
import { fileUrl } from "../internal/files.ts"
import { decodeJson, type Handler, v1, v2 } from "../internal/http.ts"
import { phase, requested } from "../internal/jobs.ts"
import { admit, own } from "../internal/lookup.ts"
import type * as Resources from "../Resources.ts"
import { lookFailure } from "../v3/refs.ts"

/** The MIME types `POST /v1/asset` takes. */
export const assetTypes: ReadonlyArray<string> = [
  "image/png",
  "image/jpeg",
  "video/mp4",
  "audio/mpeg",
  "audio/wav"
]

/** Credits a v2 video costs: 1 per started 100 characters of each script, 2 per audio input (rule M6). */
export const videoCost = (request: HeyGenApi.VideoGenerateRequest): number =>
  request.video_inputs.reduce(
    (sum, input) => sum + (input.voice.type === "text" ? scriptCost(input.voice.input_text) : audioCost),
    0
  )

const VideoId = Schema.Struct({ video_id: Schema.NonEmptyString })

export const generate = (ctx: Ctx): Handler =>
  Effect.flatMap(decodeJson(HeyGenApi.VideoGenerateRequest), (body) =>
    tx(ctx.env, (state, at) => {
      const plan = EmulatorState.plans[ctx.account.plan]
      let failure: Resources.Failure | null = requested("video", body.title)
      for (const [i, input] of body.video_inputs.entries()) {
        const at_ = `video_inputs[${i}]`
        const avatar = usableLook(
          state,
          ctx.account,
          input.character.avatar_id,
          at,
          `${at_}.character.avatar_id`
        )
        if (isFailure(avatar)) return avatar
        if (input.voice.type === "text") {
          const voice = usableVoice(state, ctx.account, input.voice.voice_id, at, `${at_}.voice.voice_id`)
          if (isFailure(voice)) return voice
          failure ??= requested("video", input.voice.input_text)
        } else {
          const asset = usableAsset(
            state,
            ctx.account,
            input.voice.audio_asset_id,
            `${at_}.voice.audio_asset_id`
          )
          if (isFailure(asset)) return asset
        }
        if (input.background !== undefined) {
          const asset = usableAsset(
            state,
            ctx.account,
            input.background.image_asset_id,
            `${at_}.background.image_asset_id`
          )
          if (isFailure(asset)) return asset
        }
        if (avatar.premium && !plan.premiumAvatars)
          return new HeyGenError.PlanUpgradeRequired({
            message: `Avatar ${avatar.avatar_id} is premium; upgrade to Enterprise.`,
            param: `${at_}.character.avatar_id`
          })
        failure ??= lookFailure(avatar)
      }
      const side = Math.max(body.dimension?.width ?? 0, body.dimension?.height ?? 0)
      if (side > plan.maxSide)
        return new HeyGenError.PlanUpgradeRequired({
          message: `Your plan renders at most ${plan.maxSide}px; ${side}px needs a higher plan.`,
          param: "dimension"
        })
      const cost = videoCost(body)
      const test = body.test === true
      const owner = accountIn(state, ctx)
      if (isFailure(owner)) return owner
      const refused = refuse(state, owner, cost, test, at)
      if (refused !== undefined) return refused
      const id = startVideo(ctx.env, state, owner, cost, test, at, {
        title: body.title === undefined ? null : clip(body.title, EmulatorState.recordBounds.text),
        failure
      })
      return v2({ video_id: id })
    })
  )

export const status = (ctx: Ctx): Handler =>
  Effect.flatMap(HeyGenServer.decodeQuery(VideoId), ({ video_id }) =>
    view(ctx.env, (state, at) => {
      const video = videoOf(state, ctx.account, video_id)
      if (isFailure(video)) return video
      const p = phase(video, at)
      const status = p === "running" ? "processing" : p
      const done = p === "completed"
      return v1({
        id: video.id,
        status,
        video_url: done ? fileUrl(ctx, at, `${video.id}.${video.format ?? "mp4"}`) : null,
        thumbnail_url: done ? fileUrl(ctx, at, `${video.id}.jpg`) : null,
        duration: done ? ctx.env.renderMillis / 10_000 : null,
        error:
          p === "failed" && video.failure != null
            ? { code: video.failure.code, message: video.failure.message }
            : null
      })
    })
  )

export const remove = (ctx: Ctx): Handler =>
  Effect.flatMap(HeyGenServer.decodeQuery(VideoId), ({ video_id }) =>
    tx(ctx.env, (state, at) => {
      const video = videoOf(state, ctx.account, video_id)
      if (isFailure(video)) return video
      // Deleting mid-render fails the way HeyGen's does (rule M15).
      if (at < video.readyAt)
        return new HeyGenError.VideoDeleteFailed({
          message: `Video ${video_id} is still rendering and could not be deleted.`
        })
      video.deleted = true
      return v1(null)
    })
  )

/** `POST /v1/asset`: a raw file in its own MIME type (rule M14 for what's wrong with it). */
export const upload = (ctx: Ctx): Handler =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const maxAssetBytes = ctx.env.maxAssetBytes
    const contentType = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase()
    if (!assetTypes.includes(contentType)) {
      return yield* new HeyGenError.InvalidParameter({
        message: `Invalid parameter Content-Type: ${contentType || "none"} is not one of ${assetTypes.join(", ")}.`,
        param: "Content-Type"
      })
    }
    const declared = Number(request.headers["content-length"] ?? 0)
    const tooLarge = new HeyGenError.InvalidParameter({
      message: `The file exceeds ${maxAssetBytes} bytes.`,
      param: "file"
    })
    if (declared > maxAssetBytes) return yield* tooLarge
    // Bounded while it streams in (chunked uploads declare no length): reading stops past the limit.
    const body = yield* request.arrayBuffer.pipe(
      Effect.provideService(HttpIncomingMessage.MaxBodySize, ByteSize.bytes(maxAssetBytes)),
      Effect.mapError(() => tooLarge)
    )
    if (body.byteLength > maxAssetBytes) return yield* tooLarge
    if (body.byteLength === 0)
      return yield* new HeyGenError.InvalidParameter({ message: "The file is empty.", param: "file" })
    return yield* tx(ctx.env, (state, at) => {
      const id = nextId(state, "asset")
      const fileType = contentType.split("/")[0]!
      admit(
        state.assets,
        id,
        {
          id,
          owner: ctx.account.id,
          file_type: fileType,
          status: "ready",
          mime_type: contentType,
          size_bytes: body.byteLength,
          createdAt: at
        },
        ctx.env.limits.assets
      )
      const extension =
        contentType === "audio/mpeg"
          ? "mp3"
          : contentType === "image/jpeg"
            ? "jpg"
            : contentType.split("/")[1]
      return v1({ id, name: id, file_type: fileType, url: fileUrl(ctx, at, `${id}.${extension}`) })
    })
  })

export const translate = (ctx: Ctx): Handler =>
  Effect.flatMap(decodeJson(HeyGenApi.VideoTranslateRequest), (body) =>
    tx(ctx.env, (state, at) => {
      const emulated = /^heygen:video\/(.+)$/.exec(body.video_url)
      if (emulated !== null) {
        const video = videoOf(state, ctx.account, emulated[1]!)
        if (isFailure(video)) return video
      } else if (!/^https?:\/\/\S+$/.test(body.video_url)) {
        return new HeyGenError.InvalidParameter({
          message: "Invalid parameter video_url: must be an http(s) URL or heygen:video/<id>",
          param: "video_url"
        })
      }
      const id = nextId(state, "tr")
      admit(
        state.translations,
        id,
        {
          video_translate_id: id,
          owner: ctx.account.id,
          createdAt: at,
          readyAt: at + ctx.env.renderMillis,
          output_language: clip(body.output_language, 64),
          title: body.title === undefined ? null : clip(body.title, EmulatorState.recordBounds.text),
          failure: requested("video translation", body.title)
        },
        ctx.env.limits.translations
      )
      return v2({ video_translate_id: id })
    })
  )

export const translation = (ctx: Ctx, id: string): Handler =>
  view(ctx.env, (state, at) => {
    const t = own(state.translations, id)
    if (t === undefined || t.deleted === true)
      return new HeyGenError.VideoNotFound({ message: `Video translation ${id} not found.` })
    if (t.owner !== ctx.account.id)
      return new HeyGenError.ResourceAccessDenied({
        message: `Video translation ${id} belongs to another account.`
      })
    const p = phase(t, at)
    return v2({
      video_translate_id: id,
      status: p === "completed" ? "success" : p === "failed" ? "failed" : "running",
      output_language: t.output_language,
      url: p === "completed" ? fileUrl(ctx, at, `${id}.mp4`) : null,
      ...(p === "failed" && t.failure != null ? { message: t.failure.message } : {})
    })
  })

export const agent = (ctx: Ctx): Handler =>
  Effect.flatMap(decodeJson(HeyGenApi.VideoAgentRequest), (body) =>
    tx(ctx.env, (state, at) => {
      const owner = accountIn(state, ctx)
      if (isFailure(owner)) return owner
      const cost = agentRequest(ctx.env, state, owner, at)
      if (isFailure(cost)) return cost
      const id = startVideo(ctx.env, state, owner, cost, false, at, {
        title: clip(body.prompt, 80),
        failure: requested("video agent run", body.prompt)
      })
      return v1({ video_id: id })
    })
  )
