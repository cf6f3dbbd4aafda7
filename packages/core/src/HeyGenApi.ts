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
export const Character = /* @__PURE__ */ Schema.Struct({
  type: /* @__PURE__ */ Schema.Literal("avatar"),
  avatar_id: NonEmpty,
  avatar_style: /* @__PURE__ */ Schema.optionalKey(
    /* @__PURE__ */ Schema.Literals(["normal", "circle", "closeUp"])
  )
})

/** @since 0.1.0 @category requests */
export const TextVoice = /* @__PURE__ */ Schema.Struct({
  type: /* @__PURE__ */ Schema.Literal("text"),
  voice_id: NonEmpty,
  input_text: /* @__PURE__ */ NonEmpty.check(/* @__PURE__ */ Schema.isMaxLength(5000))
})

/** @since 0.1.0 @category requests */
export const AudioVoice = /* @__PURE__ */ Schema.Struct({
  type: /* @__PURE__ */ Schema.Literal("audio"),
  audio_asset_id: NonEmpty
})

/** @since 0.1.0 @category requests */
export const Voice = /* @__PURE__ */ Schema.Union([TextVoice, AudioVoice])

/** @since 0.1.0 @category requests */
export const Background = /* @__PURE__ */ Schema.Struct({
  type: /* @__PURE__ */ Schema.Literal("image"),
  image_asset_id: NonEmpty
})

/** @since 0.1.0 @category requests */
export const VideoInput = /* @__PURE__ */ Schema.Struct({
  character: Character,
  voice: Voice,
  background: /* @__PURE__ */ Schema.optionalKey(Background)
})

const Side = /* @__PURE__ */ Schema.Int.check(/* @__PURE__ */ Schema.isBetween({ minimum: 1, maximum: 8192 }))

/** @since 0.1.0 @category requests */
export const Dimension = /* @__PURE__ */ Schema.Struct({ width: Side, height: Side })

/** `POST /v2/video/generate`. @since 0.1.0 @category requests */
export const VideoGenerateRequest = /* @__PURE__ */ Schema.Struct({
  title: /* @__PURE__ */ Schema.optionalKey(Schema.String),
  test: /* @__PURE__ */ Schema.optionalKey(Schema.Boolean),
  callback_id: /* @__PURE__ */ Schema.optionalKey(Schema.String),
  dimension: /* @__PURE__ */ Schema.optionalKey(Dimension),
  video_inputs: /* @__PURE__ */ Schema.Array(VideoInput).check(
    /* @__PURE__ */ Schema.isMinLength(1),
    /* @__PURE__ */ Schema.isMaxLength(50)
  )
})
/** @since 0.1.0 @category requests */
export type VideoGenerateRequest = typeof VideoGenerateRequest.Type

/** `POST /v2/template/{id}/generate`. @since 0.1.0 @category requests */
export const TemplateGenerateRequest = /* @__PURE__ */ Schema.Struct({
  title: /* @__PURE__ */ Schema.optionalKey(Schema.String),
  test: /* @__PURE__ */ Schema.optionalKey(Schema.Boolean),
  variables: /* @__PURE__ */ Schema.Record(Schema.String, Schema.Unknown)
})
/** @since 0.1.0 @category requests */
export type TemplateGenerateRequest = typeof TemplateGenerateRequest.Type

/** `POST /v2/video_translate`. @since 0.1.0 @category requests */
export const VideoTranslateRequest = /* @__PURE__ */ Schema.Struct({
  video_url: NonEmpty,
  output_language: NonEmpty,
  title: /* @__PURE__ */ Schema.optionalKey(Schema.String)
})
/** @since 0.1.0 @category requests */
export type VideoTranslateRequest = typeof VideoTranslateRequest.Type

/** `POST /v1/video_agent/generate`. @since 0.1.0 @category requests */
export const VideoAgentRequest = /* @__PURE__ */ Schema.Struct({
  prompt: /* @__PURE__ */ NonEmpty.check(/* @__PURE__ */ Schema.isMaxLength(10_000))
})
/** @since 0.1.0 @category requests */
export type VideoAgentRequest = typeof VideoAgentRequest.Type

// ---------------------------------------------------------------------------
// Success data (the `data` member of the envelope)
// ---------------------------------------------------------------------------

/** @since 0.1.0 @category responses */
export const VideoCreated = /* @__PURE__ */ Schema.Struct({ video_id: Schema.String })
/** @since 0.1.0 @category responses */
export type VideoCreated = typeof VideoCreated.Type

/** @since 0.1.0 @category responses */
export const VideoStatus = /* @__PURE__ */ Schema.Struct({
  id: /* @__PURE__ */ Schema.optionalKey(Schema.String),
  status: /* @__PURE__ */ Schema.Literals(["waiting", "pending", "processing", "completed", "failed"]),
  video_url: /* @__PURE__ */ maybe(Schema.String),
  thumbnail_url: /* @__PURE__ */ maybe(Schema.String),
  duration: /* @__PURE__ */ maybe(Schema.Number),
  error: /* @__PURE__ */ maybe(Schema.Unknown)
})
/** @since 0.1.0 @category responses */
export type VideoStatus = typeof VideoStatus.Type

/** @since 0.1.0 @category responses */
export const Avatar = /* @__PURE__ */ Schema.Struct({
  avatar_id: Schema.String,
  avatar_name: Schema.String,
  gender: /* @__PURE__ */ maybe(Schema.String),
  preview_image_url: /* @__PURE__ */ maybe(Schema.String),
  preview_video_url: /* @__PURE__ */ maybe(Schema.String),
  premium: /* @__PURE__ */ Schema.optionalKey(Schema.Boolean)
})
/** @since 0.1.0 @category responses */
export type Avatar = typeof Avatar.Type

/** @since 0.1.0 @category responses */
export const AvatarList = /* @__PURE__ */ Schema.Struct({ avatars: /* @__PURE__ */ Schema.Array(Avatar) })
/** @since 0.1.0 @category responses */
export type AvatarList = typeof AvatarList.Type

/** @since 0.1.0 @category responses */
export const VoiceInfo = /* @__PURE__ */ Schema.Struct({
  voice_id: Schema.String,
  name: Schema.String,
  language: /* @__PURE__ */ maybe(Schema.String),
  gender: /* @__PURE__ */ maybe(Schema.String),
  preview_audio: /* @__PURE__ */ maybe(Schema.String)
})
/** @since 0.1.0 @category responses */
export type VoiceInfo = typeof VoiceInfo.Type

/** @since 0.1.0 @category responses */
export const VoiceList = /* @__PURE__ */ Schema.Struct({ voices: /* @__PURE__ */ Schema.Array(VoiceInfo) })
/** @since 0.1.0 @category responses */
export type VoiceList = typeof VoiceList.Type

/** @since 0.1.0 @category responses */
export const TemplateSummary = /* @__PURE__ */ Schema.Struct({
  template_id: Schema.String,
  name: Schema.String,
  thumbnail_image_url: /* @__PURE__ */ maybe(Schema.String),
  aspect_ratio: /* @__PURE__ */ maybe(Schema.String)
})
/** @since 0.1.0 @category responses */
export type TemplateSummary = typeof TemplateSummary.Type

/** @since 0.1.0 @category responses */
export const TemplateList = /* @__PURE__ */ Schema.Struct({
  templates: /* @__PURE__ */ Schema.Array(TemplateSummary)
})
/** @since 0.1.0 @category responses */
export type TemplateList = typeof TemplateList.Type

/** @since 0.1.0 @category responses */
export const Template = /* @__PURE__ */ Schema.Struct({
  template_id: /* @__PURE__ */ Schema.optionalKey(Schema.String),
  name: /* @__PURE__ */ Schema.optionalKey(Schema.String),
  variables: /* @__PURE__ */ Schema.Record(Schema.String, Schema.Unknown)
})
/** @since 0.1.0 @category responses */
export type Template = typeof Template.Type

/** @since 0.1.0 @category responses */
export const Asset = /* @__PURE__ */ Schema.Struct({
  id: Schema.String,
  name: /* @__PURE__ */ maybe(Schema.String),
  file_type: /* @__PURE__ */ maybe(Schema.String),
  url: /* @__PURE__ */ maybe(Schema.String)
})
/** @since 0.1.0 @category responses */
export type Asset = typeof Asset.Type

/** @since 0.1.0 @category responses */
export const VideoTranslateCreated = /* @__PURE__ */ Schema.Struct({ video_translate_id: Schema.String })
/** @since 0.1.0 @category responses */
export type VideoTranslateCreated = typeof VideoTranslateCreated.Type

/** @since 0.1.0 @category responses */
export const VideoTranslation = /* @__PURE__ */ Schema.Struct({
  video_translate_id: /* @__PURE__ */ Schema.optionalKey(Schema.String),
  status: Schema.String,
  url: /* @__PURE__ */ maybe(Schema.String),
  output_language: /* @__PURE__ */ maybe(Schema.String),
  message: /* @__PURE__ */ maybe(Schema.String)
})
/** @since 0.1.0 @category responses */
export type VideoTranslation = typeof VideoTranslation.Type

/** @since 0.1.0 @category responses */
export const RemainingQuota = /* @__PURE__ */ Schema.Struct({ remaining_quota: Schema.Number })
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
    response: VideoCreated
  },
  uploadAsset: { method: "POST", path: "/v1/asset", host: "upload", envelope: "v1", response: Asset },
  translateVideo: {
    method: "POST",
    path: "/v2/video_translate",
    host: "api",
    envelope: "v2",
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
