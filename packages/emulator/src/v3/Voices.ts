/**
 * `/v3/voices`: public voices and the account's own — clones process on the emulator's clock
 * and end complete or failed (M29); designed voices are ready at once; speech is an audio
 * file to download (M31). A voice still processing or failed is `voice_not_found` (M11).
 */
import type * as Voices from "@effect-heygen/api/Voices"
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as EmulatorState from "../EmulatorState.ts"
import { usableVoice, voiceOf, voiceState } from "../internal/access.ts"
import { type Ctx, clip, type Failure, isFailure, nextId, tx, view } from "../internal/env.ts"
import { fileUrl } from "../internal/files.ts"
import { requested, unix } from "../internal/jobs.ts"
import { admit } from "../internal/lookup.ts"
import { newest, page } from "../internal/pagination.ts"
import { hex, sha256 } from "../internal/sha256.ts"
import type * as Resources from "../Resources.ts"
import type { Handlers } from "./handler.ts"
import { checkRef } from "./refs.ts"

const notFound = (id: string) => new HeyGenError.VoiceNotFound({ message: `Voice ${id} was not found.` })

const voiceView = (ctx: Ctx, voice: Resources.Voice, at: number): Voices.Voice => ({
  voice_id: voice.voice_id,
  name: voice.name,
  language: voice.language,
  gender: voice.gender ?? "unknown",
  type: voice.owner === null ? "public" : "private",
  support_pause: true,
  support_locale: false,
  preview_audio_url: fileUrl(ctx, at, `${voice.voice_id}.mp3`)
})

const wire = { ready: "complete", processing: "processing", failed: "failed" } as const

const detailsView = (ctx: Ctx, voice: Resources.Voice, at: number): Voices.VoiceDetails => {
  const state = voiceState(voice, at)
  return {
    voice_id: voice.voice_id,
    name: voice.name,
    language: voice.language,
    gender: voice.gender ?? "unknown",
    status: wire[state],
    created_at: unix(voice.createdAt ?? 0),
    support_pause: true,
    support_interactive_avatar: false,
    ...(state === "failed" ? { failure_message: voice.failure?.message ?? null } : {}),
    ...(state === "ready" ? { preview_audio_url: fileUrl(ctx, at, `${voice.voice_id}.mp3`) } : {})
  }
}

const ownVoice = (s: EmulatorState.State, ctx: Ctx, id: string): Resources.Voice | Failure => {
  const voice = voiceOf(s, ctx.account, id)
  if (voice === undefined) return notFound(id)
  if (voice.owner !== ctx.account.id)
    return new HeyGenError.ResourceAccessDenied({
      message: `Voice ${id} is public; only its owner may delete it.`
    })
  return voice
}

const same = (a: string | undefined, b: string | undefined) =>
  a === undefined || a.toLowerCase() === (b ?? "").toLowerCase()

export const handlers: Handlers<typeof Voices.operations> = {
  list: ({ query }, ctx) =>
    view(ctx.env, (s, at) => {
      const voices = Object.values(s.voices).filter(
        (v) =>
          v.deleted !== true &&
          (v.owner === null || v.owner === ctx.account.id) &&
          voiceState(v, at) === "ready" &&
          (query.type === undefined || (query.type === "public") === (v.owner === null)) &&
          same(query.language, v.language) &&
          same(query.gender, v.gender)
      )
      const found = page(voices, (v) => newest(v, v.voice_id), query.limit ?? 20, query.token)
      return isFailure(found) ? found : { ...found, data: found.data.map((v) => voiceView(ctx, v, at)) }
    }),
  create: ({ body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const seed = body.seed ?? 0
      const voices = [1, 2, 3].map((n): Resources.Voice => {
        const id = nextId(s, "voice")
        const voice = {
          voice_id: id,
          name: `Designed voice ${seed}.${n}`,
          language: body.locale == null ? "en-US" : clip(body.locale, 64),
          owner: ctx.account.id,
          status: "ready",
          gender: body.gender == null ? "unknown" : clip(body.gender, 64),
          createdAt: at
        } as const
        admit(s.voices, id, voice, ctx.env.limits.voices)
        return voice
      })
      return { data: { seed, voices: voices.map((v) => voiceView(ctx, v, at)) } }
    }),
  get: ({ path }, ctx) =>
    view(ctx.env, (s, at) => {
      const voice = voiceOf(s, ctx.account, path.voice_id!)
      return voice === undefined ? notFound(path.voice_id!) : { data: detailsView(ctx, voice, at) }
    }),
  remove: ({ path }, ctx) =>
    tx(ctx.env, (s) => {
      const voice = ownVoice(s, ctx, path.voice_id!)
      if (isFailure(voice)) return voice
      voice.deleted = true
      return { data: { voice_id: voice.voice_id } }
    }),
  clone: ({ body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const refused = checkRef(s, ctx.account, body.audio, "audio")
      if (refused !== undefined) return refused
      const id = nextId(s, "voice")
      admit(
        s.voices,
        id,
        {
          voice_id: id,
          name: clip(body.voice_name, EmulatorState.recordBounds.text),
          language: body.language == null ? "English" : clip(body.language, 64),
          owner: ctx.account.id,
          status: "processing",
          gender: "unknown",
          createdAt: at,
          readyAt: at + ctx.env.renderMillis,
          failure: requested("voice clone", body.voice_name)
        },
        ctx.env.limits.voices
      )
      return { data: { voice_clone_id: id } }
    }),
  createSpeech: ({ body }, ctx) =>
    view(ctx.env, (s, at) => {
      const voice = usableVoice(s, ctx.account, body.voice_id, at, "voice_id")
      if (isFailure(voice)) return voice
      const words = body.text.split(/\s+/).filter((w) => w !== "")
      if (words.length === 0)
        return new HeyGenError.InvalidParameter({
          message: "Invalid parameter text: nothing to say.",
          param: "text"
        })
      const speed = body.speed !== undefined && body.speed > 0 ? body.speed : 1
      const step = 0.4 / speed
      // The same text in the same voice is the same file.
      const id = `speech_${hex(sha256(new TextEncoder().encode(`${voice.voice_id}\n${body.text}`))).slice(0, 20)}`
      return {
        data: {
          audio_url: fileUrl(ctx, at, `${id}.mp3`),
          duration: Math.round(words.length * step * 1000) / 1000,
          request_id: id,
          word_timestamps: words.slice(0, 1000).map((word, i) => ({
            word,
            start: Math.round(i * step * 1000) / 1000,
            end: Math.round((i + 1) * step * 1000) / 1000
          }))
        }
      }
    })
}
