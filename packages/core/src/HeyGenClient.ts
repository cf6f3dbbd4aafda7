/**
 * A typed HeyGen API client over `effect/http`'s `HttpClient`: every failure is a
 * member of the error union, retries are safe for calls that spend money, one
 * deadline covers each call, and the API key never leaves its `Redacted`.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as HttpBody from "effect/http/HttpBody"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Schema from "effect/Schema"
import type * as SchemaIssue from "effect/SchemaIssue"
import * as SchemaParser from "effect/SchemaParser"
import type * as Stream from "effect/Stream"
import * as ErrorDecoder from "./ErrorDecoder.ts"
import * as HeyGenApi from "./HeyGenApi.ts"
import type * as HeyGenError from "./HeyGenError.ts"
import * as Idempotency from "./Idempotency.ts"
import { streamBody } from "./internal/body.ts"
import { unwrap } from "./internal/envelope.ts"
import { byteCount } from "./internal/options.ts"
import * as Transport from "./internal/transport.ts"
import * as RetryPolicy from "./RetryPolicy.ts"

/** @since 0.1.0 */
export const defaultBaseUrl = "https://api.heygen.com"
/** @since 0.1.0 */
export const defaultUploadUrl = "https://upload.heygen.com"
/** @since 0.1.0 */
export const defaultTimeout: Duration.Duration = /* @__PURE__ */ Duration.seconds(30)
/** @since 0.1.0 */
export const defaultUserAgent = "effect-heygen"
/**
 * The default bound on a success body: HeyGen's largest lists are far below it.
 *
 * @since 0.1.0
 */
export const defaultMaxResponseBytes = 32 * 1024 * 1024
// A body becomes one string; past this V8 could not make it (its limit is just under 512 Mi).
const maxStringBytes = 256 * 1024 * 1024

/**
 * How the client is set up: exactly one of `apiKey` and `accessToken` (HeyGen takes either;
 * neither or both is a defect of `make`, a `ConfigError` of `config`); every other field has
 * a default. The credential is held redacted and sent only to the configured hosts (rules
 * S1, S3, S4).
 *
 * @since 0.1.0
 */
export interface Options {
  /** Sent as `X-Api-Key`. */
  readonly apiKey?: Redacted.Redacted<string> | undefined
  /** An OAuth access token, sent as `Authorization: Bearer <token>` instead of a key (rule S4). */
  readonly accessToken?: Redacted.Redacted<string> | undefined
  /** The API host. Default `https://api.heygen.com`; point it at the emulator in tests. */
  readonly baseUrl?: string | undefined
  /** The upload host for `POST /v1/asset`. Default `https://upload.heygen.com`. */
  readonly uploadUrl?: string | undefined
  /** The most one attempt (request and body) may take. Default 30 s. */
  readonly timeout?: Duration.Input | undefined
  /** The retry policy, including the overall `deadline` (rules R1–R3); `false` makes one attempt. */
  readonly retry?: RetryPolicy.Options | false | undefined
  /**
   * The most bytes of an error body read (rule D1), after any `Content-Encoding` is undone:
   * the rest is never read, whatever `Content-Length` says. Default 64 KiB, at most 16 MiB.
   */
  readonly maxErrorBodyBytes?: number | undefined
  /**
   * The most bytes of a success body read, after any `Content-Encoding` is undone. A larger
   * body fails the call with `UnexpectedResponse` (not retried) and its connection is closed
   * without reading the rest. Default 32 MiB, at most 256 MiB.
   */
  readonly maxResponseBytes?: number | undefined
  readonly userAgent?: string | undefined
}

/**
 * Per-call settings, on top of the client's.
 *
 * @since 0.1.0
 */
export interface CallOptions {
  /** Replaces the client's retry options for this call; `false` makes one attempt. */
  readonly retry?: RetryPolicy.Options | false | undefined
  readonly timeout?: Duration.Input | undefined
  /**
   * The `Idempotency-Key` of a create call, the same on every attempt (rule R4).
   * Typed create methods send a fresh one per call unless given one; pass your own
   * to make a call safe to repeat across processes. HeyGen honors it on v3 routes only
   * (see `Idempotency`), so only there does it make a call retriable after HeyGen may
   * have got it.
   */
  readonly idempotencyKey?: string | undefined
}

/** @since 0.1.0 */
export type Method = HeyGenApi.Method | "PUT" | "PATCH" | "HEAD"

/**
 * One HTTP call, for endpoints the typed methods don't cover.
 *
 * @since 0.1.0
 */
export interface RequestOptions<S extends Schema.ConstraintDecoder<unknown>> {
  readonly method: Method
  /** A path template: `{name}` segments are filled from `pathParams`, URL-encoded. */
  readonly path: string
  readonly pathParams?: Readonly<Record<string, string>> | undefined
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>> | undefined
  /** A JSON body. */
  readonly json?: unknown
  /** Extra request headers; they never replace the client's own (`x-api-key`, `idempotency-key`…). */
  readonly headers?: Readonly<Record<string, string>> | undefined
  /** A raw body and its MIME type (uploads). */
  readonly body?: { readonly data: Uint8Array; readonly contentType: string } | undefined
  /** A `multipart/form-data` body (v3 uploads); the runtime writes the boundary. */
  readonly form?: FormData | undefined
  /** A body sent as it is read, never buffered whole (uploads): see `StreamBody` (rule U1). */
  readonly stream?: StreamBody | undefined
  readonly host?: HeyGenApi.Host | undefined
  /**
   * What `success` decodes: the envelope's `data` (default), or the `whole` JSON object —
   * v3 list pages carry `has_more` and `next_token` beside `data`.
   */
  readonly envelope?: "data" | "whole" | undefined
  /** The schema of the envelope's `data` (or of the whole body). */
  readonly success: S
  readonly retry?: RetryPolicy.Options | false | undefined
  readonly timeout?: Duration.Input | undefined
  /**
   * `true` sends a fresh `Idempotency-Key`; a string sends that key, the same on every
   * attempt (rule R4). On a route that honors it (`Idempotency.honorsKey`: v3 mutations)
   * it must be 1–255 characters of `[A-Za-z0-9_:.-]`, and it makes the call retriable after
   * a 5xx, a timeout, a reset or a `409 request_in_progress`; elsewhere it is only sent.
   */
  readonly idempotencyKey?: string | boolean | undefined
  /** The span name suffix: `HeyGenClient.<operation>`. Default `request`. */
  readonly operation?: string | undefined
}

/**
 * A successful call's value with what came with it (`request({ …, withResponse: true })`),
 * as openai-node's `withResponse()`: the request id to quote to HeyGen, the headers.
 *
 * @since 0.1.0
 */
export interface WithResponse<A> {
  readonly value: A
  readonly status: number
  /** `X-Request-Id`, when the server sent one. */
  readonly requestId?: string | undefined
  /** The response headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>
}

/**
 * A request body sent as it is read, chunk by chunk, on every transport (fetch with
 * `duplex: "half"`, undici, node:http): memory holds a chunk, never the whole body.
 *
 * A stream is read once: unless `replayable`, the call makes one attempt whatever the retry
 * policy, since a repeat would send a body already consumed (rule U1), and that attempt may
 * take its whole `timeout` even past the retry deadline. A failure of the stream itself fails
 * the call with a `TransportError` of reason `Encode`, never retried.
 *
 * @since 0.1.0
 */
export interface StreamBody {
  readonly body: ReadableStream<Uint8Array> | Stream.Stream<Uint8Array, unknown>
  /** The body's MIME type, e.g. `multipart/form-data; boundary=…`. */
  readonly contentType: string
  /** The body's size in bytes, when known: transports that can declare it do (`Content-Length`). */
  readonly contentLength?: number | undefined
  /**
   * `true` when running `body` again sends the same bytes again (an Effect `Stream` over bytes
   * in memory, a `Blob`): the call is then retried as any other. Ignored for a `ReadableStream`.
   */
  readonly replayable?: boolean | undefined
}

/** @since 0.1.0 */
export interface Upload {
  readonly data: Uint8Array
  /** The file's MIME type, e.g. `image/png`. */
  readonly contentType: string
}

/**
 * The client: a generic `request` and one method per HeyGen endpoint.
 *
 * @since 0.1.0
 */
export interface Service {
  /**
   * The `HttpClient` the client runs on, bare: no key, no header of the client's. For another
   * origin a HeyGen answer points at — a presigned upload URL — so a program reaches it over
   * the adapter's transport (undici on Node); never for HeyGen's API, which needs `request`.
   */
  readonly http?: HttpClient.HttpClient | undefined
  readonly request: {
    <S extends Schema.ConstraintDecoder<unknown>>(
      options: RequestOptions<S> & { readonly withResponse: true }
    ): Effect.Effect<WithResponse<S["Type"]>, HeyGenError.HeyGenError>
    <S extends Schema.ConstraintDecoder<unknown>>(
      options: RequestOptions<S>
    ): Effect.Effect<S["Type"], HeyGenError.HeyGenError>
  }
  readonly generateVideo: (
    input: HeyGenApi.VideoGenerateRequest,
    options?: CallOptions
  ) => Effect.Effect<HeyGenApi.VideoCreated, HeyGenError.HeyGenError>
  readonly getVideoStatus: (
    videoId: string,
    options?: CallOptions
  ) => Effect.Effect<HeyGenApi.VideoStatus, HeyGenError.HeyGenError>
  readonly deleteVideo: (
    videoId: string,
    options?: CallOptions
  ) => Effect.Effect<void, HeyGenError.HeyGenError>
  readonly listAvatars: (
    options?: CallOptions
  ) => Effect.Effect<HeyGenApi.AvatarList, HeyGenError.HeyGenError>
  readonly listVoices: (options?: CallOptions) => Effect.Effect<HeyGenApi.VoiceList, HeyGenError.HeyGenError>
  readonly listTemplates: (
    options?: CallOptions
  ) => Effect.Effect<HeyGenApi.TemplateList, HeyGenError.HeyGenError>
  readonly getTemplate: (
    templateId: string,
    options?: CallOptions
  ) => Effect.Effect<HeyGenApi.Template, HeyGenError.HeyGenError>
  readonly generateFromTemplate: (
    templateId: string,
    input: HeyGenApi.TemplateGenerateRequest,
    options?: CallOptions
  ) => Effect.Effect<HeyGenApi.VideoCreated, HeyGenError.HeyGenError>
  readonly uploadAsset: (
    upload: Upload,
    options?: CallOptions
  ) => Effect.Effect<HeyGenApi.Asset, HeyGenError.HeyGenError>
  readonly translateVideo: (
    input: HeyGenApi.VideoTranslateRequest,
    options?: CallOptions
  ) => Effect.Effect<HeyGenApi.VideoTranslateCreated, HeyGenError.HeyGenError>
  readonly getVideoTranslation: (
    videoTranslateId: string,
    options?: CallOptions
  ) => Effect.Effect<HeyGenApi.VideoTranslation, HeyGenError.HeyGenError>
  readonly generateVideoAgent: (
    input: HeyGenApi.VideoAgentRequest,
    options?: CallOptions
  ) => Effect.Effect<HeyGenApi.VideoCreated, HeyGenError.HeyGenError>
  readonly getRemainingQuota: (
    options?: CallOptions
  ) => Effect.Effect<HeyGenApi.RemainingQuota, HeyGenError.HeyGenError>
}

/**
 * A body read once is sent once (rule U1): one attempt, given its whole timeout even past the
 * deadline — an upload's 10 minutes are not cut to the default 120 s budget.
 */
const onceIfStreamed = (
  policy: RetryPolicy.Resolved,
  streamed: { readonly replayable: boolean } | undefined,
  timeout: number
): RetryPolicy.Resolved => {
  if (streamed === undefined) return policy
  const deadline = Duration.toMillis(policy.deadline) >= timeout ? policy.deadline : Duration.millis(timeout)
  return streamed.replayable ? { ...policy, deadline } : { ...policy, deadline, maxRetries: 0 }
}

const identity = <A>(a: A): A => a

const idempotentMethods: ReadonlySet<string> = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"])

const trimSlash = (url: string) => (url.endsWith("/") ? url.slice(0, -1) : url)

const MiB = 1024 * 1024

const fillPath = (
  template: string,
  params: Readonly<Record<string, string>> | undefined
): string | undefined => {
  let missing = false
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params !== undefined && Object.hasOwn(params, name) ? params[name] : undefined
    if (value === undefined) missing = true
    return encodeURIComponent(value ?? "")
  })
  return missing ? undefined : path
}

const credentialsMessage =
  "HeyGenClient needs exactly one of apiKey (HEYGEN_API_KEY) and accessToken (HEYGEN_ACCESS_TOKEN)"

/** The header the credentials go in, and its value, read only when a request is made. */
const credentialOf = (options: Options) => {
  const { apiKey, accessToken } = options
  if (apiKey !== undefined && accessToken === undefined && Redacted.isRedacted(apiKey))
    return { header: "x-api-key", secret: apiKey, value: () => Redacted.value(apiKey) } as const
  if (accessToken !== undefined && apiKey === undefined && Redacted.isRedacted(accessToken))
    return {
      header: "authorization",
      secret: accessToken,
      value: () => `Bearer ${Redacted.value(accessToken)}`
    } as const
  return undefined
}

/**
 * Builds the client from its options over the `HttpClient` in context. Options without
 * exactly one credential are a defect (the types already forbid them).
 *
 * @since 0.1.0
 */
export const make = /* @__PURE__ */ Effect.fnUntraced(function* (options: Options) {
  const http = yield* HttpClient.HttpClient
  const credential = credentialOf(options)
  if (credential === undefined) return yield* Effect.die(new Error(credentialsMessage))
  const hosts: Record<HeyGenApi.Host, string> = {
    api: trimSlash(options.baseUrl ?? defaultBaseUrl),
    upload: trimSlash(options.uploadUrl ?? defaultUploadUrl)
  }
  const userAgent = options.userAgent ?? defaultUserAgent
  const clientTimeout = Duration.toMillis(Duration.fromInputUnsafe(options.timeout ?? defaultTimeout))
  const clientRetry = options.retry === false ? { maxRetries: 0 } : options.retry
  const clientPolicy = RetryPolicy.resolve(clientRetry)
  /** The policy of one call: the client's, with the call's options on top (rule R4 decides `idempotent`). */
  const policyOf = (
    retry: RetryPolicy.Options | false | undefined,
    idempotent: boolean
  ): RetryPolicy.Resolved => {
    const base =
      retry === undefined
        ? clientPolicy
        : RetryPolicy.resolve({ ...clientRetry, ...(retry === false ? { maxRetries: 0 } : retry) })
    return base.idempotent === idempotent ? base : { ...base, idempotent }
  }
  const maxResponseBytes = byteCount(options.maxResponseBytes, defaultMaxResponseBytes, maxStringBytes)
  // A negative or NaN bound would read nothing or everything: fall back, or clamp.
  const maxErrorBodyBytes = byteCount(options.maxErrorBodyBytes, ErrorDecoder.defaultMaxBodyBytes, 16 * MiB)

  const transport = Transport.make({ http, secret: credential.secret, maxErrorBodyBytes, maxResponseBytes })
  const { transportFailure } = transport

  const requestAny = <S extends Schema.ConstraintDecoder<unknown>>(
    options: RequestOptions<S> & { readonly withResponse?: boolean | undefined }
  ): Effect.Effect<S["Type"] | WithResponse<S["Type"]>, HeyGenError.HeyGenError> => {
    const withResponse = options.withResponse === true
    const call: Transport.Call = {
      method: options.method,
      path: options.path,
      operation: options.operation ?? "request"
    }
    const decodeData: (u: unknown) => Exit.Exit<S["Type"], SchemaIssue.Issue> =
      SchemaParser.decodeUnknownExit(options.success)
    return Effect.suspend(() => {
      const path = fillPath(options.path, options.pathParams)
      if (path === undefined) {
        return Effect.fail(transportFailure(call, "Encode", `a path parameter of ${options.path} is missing`))
      }
      // `host + path` must stay on the host: `@evil.test/x` or `.evil.test/x` would move the
      // credentials to another origin (rules S3, S4).
      if (!path.startsWith("/")) {
        return Effect.fail(transportFailure(call, "Encode", "a path must start with /"))
      }
      const key =
        options.idempotencyKey === true
          ? crypto.randomUUID()
          : options.idempotencyKey === false
            ? undefined
            : options.idempotencyKey
      let body: HttpBody.HttpBody | undefined
      const streamed = options.stream === undefined ? undefined : streamBody(options.stream)
      try {
        body =
          options.body !== undefined
            ? HttpBody.uint8Array(options.body.data, options.body.contentType)
            : options.form !== undefined
              ? HttpBody.formData(options.form)
              : streamed !== undefined
                ? streamed.body
                : options.json !== undefined
                  ? HttpBody.text(JSON.stringify(options.json), "application/json")
                  : undefined
      } catch (cause) {
        return Effect.fail(transportFailure(call, "Encode", cause))
      }
      const headers: Record<string, string> = {
        ...options.headers,
        [credential.header]: credential.value(),
        accept: "application/json",
        "user-agent": userAgent
      }
      // Only a key the route honors makes a repeat safe after HeyGen may have got the request.
      const honored = key !== undefined && Idempotency.honorsKey(options.method, options.path)
      if (honored && !Idempotency.isValidKey(key)) {
        return Effect.fail(
          transportFailure(call, "Encode", "an Idempotency-Key is 1–255 characters of [A-Za-z0-9_:.-]")
        )
      }
      if (key !== undefined) headers["idempotency-key"] = key
      const query: Record<string, string> = {}
      for (const [name, value] of Object.entries(options.query ?? {})) {
        if (value !== undefined) query[name] = String(value)
      }
      const httpRequest = HttpClientRequest.make(options.method)(hosts[options.host ?? "api"] + path, {
        urlParams: query,
        headers,
        ...(body === undefined ? {} : { body })
      })
      const timeout =
        options.timeout === undefined
          ? clientTimeout
          : Duration.toMillis(Duration.fromInputUnsafe(options.timeout))
      const policy = onceIfStreamed(
        policyOf(options.retry, idempotentMethods.has(options.method) || honored),
        streamed,
        timeout
      )
      return RetryPolicy.retryWithin(
        (remaining) =>
          (streamed === undefined ? identity : streamed.blame(call, transportFailure))(
            transport.attempt(call, httpRequest, Math.min(timeout, remaining), (response, text) => {
              const decoded = unwrap(transport, response, text, decodeData, options.envelope === "whole")
              return withResponse
                ? Effect.map(decoded, (value) => ({
                    value,
                    status: response.status,
                    requestId: response.headers["x-request-id"],
                    headers: response.headers
                  }))
                : decoded
            })
          ),
        policy
      )
    }).pipe(
      Effect.tapError((error) => Effect.annotateCurrentSpan("heygen.error.code", error.code)),
      Effect.withSpan(
        `HeyGenClient.${call.operation}`,
        {
          kind: "client",
          attributes: { "http.request.method": options.method, "url.template": options.path }
        },
        // A stack captured here would point into the client, and costs ~6 µs a call.
        { captureStackTrace: false }
      )
    )
  }

  const request = requestAny as Service["request"]

  const endpoint = <S extends Schema.ConstraintDecoder<unknown>>(
    operation: HeyGenApi.Operation,
    spec: HeyGenApi.Endpoint & { readonly response: S },
    options: CallOptions | undefined,
    extra: Omit<Partial<RequestOptions<S>>, "success">
  ) =>
    request({
      method: spec.method,
      path: spec.path,
      host: spec.host,
      success: spec.response,
      operation,
      retry: options?.retry,
      timeout: options?.timeout,
      // Create calls always carry a key. The v1/v2 routes aren't known to honor it, so it
      // doesn't make them retriable after HeyGen may have got them (rule R4); it costs nothing.
      idempotencyKey: spec.method === "POST" ? (options?.idempotencyKey ?? true) : options?.idempotencyKey,
      ...extra
    })
  const api = HeyGenApi.endpoints

  const service: Service = {
    http,
    request,
    generateVideo: (input, options) => endpoint("generateVideo", api.generateVideo, options, { json: input }),
    getVideoStatus: (videoId, options) =>
      endpoint("getVideoStatus", api.getVideoStatus, options, { query: { video_id: videoId } }),
    deleteVideo: (videoId, options) =>
      Effect.asVoid(endpoint("deleteVideo", api.deleteVideo, options, { query: { video_id: videoId } })),
    listAvatars: (options) => endpoint("listAvatars", api.listAvatars, options, {}),
    listVoices: (options) => endpoint("listVoices", api.listVoices, options, {}),
    listTemplates: (options) => endpoint("listTemplates", api.listTemplates, options, {}),
    getTemplate: (templateId, options) =>
      endpoint("getTemplate", api.getTemplate, options, { pathParams: { template_id: templateId } }),
    generateFromTemplate: (templateId, input, options) =>
      endpoint("generateFromTemplate", api.generateFromTemplate, options, {
        pathParams: { template_id: templateId },
        json: input
      }),
    uploadAsset: (upload, options) => endpoint("uploadAsset", api.uploadAsset, options, { body: upload }),
    translateVideo: (input, options) =>
      endpoint("translateVideo", api.translateVideo, options, { json: input }),
    getVideoTranslation: (videoTranslateId, options) =>
      endpoint("getVideoTranslation", api.getVideoTranslation, options, {
        pathParams: { video_translate_id: videoTranslateId }
      }),
    generateVideoAgent: (input, options) =>
      endpoint("generateVideoAgent", api.generateVideoAgent, options, { json: input }),
    getRemainingQuota: (options) => endpoint("getRemainingQuota", api.getRemainingQuota, options, {})
  }
  return service
})

// Every setting as configured; the credentials are checked once overrides are on top.
const settings = /* @__PURE__ */ Config.all({
  apiKey: Config.option(Config.Redacted("HEYGEN_API_KEY")),
  accessToken: Config.option(Config.Redacted("HEYGEN_ACCESS_TOKEN")),
  baseUrl: Config.option(Config.String("HEYGEN_BASE_URL")),
  uploadUrl: Config.option(Config.String("HEYGEN_UPLOAD_URL")),
  timeout: Config.option(Config.Duration("HEYGEN_TIMEOUT")),
  deadline: Config.option(Config.Duration("HEYGEN_DEADLINE")),
  maxRetries: Config.option(Config.Int("HEYGEN_MAX_RETRIES")),
  maxErrorBodyBytes: Config.option(Config.Int("HEYGEN_MAX_ERROR_BODY_BYTES")),
  maxResponseBytes: Config.option(Config.Int("HEYGEN_MAX_RESPONSE_BYTES")),
  userAgent: Config.option(Config.String("HEYGEN_USER_AGENT"))
})

const credentialsError = (message: string) => Config.fail(new ConfigProvider.SourceError({ message }))

const fromSettings = (overrides: Partial<Options> | undefined) =>
  Config.flatMap(settings, (c): Config.Config<Options> => {
    // Credentials given as overrides replace the configured ones: never one of each.
    const given = overrides?.apiKey !== undefined || overrides?.accessToken !== undefined
    const apiKey = given ? overrides?.apiKey : Option.getOrUndefined(c.apiKey)
    const accessToken = given ? overrides?.accessToken : Option.getOrUndefined(c.accessToken)
    if (apiKey !== undefined && accessToken !== undefined)
      return credentialsError(
        "Both HEYGEN_API_KEY and HEYGEN_ACCESS_TOKEN are set: give exactly one (an API key or an OAuth access token)"
      )
    if (apiKey === undefined && accessToken === undefined)
      return credentialsError(
        "Missing HEYGEN_API_KEY (an API key) or HEYGEN_ACCESS_TOKEN (an OAuth access token): give exactly one"
      )
    const configured: Options = {
      baseUrl: Option.getOrUndefined(c.baseUrl),
      uploadUrl: Option.getOrUndefined(c.uploadUrl),
      timeout: Option.getOrUndefined(c.timeout),
      retry: {
        ...(Option.isSome(c.deadline) ? { deadline: c.deadline.value } : {}),
        ...(Option.isSome(c.maxRetries) ? { maxRetries: c.maxRetries.value } : {})
      },
      maxErrorBodyBytes: Option.getOrUndefined(c.maxErrorBodyBytes),
      maxResponseBytes: Option.getOrUndefined(c.maxResponseBytes),
      userAgent: Option.getOrUndefined(c.userAgent)
    }
    const { apiKey: _key, accessToken: _token, ...rest } = overrides ?? {}
    return Config.succeed({
      ...configured,
      ...rest,
      ...(apiKey !== undefined ? { apiKey } : { accessToken })
    })
  })

/**
 * The client's options from configuration: exactly one of `HEYGEN_API_KEY` and
 * `HEYGEN_ACCESS_TOKEN` (an OAuth access token; neither or both is a `ConfigError`), and
 * optionally `HEYGEN_BASE_URL`, `HEYGEN_UPLOAD_URL`, `HEYGEN_TIMEOUT`, `HEYGEN_DEADLINE`,
 * `HEYGEN_MAX_RETRIES`, `HEYGEN_MAX_ERROR_BODY_BYTES`, `HEYGEN_MAX_RESPONSE_BYTES`,
 * `HEYGEN_USER_AGENT`.
 *
 * @since 0.1.0
 */
export const config: Config.Config<Options> = /* @__PURE__ */ fromSettings(undefined)

/**
 * The HeyGen client service.
 *
 * @since 0.1.0
 */
export class HeyGenClient extends Context.Service<HeyGenClient, Service>()(
  "@effect-heygen/core/HeyGenClient"
) {}

/**
 * A client from options; needs an `HttpClient` (an adapter provides the runtime's best).
 *
 * @since 0.1.0
 */
export const layer = (options: Options): Layer.Layer<HeyGenClient, never, HttpClient.HttpClient> =>
  Layer.effect(HeyGenClient, make(options))

/**
 * A client from configuration: by default `config` (`HEYGEN_*` from the current
 * `ConfigProvider`); pass your own `Config` of the options, or `config` mapped, to
 * change where they come from.
 *
 * @since 0.1.0
 */
export const layerConfig = (
  options: Config.Config<Options> = config
): Layer.Layer<HeyGenClient, Config.ConfigError, HttpClient.HttpClient> =>
  Layer.effect(HeyGenClient, Effect.flatMap(options, make))

/**
 * `config` with `overrides` on top, field by field (what the adapters' `layer` takes). An
 * `apiKey` or `accessToken` among them replaces the configured credentials, so the
 * environment needs none then.
 *
 * @since 0.1.0
 */
export const configWith = (overrides: Partial<Options> | undefined): Config.Config<Options> =>
  overrides === undefined ? config : fromSettings(overrides)
