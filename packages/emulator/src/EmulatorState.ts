/**
 * What the emulator remembers: accounts and their keys, plans, credits, trial
 * counts, quotas, rate budgets and resources (rule M20). Plain data, so a store
 * can keep it anywhere and a tester can replace it whole.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/** @since 0.1.0 */
export type PlanName = "free" | "trial" | "paid" | "enterprise"

/** @since 0.1.0 */
export interface Plan {
  /** The largest video side allowed, in pixels (rule M8). */
  readonly maxSide: number
  /** Whether premium avatars are allowed (rule M8). */
  readonly premiumAvatars: boolean
  /** Videos a trial account may generate in all (rule M7); `null`: no limit. */
  readonly trialVideos: number | null
  /** Video-agent requests per quota period (rule M5), free of credits; `null`: no quota, paid in credits. */
  readonly agentQuota: number | null
  /** Videos that may render at once (rule M4). */
  readonly concurrentJobs: number
}

/** @since 0.1.0 */
export const plans: Readonly<Record<PlanName, Plan>> = {
  free: { maxSide: 1280, premiumAvatars: false, trialVideos: null, agentQuota: 3, concurrentJobs: 1 },
  trial: { maxSide: 1280, premiumAvatars: false, trialVideos: 3, agentQuota: null, concurrentJobs: 3 },
  paid: { maxSide: 1920, premiumAvatars: false, trialVideos: null, agentQuota: null, concurrentJobs: 3 },
  enterprise: { maxSide: 3840, premiumAvatars: true, trialVideos: null, agentQuota: null, concurrentJobs: 10 }
}

/** @since 0.1.0 */
export interface Account {
  readonly id: string
  readonly plan: PlanName
  credits: number
  /** Non-test videos generated so far (trial accounts, rule M7). */
  videosGenerated: number
  /** Video-agent requests in the current period and when it started (rule M5). */
  agentRequests: number
  agentPeriodStart: number
  readonly organization: string | null
}

/** @since 0.1.0 */
export interface ApiKey {
  readonly key: string
  readonly account: string
  /** `admin` may use organization-level endpoints; `member` may not (rule M2). */
  readonly role: "admin" | "member"
  readonly status: "active" | "expired" | "revoked"
}

/** @since 0.1.0 */
export interface Avatar {
  readonly avatar_id: string
  readonly avatar_name: string
  readonly gender: string
  /** `null`: public. */
  readonly owner: string | null
  readonly premium: boolean
  readonly status: "ready" | "training"
}

/** @since 0.1.0 */
export interface Voice {
  readonly voice_id: string
  readonly name: string
  readonly language: string
  readonly owner: string | null
  readonly status: "ready" | "processing"
}

/** @since 0.1.0 */
export interface Template {
  readonly template_id: string
  readonly name: string
  readonly owner: string | null
  readonly visibility: "public" | "private"
  readonly variables: Readonly<Record<string, { readonly type: "text" }>>
}

/** @since 0.1.0 */
export interface Asset {
  readonly id: string
  readonly owner: string
  readonly file_type: string
  status: "ready" | "uploading" | "deleted"
}

/** @since 0.1.0 */
export interface Video {
  readonly id: string
  readonly owner: string
  readonly createdAt: number
  /** When rendering ends, in emulator time. */
  readonly readyAt: number
  readonly test: boolean
  deleted: boolean
}

/** @since 0.1.0 */
export interface Translation {
  readonly video_translate_id: string
  readonly owner: string
  readonly createdAt: number
  readonly readyAt: number
  readonly output_language: string
}

/** A forced failure (rule M21): the next `remaining` matching requests fail with `code`. @since 0.1.0 */
export interface ForcedRule {
  readonly key: string | null
  readonly method: string | null
  readonly path: string | null
  code: string
  remaining: number
}

/** @since 0.1.0 */
export interface Bucket {
  tokens: number
  updatedAt: number
}

/**
 * A remembered `Idempotency-Key` (issue 10.7): the first response to replay, or
 * `status: null` while that first request still runs.
 *
 * @since 0.1.0
 */
export interface IdempotencyRecord {
  /** When the first request arrived, in emulator time. */
  readonly at: number
  status: number | null
  body: string
}

/** @since 0.1.0 */
export interface State {
  accounts: Record<string, Account>
  keys: Record<string, ApiKey>
  avatars: Record<string, Avatar>
  voices: Record<string, Voice>
  templates: Record<string, Template>
  assets: Record<string, Asset>
  videos: Record<string, Video>
  translations: Record<string, Translation>
  /** Rate budgets by `account method route`, the route with `{id}` for its ids (rule M4). */
  buckets: Record<string, Bucket>
  forced: Array<ForcedRule>
  /** By `account method path key` (see the `Idempotency` module). */
  idempotency: Record<string, IdempotencyRecord>
  /** Added to the real clock by `POST /__emulator/clock` (rule M23). */
  clockOffset: number
  counters: { requests: number; byStatus: Record<string, number>; byCode: Record<string, number> }
  sequence: number
}

/**
 * How large the tables that requests grow may get (issue 10.9). Past a bound the oldest
 * entries are forgotten: a forgotten video is `video_not_found`, like a deleted one.
 *
 * @since 0.1.0
 */
export interface Limits {
  /** Forced-error rules, from headers and scripts together. */
  readonly forcedRules: number
  /** The most times one rule may fire (`X-Emulator-Error-Times`, a script's `times`). */
  readonly forcedTimes: number
  /** Rate-limit buckets (one per account and route). */
  readonly buckets: number
  /** Remembered idempotency keys. */
  readonly idempotencyKeys: number
  readonly videos: number
  readonly assets: number
  readonly translations: number
}

/** @since 0.1.0 */
export const defaultLimits: Limits = {
  forcedRules: 1000,
  forcedTimes: 1000,
  buckets: 10_000,
  idempotencyKeys: 10_000,
  videos: 10_000,
  assets: 10_000,
  translations: 10_000
}

/**
 * The tables `limits` bound, by the `Limits` member that bounds each.
 *
 * @since 0.1.0
 */
export const boundedTables = {
  forced: "forcedRules",
  idempotency: "idempotencyKeys",
  buckets: "buckets",
  videos: "videos",
  assets: "assets",
  translations: "translations"
} as const satisfies Record<string, keyof Limits>

/** How many entries a table holds. @since 0.1.0 */
export const sizeOf = (table: object): number =>
  Array.isArray(table) ? table.length : Object.keys(table).length

// --- schemas: what `PUT /__emulator/state` accepts (issue 10.11) -----------------------

const Count = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
const Owner = Schema.NullOr(Schema.String)

/** @since 0.1.0 */
export const Account = Schema.Struct({
  id: Schema.String,
  plan: Schema.Literals(["free", "trial", "paid", "enterprise"]),
  credits: Schema.Finite,
  videosGenerated: Count,
  agentRequests: Count,
  agentPeriodStart: Schema.Finite,
  organization: Owner
})

/** @since 0.1.0 */
export const ApiKey = Schema.Struct({
  key: Schema.String,
  account: Schema.String,
  role: Schema.Literals(["admin", "member"]),
  status: Schema.Literals(["active", "expired", "revoked"])
})

/** @since 0.1.0 */
export const Avatar = Schema.Struct({
  avatar_id: Schema.String,
  avatar_name: Schema.String,
  gender: Schema.String,
  owner: Owner,
  premium: Schema.Boolean,
  status: Schema.Literals(["ready", "training"])
})

/** @since 0.1.0 */
export const Voice = Schema.Struct({
  voice_id: Schema.String,
  name: Schema.String,
  language: Schema.String,
  owner: Owner,
  status: Schema.Literals(["ready", "processing"])
})

/** @since 0.1.0 */
export const Template = Schema.Struct({
  template_id: Schema.String,
  name: Schema.String,
  owner: Owner,
  visibility: Schema.Literals(["public", "private"]),
  variables: Schema.Record(Schema.String, Schema.Struct({ type: Schema.Literal("text") }))
})

/** @since 0.1.0 */
export const Asset = Schema.Struct({
  id: Schema.String,
  owner: Schema.String,
  file_type: Schema.String,
  status: Schema.Literals(["ready", "uploading", "deleted"])
})

/** @since 0.1.0 */
export const Video = Schema.Struct({
  id: Schema.String,
  owner: Schema.String,
  createdAt: Schema.Finite,
  readyAt: Schema.Finite,
  test: Schema.Boolean,
  deleted: Schema.Boolean
})

/** @since 0.1.0 */
export const Translation = Schema.Struct({
  video_translate_id: Schema.String,
  owner: Schema.String,
  createdAt: Schema.Finite,
  readyAt: Schema.Finite,
  output_language: Schema.String
})

/** @since 0.1.0 */
export const ForcedRule = Schema.Struct({
  key: Schema.NullOr(Schema.String),
  method: Schema.NullOr(Schema.String),
  path: Schema.NullOr(Schema.String),
  code: Schema.NonEmptyString,
  remaining: Count.check(Schema.isGreaterThan(0))
})

/** @since 0.1.0 */
export const IdempotencyRecord = Schema.Struct({
  at: Schema.Finite,
  status: Schema.NullOr(Schema.Int.check(Schema.isBetween({ minimum: 100, maximum: 599 }))),
  body: Schema.String
})

/** @since 0.1.0 */
export const Bucket = Schema.Struct({ tokens: Schema.Finite, updatedAt: Schema.Finite })

const table = <S extends Schema.Top>(value: S) => Schema.Record(Schema.String, value)

/**
 * The whole state, every table checked: what `GET /__emulator/state` answers and
 * `PUT /__emulator/state` accepts (any subset of these members).
 *
 * @since 0.1.0
 */
export const State = Schema.Struct({
  accounts: table(Account),
  keys: table(ApiKey),
  avatars: table(Avatar),
  voices: table(Voice),
  templates: table(Template),
  assets: table(Asset),
  videos: table(Video),
  translations: table(Translation),
  buckets: table(Bucket),
  forced: Schema.mutable(Schema.Array(ForcedRule)),
  idempotency: table(IdempotencyRecord),
  clockOffset: Schema.Finite,
  counters: Schema.Struct({ requests: Count, byStatus: table(Count), byCode: table(Count) }),
  sequence: Count
})
