/**
 * `/v3/videos`: renders from an avatar, an image, a cinematic prompt or studio scenes, billed
 * like v2's (M4–M8), rendered on the emulator's clock and ending completed — with files to
 * download — or failed (M29); batches and bulk statuses; deletes refused mid-render (M15).
 */
import type * as Videos from "@effect-heygen/api/Videos"
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as EmulatorState from "../EmulatorState.ts"
import { usableLook, videoNotFound, videoOf } from "../internal/access.ts"
import { refuse, startVideo } from "../internal/billing.ts"
import { accountIn, type Ctx, clip, type Failure, isFailure, tx, view } from "../internal/env.ts"
import { fileUrl } from "../internal/files.ts"
import { phase, requested, unix } from "../internal/jobs.ts"
import { withJson } from "../internal/json.ts"
import { newest, page } from "../internal/pagination.ts"
import type * as Jobs from "../Jobs.ts"
import type * as Resources from "../Resources.ts"
import * as Batches from "./batches.ts"
import type { Handlers } from "./handler.ts"
import { checkRef, checkRefs, lookFailure, type Speech, speechCost } from "./refs.ts"

/** The widest side of each v3 resolution, against the plan's maximum (M8). */
const sides = { "4k": 3840, "1080p": 1920, "720p": 1280 } as const

/**
 * The last view made of each video record, with what it depended on: within one second a
 * finished video's view (its URLs signed until the same second) is the same, so a page read
 * again and again is built once a second. Keyed by the record, so a replaced state or a
 * forgotten video leaves nothing behind.
 */
interface Viewed {
  readonly origin: string
  readonly second: number
  readonly phase: string
  readonly view: Videos.Video
  readonly json: string
}
const views = new WeakMap<Jobs.Video, Viewed>()

const viewed = (ctx: Ctx, video: Jobs.Video, at: number): Viewed => {
  const p = phase(video, at)
  const second = Math.floor(at / 1000)
  const cached = views.get(video)
  if (cached !== undefined && cached.second === second && cached.phase === p && cached.origin === ctx.origin)
    return cached
  const view = build(ctx, video, at, p)
  const fresh = { origin: ctx.origin, second, phase: p, view, json: JSON.stringify(view) }
  views.set(video, fresh)
  return fresh
}

/** A video as v3 answers it: finished ones carry fresh presigned file URLs (M31). */
export const videoView = (ctx: Ctx, video: Jobs.Video, at: number): Videos.Video =>
  viewed(ctx, video, at).view

const build = (ctx: Ctx, video: Jobs.Video, at: number, p: ReturnType<typeof phase>): Videos.Video => {
  const view: Record<string, unknown> = {
    id: video.id,
    status: p === "running" ? "processing" : p,
    created_at: unix(video.createdAt)
  }
  // What a video does not have is left out, as HeyGen leaves it out: a page of ten stays small.
  if (video.title != null) view.title = video.title
  if (video.folder_id != null) view.folder_id = video.folder_id
  if (p === "failed") {
    view.completed_at = unix(video.readyAt)
    view.failure_code = video.failure?.code ?? null
    view.failure_message = video.failure?.message ?? null
  } else if (p === "completed") {
    const format = video.format ?? "mp4"
    view.completed_at = unix(video.readyAt)
    view.duration = video.duration ?? Math.max(1, Math.round((video.readyAt - video.createdAt) / 10_000))
    view.video_url = fileUrl(ctx, at, `${video.id}.${format}`)
    view.thumbnail_url = fileUrl(ctx, at, `${video.id}.jpg`)
    if (video.gif === true) view.gif_url = fileUrl(ctx, at, `${video.id}.gif`)
    if (video.captioned === true) {
      view.captioned_video_url = fileUrl(ctx, at, `${video.id}.captioned.${format}`)
      view.subtitle_url = fileUrl(ctx, at, `${video.id}.srt`)
    }
  }
  return view as Videos.Video
}

/** The credits a look-driven input costs, or why it cannot render (M10, M11, M13, M8). */
const lookInput = (
  state: EmulatorState.State,
  account: EmulatorState.Account,
  input: Speech & { readonly avatar_id: string },
  at: number,
  prefix: string
): { readonly cost: number; readonly look: Resources.Avatar } | Failure => {
  const look = usableLook(state, account, input.avatar_id, at, `${prefix}avatar_id`)
  if (isFailure(look)) return look
  const cost = speechCost(state, account, input, at, prefix)
  if (isFailure(cost)) return cost
  if (look.premium && !EmulatorState.plans[account.plan].premiumAvatars)
    return new HeyGenError.PlanUpgradeRequired({
      message: `Avatar ${look.avatar_id} is premium; upgrade to Enterprise.`,
      param: `${prefix}avatar_id`
    })
  return { cost, look }
}

/** What a create body costs and how its render will end, or why it is refused. */
const plan = (
  state: EmulatorState.State,
  account: EmulatorState.Account,
  body: Videos.CreateBody,
  at: number
): { readonly cost: number; readonly failure: Resources.Failure | null } | Failure => {
  let cost = 0
  let failure: Resources.Failure | null = requested("video", body.title)
  const add = (part: { readonly cost: number; readonly look?: Resources.Avatar } | number | Failure) => {
    if (isFailure(part)) return part
    if (typeof part === "number") cost += part
    else {
      cost += part.cost
      if (part.look !== undefined) failure ??= lookFailure(part.look)
    }
    return undefined
  }
  switch (body.type) {
    case "avatar": {
      const failed =
        add(lookInput(state, account, body, at, "")) ??
        (body.background?.asset_id == null
          ? undefined
          : checkRef(
              state,
              account,
              { type: "asset_id", asset_id: body.background.asset_id },
              "background"
            )) ??
        (body.watermark == null
          ? undefined
          : checkRef(state, account, body.watermark.image, "watermark.image"))
      if (failed !== undefined) return failed
      failure ??= requested("video", body.script, body.motion_prompt)
      break
    }
    case "image": {
      const failed =
        checkRef(state, account, body.image, "image") ??
        add(speechCost(state, account, body, at, "")) ??
        (body.watermark == null
          ? undefined
          : checkRef(state, account, body.watermark.image, "watermark.image"))
      if (failed !== undefined) return failed
      failure ??= requested("video", body.script, body.motion_prompt)
      break
    }
    case "cinematic_avatar": {
      for (const [i, id] of body.avatar_id.entries()) {
        const look = usableLook(state, account, id, at, `avatar_id[${i}]`)
        if (isFailure(look)) return look
        failure ??= lookFailure(look)
      }
      const failed = checkRefs(state, account, body.references, "references")
      if (failed !== undefined) return failed
      cost += Math.max(1, Math.ceil((body.duration ?? 10) / 10))
      failure ??= requested("video", body.prompt)
      break
    }
    case "studio": {
      if (body.scenes.length === 0)
        return new HeyGenError.InvalidParameter({
          message: "Invalid parameter scenes: at least one.",
          param: "scenes"
        })
      for (const [i, scene] of body.scenes.entries()) {
        const at_ = `scenes[${i}].`
        const failed =
          scene.type === "avatar_video"
            ? scene.input.type === "avatar"
              ? add(lookInput(state, account, scene.input, at, `${at_}input.`))
              : (checkRef(state, account, scene.input.image, `${at_}input.image`) ??
                add(speechCost(state, account, scene.input, at, `${at_}input.`)))
            : scene.type === "image"
              ? (checkRef(state, account, scene.source, `${at_}source`) ??
                add(speechCost(state, account, scene, at, at_, false)))
              : (checkRef(state, account, scene.source, `${at_}source`) ?? add(1))
        if (failed !== undefined) return failed
        if (scene.type !== "video")
          failure ??= requested("video", "input" in scene ? scene.input.script : scene.script)
      }
      break
    }
  }
  const resolution = "resolution" in body ? body.resolution : undefined
  const side = resolution == null ? 0 : sides[resolution]
  const maxSide = EmulatorState.plans[account.plan].maxSide
  if (side > maxSide)
    return new HeyGenError.PlanUpgradeRequired({
      message: `Your plan renders at most ${maxSide}px; ${resolution} needs a higher plan.`,
      param: "resolution"
    })
  return { cost: Math.max(1, cost), failure }
}

/** Bills and starts one video (the batch's items start without the concurrent-render limit: they queue). */
const start = (
  ctx: Ctx,
  state: EmulatorState.State,
  body: Videos.CreateBody,
  at: number,
  queued: boolean
): Jobs.Video | Failure => {
  const account = accountIn(state, ctx)
  if (isFailure(account)) return account
  const planned = plan(state, account, body, at)
  if (isFailure(planned)) return planned
  const refused = refuse(state, account, planned.cost, false, at, !queued)
  if (refused !== undefined) return refused
  const id = startVideo(ctx.env, state, account, planned.cost, false, at, {
    title: body.title == null ? null : clip(body.title, EmulatorState.recordBounds.text),
    failure: planned.failure,
    format: "output_format" in body && body.output_format === "webm" ? "webm" : "mp4",
    captioned: "caption" in body && body.caption != null,
    callback_url:
      "callback_url" in body && body.callback_url != null
        ? clip(body.callback_url, EmulatorState.recordBounds.url)
        : null
  })
  return state.videos[id]!
}

const videoStatus = (video: Jobs.Video, at: number) => {
  const p = phase(video, at)
  return p === "running" ? "processing" : p
}

export const handlers: Handlers<typeof Videos.operations> = {
  list: ({ query }, ctx) =>
    view(ctx.env, (s, at) => {
      const title = query.title?.toLowerCase()
      const mine = Object.values(s.videos).filter(
        (v) =>
          v.owner === ctx.account.id &&
          !v.deleted &&
          (query.folder_id === undefined || v.folder_id === query.folder_id) &&
          (title === undefined || (v.title ?? "").toLowerCase().includes(title))
      )
      const found = page(mine, (v) => newest(v, v.id), query.limit ?? 10, query.token)
      if (isFailure(found)) return found
      const items = found.data.map((v) => viewed(ctx, v, at))
      return withJson(
        { data: items.map((i) => i.view), has_more: found.has_more, next_token: found.next_token },
        `{"data":[${items.map((i) => i.json).join(",")}],"has_more":${found.has_more},"next_token":${JSON.stringify(found.next_token)}}`
      )
    }),
  create: ({ body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const video = start(ctx, s, body, at, false)
      return isFailure(video)
        ? video
        : { data: { video_id: video.id, status: "pending", output_format: video.format ?? "mp4" } }
    }),
  get: ({ path }, ctx) =>
    view(ctx.env, (s, at) => {
      const video = videoOf(s, ctx.account, path.video_id!)
      return isFailure(video) ? video : { data: videoView(ctx, video, at) }
    }),
  remove: ({ path }, ctx) =>
    tx(ctx.env, (s, at) => {
      const id = path.video_id!
      const video = videoOf(s, ctx.account, id)
      if (isFailure(video)) return video
      // Deleting mid-render fails the way HeyGen's does (rule M15).
      if (at < video.readyAt)
        return new HeyGenError.VideoDeleteFailed({
          message: `Video ${id} is still rendering and could not be deleted.`
        })
      video.deleted = true
      return { data: { id, deleted: true } }
    }),
  createBatch: ({ body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const size = Batches.checkSize(body.videos, "videos")
      if (size !== undefined) return size
      const title = body.title == null ? null : clip(body.title, EmulatorState.recordBounds.text)
      const batch = Batches.record(
        s,
        ctx.env.limits,
        ctx.account.id,
        "video",
        title,
        at,
        body.videos,
        (video) => {
          const made = start(ctx, s, video, at, true)
          return isFailure(made) ? made : made.id
        }
      )
      const answer = Batches.view(s, batch, at, 100, undefined)
      return isFailure(answer) ? answer : { data: answer }
    }),
  getBatch: ({ path, query }, ctx) =>
    view(ctx.env, (s, at) => {
      const batch = Batches.batchOf(s, ctx.account, path.batch_id!, "video", videoNotFound)
      if (isFailure(batch)) return batch
      const answer = Batches.view(s, batch, at, query.limit ?? 100, query.token)
      return isFailure(answer) ? answer : { data: answer }
    }),
  listStatuses: ({ query }, ctx) =>
    view(ctx.env, (s, at) => {
      const ids = Batches.idList(query.video_ids, "video_ids")
      const batchIds = Batches.idList(query.batch_ids, "batch_ids")
      if (isFailure(ids)) return ids
      if (isFailure(batchIds)) return batchIds
      return Batches.statuses(
        s,
        ctx.account,
        "video",
        ids,
        batchIds,
        (id) => {
          const video = videoOf(s, ctx.account, id)
          return isFailure(video) ? video : { status: videoStatus(video, at), failure: video.failure ?? null }
        },
        videoNotFound,
        "video_ids",
        at
      )
    })
}
