/**
 * What creating a video translation takes, shared by `/v3/video-translations` and its
 * proofreads: the source checked (files, glossary, languages), one translation started per
 * output language, and a translation as v3 answers it.
 */
import type * as VideoTranslations from "@effect-heygen/api/VideoTranslations"
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as EmulatorState from "../EmulatorState.ts"
import { type Ctx, clip, type Failure, isFailure, nextId } from "../internal/env.ts"
import { fileUrl } from "../internal/files.ts"
import { phase, requested, seconds, unix } from "../internal/jobs.ts"
import { admit, own } from "../internal/lookup.ts"
import type * as Jobs from "../Jobs.ts"
import { languages } from "./catalog.ts"
import { checkRef, type Ref } from "./refs.ts"

export const translationView = (
  ctx: Ctx,
  t: Jobs.Translation,
  at: number
): VideoTranslations.VideoTranslation => {
  const p = phase(t, at)
  const id = t.video_translate_id
  const base = {
    id,
    status: p,
    title: t.title ?? null,
    created_at: unix(t.createdAt),
    input_language: t.input_language ?? null,
    output_language: t.output_language,
    callback_id: t.callback_id ?? null,
    translate_audio_only: t.audio_only ?? false
  }
  if (p === "failed") return { ...base, failure_message: t.failure?.message ?? null }
  if (p !== "completed") return base
  return {
    ...base,
    duration: seconds(t),
    audio_url: fileUrl(ctx, at, `${id}.mp3`),
    ...(t.audio_only === true ? {} : { video_url: fileUrl(ctx, at, `${id}.mp4`) }),
    ...(t.captions === true
      ? { srt_caption_url: fileUrl(ctx, at, `${id}.srt`), vtt_caption_url: fileUrl(ctx, at, `${id}.vtt`) }
      : {})
  }
}

const invalid = (param: string, why: string) =>
  new HeyGenError.InvalidParameter({ message: `Invalid parameter ${param}: ${why}`, param })

/** A language of the catalog, matched without case; the catalog's spelling. */
export const language = (given: string, param: string): string | Failure =>
  languages.find((l) => l.toLowerCase() === given.toLowerCase()) ??
  invalid(param, `${given} is not supported.`)

/** What a translation (or proofread) body refers to, checked: its files, glossary and languages. */
export const checkSource = (
  s: EmulatorState.State,
  ctx: Ctx,
  body: {
    readonly video: Ref
    readonly audio?: Ref | null
    readonly srt?: Ref | null
    readonly brand_glossary_id?: string | null
    readonly input_language?: string | null
    readonly output_languages: ReadonlyArray<string>
  },
  prefix: string
): { readonly input: string | null; readonly outputs: ReadonlyArray<string> } | Failure => {
  const refused =
    checkRef(s, ctx.account, body.video, `${prefix}video`) ??
    (body.audio == null ? undefined : checkRef(s, ctx.account, body.audio, `${prefix}audio`)) ??
    (body.srt == null ? undefined : checkRef(s, ctx.account, body.srt, `${prefix}srt`))
  if (refused !== undefined) return refused
  if (body.brand_glossary_id != null) {
    const glossary = own(s.brandGlossaries, body.brand_glossary_id)
    if (glossary === undefined || glossary.owner !== ctx.account.id)
      return invalid(`${prefix}brand_glossary_id`, `no brand glossary ${body.brand_glossary_id}.`)
  }
  const input = body.input_language == null ? null : language(body.input_language, `${prefix}input_language`)
  if (isFailure(input)) return input
  if (body.output_languages.length === 0 || body.output_languages.length > languages.length)
    return invalid(`${prefix}output_languages`, `1 to ${languages.length} languages.`)
  const outputs: Array<string> = []
  for (const [i, given] of body.output_languages.entries()) {
    const found = language(given, `${prefix}output_languages[${i}]`)
    if (isFailure(found)) return found
    outputs.push(found)
  }
  return { input, outputs }
}

/** Starts one translation into `output`. */
export const startTranslation = (
  ctx: Ctx,
  s: EmulatorState.State,
  at: number,
  fields: {
    readonly title?: string | null | undefined
    readonly input: string | null
    readonly output: string
    readonly callback_id?: string | null | undefined
    readonly callback_url?: string | null | undefined
    readonly audio_only?: boolean | undefined
    readonly captions?: boolean | undefined
  }
): string => {
  const id = nextId(s, "tr")
  admit(
    s.translations,
    id,
    {
      video_translate_id: id,
      owner: ctx.account.id,
      createdAt: at,
      readyAt: at + ctx.env.renderMillis,
      output_language: fields.output,
      title: fields.title == null ? null : clip(fields.title, EmulatorState.recordBounds.text),
      input_language: fields.input,
      failure: requested("video translation", fields.title),
      deleted: false,
      callback_id:
        fields.callback_id == null ? null : clip(fields.callback_id, EmulatorState.recordBounds.text),
      callback_url:
        fields.callback_url == null ? null : clip(fields.callback_url, EmulatorState.recordBounds.url),
      audio_only: fields.audio_only === true,
      captions: fields.captions === true
    },
    ctx.env.limits.translations
  )
  return id
}
