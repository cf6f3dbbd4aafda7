/**
 * `/v3/background-removals`: a video's background removed, running on the emulator's clock
 * and ending completed — one file per layer to download (M31) — or failed when its title asks
 * (M29). An unknown job is `video_not_found`.
 */
import type * as BackgroundRemovals from "@effect-heygen/api/BackgroundRemovals"
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as EmulatorState from "../EmulatorState.ts"
import { ownedBy, videoNotFound } from "../internal/access.ts"
import { type Ctx, clip, isFailure, nextId, tx, view } from "../internal/env.ts"
import { fileUrl } from "../internal/files.ts"
import { phase, requested, seconds, unix } from "../internal/jobs.ts"
import { admit } from "../internal/lookup.ts"
import { newest, page } from "../internal/pagination.ts"
import type * as Jobs from "../Jobs.ts"
import type { Handlers } from "./handler.ts"
import { checkRef } from "./refs.ts"

/** The layers a removal makes when none are named. */
const defaultLayers = ["foreground", "alpha"]

const removalView = (
  ctx: Ctx,
  r: Jobs.BackgroundRemoval,
  at: number
): BackgroundRemovals.BackgroundRemoval => {
  const p = phase(r, at)
  const base = { id: r.id, status: p, created_at: unix(r.createdAt) }
  if (p === "failed") return { ...base, completed_at: unix(r.readyAt), error: r.failure?.message ?? null }
  if (p !== "completed") return base
  return {
    ...base,
    completed_at: unix(r.readyAt),
    duration: seconds(r),
    layers: Object.fromEntries(
      r.layers.map((layer, i) => [layer, fileUrl(ctx, at, `${r.id}.layer${i}.webm`)])
    )
  }
}

const removalOf = (s: EmulatorState.State, ctx: Ctx, id: string) =>
  ownedBy(s.backgroundRemovals, ctx.account, id, "Background removal", videoNotFound)

export const handlers: Handlers<typeof BackgroundRemovals.operations> = {
  list: ({ query }, ctx) =>
    view(ctx.env, (s, at) => {
      const mine = Object.values(s.backgroundRemovals).filter((r) => r.owner === ctx.account.id && !r.deleted)
      const found = page(mine, (r) => newest(r, r.id), query.limit ?? 10, query.token)
      return isFailure(found) ? found : { ...found, data: found.data.map((r) => removalView(ctx, r, at)) }
    }),
  create: ({ body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const refused = checkRef(s, ctx.account, body.video, "video")
      if (refused !== undefined) return refused
      const layers = body.layers === undefined || body.layers.length === 0 ? defaultLayers : body.layers
      if (layers.length > 8)
        return new HeyGenError.InvalidParameter({
          message: "Invalid parameter layers: at most 8.",
          param: "layers"
        })
      const id = nextId(s, "bgr")
      const removal: Jobs.BackgroundRemoval = {
        id,
        owner: ctx.account.id,
        createdAt: at,
        readyAt: at + ctx.env.renderMillis,
        title: body.title == null ? null : clip(body.title, EmulatorState.recordBounds.text),
        failure: requested("background removal", body.title),
        deleted: false,
        layers: layers.map((layer) => clip(layer, 64))
      }
      admit(s.backgroundRemovals, id, removal, ctx.env.limits.backgroundRemovals)
      return { data: removalView(ctx, removal, at) }
    }),
  get: ({ path }, ctx) =>
    view(ctx.env, (s, at) => {
      const r = removalOf(s, ctx, path.job_id!)
      return isFailure(r) ? r : { data: removalView(ctx, r, at) }
    }),
  remove: ({ path }, ctx) =>
    tx(ctx.env, (s) => {
      const r = removalOf(s, ctx, path.job_id!)
      if (isFailure(r)) return r
      r.deleted = true
      return { data: { id: r.id, deleted: true } }
    })
}
