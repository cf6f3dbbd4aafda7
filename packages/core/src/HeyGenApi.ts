/**
 * The HeyGen endpoints this project speaks: their methods, paths, hosts and
 * envelopes, with Effect Schemas for the request bodies and for the success data
 * users need. Field names are HeyGen's own (snake_case), exactly as on the wire.
 * Clients use the table to call; servers (the emulator) use it to validate.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

const NonEmpty = Schema.NonEmptyString
/** A member HeyGen may leave out or send as `null`. */
const maybe = <S extends Schema.Top>(schema: S) => Schema.optionalKey(Schema.NullOr(schema))

// ---------------------------------------------------------------------------
// Request bodies
// ---------------------------------------------------------------------------

/** @since 0.1.0 @category requests */
export const Character = Schema.Struct({
  type: Schema.Literal("avatar"),
  avatar_id: NonEmpty,
  avatar_style: Schema.optionalKey(Schema.Literals(["normal", "circle", "closeUp"]))
})

/** @since 0.1.0 @category requests */
export const TextVoice = Schema.Struct({
  type: Schema.Literal("text"),
  voice_id: NonEmpty,
  input_text: NonEmpty.check(Schema.isMaxLength(5000))
})

/** @since 0.1.0 @category requests */
export const AudioVoice = Schema.Struct({
  type: Schema.Literal("audio"),
  audio_asset_id: NonEmpty
})

/** @since 0.1.0 @category requests */
export const Voice = Schema.Union([TextVoice, AudioVoice])

/** @since 0.1.0 @category requests */
export const Background = Schema.Struct({
  type: Schema.Literal("image"),
  image_asset_id: NonEmpty
})

/** @since 0.1.0 @category requests */
export const VideoInput = Schema.Struct({
  character: Character,
  voice: Voice,
  background: Schema.optionalKey(Background)
})

const Side = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 8192 }))

/** @since 0.1.0 @category requests */
export const Dimension = Schema.Struct({ width: Side, height: Side })

/** `POST /v2/video/generate`. @since 0.1.0 @category requests */
export const VideoGenerateRequest = Schema.Struct({
  title: Schema.optionalKey(Schema.String),
  test: Schema.optionalKey(Schema.Boolean),
  callback_id: Schema.optionalKey(Schema.String),
  dimension: Schema.optionalKey(Dimension),
  video_inputs: Schema.Array(VideoInput).check(Schema.isMinLength(1), Schema.isMaxLength(50))
})
/** @since 0.1.0 @category requests */
export type VideoGenerateRequest = typeof VideoGenerateRequest.Type

/** `POST /v2/template/{id}/generate`. @since 0.1.0 @category requests */
export const TemplateGenerateRequest = Schema.Struct({
  title: Schema.optionalKey(Schema.String),
  test: Schema.optionalKey(Schema.Boolean),
  variables: Schema.Record(Schema.String, Schema.Unknown)
})
/** @since 0.1.0 @category requests */
export type TemplateGenerateRequest = typeof TemplateGenerateRequest.Type

/** `POST /v2/video_translate`. @since 0.1.0 @category requests */
export const VideoTranslateRequest = Schema.Struct({
  video_url: NonEmpty,
  output_language: NonEmpty,
  title: Schema.optionalKey(Schema.String)
})
/** @since 0.1.0 @category requests */
export type VideoTranslateRequest = typeof VideoTranslateRequest.Type

/** `POST /v1/video_agent/generate`. @since 0.1.0 @category requests */
export const VideoAgentRequest = Schema.Struct({
  prompt: NonEmpty.check(Schema.isMaxLength(10_000))
})
/** @since 0.1.0 @category requests */
export type VideoAgentRequest = typeof VideoAgentRequest.Type

// ---------------------------------------------------------------------------
// Success data (the `data` member of the envelope)
// ---------------------------------------------------------------------------

/** @since 0.1.0 @category responses */
export const VideoCreated = Schema.Struct({ video_id: Schema.String })
/** @since 0.1.0 @category responses */
export type VideoCreated = typeof VideoCreated.Type

/** @since 0.1.0 @category responses */
export const VideoStatus = Schema.Struct({
  id: Schema.optionalKey(Schema.String),
  status: Schema.Literals(["waiting", "pending", "processing", "completed", "failed"]),
  video_url: maybe(Schema.String),
  thumbnail_url: maybe(Schema.String),
  duration: maybe(Schema.Number),
  error: maybe(Schema.Unknown)
})
/** @since 0.1.0 @category responses */
export type VideoStatus = typeof VideoStatus.Type

/** @since 0.1.0 @category responses */
export const Avatar = Schema.Struct({
  avatar_id: Schema.String,
  avatar_name: Schema.String,
  gender: maybe(Schema.String),
  preview_image_url: maybe(Schema.String),
  preview_video_url: maybe(Schema.String),
  premium: Schema.optionalKey(Schema.Boolean)
})
/** @since 0.1.0 @category responses */
export type Avatar = typeof Avatar.Type

/** @since 0.1.0 @category responses */
export const AvatarList = Schema.Struct({ avatars: Schema.Array(Avatar) })
/** @since 0.1.0 @category responses */
export type AvatarList = typeof AvatarList.Type

/** @since 0.1.0 @category responses */
export const VoiceInfo = Schema.Struct({
  voice_id: Schema.String,
  name: Schema.String,
  language: maybe(Schema.String),
  gender: maybe(Schema.String),
  preview_audio: maybe(Schema.String)
})
/** @since 0.1.0 @category responses */
export type VoiceInfo = typeof VoiceInfo.Type

/** @since 0.1.0 @category responses */
export const VoiceList = Schema.Struct({ voices: Schema.Array(VoiceInfo) })
/** @since 0.1.0 @category responses */
export type VoiceList = typeof VoiceList.Type

/** @since 0.1.0 @category responses */
export const TemplateSummary = Schema.Struct({
  template_id: Schema.String,
  name: Schema.String,
  thumbnail_image_url: maybe(Schema.String),
  aspect_ratio: maybe(Schema.String)
})
/** @since 0.1.0 @category responses */
export type TemplateSummary = typeof TemplateSummary.Type

/** @since 0.1.0 @category responses */
export const TemplateList = Schema.Struct({ templates: Schema.Array(TemplateSummary) })
/** @since 0.1.0 @category responses */
export type TemplateList = typeof TemplateList.Type

/** @since 0.1.0 @category responses */
export const Template = Schema.Struct({
  template_id: Schema.optionalKey(Schema.String),
  name: Schema.optionalKey(Schema.String),
  variables: Schema.Record(Schema.String, Schema.Unknown)
})
/** @since 0.1.0 @category responses */
export type Template = typeof Template.Type

/** @since 0.1.0 @category responses */
export const Asset = Schema.Struct({
  id: Schema.String,
  name: maybe(Schema.String),
  file_type: maybe(Schema.String),
  url: maybe(Schema.String)
})
/** @since 0.1.0 @category responses */
export type Asset = typeof Asset.Type

/** @since 0.1.0 @category responses */
export const VideoTranslateCreated = Schema.Struct({ video_translate_id: Schema.String })
/** @since 0.1.0 @category responses */
export type VideoTranslateCreated = typeof VideoTranslateCreated.Type

/** @since 0.1.0 @category responses */
export const VideoTranslation = Schema.Struct({
  video_translate_id: Schema.optionalKey(Schema.String),
  status: Schema.String,
  url: maybe(Schema.String),
  output_language: maybe(Schema.String),
  message: maybe(Schema.String)
})
/** @since 0.1.0 @category responses */
export type VideoTranslation = typeof VideoTranslation.Type

/** @since 0.1.0 @category responses */
export const RemainingQuota = Schema.Struct({ remaining_quota: Schema.Number })
/** @since 0.1.0 @category responses */
export type RemainingQuota = typeof RemainingQuota.Type

/** A success that carries nothing users need (`data: null` on a delete). @since 0.1.0 @category responses */
export const Empty = Schema.Unknown

// ---------------------------------------------------------------------------
// The endpoint table
// ---------------------------------------------------------------------------

/**
 * Which host serves an endpoint: uploads go to HeyGen's upload host.
 *
 * @since 0.1.0
 */
export type Host = "api" | "upload"

/** @since 0.1.0 */
export type Method = "GET" | "POST" | "DELETE"

/** @since 0.1.0 */
export interface Endpoint {
  readonly method: Method
  /** The path template: `{name}` segments are filled from path parameters. */
  readonly path: string
  readonly host: Host
  /** `v1` answers `{"code":100,"data",…}`, `v2` answers `{"error":null,"data"}`. */
  readonly envelope: "v1" | "v2"
  readonly request?: Schema.Top
  readonly response: Schema.Top
}

/**
 * Every endpoint, by operation name.
 *
 * @since 0.1.0
 */
export const endpoints = {
  generateVideo: {
    method: "POST",
    path: "/v2/video/generate",
    host: "api",
    envelope: "v2",
    request: VideoGenerateRequest,
    response: VideoCreated
  },
  getVideoStatus: {
    method: "GET",
    path: "/v1/video_status.get",
    host: "api",
    envelope: "v1",
    response: VideoStatus
  },
  deleteVideo: { method: "DELETE", path: "/v1/video.delete", host: "api", envelope: "v1", response: Empty },
  listAvatars: { method: "GET", path: "/v2/avatars", host: "api", envelope: "v2", response: AvatarList },
  listVoices: { method: "GET", path: "/v2/voices", host: "api", envelope: "v2", response: VoiceList },
  listTemplates: {
    method: "GET",
    path: "/v2/templates",
    host: "api",
    envelope: "v2",
    response: TemplateList
  },
  getTemplate: {
    method: "GET",
    path: "/v2/template/{template_id}",
    host: "api",
    envelope: "v2",
    response: Template
  },
  generateFromTemplate: {
    method: "POST",
    path: "/v2/template/{template_id}/generate",
    host: "api",
    envelope: "v2",
    request: TemplateGenerateRequest,
    response: VideoCreated
  },
  uploadAsset: { method: "POST", path: "/v1/asset", host: "upload", envelope: "v1", response: Asset },
  translateVideo: {
    method: "POST",
    path: "/v2/video_translate",
    host: "api",
    envelope: "v2",
    request: VideoTranslateRequest,
    response: VideoTranslateCreated
  },
  getVideoTranslation: {
    method: "GET",
    path: "/v2/video_translate/{video_translate_id}",
    host: "api",
    envelope: "v2",
    response: VideoTranslation
  },
  generateVideoAgent: {
    method: "POST",
    path: "/v1/video_agent/generate",
    host: "api",
    envelope: "v1",
    request: VideoAgentRequest,
    response: VideoCreated
  },
  getRemainingQuota: {
    method: "GET",
    path: "/v2/user/remaining_quota",
    host: "api",
    envelope: "v2",
    response: RemainingQuota
  }
} as const satisfies Record<string, Endpoint>

/** @since 0.1.0 */
export type Operation = keyof typeof endpoints
