/**
 * What an account works with: avatar looks and groups, voices, templates, assets (and uploads
 * in progress), webhook endpoints, brand kits and glossaries — shared by the legacy v1/v2 routes
 * and the v3 API. Plain data with a schema each, so a store can keep them anywhere and
 * `PUT /__emulator/state` can check them (rule M23). What requests start running is in `Jobs`.
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
 * A webhook endpoint: stored, listed, updated, its secret rotated; delivered to when on (M33).
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
