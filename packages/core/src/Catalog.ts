/**
 * HeyGen's documented error codes: the one table every other part of the
 * project (tags, statuses, doc links, retry classes, docs, test vectors) is
 * derived from (rule C1).
 *
 * @since 0.1.0
 */

/**
 * How a failure may be retried (rule C3).
 *
 * - `after-wait`: the request was not processed; any method may retry after the wait.
 * - `transient`: only idempotent requests (or ones whose route honors their `Idempotency-Key`) may retry.
 * - `never`: retrying cannot help.
 *
 * @since 0.1.0
 */
export type RetryClass = "after-wait" | "transient" | "never"

/** @since 0.1.0 */
export type Family = "auth" | "throttle" | "billing" | "not-found" | "validation" | "conflict" | "server"

/**
 * Where a code comes from: `seed`, the 16 codes of HeyGen's error-code page the project was
 * built on (rule C1: that page wins for them), or `v3`, a code HeyGen documents elsewhere in
 * its v3 reference (rule C4: each with the page that documents it).
 *
 * @since 0.1.0
 */
export type Origin = "seed" | "v3"

const errorCodesPage = "https://developers.heygen.com/docs/error-codes"

/** @since 0.1.0 */
export interface Entry {
  readonly code: string
  readonly status: number
  readonly tag: string
  readonly family: Family
  readonly retryClass: RetryClass
  /** Our own one-line summary: the default message and the docs' description. */
  readonly summary: string
  readonly origin: Origin
  /** The HeyGen page that documents the code (rule C4). */
  readonly source: string
}

/**
 * The catalog: the 16 seed codes in the order of HeyGen's error-code page, then the codes
 * HeyGen's v3 reference documents beyond them.
 *
 * @since 0.1.0
 */
export const entries = [
  {
    code: "unauthorized",
    status: 401,
    tag: "Unauthorized",
    family: "auth",
    retryClass: "never",
    summary: "The API key is missing, unknown, expired or revoked.",
    origin: "seed",
    source: errorCodesPage
  },
  {
    code: "forbidden",
    status: 403,
    tag: "Forbidden",
    family: "auth",
    retryClass: "never",
    summary: "The API key is valid but lacks permission for this action.",
    origin: "seed",
    source: errorCodesPage
  },
  {
    code: "resource_access_denied",
    status: 403,
    tag: "ResourceAccessDenied",
    family: "auth",
    retryClass: "never",
    summary: "The referenced resource belongs to another user or organization.",
    origin: "seed",
    source: errorCodesPage
  },
  {
    code: "rate_limit_exceeded",
    status: 429,
    tag: "RateLimitExceeded",
    family: "throttle",
    retryClass: "after-wait",
    summary: "Too many requests; wait for Retry-After, then retry.",
    origin: "seed",
    source: errorCodesPage
  },
  {
    code: "quota_exceeded",
    status: 429,
    tag: "QuotaExceeded",
    family: "throttle",
    retryClass: "never",
    summary: "A usage quota of the plan is used up until it resets.",
    origin: "seed",
    source: errorCodesPage
  },
  {
    code: "insufficient_credit",
    status: 402,
    tag: "InsufficientCredit",
    family: "billing",
    retryClass: "never",
    summary: "The account has fewer credits than the request costs.",
    origin: "seed",
    source: errorCodesPage
  },
  {
    code: "trial_limit_exceeded",
    status: 402,
    tag: "TrialLimitExceeded",
    family: "billing",
    retryClass: "never",
    summary: "The trial account has reached its video limit.",
    origin: "seed",
    source: errorCodesPage
  },
  {
    code: "plan_upgrade_required",
    status: 402,
    tag: "PlanUpgradeRequired",
    family: "billing",
    retryClass: "never",
    summary: "The feature, avatar or resolution needs a higher plan.",
    origin: "seed",
    source: errorCodesPage
  },
  {
    code: "video_not_found",
    status: 404,
    tag: "VideoNotFound",
    family: "not-found",
    retryClass: "never",
    summary: "No video, draft or translation has this id.",
    origin: "seed",
    source: errorCodesPage
  },
  {
    code: "avatar_not_found",
    status: 404,
    tag: "AvatarNotFound",
    family: "not-found",
    retryClass: "never",
    summary: "No usable avatar has this id.",
    origin: "seed",
    source: errorCodesPage
  },
  {
    code: "voice_not_found",
    status: 404,
    tag: "VoiceNotFound",
    family: "not-found",
    retryClass: "never",
    summary: "No usable voice has this id.",
    origin: "seed",
    source: errorCodesPage
  },
  {
    code: "template_not_found",
    status: 404,
    tag: "TemplateNotFound",
    family: "not-found",
    retryClass: "never",
    summary: "No template visible to this account has this id.",
    origin: "seed",
    source: errorCodesPage
  },
  {
    code: "asset_not_found",
    status: 404,
    tag: "AssetNotFound",
    family: "not-found",
    retryClass: "never",
    summary: "No uploaded asset has this id.",
    origin: "seed",
    source: errorCodesPage
  },
  {
    code: "invalid_parameter",
    status: 400,
    tag: "InvalidParameter",
    family: "validation",
    retryClass: "never",
    summary: "A request parameter is missing, malformed or out of range.",
    origin: "seed",
    source: errorCodesPage
  },
  {
    code: "video_delete_failed",
    status: 500,
    tag: "VideoDeleteFailed",
    family: "server",
    retryClass: "transient",
    summary: "The video could not be deleted; the delete may be retried.",
    origin: "seed",
    source: errorCodesPage
  },
  {
    code: "internal_error",
    status: 500,
    tag: "InternalError",
    family: "server",
    retryClass: "transient",
    summary: "An unexpected error on the server's side.",
    origin: "seed",
    source: errorCodesPage
  },
  {
    code: "request_in_progress",
    status: 409,
    tag: "RequestInProgress",
    family: "conflict",
    retryClass: "transient",
    summary:
      "A request with this Idempotency-Key is still running; repeat it with the same key once it has finished.",
    origin: "v3",
    // The `Idempotency-Key` header of every v3 mutation's reference page says it.
    source: "https://developers.heygen.com/reference/rotate-webhook-signing-secret"
  },
  {
    code: "download_failed",
    status: 400,
    tag: "DownloadFailed",
    family: "validation",
    retryClass: "never",
    summary: "A URL in the request could not be fetched: it must be public and point at the file itself.",
    origin: "v3",
    // The quick start's troubleshooting list names it with its status.
    source: "https://developers.heygen.com/docs/quick-start"
  }
] as const satisfies ReadonlyArray<Entry>

/** @since 0.1.0 */
export type Entries = typeof entries
/** @since 0.1.0 */
export type Code = Entries[number]["code"]
/** @since 0.1.0 */
export type Tag = Entries[number]["tag"]
/** @since 0.1.0 */
export type EntryOf<C extends Code> = Extract<Entries[number], { readonly code: C }>
/** @since 0.1.0 */
export type TagOf<C extends Code> = EntryOf<C>["tag"]
/** @since 0.1.0 */
export type CodeOfTag<T extends Tag> = Extract<Entries[number], { readonly tag: T }>["code"]
/** The 16 codes of HeyGen's error-code page. @since 0.1.0 */
export type SeedCode = Extract<Entries[number], { readonly origin: "seed" }>["code"]
/** @since 0.1.0 */
export type TagsOfFamily<F extends Family> = Extract<Entries[number], { readonly family: F }>["tag"]

/**
 * The 16 seed entries, exactly HeyGen's error-code page (rule C1).
 *
 * @since 0.1.0
 */
export const seed: ReadonlyArray<Extract<Entries[number], { readonly origin: "seed" }>> =
  /* @__PURE__ */ entries.filter(
    (e): e is Extract<Entries[number], { readonly origin: "seed" }> => e.origin === "seed"
  )

const codeIndex = new Map<string, Entries[number]>(entries.map((e) => [e.code, e]))

/**
 * The entry for a code, or `undefined` for a code the catalog doesn't know.
 *
 * @since 0.1.0
 */
export function get<C extends Code>(code: C): EntryOf<C>
export function get(code: string): Entries[number] | undefined
export function get(code: string): Entries[number] | undefined {
  return codeIndex.get(code)
}

/** @since 0.1.0 */
export const isCode = (u: unknown): u is Code => typeof u === "string" && codeIndex.has(u)

/**
 * Where HeyGen documents its error codes (rule C2).
 *
 * @since 0.1.0
 */
export const defaultDocBase = errorCodesPage

/**
 * The documentation link of a code: the base, `#`, and the code with `_` → `-` (rule C2).
 * Servers that host their own docs pass their own `base`.
 *
 * @since 0.1.0
 */
export const docUrl = (code: string, base: string = defaultDocBase): string =>
  `${base}#${code.replaceAll("_", "-")}`

/**
 * The code a failure without a usable code is taken for, by status (rule D5);
 * `undefined` for statuses that name no single code.
 *
 * @since 0.1.0
 */
export const inferredCode = (status: number): Code | undefined => inferred[status]

const inferred: Readonly<Record<number, Code>> = {
  400: "invalid_parameter",
  401: "unauthorized",
  403: "forbidden",
  429: "rate_limit_exceeded",
  500: "internal_error"
}
