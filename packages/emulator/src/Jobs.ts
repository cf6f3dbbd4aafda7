/**
 * The work requests start: renders, translations, proofreads, lipsyncs, background removals,
 * AI clipping jobs, batches and video-agent sessions. Each job keeps when it ends (`readyAt`, in
 * emulator time) and how (`failure`), so its status follows the emulator's clock (rule M29).
 * Plain data with a schema each, like the rest of the state (`Resources`, `EmulatorState`).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Failure } from "./Resources.ts"

const Count = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
const Text = Schema.NullOr(Schema.String)
const optionalFailure = Schema.optionalKey(Schema.NullOr(Failure))

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
  /** Where to POST its event, unsigned, when it ends (M37). */
  readonly callback_url?: string | null
  /** Echoed in its callback's `event_data` (M37). */
  readonly callback_id?: string | null
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
  duration: Schema.optionalKey(Schema.Finite),
  callback_url: Schema.optionalKey(Text),
  callback_id: Schema.optionalKey(Text)
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
  /** Where to POST its event, unsigned, when it ends (M37). */
  readonly callback_url?: string | null
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
  callback_url: Schema.optionalKey(Text),
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
  /** Where to POST its event, unsigned, when it ends (M37). */
  readonly callback_url?: string | null
  readonly captions: boolean
}

/** @since 0.1.0 */
export const Lipsync = Schema.Struct({
  ...jobFields,
  callback_id: Text,
  callback_url: Schema.optionalKey(Text),
  captions: Schema.Boolean
})

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
  /** Where to POST its event, unsigned, when it ends (M37). */
  readonly callback_url?: string | null
}

/** @since 0.1.0 */
export const ClipJob = Schema.Struct({
  ...jobFields,
  input_language: Text,
  durations: Schema.Array(Schema.String),
  aspect_ratio: Text,
  callback_id: Text,
  callback_url: Schema.optionalKey(Text)
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
  /** Where to POST each run's `video_agent` event, unsigned, when it ends (M37). */
  readonly callback_url?: string | null
  readonly callback_id?: string | null
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
  runs: Count,
  callback_url: Schema.optionalKey(Text),
  callback_id: Schema.optionalKey(Text)
})
