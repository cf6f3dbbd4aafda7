/**
 * `/v3/lipsyncs`: a video re-voiced with new audio, running on the emulator's clock and ending
 * completed — a video (and captions, when asked) to download (M31) — or failed when its title
 * asks (M29); batches and bulk statuses. An unknown lipsync is `video_not_found`.
 */
import type * as Lipsyncs from "@effect-heygen/api/Lipsyncs"
import * as EmulatorState from "../EmulatorState.ts"
import { ownedBy, videoNotFound } from "../internal/access.ts"
import { type Ctx, clip, type Failure, isFailure, nextId, tx, view } from "../internal/env.ts"
import { fileUrl } from "../internal/files.ts"
import { phase, requested, seconds, unix } from "../internal/jobs.ts"
import { admit } from "../internal/lookup.ts"
import { newest, page } from "../internal/pagination.ts"
import type * as Jobs from "../Jobs.ts"
import * as Batches from "./batches.ts"
import type { Handlers } from "./handler.ts"
import { checkRef } from "./refs.ts"

const lipsyncView = (ctx: Ctx, l: Jobs.Lipsync, at: number): Lipsyncs.Lipsync => {
  const p = phase(l, at)
  const base = {
    id: l.id,
    status: p,
    title: l.title,
    created_at: unix(l.createdAt),
    callback_id: l.callback_id
  }
  if (p === "failed") return { ...base, failure_message: l.failure?.message ?? null }
  if (p !== "completed") return base
  return {
    ...base,
    duration: seconds(l),
    video_url: fileUrl(ctx, at, `${l.id}.mp4`),
    ...(l.captions ? { caption_url: fileUrl(ctx, at, `${l.id}.srt`) } : {})
  }
}

/** Checks a create body and starts its lipsync; its id. */
const start = (
  ctx: Ctx,
  s: EmulatorState.State,
  at: number,
  body: Lipsyncs.CreateBody,
  prefix: string
): string | Failure => {
  const refused =
    checkRef(s, ctx.account, body.video, `${prefix}video`) ??
    checkRef(s, ctx.account, body.audio, `${prefix}audio`)
  if (refused !== undefined) return refused
  const id = nextId(s, "lipsync")
  admit(
    s.lipsyncs,
    id,
    {
      id,
      owner: ctx.account.id,
      createdAt: at,
      readyAt: at + ctx.env.renderMillis,
      title: body.title == null ? null : clip(body.title, EmulatorState.recordBounds.text),
      failure: requested("lipsync", body.title),
      deleted: false,
      callback_id: body.callback_id == null ? null : clip(body.callback_id, EmulatorState.recordBounds.text),
      callback_url:
        body.callback_url == null ? null : clip(body.callback_url, EmulatorState.recordBounds.url),
      captions: body.enable_caption === true
    },
    ctx.env.limits.lipsyncs
  )
  return id
}

const lipsyncOf = (s: EmulatorState.State, ctx: Ctx, id: string) =>
  ownedBy(s.lipsyncs, ctx.account, id, "Lipsync", videoNotFound)

export const handlers: Handlers<typeof Lipsyncs.operations> = {
  list: ({ query }, ctx) =>
    view(ctx.env, (s, at) => {
      const mine = Object.values(s.lipsyncs).filter((l) => l.owner === ctx.account.id && !l.deleted)
      const found = page(mine, (l) => newest(l, l.id), query.limit ?? 10, query.token)
      return isFailure(found) ? found : { ...found, data: found.data.map((l) => lipsyncView(ctx, l, at)) }
    }),
  create: ({ body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const id = start(ctx, s, at, body, "")
      return isFailure(id) ? id : { data: { lipsync_id: id } }
    }),
  get: ({ path }, ctx) =>
    view(ctx.env, (s, at) => {
      const l = lipsyncOf(s, ctx, path.lipsync_id!)
      return isFailure(l) ? l : { data: lipsyncView(ctx, l, at) }
    }),
  update: ({ path, body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const l = lipsyncOf(s, ctx, path.lipsync_id!)
      if (isFailure(l)) return l
      l.title = clip(body.title, EmulatorState.recordBounds.text)
      return { data: lipsyncView(ctx, l, at) }
    }),
  remove: ({ path }, ctx) =>
    tx(ctx.env, (s) => {
      const l = lipsyncOf(s, ctx, path.lipsync_id!)
      if (isFailure(l)) return l
      l.deleted = true
      return { data: { id: l.id } }
    }),
  createBatch: ({ body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const size = Batches.checkSize(body.lipsyncs, "lipsyncs")
      if (size !== undefined) return size
      const title = body.title == null ? null : clip(body.title, EmulatorState.recordBounds.text)
      const batch = Batches.record(
        s,
        ctx.env.limits,
        ctx.account.id,
        "lipsync",
        title,
        at,
        body.lipsyncs,
        (item, i) => start(ctx, s, at, item, `lipsyncs[${i}].`)
      )
      const answer = Batches.view(s, batch, at, 100, undefined)
      return isFailure(answer) ? answer : { data: answer }
    }),
  getBatch: ({ path, query }, ctx) =>
    view(ctx.env, (s, at) => {
      const batch = Batches.batchOf(s, ctx.account, path.batch_id!, "lipsync", videoNotFound)
      if (isFailure(batch)) return batch
      const answer = Batches.view(s, batch, at, query.limit ?? 100, query.token)
      return isFailure(answer) ? answer : { data: answer }
    }),
  listStatuses: ({ query }, ctx) =>
    view(ctx.env, (s, at) => {
      const ids = Batches.idList(query.lipsync_ids, "lipsync_ids")
      const batchIds = Batches.idList(query.batch_ids, "batch_ids")
      if (isFailure(ids)) return ids
      if (isFailure(batchIds)) return batchIds
      return Batches.statuses(
        s,
        ctx.account,
        "lipsync",
        ids,
        batchIds,
        (id) => {
          const l = lipsyncOf(s, ctx, id)
          return isFailure(l) ? l : { status: phase(l, at), failure: l.failure }
        },
        videoNotFound,
        "lipsync_ids",
        at
      )
    })
}
