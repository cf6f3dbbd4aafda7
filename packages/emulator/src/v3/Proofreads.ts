/**
 * `/v3/video-translations/proofreads`: a translation's subtitles to review before the video
 * is made. A proofread processes on the emulator's clock (M29); then its SRT can be read (a
 * file to download, M31) and replaced — each replacement a new revision — and the translation
 * generated from it, once.
 */
import type * as VideoTranslations from "@effect-heygen/api/VideoTranslations"
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as EmulatorState from "../EmulatorState.ts"
import { ownedBy, videoNotFound } from "../internal/access.ts"
import { type Ctx, clip, type Failure, isFailure, nextId, tx, view } from "../internal/env.ts"
import { fileUrl } from "../internal/files.ts"
import { phase, requested, unix } from "../internal/jobs.ts"
import { admit } from "../internal/lookup.ts"
import type * as Jobs from "../Jobs.ts"
import type { Handler } from "./handler.ts"
import { checkRef } from "./refs.ts"
import { checkSource, startTranslation } from "./translate.ts"

type Operations = typeof VideoTranslations.operations

const proofreadView = (p: Jobs.Proofread, at: number): VideoTranslations.Proofread => {
  const status = phase(p, at)
  return {
    id: p.id,
    title: p.title,
    status: status === "pending" || status === "running" ? "processing" : status,
    created_at: unix(p.createdAt),
    input_language: p.input_language,
    output_language: p.output_language,
    submitted_for_review: p.translation !== null,
    ...(status === "failed" ? { failure_message: p.failure?.message ?? null } : {})
  }
}

const proofreadOf = (s: EmulatorState.State, ctx: Ctx, id: string) =>
  ownedBy(s.proofreads, ctx.account, id, "Proofread", videoNotFound)

/** A proofread whose subtitles exist: completed, not processing or failed. */
const completedProofread = (
  s: EmulatorState.State,
  ctx: Ctx,
  id: string,
  at: number
): Jobs.Proofread | Failure => {
  const p = proofreadOf(s, ctx, id)
  if (isFailure(p)) return p
  const status = phase(p, at)
  return status === "completed"
    ? p
    : new HeyGenError.InvalidParameter({
        message: `Invalid parameter proofread_id: proofread ${id} ${status === "failed" ? "failed" : "is still processing"}.`,
        param: "proofread_id"
      })
}

export const handlers: {
  readonly createProofread: Handler<Operations["createProofread"]>
  readonly getProofread: Handler<Operations["getProofread"]>
  readonly generateProofread: Handler<Operations["generateProofread"]>
  readonly getProofreadSrt: Handler<Operations["getProofreadSrt"]>
  readonly updateProofreadSrt: Handler<Operations["updateProofreadSrt"]>
} = {
  createProofread: ({ body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const source = checkSource(s, ctx, body, "")
      if (isFailure(source)) return source
      const title = clip(body.title, EmulatorState.recordBounds.text)
      const ids = source.outputs.map((output) => {
        const id = nextId(s, "proofread")
        admit(
          s.proofreads,
          id,
          {
            id,
            owner: ctx.account.id,
            createdAt: at,
            readyAt: at + ctx.env.renderMillis,
            title,
            failure: requested("proofread", body.title),
            deleted: false,
            input_language: source.input ?? "English",
            output_language: output,
            srt_revision: 1,
            translation: null
          },
          ctx.env.limits.proofreads
        )
        return id
      })
      return { data: { proofread_ids: ids, status: "processing" } }
    }),
  getProofread: ({ path }, ctx) =>
    view(ctx.env, (s, at) => {
      const p = proofreadOf(s, ctx, path.proofread_id!)
      return isFailure(p) ? p : { data: proofreadView(p, at) }
    }),
  generateProofread: ({ path, body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const p = completedProofread(s, ctx, path.proofread_id!, at)
      if (isFailure(p)) return p
      // Generated once: asking again answers the same translation.
      p.translation ??= startTranslation(ctx, s, at, {
        title: p.title,
        input: p.input_language,
        output: p.output_language,
        callback_id: body.callback_id,
        callback_url: body.callback_url,
        audio_only: body.translate_audio_only,
        captions: body.captions
      })
      return { data: { video_translation_id: p.translation, status: "processing" } }
    }),
  getProofreadSrt: ({ path }, ctx) =>
    view(ctx.env, (s, at) => {
      const p = completedProofread(s, ctx, path.proofread_id!, at)
      if (isFailure(p)) return p
      return {
        data: {
          srt_url: fileUrl(ctx, at, `${p.id}.r${p.srt_revision}.srt`),
          original_srt_url: fileUrl(ctx, at, `${p.id}.r1.srt`)
        }
      }
    }),
  updateProofreadSrt: ({ path, body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const p = completedProofread(s, ctx, path.proofread_id!, at)
      if (isFailure(p)) return p
      const refused = checkRef(s, ctx.account, body.srt, "srt")
      if (refused !== undefined) return refused
      p.srt_revision += 1
      return { data: proofreadView(p, at) }
    })
}
