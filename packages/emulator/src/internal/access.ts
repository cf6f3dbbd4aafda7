/**
 * Whether the caller may use a resource, on every API (rules M3, M9–M13): unknown, deleted or
 * not yet usable is the resource's not-found; another account's video, asset, template or
 * job is `resource_access_denied`; another account's avatar or voice is simply not found
 * (HeyGen: "no usable avatar with that id").
 */
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import type * as EmulatorState from "../EmulatorState.ts"
import type * as Jobs from "../Jobs.ts"
import type * as Resources from "../Resources.ts"
import type { Failure } from "./env.ts"
import { own } from "./lookup.ts"

export type LookState = "ready" | "training" | "pending_consent" | "failed"

/** Where a look is at `at`: fixtures say it in `status`, v3 creations train until `readyAt`. */
export const lookState = (look: Resources.Avatar, at: number): LookState => {
  if (look.status === "pending_consent") return "pending_consent"
  if (look.readyAt !== undefined && at < look.readyAt) return "training"
  if (look.readyAt !== undefined) return look.failure == null ? "ready" : "failed"
  return look.status
}

export type VoiceState = "ready" | "processing" | "failed"

export const voiceState = (voice: Resources.Voice, at: number): VoiceState => {
  if (voice.readyAt !== undefined && at < voice.readyAt) return "processing"
  if (voice.readyAt !== undefined) return voice.failure == null ? "ready" : "failed"
  return voice.status
}

const visible = (owner: string | null, account: EmulatorState.Account) =>
  owner === null || owner === account.id

/** A look the account can see (its own or public), deleted ones excluded. */
export const lookOf = (state: EmulatorState.State, account: EmulatorState.Account, id: string) => {
  const look = own(state.avatars, id)
  return look === undefined || look.deleted === true || !visible(look.owner, account) ? undefined : look
}

export const voiceOf = (state: EmulatorState.State, account: EmulatorState.Account, id: string) => {
  const voice = own(state.voices, id)
  return voice === undefined || voice.deleted === true || !visible(voice.owner, account) ? undefined : voice
}

/** A look a video can use now (rule M10). */
export const usableLook = (
  state: EmulatorState.State,
  account: EmulatorState.Account,
  id: string,
  at: number,
  param: string
): Resources.Avatar | Failure => {
  const look = lookOf(state, account, id)
  const why =
    look === undefined
      ? "was not found"
      : (
          {
            ready: undefined,
            training: "is still training",
            pending_consent: "awaits consent",
            failed: "failed to train"
          } as const
        )[lookState(look, at)]
  return look !== undefined && why === undefined
    ? look
    : new HeyGenError.AvatarNotFound({ message: `Avatar ${id} ${why}.`, param })
}

/** A voice a video can speak with now (rule M11). */
export const usableVoice = (
  state: EmulatorState.State,
  account: EmulatorState.Account,
  id: string,
  at: number,
  param: string
): Resources.Voice | Failure => {
  const voice = voiceOf(state, account, id)
  const why =
    voice === undefined
      ? "was not found"
      : ({ ready: undefined, processing: "is still processing", failed: "failed to clone" } as const)[
          voiceState(voice, at)
        ]
  return voice !== undefined && why === undefined
    ? voice
    : new HeyGenError.VoiceNotFound({ message: `Voice ${id} ${why}.`, param })
}

/** An asset a request refers to: missing, still uploading or deleted is not found; another's is denied (M3, M13). */
export const usableAsset = (
  state: EmulatorState.State,
  account: EmulatorState.Account,
  id: string,
  param: string
): Resources.Asset | Failure => {
  const asset = own(state.assets, id)
  if (asset === undefined || asset.status !== "ready") {
    const why =
      asset === undefined
        ? "does not exist"
        : asset.status === "uploading"
          ? "is still uploading"
          : "was deleted"
    return new HeyGenError.AssetNotFound({ message: `Asset ${id} ${why}.`, param })
  }
  if (asset.owner !== account.id)
    return new HeyGenError.ResourceAccessDenied({ message: `Asset ${id} belongs to another account.`, param })
  return asset
}

/** The caller's video (M3, M9). */
export const videoOf = (
  state: EmulatorState.State,
  account: EmulatorState.Account,
  id: string
): Jobs.Video | Failure => {
  const video = own(state.videos, id)
  if (video === undefined || video.deleted)
    return new HeyGenError.VideoNotFound({ message: `Video ${id} not found.` })
  if (video.owner !== account.id)
    return new HeyGenError.ResourceAccessDenied({ message: `Video ${id} belongs to another account.` })
  return video
}

/** A template the account may use: public, or private to it (M3, M12). */
export const templateOf = (
  state: EmulatorState.State,
  account: EmulatorState.Account,
  id: string
): Resources.Template | Failure => {
  const template = own(state.templates, id)
  if (template === undefined)
    return new HeyGenError.TemplateNotFound({ message: `Template ${id} not found.` })
  if (template.visibility === "private" && template.owner !== account.id)
    return new HeyGenError.ResourceAccessDenied({ message: `Template ${id} is private to another account.` })
  return template
}

/**
 * The caller's record in a job table: `notFound` when it is missing or deleted, denied when
 * another account's.
 */
export const ownedBy = <A extends { readonly owner: string; readonly deleted?: boolean }>(
  table: Readonly<Record<string, A>>,
  account: EmulatorState.Account,
  id: string,
  what: string,
  notFound: (message: string) => Failure
): A | Failure => {
  const record = own(table, id)
  if (record === undefined || record.deleted === true) return notFound(`${what} ${id} not found.`)
  if (record.owner !== account.id)
    return new HeyGenError.ResourceAccessDenied({ message: `${what} ${id} belongs to another account.` })
  return record
}

export const videoNotFound = (message: string) => new HeyGenError.VideoNotFound({ message })
export const assetNotFound = (message: string) => new HeyGenError.AssetNotFound({ message })
export const avatarNotFound = (message: string) => new HeyGenError.AvatarNotFound({ message })
/** The emulator's own 404 for resources the catalog has no code for (webhook endpoints). */
export const notFound = (message: string) =>
  new HeyGenError.UnknownApiError({ code: "not_found", status: 404, message })
