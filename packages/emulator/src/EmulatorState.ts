/**
 * What the emulator remembers: accounts and their keys, plans, credits, trial
 * counts, quotas, rate budgets and resources (rule M20; the resources' records are in
 * `Resources` and `Jobs`). Plain data, so a store can keep it anywhere and a tester can replace it whole.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Jobs from "./Jobs.ts"
import * as Resources from "./Resources.ts"

/** The records v1/v2 already had, now in `Resources` and `Jobs`. @since 0.1.0 */
export { Translation, Video } from "./Jobs.ts"
/** @since 0.1.0 */
export { Asset, Avatar, Template, Voice } from "./Resources.ts"

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
  /** Avatar looks (v2's avatars). */
  avatars: Record<string, Resources.Avatar>
  avatarGroups: Record<string, Resources.AvatarGroup>
  voices: Record<string, Resources.Voice>
  templates: Record<string, Resources.Template>
  assets: Record<string, Resources.Asset>
  videos: Record<string, Jobs.Video>
  translations: Record<string, Jobs.Translation>
  proofreads: Record<string, Jobs.Proofread>
  batches: Record<string, Jobs.Batch>
  lipsyncs: Record<string, Jobs.Lipsync>
  backgroundRemovals: Record<string, Jobs.BackgroundRemoval>
  clipJobs: Record<string, Jobs.ClipJob>
  agentSessions: Record<string, Jobs.AgentSession>
  webhookEndpoints: Record<string, Resources.WebhookEndpoint>
  brandKits: Record<string, Resources.BrandKit>
  brandGlossaries: Record<string, Resources.BrandGlossary>
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
  /** Avatar looks and groups, voices: the fixtures' and what v3 creates. */
  readonly avatars: number
  readonly avatarGroups: number
  readonly voices: number
  readonly proofreads: number
  readonly batches: number
  readonly lipsyncs: number
  readonly backgroundRemovals: number
  readonly clipJobs: number
  readonly agentSessions: number
  readonly webhookEndpoints: number
}

/** @since 0.1.0 */
export const defaultLimits: Limits = {
  forcedRules: 1000,
  forcedTimes: 1000,
  buckets: 10_000,
  idempotencyKeys: 10_000,
  videos: 10_000,
  assets: 10_000,
  translations: 10_000,
  avatars: 10_000,
  avatarGroups: 10_000,
  voices: 10_000,
  proofreads: 10_000,
  batches: 10_000,
  lipsyncs: 10_000,
  backgroundRemovals: 10_000,
  clipJobs: 10_000,
  agentSessions: 10_000,
  webhookEndpoints: 1000
}

/**
 * Bounds inside one record (M27): what a request may add to a batch, an agent session or a
 * stored text. Past them a request is `invalid_parameter`, or the oldest entries go.
 *
 * @since 0.1.0
 */
export const recordBounds = {
  /** Items of one batch, and ids in one statuses query. */
  batchItems: 100,
  /** Messages an agent session keeps (the oldest go). */
  agentMessages: 100,
  /** Files and videos an agent session keeps (the oldest go). */
  agentResources: 50,
  /** Characters of a stored title, name or message (longer ones are cut). */
  text: 1000,
  /** Characters of a webhook URL. */
  url: 2048
} as const

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
  translations: "translations",
  avatars: "avatars",
  avatarGroups: "avatarGroups",
  voices: "voices",
  proofreads: "proofreads",
  batches: "batches",
  lipsyncs: "lipsyncs",
  backgroundRemovals: "backgroundRemovals",
  clipJobs: "clipJobs",
  agentSessions: "agentSessions",
  webhookEndpoints: "webhookEndpoints"
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
  avatars: table(Resources.Avatar),
  avatarGroups: table(Resources.AvatarGroup),
  voices: table(Resources.Voice),
  templates: table(Resources.Template),
  assets: table(Resources.Asset),
  videos: table(Jobs.Video),
  translations: table(Jobs.Translation),
  proofreads: table(Jobs.Proofread),
  batches: table(Jobs.Batch),
  lipsyncs: table(Jobs.Lipsync),
  backgroundRemovals: table(Jobs.BackgroundRemoval),
  clipJobs: table(Jobs.ClipJob),
  agentSessions: table(Jobs.AgentSession),
  webhookEndpoints: table(Resources.WebhookEndpoint),
  brandKits: table(Resources.BrandKit),
  brandGlossaries: table(Resources.BrandGlossary),
  buckets: table(Bucket),
  forced: Schema.mutable(Schema.Array(ForcedRule)),
  idempotency: table(IdempotencyRecord),
  clockOffset: Schema.Finite,
  counters: Schema.Struct({ requests: Count, byStatus: table(Count), byCode: table(Count) }),
  sequence: Count
})
