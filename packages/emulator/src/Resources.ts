/**
 * What requests create and read: the records of the emulator's resource tables, shared by
 * the legacy v1/v2 routes and the v3 API (a video made on v2 is listed on v3, and the
 * reverse). Plain data with a schema each, so a store can keep them anywhere and
 * `PUT /__emulator/state` can check them (rule M23). Jobs keep when they end (`readyAt`, in
 * emulator time) and how (`failure`), so their status follows the emulator's clock (M29).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

const Count = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
const Owner = Schema.NullOr(Schema.String)
const Text = Schema.NullOr(Schema.String)

/**
 * Why a job failed: `failure_code` and `failure_message` on the wire.
 *
 * @since 0.1.0
 */
export type Failure = {
  readonly code: string
  readonly message: string
}

/** @since 0.1.0 */
export const Failure = Schema.Struct({ code: Schema.String, message: Schema.String })

const optionalFailure = Schema.optionalKey(Schema.NullOr(Failure))

/**
 * An avatar look (v2's avatar): public fixtures, the account's own, or v3 creations that
 * train until `readyAt`.
 *
 * @since 0.1.0
 */
export interface Avatar {
  readonly avatar_id: string
  avatar_name: string
  readonly gender: string
  /** `null`: public. */
  readonly owner: string | null
  readonly premium: boolean
  /** `training` without `readyAt` trains forever (a fixture); `pending_consent` waits for consent. */
  status: "ready" | "training" | "pending_consent"
  readonly group_id?: string
  readonly avatar_type?: "studio_avatar" | "digital_twin" | "photo_avatar"
  readonly createdAt?: number
  /** When training ends, in emulator time. */
  readyAt?: number
  /** How training ends, when it fails. */
  readonly failure?: Failure | null
  /** A fixture whose every render fails (M29). */
  readonly failsRenders?: boolean
  deleted?: boolean
}

/** @since 0.1.0 */
export const Avatar = Schema.Struct({
  avatar_id: Schema.String,
  avatar_name: Schema.String,
  gender: Schema.String,
  owner: Owner,
  premium: Schema.Boolean,
  status: Schema.Literals(["ready", "training", "pending_consent"]),
  group_id: Schema.optionalKey(Schema.String),
  avatar_type: Schema.optionalKey(Schema.Literals(["studio_avatar", "digital_twin", "photo_avatar"])),
  createdAt: Schema.optionalKey(Schema.Finite),
  readyAt: Schema.optionalKey(Schema.Finite),
  failure: optionalFailure,
  failsRenders: Schema.optionalKey(Schema.Boolean),
  deleted: Schema.optionalKey(Schema.Boolean)
})

/**
 * A v3 avatar group: the looks of one person or character.
 *
 * @since 0.1.0
 */
export interface AvatarGroup {
  readonly id: string
  readonly owner: string | null
  readonly name: string
  readonly gender: string
  readonly createdAt: number
  readonly default_voice_id: string | null
  /** Digital twins need the person's consent before they train. */
  consent: "not_required" | "pending" | "approved"
  deleted: boolean
}

/** @since 0.1.0 */
export const AvatarGroup = Schema.Struct({
  id: Schema.String,
  owner: Owner,
  name: Schema.String,
  gender: Schema.String,
  createdAt: Schema.Finite,
  default_voice_id: Text,
  consent: Schema.Literals(["not_required", "pending", "approved"]),
  deleted: Schema.Boolean
})

/**
 * A voice: public, the account's clone (processing until `readyAt`), or designed.
 *
 * @since 0.1.0
 */
export interface Voice {
  readonly voice_id: string
  readonly name: string
  readonly language: string
  readonly owner: string | null
  readonly status: "ready" | "processing"
  readonly gender?: string
  readonly createdAt?: number
  readonly readyAt?: number
  readonly failure?: Failure | null
  deleted?: boolean
}

/** @since 0.1.0 */
export const Voice = Schema.Struct({
  voice_id: Schema.String,
  name: Schema.String,
  language: Schema.String,
  owner: Owner,
  status: Schema.Literals(["ready", "processing"]),
  gender: Schema.optionalKey(Schema.String),
  createdAt: Schema.optionalKey(Schema.Finite),
  readyAt: Schema.optionalKey(Schema.Finite),
  failure: optionalFailure,
  deleted: Schema.optionalKey(Schema.Boolean)
})

/** @since 0.1.0 */
export interface Template {
  readonly template_id: string
  readonly name: string
  readonly owner: string | null
  readonly visibility: "public" | "private"
  readonly variables: Readonly<Record<string, { readonly type: "text" }>>
}

/** @since 0.1.0 */
export const Template = Schema.Struct({
  template_id: Schema.String,
  name: Schema.String,
  owner: Owner,
  visibility: Schema.Literals(["public", "private"]),
  variables: Schema.Record(Schema.String, Schema.Struct({ type: Schema.Literal("text") }))
})

/**
 * A direct upload in progress: the bytes go to the emulator's presigned URL before
 * `expiresAt`, then `complete` checks them.
 *
 * @since 0.1.0
 */
export interface Upload {
  readonly expiresAt: number
  /** `size_bytes` as declared at creation. */
  readonly declared: number
  readonly checksum: string | null
  /** What arrived at the upload URL: its length and SHA-256 (hex); `null` until then. */
  received: number | null
  sha256: string | null
  readonly batch: string | null
}

/** @since 0.1.0 */
export const Upload = Schema.Struct({
  expiresAt: Schema.Finite,
  declared: Count,
  checksum: Text,
  received: Schema.NullOr(Count),
  sha256: Text,
  batch: Text
})

/** @since 0.1.0 */
export interface Asset {
  readonly id: string
  readonly owner: string
  readonly file_type: string
  status: "ready" | "uploading" | "deleted"
  readonly name?: string
  readonly mime_type?: string
  size_bytes?: number
  readonly createdAt?: number
  readonly folder_id?: string | null
  readonly upload?: Upload
}

/** @since 0.1.0 */
export const Asset = Schema.Struct({
  id: Schema.String,
  owner: Schema.String,
  file_type: Schema.String,
  status: Schema.Literals(["ready", "uploading", "deleted"]),
  name: Schema.optionalKey(Schema.String),
  mime_type: Schema.optionalKey(Schema.String),
  size_bytes: Schema.optionalKey(Count),
  createdAt: Schema.optionalKey(Schema.Finite),
  folder_id: Schema.optionalKey(Text),
  upload: Schema.optionalKey(Upload)
})

/**
 * A video render: pending for a second, processing until `readyAt`, then completed — or
 * failed, when `failure` says so (M29).
 *
 * @since 0.1.0
 */
export interface Video {
  readonly id: string
  readonly owner: string
  readonly createdAt: number
  /** When rendering ends, in emulator time. */
  readyAt: number
  readonly test: boolean
  deleted: boolean
  readonly title?: string | null
  failure?: Failure | null
  readonly format?: "mp4" | "webm"
  /** Captions asked for: a captioned video and a subtitle file. */
  readonly captioned?: boolean
  readonly gif?: boolean
  readonly folder_id?: string | null
  readonly duration?: number
}

/** @since 0.1.0 */
export const Video = Schema.Struct({
  id: Schema.String,
  owner: Schema.String,
  createdAt: Schema.Finite,
  readyAt: Schema.Finite,
  test: Schema.Boolean,
  deleted: Schema.Boolean,
  title: Schema.optionalKey(Text),
  failure: optionalFailure,
  format: Schema.optionalKey(Schema.Literals(["mp4", "webm"])),
  captioned: Schema.optionalKey(Schema.Boolean),
  gif: Schema.optionalKey(Schema.Boolean),
  folder_id: Schema.optionalKey(Text),
  duration: Schema.optionalKey(Schema.Finite)
})

/** @since 0.1.0 */
export interface Translation {
  readonly video_translate_id: string
  readonly owner: string
  readonly createdAt: number
  readonly readyAt: number
  readonly output_language: string
  title?: string | null
  readonly input_language?: string | null
  readonly failure?: Failure | null
  deleted?: boolean
  readonly callback_id?: string | null
  readonly audio_only?: boolean
  readonly captions?: boolean
}

/** @since 0.1.0 */
export const Translation = Schema.Struct({
  video_translate_id: Schema.String,
  owner: Schema.String,
  createdAt: Schema.Finite,
  readyAt: Schema.Finite,
  output_language: Schema.String,
  title: Schema.optionalKey(Text),
  input_language: Schema.optionalKey(Text),
  failure: optionalFailure,
  deleted: Schema.optionalKey(Schema.Boolean),
  callback_id: Schema.optionalKey(Text),
  audio_only: Schema.optionalKey(Schema.Boolean),
  captions: Schema.optionalKey(Schema.Boolean)
})

/**
 * The fields every v3 job shares: who owns it, when it ends and how.
 *
 * @since 0.1.0
 */
export interface Job {
  readonly id: string
  readonly owner: string
  readonly createdAt: number
  readyAt: number
  title: string | null
  failure: Failure | null
  deleted: boolean
}

const jobFields = {
  id: Schema.String,
  owner: Schema.String,
  createdAt: Schema.Finite,
  readyAt: Schema.Finite,
  title: Text,
  failure: Schema.NullOr(Failure),
  deleted: Schema.Boolean
}

/**
 * A proofread: a translation's subtitles to review (SRT) before the video is generated.
 *
 * @since 0.1.0
 */
export interface Proofread extends Job {
  readonly input_language: string
  readonly output_language: string
  /** Bumped by each SRT update: the SRT file served says which revision it is. */
  srt_revision: number
  /** The video translation generated from it, once asked for. */
  translation: string | null
}

/** @since 0.1.0 */
export const Proofread = Schema.Struct({
  ...jobFields,
  input_language: Schema.String,
  output_language: Schema.String,
  srt_revision: Count,
  translation: Text
})

/** @since 0.1.0 */
export interface Lipsync extends Job {
  readonly callback_id: string | null
  readonly captions: boolean
}

/** @since 0.1.0 */
export const Lipsync = Schema.Struct({ ...jobFields, callback_id: Text, captions: Schema.Boolean })

/** @since 0.1.0 */
export interface BackgroundRemoval extends Job {
  readonly layers: ReadonlyArray<string>
}

/** @since 0.1.0 */
export const BackgroundRemoval = Schema.Struct({ ...jobFields, layers: Schema.Array(Schema.String) })

/**
 * An AI clipping job: when it completes, one clip per asked duration.
 *
 * @since 0.1.0
 */
export interface ClipJob extends Job {
  readonly input_language: string | null
  readonly durations: ReadonlyArray<string>
  readonly aspect_ratio: string | null
  readonly callback_id: string | null
}

/** @since 0.1.0 */
export const ClipJob = Schema.Struct({
  ...jobFields,
  input_language: Text,
  durations: Schema.Array(Schema.String),
  aspect_ratio: Text,
  callback_id: Text
})

/**
 * A batch: its items in order, each the resource it made or why it could not be made.
 *
 * @since 0.1.0
 */
export interface Batch {
  readonly id: string
  readonly owner: string
  readonly kind: "video" | "lipsync" | "translation" | "asset"
  readonly title: string | null
  readonly createdAt: number
  readonly items: ReadonlyArray<{ readonly id: string | null; readonly error: Failure | null }>
}

/** @since 0.1.0 */
export const Batch = Schema.Struct({
  id: Schema.String,
  owner: Schema.String,
  kind: Schema.Literals(["video", "lipsync", "translation", "asset"]),
  title: Text,
  createdAt: Schema.Finite,
  items: Schema.Array(Schema.Struct({ id: Text, error: Schema.NullOr(Failure) }))
})

/** @since 0.1.0 */
export interface AgentMessage {
  readonly role: "user" | "assistant"
  readonly type: "text" | "resource" | "error"
  readonly content: string
  readonly created_at: number
  readonly resource_ids: ReadonlyArray<string>
}

/** @since 0.1.0 */
export const AgentMessage = Schema.Struct({
  role: Schema.Literals(["user", "assistant"]),
  type: Schema.Literals(["text", "resource", "error"]),
  content: Schema.String,
  created_at: Schema.Finite,
  resource_ids: Schema.Array(Schema.String)
})

/** A file given to a video agent, or a video it made. @since 0.1.0 */
export interface AgentResource {
  readonly id: string
  readonly type: "image" | "video" | "file"
  /** Where it came from: a URL, `asset:<id>`, `base64`, or `video:<id>` for a video the agent made. */
  readonly source: string
  readonly createdAt: number
}

/** @since 0.1.0 */
export const AgentResource = Schema.Struct({
  id: Schema.String,
  type: Schema.Literals(["image", "video", "file"]),
  source: Schema.String,
  createdAt: Schema.Finite
})

/**
 * A video-agent session: each run makes a video; its status follows that video's render.
 *
 * @since 0.1.0
 */
export interface AgentSession {
  readonly id: string
  readonly owner: string
  readonly createdAt: number
  readonly title: string | null
  readonly mode: "generate" | "chat"
  /** The current run's video, `null` before the first run. */
  video: string | null
  /** Every video the session made, oldest first. */
  videos: Array<string>
  messages: Array<AgentMessage>
  resources: Array<AgentResource>
  runs: number
}

/** @since 0.1.0 */
export const AgentSession = Schema.Struct({
  id: Schema.String,
  owner: Schema.String,
  createdAt: Schema.Finite,
  title: Text,
  mode: Schema.Literals(["generate", "chat"]),
  video: Text,
  videos: Schema.mutable(Schema.Array(Schema.String)),
  messages: Schema.mutable(Schema.Array(AgentMessage)),
  resources: Schema.mutable(Schema.Array(AgentResource)),
  runs: Count
})

/**
 * A webhook endpoint: stored, listed, updated, its secret rotated (delivery is not emulated).
 *
 * @since 0.1.0
 */
export interface WebhookEndpoint {
  readonly id: string
  readonly owner: string
  url: string
  /** `null`: every event. */
  events: ReadonlyArray<string> | null
  secret: string
  readonly createdAt: number
}

/** @since 0.1.0 */
export const WebhookEndpoint = Schema.Struct({
  id: Schema.String,
  owner: Schema.String,
  url: Schema.String,
  events: Schema.NullOr(Schema.Array(Schema.String)),
  secret: Schema.String,
  createdAt: Schema.Finite
})

/** @since 0.1.0 */
export interface BrandKit {
  readonly id: string
  readonly owner: string
  readonly name: string
  readonly colors: ReadonlyArray<string>
}

/** @since 0.1.0 */
export const BrandKit = Schema.Struct({
  id: Schema.String,
  owner: Schema.String,
  name: Schema.String,
  colors: Schema.Array(Schema.String)
})

/** @since 0.1.0 */
export interface BrandGlossary {
  readonly id: string
  readonly owner: string
  readonly name: string
  readonly createdAt: number
}

/** @since 0.1.0 */
export const BrandGlossary = Schema.Struct({
  id: Schema.String,
  owner: Schema.String,
  name: Schema.String,
  createdAt: Schema.Finite
})
