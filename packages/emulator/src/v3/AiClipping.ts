/**
 * `/v3/ai-clipping`: short clips cut from a long video, running on the emulator's clock and
 * ending completed — one clip per asked duration, each a video and a thumbnail to download
 * (M31) — or failed when its title or prompt asks (M29). An unknown job is `video_not_found`.
 */
import type * as AiClipping from "@effect-heygen/api/AiClipping"
import * as EmulatorState from "../EmulatorState.ts"
import { ownedBy, videoNotFound } from "../internal/access.ts"
import { type Ctx, clip, isFailure, nextId, tx, view } from "../internal/env.ts"
import { fileUrl } from "../internal/files.ts"
import { phase, progress, requested, unix } from "../internal/jobs.ts"
import { admit } from "../internal/lookup.ts"
import { newest, page } from "../internal/pagination.ts"
import type * as Jobs from "../Jobs.ts"
import type { Handlers } from "./handler.ts"
import { checkRef } from "./refs.ts"
import { language } from "./translate.ts"

const lengths: Record<string, number> = { "30": 30, "60": 60, "180": 180, long: 600 }

const clipJobView = (ctx: Ctx, job: Jobs.ClipJob, at: number): AiClipping.AiClipping => {
  const p = phase(job, at)
  const aspect = (job.aspect_ratio ?? "portrait") as "landscape" | "portrait" | "square"
  const base = {
    id: job.id,
    status: p,
    title: job.title,
    created_at: unix(job.createdAt),
    input_language: job.input_language,
    callback_id: job.callback_id,
    progress: progress(job, at),
    source_duration: 900,
    output_settings: {
      aspect_ratio: aspect,
      captions: true,
      duration_types: job.durations as ReadonlyArray<"30" | "60" | "180" | "long">
    }
  }
  if (p === "failed") return { ...base, failure_message: job.failure?.message ?? null }
  return {
    ...base,
    clips: job.durations.map((duration, i) => {
      const id = `${job.id}_clip${i + 1}`
      return p === "completed"
        ? {
            id,
            status: "completed",
            title: `${job.title ?? "Clip"} #${i + 1}`,
            aspect_ratio: aspect,
            duration_seconds: lengths[duration] ?? 30,
            virality_score: 90 - i * 7,
            video_url: fileUrl(ctx, at, `${id}.mp4`),
            thumbnail_url: fileUrl(ctx, at, `${id}.jpg`)
          }
        : { id, status: "pending" }
    })
  }
}

const jobOf = (s: EmulatorState.State, ctx: Ctx, id: string) =>
  ownedBy(s.clipJobs, ctx.account, id, "AI clipping job", videoNotFound)

export const handlers: Handlers<typeof AiClipping.operations> = {
  list: ({ query }, ctx) =>
    view(ctx.env, (s, at) => {
      const mine = Object.values(s.clipJobs).filter((j) => j.owner === ctx.account.id && !j.deleted)
      const found = page(mine, (j) => newest(j, j.id), query.limit ?? 10, query.token)
      return isFailure(found) ? found : { ...found, data: found.data.map((j) => clipJobView(ctx, j, at)) }
    }),
  create: ({ body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const refused = checkRef(s, ctx.account, body.video, "video")
      if (refused !== undefined) return refused
      const input = body.input_language == null ? null : language(body.input_language, "input_language")
      if (isFailure(input)) return input
      const settings = body.output_settings
      const durations = [...new Set(settings?.duration_types ?? ["30", "60"])]
      const id = nextId(s, "clipjob")
      const job: Jobs.ClipJob = {
        id,
        owner: ctx.account.id,
        createdAt: at,
        readyAt: at + ctx.env.renderMillis,
        title: body.title == null ? null : clip(body.title, EmulatorState.recordBounds.text),
        failure: requested("AI clipping job", body.title, settings?.prompt),
        deleted: false,
        input_language: input,
        durations,
        aspect_ratio: settings?.aspect_ratio ?? null,
        callback_id:
          body.callback_id == null ? null : clip(body.callback_id, EmulatorState.recordBounds.text),
        callback_url:
          body.callback_url == null ? null : clip(body.callback_url, EmulatorState.recordBounds.url)
      }
      admit(s.clipJobs, id, job, ctx.env.limits.clipJobs)
      return { data: clipJobView(ctx, job, at) }
    }),
  get: ({ path }, ctx) =>
    view(ctx.env, (s, at) => {
      const job = jobOf(s, ctx, path.job_id!)
      return isFailure(job) ? job : { data: clipJobView(ctx, job, at) }
    }),
  remove: ({ path }, ctx) =>
    tx(ctx.env, (s) => {
      const job = jobOf(s, ctx, path.job_id!)
      if (isFailure(job)) return job
      job.deleted = true
      return { data: { id: job.id } }
    })
}
