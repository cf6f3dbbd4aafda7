/**
 * The tagged error union: one `Schema.TaggedError` class per catalog code, plus
 * `UnknownApiError`, `UnexpectedResponse` and `TransportError`. Handle them with
 * `Effect.catchTag("InsufficientCredit", …)` or `Effect.catchTags({ … })`.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { hasProperty } from "effect/Predicate"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Catalog from "./Catalog.ts"
import { scrubber } from "./internal/scrub.ts"
import { neverSent } from "./internal/unsent.ts"

/**
 * The brand every error of the union carries. A string, not a symbol or a class, so an
 * error made by another copy of this package (its ESM and CJS builds side by side, or two
 * versions) is still recognized: guards never use `instanceof`.
 *
 * @since 0.1.0
 */
export const TypeId = "~@effect-heygen/core/HeyGenError" as const

/** @since 0.1.0 */
export type TypeId = typeof TypeId

/**
 * What every member of the union has, whichever copy of the package made it.
 *
 * @since 0.1.0
 */
export interface Branded {
  readonly [TypeId]: TypeId
  /** How this failure may be retried (rule C3). */
  readonly retryClass: Catalog.RetryClass
  /** Whether it may be retried at all: `retryClass` is not `never` (rule D6). */
  readonly retryable: boolean
}

const withDefault = <S extends Schema.Constraint & Schema.WithoutConstructorDefault>(
  schema: S,
  value: S["~type.make.in"]
) => Schema.withConstructorDefault<S>(Effect.succeed(value))(schema)

/** Fields every error decoded from (or encoded to) an HTTP response carries (rule D6). */
const responseFields = {
  status: Schema.Number,
  message: Schema.String,
  param: Schema.optionalKey(Schema.String),
  requestId: Schema.optionalKey(Schema.String),
  /** The wait the server asked for, from a valid `Retry-After` (rule D7). */
  retryAfter: Schema.optionalKey(Schema.Duration),
  /** `true` when the tag was inferred from the status, not read from a code (rule D5). */
  inferred: Schema.optionalKey(Schema.Boolean),
  /** The numeric code of HeyGen's older `{"code":<number>,"message":…}` shape (rule D2c). */
  legacyCode: Schema.optionalKey(Schema.Number)
}

const catalogFields = <C extends Catalog.Code>(entry: Catalog.EntryOf<C>) => ({
  ...responseFields,
  code: withDefault(Schema.Literal(entry.code as C), entry.code as C),
  status: withDefault(Schema.Number, entry.status),
  message: withDefault(Schema.String, entry.summary),
  docUrl: withDefault(Schema.String, Catalog.docUrl(entry.code))
})

/**
 * What every catalog error knows from its catalog row. Declared on each class by
 * interface merging; the getters live on the shared base prototype.
 *
 * @since 0.1.0
 */
export interface CatalogInfo<C extends Catalog.Code> extends Branded {
  /** How this failure may be retried (rule C3). */
  readonly retryClass: Catalog.EntryOf<C>["retryClass"]
  readonly family: Catalog.EntryOf<C>["family"]
}

/**
 * The base of every catalog error class: tag, code and defaults from the catalog,
 * so `new RateLimitExceeded({ retryAfter: Duration.seconds(2) })` is complete.
 */
// `Schema.TaggedError` types its result conditionally on `Self`, which is still open here.
const prototypeOf = (ctor: unknown): object => (ctor as { readonly prototype: object }).prototype

const ApiError =
  <Self>() =>
  <const C extends Catalog.Code, const Extra extends Schema.Struct.Fields = {}>(code: C, extra?: Extra) => {
    const entry = Catalog.get(code)
    const base = Schema.TaggedError<Self>()(entry.tag as Catalog.TagOf<C>, {
      ...catalogFields(entry),
      ...(extra as Extra)
    })
    Object.defineProperties(prototypeOf(base), {
      [TypeId]: { value: TypeId },
      retryClass: { get: () => entry.retryClass },
      retryable: { get: () => entry.retryClass !== "never" },
      family: { get: () => entry.family }
    })
    return base
  }

/** @since 0.1.0 @category auth */
export class Unauthorized extends /* @__PURE__ */ ApiError<Unauthorized>()("unauthorized") {}
export interface Unauthorized extends CatalogInfo<"unauthorized"> {}
/** @since 0.1.0 @category auth */
export class Forbidden extends /* @__PURE__ */ ApiError<Forbidden>()("forbidden") {}
export interface Forbidden extends CatalogInfo<"forbidden"> {}
/** @since 0.1.0 @category auth */
export class ResourceAccessDenied extends /* @__PURE__ */ ApiError<ResourceAccessDenied>()(
  "resource_access_denied"
) {}
export interface ResourceAccessDenied extends CatalogInfo<"resource_access_denied"> {}
/** @since 0.1.0 @category throttle */
export class RateLimitExceeded extends /* @__PURE__ */ ApiError<RateLimitExceeded>()("rate_limit_exceeded") {}
export interface RateLimitExceeded extends CatalogInfo<"rate_limit_exceeded"> {}
/** @since 0.1.0 @category throttle */
export class QuotaExceeded extends /* @__PURE__ */ ApiError<QuotaExceeded>()("quota_exceeded") {}
export interface QuotaExceeded extends CatalogInfo<"quota_exceeded"> {}
/**
 * `available` and `required` are parsed from HeyGen's message when it has the
 * documented shape (rule D8); the encoder writes that shape back (rule E5).
 *
 * @since 0.1.0 @category billing
 */
export class InsufficientCredit extends /* @__PURE__ */ ApiError<InsufficientCredit>()(
  "insufficient_credit",
  {
    available: Schema.optionalKey(Schema.Number),
    required: Schema.optionalKey(Schema.Number)
  }
) {}
export interface InsufficientCredit extends CatalogInfo<"insufficient_credit"> {}
/** @since 0.1.0 @category billing */
export class TrialLimitExceeded extends /* @__PURE__ */ ApiError<TrialLimitExceeded>()(
  "trial_limit_exceeded"
) {}
export interface TrialLimitExceeded extends CatalogInfo<"trial_limit_exceeded"> {}
/** @since 0.1.0 @category billing */
export class PlanUpgradeRequired extends /* @__PURE__ */ ApiError<PlanUpgradeRequired>()(
  "plan_upgrade_required"
) {}
export interface PlanUpgradeRequired extends CatalogInfo<"plan_upgrade_required"> {}
/** @since 0.1.0 @category not-found */
export class VideoNotFound extends /* @__PURE__ */ ApiError<VideoNotFound>()("video_not_found") {}
export interface VideoNotFound extends CatalogInfo<"video_not_found"> {}
/** @since 0.1.0 @category not-found */
export class AvatarNotFound extends /* @__PURE__ */ ApiError<AvatarNotFound>()("avatar_not_found") {}
export interface AvatarNotFound extends CatalogInfo<"avatar_not_found"> {}
/** @since 0.1.0 @category not-found */
export class VoiceNotFound extends /* @__PURE__ */ ApiError<VoiceNotFound>()("voice_not_found") {}
export interface VoiceNotFound extends CatalogInfo<"voice_not_found"> {}
/** @since 0.1.0 @category not-found */
export class TemplateNotFound extends /* @__PURE__ */ ApiError<TemplateNotFound>()("template_not_found") {}
export interface TemplateNotFound extends CatalogInfo<"template_not_found"> {}
/** @since 0.1.0 @category not-found */
export class AssetNotFound extends /* @__PURE__ */ ApiError<AssetNotFound>()("asset_not_found") {}
export interface AssetNotFound extends CatalogInfo<"asset_not_found"> {}
/** @since 0.1.0 @category validation */
export class InvalidParameter extends /* @__PURE__ */ ApiError<InvalidParameter>()("invalid_parameter") {}
export interface InvalidParameter extends CatalogInfo<"invalid_parameter"> {}
/**
 * A repeat of a v3 mutation while the first request with the same `Idempotency-Key` is still
 * running (rule C4). Transient: repeated with the same key once the first has finished, it
 * gets the first one's answer, so `RetryPolicy` waits it out where the key is honored.
 *
 * @since 0.1.0 @category conflict
 */
export class RequestInProgress extends /* @__PURE__ */ ApiError<RequestInProgress>()("request_in_progress") {}
export interface RequestInProgress extends CatalogInfo<"request_in_progress"> {}
/**
 * HeyGen could not fetch a URL the request gave it (an asset, an image, an audio file): it
 * must be public and point at the file itself (rule C4).
 *
 * @since 0.1.0 @category validation
 */
export class DownloadFailed extends /* @__PURE__ */ ApiError<DownloadFailed>()("download_failed") {}
export interface DownloadFailed extends CatalogInfo<"download_failed"> {}
/** @since 0.1.0 @category server */
export class VideoDeleteFailed extends /* @__PURE__ */ ApiError<VideoDeleteFailed>()("video_delete_failed") {}
export interface VideoDeleteFailed extends CatalogInfo<"video_delete_failed"> {}
/** @since 0.1.0 @category server */
export class InternalError extends /* @__PURE__ */ ApiError<InternalError>()("internal_error") {}
export interface InternalError extends CatalogInfo<"internal_error"> {}

/**
 * The error class of every catalog tag. Typed as a total record, so a catalog row
 * without a class (or a class without a row) is a compile error (rule C1).
 *
 * @since 0.1.0
 */
export const classes = {
  Unauthorized,
  Forbidden,
  ResourceAccessDenied,
  RateLimitExceeded,
  QuotaExceeded,
  InsufficientCredit,
  TrialLimitExceeded,
  PlanUpgradeRequired,
  VideoNotFound,
  AvatarNotFound,
  VoiceNotFound,
  TemplateNotFound,
  AssetNotFound,
  InvalidParameter,
  VideoDeleteFailed,
  InternalError,
  RequestInProgress,
  DownloadFailed
} as const satisfies { readonly [T in Catalog.Tag]: unknown }

type Classes = typeof classes
/** @since 0.1.0 */
export type ErrorOfTag<T extends Catalog.Tag> = InstanceType<Classes[T]>
/** @since 0.1.0 */
export type ErrorOfCode<C extends Catalog.Code> = ErrorOfTag<Catalog.TagOf<C>>

/**
 * A documented code HeyGen answered with.
 *
 * @since 0.1.0
 */
export type CatalogError = ErrorOfTag<Catalog.Tag>

/**
 * A string code the catalog doesn't know yet (HeyGen adds codes from time to time); its
 * retry class follows the status (rule D4).
 *
 * @since 0.1.0
 */
export class UnknownApiError extends /* @__PURE__ */ Schema.TaggedError<UnknownApiError>()(
  "UnknownApiError",
  {
    ...responseFields,
    code: Schema.String,
    docUrl: Schema.optionalKey(Schema.String)
  }
) {
  get [TypeId](): TypeId {
    return TypeId
  }
  get retryClass(): Catalog.RetryClass {
    return this.status === 429 ? "after-wait" : this.status >= 500 ? "transient" : "never"
  }
  get retryable(): boolean {
    return this.retryClass !== "never"
  }
}

/**
 * A failure response without a usable code whose status maps to no tag (rule D5),
 * or a 2xx whose body isn't the success HeyGen promised. 502, 503 and 504 are transient.
 *
 * @since 0.1.0
 */
export class UnexpectedResponse extends /* @__PURE__ */ Schema.TaggedError<UnexpectedResponse>()(
  "UnexpectedResponse",
  {
    code: withDefault(Schema.Literal("unexpected_response"), "unexpected_response"),
    status: Schema.Number,
    message: Schema.String,
    contentType: Schema.optionalKey(Schema.String),
    /** At most 512 characters of the body, for diagnosis. */
    bodySnippet: Schema.String,
    /** For a 2xx whose data doesn't match its schema: where (`data.avatars[0].avatar_id`). */
    field: Schema.optionalKey(Schema.String),
    requestId: Schema.optionalKey(Schema.String),
    retryAfter: Schema.optionalKey(Schema.Duration),
    legacyCode: Schema.optionalKey(Schema.Number)
  }
) {
  get [TypeId](): TypeId {
    return TypeId
  }
  get retryClass(): Catalog.RetryClass {
    return this.status === 502 || this.status === 503 || this.status === 504 ? "transient" : "never"
  }
  get retryable(): boolean {
    return this.retryClass !== "never"
  }
}

/**
 * Why a request got no HTTP answer (rule D10).
 *
 * @since 0.1.0
 */
export type TransportReason = "Timeout" | "Connection" | "Aborted" | "Body" | "Encode" | "Other"

/**
 * The request got no usable HTTP response. The message never contains the API
 * key or request headers (rule D10); timeouts and connection failures are transient.
 *
 * @since 0.1.0
 */
export class TransportError extends /* @__PURE__ */ Schema.TaggedError<TransportError>()("TransportError", {
  code: withDefault(Schema.Literal("transport_error"), "transport_error"),
  reason: Schema.Literals(["Timeout", "Connection", "Aborted", "Body", "Encode", "Other"]),
  message: Schema.String,
  method: Schema.optionalKey(Schema.String),
  /** The path template, never query values. */
  path: Schema.optionalKey(Schema.String),
  /**
   * `false` when the request certainly never left the client (connection refused, host not
   * found): repeating it can't run anything twice, so any method may retry (rule R4).
   * Absent when that isn't known: a timeout or a reset may come after HeyGen got it.
   */
  sent: Schema.optionalKey(Schema.Boolean)
}) {
  get [TypeId](): TypeId {
    return TypeId
  }
  get retryClass(): Catalog.RetryClass {
    return this.reason === "Timeout" || this.reason === "Connection" ? "transient" : "never"
  }
  get retryable(): boolean {
    return this.retryClass !== "never"
  }
}

/**
 * Every failure a HeyGen call can end with.
 *
 * @since 0.1.0
 */
export type HeyGenError = CatalogError | UnknownApiError | UnexpectedResponse | TransportError

/** Errors that came with an HTTP response. @since 0.1.0 */
export type ResponseError = CatalogError | UnknownApiError | UnexpectedResponse

/** @since 0.1.0 */
export type FamilyError<F extends Catalog.Family> = ErrorOfTag<Catalog.TagsOfFamily<F>>
/** @since 0.1.0 */
export type AuthError = FamilyError<"auth">
/** @since 0.1.0 */
export type ThrottleError = FamilyError<"throttle">
/** @since 0.1.0 */
export type BillingError = FamilyError<"billing">
/** @since 0.1.0 */
export type NotFoundError = FamilyError<"not-found">
/** @since 0.1.0 */
export type ValidationError = FamilyError<"validation">
/** @since 0.1.0 */
export type ConflictError = FamilyError<"conflict">
/** @since 0.1.0 */
export type ServerError = FamilyError<"server">

/**
 * Whether `u` is a member of the union, made by this copy of the package or any other
 * (by its brand, never `instanceof`).
 *
 * @since 0.1.0 @category guards
 */
export const isHeyGenError = (u: unknown): u is HeyGenError => hasProperty(u, TypeId) && u[TypeId] === TypeId

/**
 * Whether `u` is the error of a catalog code: branded, and its tag the code's.
 *
 * @since 0.1.0 @category guards
 */
export const isCatalogError = (u: unknown): u is CatalogError => {
  if (!isHeyGenError(u)) return false
  const entry = Catalog.get(u.code)
  return entry !== undefined && entry.tag === u._tag
}

/** @since 0.1.0 @category guards */
export const isFamily =
  <F extends Catalog.Family>(family: F) =>
  (u: unknown): u is FamilyError<F> =>
    isCatalogError(u) && u.family === family

/** @since 0.1.0 @category guards */
export const isAuthError = /* @__PURE__ */ isFamily("auth")
/** @since 0.1.0 @category guards */
export const isThrottleError = /* @__PURE__ */ isFamily("throttle")
/** @since 0.1.0 @category guards */
export const isBillingError = /* @__PURE__ */ isFamily("billing")
/** @since 0.1.0 @category guards */
export const isNotFoundError = /* @__PURE__ */ isFamily("not-found")
/** @since 0.1.0 @category guards */
export const isValidationError = /* @__PURE__ */ isFamily("validation")
/** @since 0.1.0 @category guards */
export const isConflictError = /* @__PURE__ */ isFamily("conflict")
/** @since 0.1.0 @category guards */
export const isServerError = /* @__PURE__ */ isFamily("server")

/**
 * Whether the failure may be retried at all (its class is not `never`).
 * Whether *this* request may be retried also depends on the request: see
 * `RetryPolicy.isRetryable` and `Idempotency`.
 *
 * @since 0.1.0 @category guards
 */
export const isRetryable = (u: unknown): u is HeyGenError => isHeyGenError(u) && u.retryable

/**
 * The class for a catalog code, or `undefined`.
 *
 * @since 0.1.0
 */
export const classOf = (code: string): Classes[Catalog.Tag] | undefined => {
  const entry = Catalog.get(code)
  return entry === undefined ? undefined : classes[entry.tag]
}

/**
 * A `TransportError` from whatever a transport threw. The cause's text is kept for
 * diagnosis, with every secret scrubbed out of it; the cause itself is not kept,
 * so no rendering can reach what it holds (rules D10, S1). A `Connection` failure
 * whose cause shows the connection was never made gets `sent: false`.
 *
 * @since 0.1.0
 */
export const transportError = (options: {
  readonly reason: TransportReason
  readonly cause?: unknown
  readonly method?: string
  readonly path?: string
  readonly secrets?: ReadonlyArray<Redacted.Redacted<string>>
}): TransportError => {
  const unsent = options.reason === "Connection" && neverSent(options.cause)
  const detail = options.cause === undefined ? "" : `: ${describe(options.cause)}`
  // Raw, JSON-escaped, percent-encoded (a URL in the cause) or HTML-escaped: all scrubbed.
  const { scrub } = scrubber((options.secrets ?? []).map(Redacted.value))
  return new TransportError({
    reason: options.reason,
    message: scrub(`${options.reason}${detail}`),
    ...(options.method === undefined ? {} : { method: options.method }),
    ...(options.path === undefined ? {} : { path: options.path }),
    ...(unsent ? { sent: false } : {})
  })
}

const describe = (cause: unknown): string => {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : ""
    return `${cause.message}${inner}`
  }
  return typeof cause === "string" ? cause : "unknown failure"
}
