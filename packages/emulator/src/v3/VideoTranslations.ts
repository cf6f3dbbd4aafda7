/**
 * `/v3/video-translations`: one translation per output language, each running on the
 * emulator's clock and ending completed — a translated video, its audio and captions to
 * download (M31) — or failed when its title asks (M29); batches, bulk statuses, the
 * languages, and proofreads (in `Proofreads`). An unknown translation is `video_not_found`
 * (HeyGen: "no video, draft or video translation with that id").
 */
import type * as VideoTranslations from "@effect-heygen/api/VideoTranslations"
import * as EmulatorState from "../EmulatorState.ts"
import { ownedBy, videoNotFound } from "../internal/access.ts"
import { type Ctx, clip, isFailure, tx, view } from "../internal/env.ts"
import { phase } from "../internal/jobs.ts"
import { newest, page } from "../internal/pagination.ts"
import * as Batches from "./batches.ts"
import { languages } from "./catalog.ts"
import type { Handlers } from "./handler.ts"
import * as Proofreads from "./Proofreads.ts"
import { checkSource, startTranslation, translationView } from "./translate.ts"

const translationOf = (s: EmulatorState.State, ctx: Ctx, id: string) =>
  ownedBy(s.translations, ctx.account, id, "Video translation", videoNotFound)

type Item = VideoTranslations.CreateBatchBody["video_translations"][number]

const translations: Omit<Handlers<typeof VideoTranslations.operations>, keyof typeof Proofreads.handlers> = {
  list: ({ query }, ctx) =>
    view(ctx.env, (s, at) => {
      const mine = Object.values(s.translations).filter(
        (t) => t.owner === ctx.account.id && t.deleted !== true
      )
      const found = page(mine, (t) => newest(t, t.video_translate_id), query.limit ?? 10, query.token)
      return isFailure(found) ? found : { ...found, data: found.data.map((t) => translationView(ctx, t, at)) }
    }),
  create: ({ body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const source = checkSource(s, ctx, body, "")
      if (isFailure(source)) return source
      const ids = source.outputs.map((output) =>
        startTranslation(ctx, s, at, {
          ...body,
          input: source.input,
          output,
          audio_only: body.translate_audio_only,
          captions: body.enable_caption
        })
      )
      return { data: { video_translation_ids: ids } }
    }),
  get: ({ path }, ctx) =>
    view(ctx.env, (s, at) => {
      const t = translationOf(s, ctx, path.video_translation_id!)
      return isFailure(t) ? t : { data: translationView(ctx, t, at) }
    }),
  update: ({ path, body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const t = translationOf(s, ctx, path.video_translation_id!)
      if (isFailure(t)) return t
      t.title = clip(body.title, EmulatorState.recordBounds.text)
      return { data: translationView(ctx, t, at) }
    }),
  remove: ({ path }, ctx) =>
    tx(ctx.env, (s) => {
      const t = translationOf(s, ctx, path.video_translation_id!)
      if (isFailure(t)) return t
      t.deleted = true
      return { data: { id: t.video_translate_id } }
    }),
  createBatch: ({ body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const size = Batches.checkSize(body.video_translations, "video_translations")
      if (size !== undefined) return size
      // One item per output language of each input: checked whole first, so a bad item fails the batch.
      const pairs: Array<{ readonly item: Item; readonly input: string | null; readonly output: string }> = []
      for (const [i, item] of body.video_translations.entries()) {
        const source = checkSource(s, ctx, item, `video_translations[${i}].`)
        if (isFailure(source)) return source
        for (const output of source.outputs) pairs.push({ item, input: source.input, output })
      }
      const total = Batches.checkSize(pairs, "video_translations")
      if (total !== undefined) return total
      const title = body.title == null ? null : clip(body.title, EmulatorState.recordBounds.text)
      const batch = Batches.record(
        s,
        ctx.env.limits,
        ctx.account.id,
        "translation",
        title,
        at,
        pairs,
        (pair) =>
          startTranslation(ctx, s, at, {
            ...pair.item,
            input: pair.input,
            output: pair.output,
            audio_only: pair.item.translate_audio_only,
            captions: pair.item.enable_caption
          })
      )
      const answer = Batches.view(s, batch, at, 100, undefined)
      return isFailure(answer) ? answer : { data: answer }
    }),
  getBatch: ({ path, query }, ctx) =>
    view(ctx.env, (s, at) => {
      const batch = Batches.batchOf(s, ctx.account, path.batch_id!, "translation", videoNotFound)
      if (isFailure(batch)) return batch
      const answer = Batches.view(s, batch, at, query.limit ?? 100, query.token)
      return isFailure(answer) ? answer : { data: answer }
    }),
  listLanguages: (_, ctx) => view(ctx.env, () => ({ data: { languages } })),
  listStatuses: ({ query }, ctx) =>
    view(ctx.env, (s, at) => {
      const ids = Batches.idList(query.video_translation_ids, "video_translation_ids")
      const batchIds = Batches.idList(query.batch_ids, "batch_ids")
      if (isFailure(ids)) return ids
      if (isFailure(batchIds)) return batchIds
      return Batches.statuses(
        s,
        ctx.account,
        "translation",
        ids,
        batchIds,
        (id) => {
          const t = translationOf(s, ctx, id)
          return isFailure(t) ? t : { status: phase(t, at), failure: t.failure ?? null }
        },
        videoNotFound,
        "video_translation_ids",
        at
      )
    })
}

export const handlers: Handlers<typeof VideoTranslations.operations> = {
  ...translations,
  ...Proofreads.handlers
}
