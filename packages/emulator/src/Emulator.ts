/**
 * A stateful local HeyGen: every documented error arises under its real
 * condition (rules M1–M16), can also be forced or scripted (M21), with latency
 * and faults on demand (M22), control endpoints (M23), consistent state under
 * concurrency (M24). It is an `effect/http` app, served natively per runtime or
 * as a web handler (M25), built on core's `HeyGenServer.middleware`. The tester's
 * tools (control, faults, forced errors) are off unless enabled, and then need a
 * token; every table requests grow is bounded (issue 10).
 *
 * @since 0.1.0
 */
import * as Catalog from "@effect-heygen/core/Catalog"
import * as ErrorEncoder from "@effect-heygen/core/ErrorEncoder"
import * as HeyGenApi from "@effect-heygen/core/HeyGenApi"
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as HeyGenServer from "@effect-heygen/core/HeyGenServer"
import * as ByteSize from "effect/ByteSize"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as HttpEffect from "effect/http/HttpEffect"
import * as HttpIncomingMessage from "effect/http/HttpIncomingMessage"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Schema from "effect/Schema"
import * as SchemaParser from "effect/SchemaParser"
import * as Stream from "effect/Stream"
import * as Struct from "effect/Struct"
import * as EmulatorState from "./EmulatorState.ts"
import * as EmulatorStore from "./EmulatorStore.ts"
import * as Fixtures from "./Fixtures.ts"
import * as Idempotency from "./Idempotency.ts"
import { hostName, isJson, isLoopback, sameToken, tokenHeader } from "./internal/guard.ts"
import { admit, admitLast, decodeSegment, own } from "./internal/lookup.ts"

/** @since 0.1.0 */
export interface Options {
  /**
   * Serve the `/__emulator/*` control endpoints (rule M23) and honor the `X-Emulator-*`
   * fault and forced-error headers (M21, M22). Default `false`: requests are answered as
   * HeyGen would, whatever their headers.
   */
  readonly control?: boolean | undefined
  /**
   * The secret every control request sends in `X-Emulator-Token`; required with
   * `control: true` (`pnpm emulator` makes a random one and prints it).
   */
  readonly controlToken?: string | undefined
  /** Host names control requests may name besides loopback ones (against DNS rebinding). Default none. */
  readonly allowedHosts?: ReadonlyArray<string> | undefined
  /** Per account and route: a bucket of `capacity` requests refilled at `refillPerSecond` (rule M4). */
  readonly rateLimit?: { readonly capacity: number; readonly refillPerSecond: number } | undefined
  /** How long a video renders, in emulator time. Default 30 s. */
  readonly renderSeconds?: number | undefined
  /** The free plan's video-agent quota period (rule M5). Default 30 days. */
  readonly quotaPeriodDays?: number | undefined
  /** The largest JSON request body (rule S2). Default 1 MiB. */
  readonly maxBodyBytes?: number | undefined
  /** The largest asset upload. Default 10 MiB. */
  readonly maxAssetBytes?: number | undefined
  /** Bounds on the tables requests grow (issue 10.9); see `EmulatorState.defaultLimits`. */
  readonly limits?: Partial<EmulatorState.Limits> | undefined
}

/** Credits a video costs: 1 per started 100 characters of script, 2 per audio input (rule M6). @since 0.1.0 */
export const videoCost = (request: HeyGenApi.VideoGenerateRequest): number =>
  request.video_inputs.reduce(
    (sum, input) =>
      sum + (input.voice.type === "text" ? Math.max(1, Math.ceil(input.voice.input_text.length / 100)) : 2),
    0
  )
/** @since 0.1.0 */
export const templateCost = 5
/** @since 0.1.0 */
export const agentCost = 5
/** @since 0.1.0 */
export const assetTypes: ReadonlyArray<string> = [
  "image/png",
  "image/jpeg",
  "video/mp4",
  "audio/mpeg",
  "audio/wav"
]
/** @since 0.1.0 */
export const controlPrefix = "/__emulator/"
/** The header control requests carry the token in. @since 0.1.0 */
export const controlTokenHeader = tokenHeader
/** The longest `X-Emulator-Delay-Ms` honored. @since 0.1.0 */
export const maxDelayMs = 60_000

type Failure = HeyGenError.HeyGenError
type Handler = Effect.Effect<
  HttpServerResponse.HttpServerResponse,
  Failure,
  HttpServerRequest.HttpServerRequest
>

const v2 = (data: unknown) => HeyGenServer.jsonResponse({ error: null, data })
const v1 = (data: unknown) => HeyGenServer.jsonResponse({ code: 100, data, message: "Success" })

const unauthorized = new HeyGenError.Unauthorized({ message: "Invalid or missing API key." })

/** The codes `counters.byCode` counts by name; any other counts as `other`. */
const countedCodes: ReadonlySet<string> = new Set([
  ...Catalog.entries.map((e) => e.code),
  "not_found",
  Idempotency.inProgress.code
])

const jsonContentType = "application/json; charset=utf-8"

/** A response's body as text, to remember it (the emulator's responses are all text). */
const bodyText = (response: HttpServerResponse.HttpServerResponse): string =>
  response.body._tag === "Uint8Array"
    ? (response.body.text ?? new TextDecoder().decode(response.body.body))
    : ""

const notJson = new HeyGenError.InvalidParameter({
  message: "Invalid parameter Content-Type: the body must be application/json.",
  param: "Content-Type"
})

/** A JSON body route refuses any other content type (a cross-site form can only post text/plain). */
const requireJson: Effect.Effect<void, Failure, HttpServerRequest.HttpServerRequest> = Effect.flatMap(
  HttpServerRequest.HttpServerRequest,
  (request) => (isJson(request.headers["content-type"] ?? "") ? Effect.void : Effect.fail(notJson))
)

/** The request's JSON body decoded by a schema (rules M14, E6), from a JSON content type only. */
const decodeJson = <S extends Schema.ConstraintDecoder<unknown>>(schema: S) =>
  Effect.andThen(requireJson, HeyGenServer.decodeBody(schema))

const badEncoding = (param: string) =>
  new HeyGenError.InvalidParameter({ message: `Invalid parameter ${param}: broken percent-encoding.`, param })

interface NodeSocket {
  readonly destroy: () => void
  readonly once: (event: "close", listener: () => void) => void
}

/** The connection's socket when the request came through node:http (faults need it, rule M22). */
const nodeSocket = (request: HttpServerRequest.HttpServerRequest): NodeSocket | undefined => {
  const socket: unknown = (request.source as { readonly socket?: unknown }).socket
  return typeof socket === "object" && socket !== null && "destroy" in socket && "once" in socket
    ? (socket as NodeSocket)
    : undefined
}

/** `PUT /__emulator/state`: any subset of the state's members, each checked whole. */
const decodeStatePart = SchemaParser.decodeUnknownExit(
  EmulatorState.State.mapFields(Struct.map(Schema.optionalKey))
)

/** How far one `POST /__emulator/clock` may move time: forward, at most ten years. */
const AdvanceMillis = Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 3650 * 24 * 3600 * 1000 }))

const templatePath = /^\/v2\/template\/([^/]+)(\/generate)?$/
const translationPath = /^\/v2\/video_translate\/([^/]+)$/

/**
 * The route a request names, with `{id}` for its path ids: the unit of a rate budget, so
 * a new template id is no new budget (rule M4, issue 10.9).
 */
const routeOf = (method: string, path: string): string => {
  const template = templatePath.exec(path)
  if (template !== null) return `${method} /v2/template/{id}${template[2] ?? ""}`
  return translationPath.test(path) ? `${method} /v2/video_translate/{id}` : `${method} ${path}`
}

/** A failure for a code named by a tester (rule M21). */
const forcedError = (code: string, account: EmulatorState.Account | undefined): Failure => {
  const Class = HeyGenError.classOf(code)
  if (Class === undefined)
    return new HeyGenError.UnknownApiError({ code, status: 400, message: `Forced ${code}` })
  if (Class === HeyGenError.InsufficientCredit) {
    const available = account?.credits ?? 0
    return new HeyGenError.InsufficientCredit({ available, required: available + 1 })
  }
  if (Class === HeyGenError.RateLimitExceeded)
    return new HeyGenError.RateLimitExceeded({ retryAfter: Duration.seconds(1) })
  return new Class({ message: `Forced ${code}.` })
}

/**
 * The emulator as an `effect/http` app: `HttpServerRequest` in, a response out,
 * never failing (errors leave as HeyGen's envelopes).
 *
 * @since 0.1.0
 */
export const make = Effect.fnUntraced(function* (options: Options = {}) {
  // Where state lives: the `EmulatorStore` in context, else memory seeded with the fixtures.
  const provided = yield* Effect.serviceOption(EmulatorStore.EmulatorStore)
  const store =
    provided._tag === "Some"
      ? provided.value
      : yield* EmulatorStore.memory(Fixtures.seed(yield* Clock.currentTimeMillis))
  const capacity = options.rateLimit?.capacity ?? 60
  const refillPerSecond = options.rateLimit?.refillPerSecond ?? 1
  const renderMillis = (options.renderSeconds ?? 30) * 1000
  const quotaPeriod = (options.quotaPeriodDays ?? 30) * 24 * 3600 * 1000
  const maxAssetBytes = options.maxAssetBytes ?? 10 * 1024 * 1024
  const controlOn = options.control === true
  const controlToken = options.controlToken ?? ""
  if (controlOn && controlToken === "")
    return yield* Effect.die(
      new Error("Emulator: `control: true` needs a `controlToken` (sent as X-Emulator-Token)")
    )
  const allowedHosts = new Set((options.allowedHosts ?? []).map((host) => host.toLowerCase()))
  const limits: EmulatorState.Limits = { ...EmulatorState.defaultLimits, ...options.limits }

  const now = Effect.flatMap(Clock.currentTimeMillis, (real) => store.read((s) => real + s.clockOffset))
  const nextId = (state: EmulatorState.State, prefix: string) =>
    `${prefix}_${(++state.sequence).toString(36).padStart(6, "0")}`

  /** Takes one request from the account's budget for this route, or fails with the wait (rule M4). */
  const spend = (state: EmulatorState.State, bucketKey: string, at: number): Failure | undefined => {
    let bucket = own(state.buckets, bucketKey)
    if (bucket === undefined) {
      bucket = { tokens: capacity, updatedAt: at }
      admit(state.buckets, bucketKey, bucket, limits.buckets)
    }
    bucket.tokens = Math.min(capacity, bucket.tokens + ((at - bucket.updatedAt) / 1000) * refillPerSecond)
    bucket.updatedAt = at
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      return undefined
    }
    const wait = refillPerSecond > 0 ? (1 - bucket.tokens) / refillPerSecond : 3600
    return new HeyGenError.RateLimitExceeded({
      message: `Rate limit of ${capacity} requests for this endpoint exceeded; retry in ${Math.ceil(wait)}s.`,
      retryAfter: Duration.seconds(wait)
    })
  }

  /** The billing checks every money-spending call shares (rules M4, M6, M7). */
  const bill = (
    state: EmulatorState.State,
    account: EmulatorState.Account,
    cost: number,
    test: boolean,
    at: number,
    limitRenders = true
  ): Failure | undefined => {
    if (test) return undefined
    const plan = EmulatorState.plans[account.plan]
    if (plan.trialVideos !== null && account.videosGenerated >= plan.trialVideos) {
      return new HeyGenError.TrialLimitExceeded({
        message: `Trial accounts may generate ${plan.trialVideos} videos; upgrade to continue.`
      })
    }
    const rendering = limitRenders
      ? Object.values(state.videos).filter(
          (v) => v.owner === account.id && !v.test && !v.deleted && v.readyAt > at
        )
      : []
    if (limitRenders && rendering.length >= plan.concurrentJobs) {
      const freesAt = Math.min(...rendering.map((v) => v.readyAt))
      return new HeyGenError.RateLimitExceeded({
        message: `${plan.concurrentJobs} video(s) already rendering; retry when one finishes.`,
        retryAfter: Duration.millis(freesAt - at)
      })
    }
    if (cost > account.credits)
      return new HeyGenError.InsufficientCredit({ available: account.credits, required: cost })
    return undefined
  }

  const createVideo = (
    state: EmulatorState.State,
    account: EmulatorState.Account,
    cost: number,
    test: boolean,
    at: number
  ) => {
    if (!test) {
      account.credits -= cost
      account.videosGenerated += 1
    }
    const id = nextId(state, "vid")
    admit(
      state.videos,
      id,
      { id, owner: account.id, createdAt: at, readyAt: at + renderMillis, test, deleted: false },
      limits.videos
    )
    return id
  }

  /** An asset a request refers to: missing, still uploading or deleted is not found; another's is denied (M3, M13). */
  const checkAsset = (
    state: EmulatorState.State,
    account: EmulatorState.Account,
    id: string,
    param: string
  ) => {
    const asset = own(state.assets, id)
    if (asset === undefined || asset.status !== "ready") {
      const why =
        asset === undefined
          ? "does not exist"
          : asset.status === "uploading"
            ? "is still uploading"
            : "was deleted"
      return new HeyGenError.AssetNotFound({ message: `Asset ${id} ${why}.`, param })
    }
    if (asset.owner !== account.id)
      return new HeyGenError.ResourceAccessDenied({
        message: `Asset ${id} belongs to another account.`,
        param
      })
    return undefined
  }

  const routes = (
    account: EmulatorState.Account,
    key: EmulatorState.ApiKey,
    method: string,
    path: string
  ): Handler | undefined => {
    const ownOrPublic = (owner: string | null) => owner === null || owner === account.id
    /** The caller's account in this state: a reset or a replaced state may have dropped it. */
    const ownerIn = (state: EmulatorState.State) => own(state.accounts, account.id)
    /** Why a public-or-own resource can't be used yet, if it can't (rules M10, M11). */
    const unusable = (
      resource: { readonly owner: string | null; readonly status: string } | undefined,
      busy: string
    ) =>
      resource === undefined || !ownOrPublic(resource.owner)
        ? "was not found"
        : resource.status !== "ready"
          ? `is still ${busy}`
          : undefined
    const videoAccess = (state: EmulatorState.State, id: string) => {
      const video = own(state.videos, id)
      if (video === undefined || video.deleted) {
        return {
          video: undefined,
          error: new HeyGenError.VideoNotFound({ message: `Video ${id} not found.` })
        }
      }
      if (video.owner !== account.id) {
        return {
          video: undefined,
          error: new HeyGenError.ResourceAccessDenied({ message: `Video ${id} belongs to another account.` })
        }
      }
      return { video, error: undefined }
    }
    const templateAccess = (state: EmulatorState.State, id: string) => {
      const template = own(state.templates, id)
      if (template === undefined) {
        return {
          template: undefined,
          error: new HeyGenError.TemplateNotFound({ message: `Template ${id} not found.` })
        }
      }
      if (template.visibility === "private" && template.owner !== account.id) {
        return {
          template: undefined,
          error: new HeyGenError.ResourceAccessDenied({
            message: `Template ${id} is private to another account.`
          })
        }
      }
      return { template, error: undefined }
    }
    const route = `${method} ${path}`
    switch (route) {
      case "GET /v2/avatars":
        return store.read((s) =>
          v2({
            avatars: Object.values(s.avatars)
              .filter((a) => ownOrPublic(a.owner) && a.status === "ready")
              .map((a) => ({
                avatar_id: a.avatar_id,
                avatar_name: a.avatar_name,
                gender: a.gender,
                premium: a.premium,
                preview_image_url: null
              })),
            talking_photos: []
          })
        )
      case "GET /v2/voices":
        return store.read((s) =>
          v2({
            voices: Object.values(s.voices)
              .filter((v) => ownOrPublic(v.owner) && v.status === "ready")
              .map((v) => ({ voice_id: v.voice_id, name: v.name, language: v.language }))
          })
        )
      case "GET /v2/templates":
        return store.read((s) =>
          v2({
            templates: Object.values(s.templates)
              .filter((t) => t.visibility === "public" || t.owner === account.id)
              .map((t) => ({ template_id: t.template_id, name: t.name }))
          })
        )
      case "GET /v2/user/remaining_quota":
        return Effect.flatMap(store.read(ownerIn), (owner) =>
          owner === undefined
            ? Effect.fail(unauthorized)
            : Effect.succeed(v2({ remaining_quota: owner.credits }))
        )
      case "GET /v2/organization/members":
        if (account.organization === null || key.role !== "admin") {
          return Effect.fail(
            new HeyGenError.Forbidden({ message: "Only organization admin keys may list members." })
          )
        }
        return store.read((s) =>
          v2({
            members: Object.values(s.keys)
              .filter(
                (k) =>
                  own(s.accounts, k.account)?.organization === account.organization && k.status === "active"
              )
              .map((k) => ({ role: k.role, key_suffix: k.key.slice(-4) }))
          })
        )
      case "POST /v2/video/generate":
        return Effect.flatMap(decodeJson(HeyGenApi.VideoGenerateRequest), (body) =>
          store.transact((state) =>
            Effect.flatMap(now, (at): Effect.Effect<HttpServerResponse.HttpServerResponse, Failure> => {
              const plan = EmulatorState.plans[account.plan]
              for (const [i, input] of body.video_inputs.entries()) {
                const at_ = `video_inputs[${i}]`
                const avatar = own(state.avatars, input.character.avatar_id)
                const avatarProblem = unusable(avatar, "training")
                if (avatar === undefined || avatarProblem !== undefined) {
                  return Effect.fail(
                    new HeyGenError.AvatarNotFound({
                      message: `Avatar ${input.character.avatar_id} ${avatarProblem}.`,
                      param: `${at_}.character.avatar_id`
                    })
                  )
                }
                if (input.voice.type === "text") {
                  const voiceProblem = unusable(own(state.voices, input.voice.voice_id), "processing")
                  if (voiceProblem !== undefined) {
                    return Effect.fail(
                      new HeyGenError.VoiceNotFound({
                        message: `Voice ${input.voice.voice_id} ${voiceProblem}.`,
                        param: `${at_}.voice.voice_id`
                      })
                    )
                  }
                } else {
                  const denied = checkAsset(
                    state,
                    account,
                    input.voice.audio_asset_id,
                    `${at_}.voice.audio_asset_id`
                  )
                  if (denied !== undefined) return Effect.fail(denied)
                }
                if (input.background !== undefined) {
                  const denied = checkAsset(
                    state,
                    account,
                    input.background.image_asset_id,
                    `${at_}.background.image_asset_id`
                  )
                  if (denied !== undefined) return Effect.fail(denied)
                }
                if (avatar.premium && !plan.premiumAvatars) {
                  return Effect.fail(
                    new HeyGenError.PlanUpgradeRequired({
                      message: `Avatar ${avatar.avatar_id} is premium; upgrade to Enterprise.`,
                      param: `${at_}.character.avatar_id`
                    })
                  )
                }
              }
              const side = Math.max(body.dimension?.width ?? 0, body.dimension?.height ?? 0)
              if (side > plan.maxSide) {
                return Effect.fail(
                  new HeyGenError.PlanUpgradeRequired({
                    message: `Your plan renders at most ${plan.maxSide}px; ${side}px needs a higher plan.`,
                    param: "dimension"
                  })
                )
              }
              const cost = videoCost(body)
              const test = body.test === true
              const owner = ownerIn(state)
              if (owner === undefined) return Effect.fail(unauthorized)
              const refused = bill(state, owner, cost, test, at)
              if (refused !== undefined) return Effect.fail(refused)
              return Effect.succeed(v2({ video_id: createVideo(state, owner, cost, test, at) }))
            })
          )
        )
      case "GET /v1/video_status.get":
        return Effect.flatMap(
          HeyGenServer.decodeQuery(Schema.Struct({ video_id: Schema.NonEmptyString })),
          ({ video_id }) =>
            store.transact((state) =>
              Effect.flatMap(now, (at): Effect.Effect<HttpServerResponse.HttpServerResponse, Failure> => {
                const { video, error } = videoAccess(state, video_id)
                if (error !== undefined) return Effect.fail(error)
                const status =
                  at < video.createdAt + 1000 ? "pending" : at < video.readyAt ? "processing" : "completed"
                return Effect.succeed(
                  v1({
                    id: video.id,
                    status,
                    video_url:
                      status === "completed" ? `https://emulator.heygen.local/videos/${video.id}.mp4` : null,
                    thumbnail_url:
                      status === "completed" ? `https://emulator.heygen.local/videos/${video.id}.jpg` : null,
                    duration: status === "completed" ? renderMillis / 10_000 : null,
                    error: null
                  })
                )
              })
            )
        )
      case "DELETE /v1/video.delete":
        return Effect.flatMap(
          HeyGenServer.decodeQuery(Schema.Struct({ video_id: Schema.NonEmptyString })),
          ({ video_id }) =>
            store.transact((state) =>
              Effect.flatMap(now, (at): Effect.Effect<HttpServerResponse.HttpServerResponse, Failure> => {
                const { video, error } = videoAccess(state, video_id)
                if (error !== undefined) return Effect.fail(error)
                // Deleting mid-render fails the way HeyGen's does (rule M15).
                if (at < video.readyAt) {
                  return Effect.fail(
                    new HeyGenError.VideoDeleteFailed({
                      message: `Video ${video_id} is still rendering and could not be deleted.`
                    })
                  )
                }
                video.deleted = true
                return Effect.succeed(v1(null))
              })
            )
        )
      case "POST /v1/asset":
        return uploadAsset(account)
      case "POST /v2/video_translate":
        return Effect.flatMap(decodeJson(HeyGenApi.VideoTranslateRequest), (body) =>
          store.transact((state) =>
            Effect.flatMap(now, (at): Effect.Effect<HttpServerResponse.HttpServerResponse, Failure> => {
              const emulated = /^heygen:video\/(.+)$/.exec(body.video_url)
              if (emulated !== null) {
                const { error } = videoAccess(state, emulated[1]!)
                if (error !== undefined) return Effect.fail(error)
              } else if (!/^https?:\/\/\S+$/.test(body.video_url)) {
                return Effect.fail(
                  new HeyGenError.InvalidParameter({
                    message: "Invalid parameter video_url: must be an http(s) URL or heygen:video/<id>",
                    param: "video_url"
                  })
                )
              }
              const id = nextId(state, "tr")
              admit(
                state.translations,
                id,
                {
                  video_translate_id: id,
                  owner: account.id,
                  createdAt: at,
                  readyAt: at + renderMillis,
                  output_language: body.output_language
                },
                limits.translations
              )
              return Effect.succeed(v2({ video_translate_id: id }))
            })
          )
        )
      case "POST /v1/video_agent/generate":
        return Effect.flatMap(decodeJson(HeyGenApi.VideoAgentRequest), () =>
          store.transact((state) =>
            Effect.flatMap(now, (at): Effect.Effect<HttpServerResponse.HttpServerResponse, Failure> => {
              const owner = ownerIn(state)
              if (owner === undefined) return Effect.fail(unauthorized)
              const quota = EmulatorState.plans[owner.plan].agentQuota
              if (quota !== null) {
                if (at - owner.agentPeriodStart >= quotaPeriod) {
                  owner.agentPeriodStart = at
                  owner.agentRequests = 0
                }
                if (owner.agentRequests >= quota) {
                  return Effect.fail(
                    new HeyGenError.QuotaExceeded({
                      message: `The ${owner.plan} plan allows ${quota} video agent requests per period; upgrade or wait for the reset.`
                    })
                  )
                }
              }
              // Quota plans spend their quota; the others pay in credits.
              const cost = quota === null ? agentCost : 0
              // The agent queues its own renders: no concurrent-render limit here.
              const refused = bill(state, owner, cost, false, at, false)
              if (refused !== undefined) return Effect.fail(refused)
              owner.agentRequests += 1
              return Effect.succeed(v1({ video_id: createVideo(state, owner, cost, false, at) }))
            })
          )
        )
    }
    const template = templatePath.exec(path)
    if (template !== null) {
      const id = decodeSegment(template[1]!)
      if (id === undefined) return Effect.fail(badEncoding("template_id"))
      if (method === "GET" && template[2] === undefined) {
        return store
          .read((s) => templateAccess(s, id))
          .pipe(
            Effect.flatMap(({ template, error }) =>
              error !== undefined
                ? Effect.fail(error)
                : Effect.succeed(
                    v2({
                      template_id: template.template_id,
                      name: template.name,
                      variables: template.variables
                    })
                  )
            )
          )
      }
      if (method === "POST" && template[2] !== undefined) {
        return Effect.flatMap(decodeJson(HeyGenApi.TemplateGenerateRequest), (body) =>
          store.transact((state) =>
            Effect.flatMap(now, (at): Effect.Effect<HttpServerResponse.HttpServerResponse, Failure> => {
              const { template, error } = templateAccess(state, id)
              if (error !== undefined) return Effect.fail(error)
              const missing = Object.keys(template.variables).find(
                (name) => !Object.hasOwn(body.variables, name)
              )
              if (missing !== undefined) {
                return Effect.fail(
                  new HeyGenError.InvalidParameter({
                    message: `Invalid parameter variables.${missing}: the template needs it.`,
                    param: `variables.${missing}`
                  })
                )
              }
              const test = body.test === true
              const owner = ownerIn(state)
              if (owner === undefined) return Effect.fail(unauthorized)
              const refused = bill(state, owner, templateCost, test, at)
              if (refused !== undefined) return Effect.fail(refused)
              return Effect.succeed(v2({ video_id: createVideo(state, owner, templateCost, test, at) }))
            })
          )
        )
      }
    }
    const translation = translationPath.exec(path)
    if (translation !== null && method === "GET") {
      const id = decodeSegment(translation[1]!)
      if (id === undefined) return Effect.fail(badEncoding("video_translate_id"))
      return Effect.flatMap(now, (at) =>
        store
          .read((s) => own(s.translations, id))
          .pipe(
            Effect.flatMap((t): Effect.Effect<HttpServerResponse.HttpServerResponse, Failure> => {
              if (t === undefined)
                return Effect.fail(
                  new HeyGenError.VideoNotFound({ message: `Video translation ${id} not found.` })
                )
              if (t.owner !== account.id)
                return Effect.fail(
                  new HeyGenError.ResourceAccessDenied({
                    message: `Video translation ${id} belongs to another account.`
                  })
                )
              const done = at >= t.readyAt
              return Effect.succeed(
                v2({
                  video_translate_id: id,
                  status: done ? "success" : "running",
                  output_language: t.output_language,
                  url: done ? `https://emulator.heygen.local/translations/${id}.mp4` : null
                })
              )
            })
          )
      )
    }
    return undefined
  }

  /** `POST /v1/asset`: a raw file in its own MIME type (rule M14 for what's wrong with it). */
  const uploadAsset = (account: EmulatorState.Account): Handler =>
    Effect.gen(function* () {
      const request = yield* HttpServerRequest.HttpServerRequest
      const contentType = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase()
      if (!assetTypes.includes(contentType)) {
        return yield* new HeyGenError.InvalidParameter({
          message: `Invalid parameter Content-Type: ${contentType || "none"} is not one of ${assetTypes.join(", ")}.`,
          param: "Content-Type"
        })
      }
      const declared = Number(request.headers["content-length"] ?? 0)
      const tooLarge = new HeyGenError.InvalidParameter({
        message: `The file exceeds ${maxAssetBytes} bytes.`,
        param: "file"
      })
      if (declared > maxAssetBytes) return yield* tooLarge
      // Bounded while it streams in (chunked uploads declare no length): reading stops past the limit.
      const body = yield* request.arrayBuffer.pipe(
        Effect.provideService(HttpIncomingMessage.MaxBodySize, ByteSize.bytes(maxAssetBytes)),
        Effect.mapError(() => tooLarge)
      )
      if (body.byteLength > maxAssetBytes) return yield* tooLarge
      if (body.byteLength === 0)
        return yield* new HeyGenError.InvalidParameter({ message: "The file is empty.", param: "file" })
      return yield* store.transact((state) =>
        Effect.sync(() => {
          const id = nextId(state, "asset")
          admit(
            state.assets,
            id,
            { id, owner: account.id, file_type: contentType.split("/")[0]!, status: "ready" },
            limits.assets
          )
          return v1({
            id,
            name: id,
            file_type: contentType.split("/")[0],
            url: `https://emulator.heygen.local/assets/${id}`
          })
        })
      )
    })

  /** Why a control request is refused, if it is (issue 10.12): the checks read no state. */
  const refuseControl = (request: HttpServerRequest.HttpServerRequest, readsBody: boolean) => {
    const name = hostName(request)
    if (!isLoopback(name) && !allowedHosts.has(name))
      return new HeyGenError.Forbidden({
        message: "Control requests must name a loopback host, or one in the emulator's allowedHosts."
      })
    if (!sameToken(request.headers[tokenHeader] ?? "", controlToken))
      return new HeyGenError.Unauthorized({
        message: "Control requests need the emulator's control token in X-Emulator-Token."
      })
    const contentType = request.headers["content-type"]
    if (contentType === undefined ? readsBody : !isJson(contentType)) return notJson
    return undefined
  }

  /** `/__emulator/*` (rule M23), behind `refuseControl`. */
  const control = (request: HttpServerRequest.HttpServerRequest, method: string, path: string): Handler => {
    const command = `${method} ${path.slice(controlPrefix.length)}`
    const refused = refuseControl(
      request,
      command === "PUT state" || command === "POST clock" || command === "POST script"
    )
    if (refused !== undefined) return Effect.fail(refused)
    switch (command) {
      case "POST reset":
        return Effect.flatMap(Clock.currentTimeMillis, (at) => store.replace(Fixtures.seed(at))).pipe(
          Effect.as(v2({ reset: true }))
        )
      case "PUT state":
        // Every table is checked before anything is replaced: a bad state is refused, never stored (issue 10.11).
        return Effect.flatMap(Effect.andThen(requireJson, HeyGenServer.readJsonObject), (json) => {
          const exit = decodeStatePart(json, { errors: "first", onExcessProperty: "error" })
          if (Exit.isFailure(exit)) {
            const issue = Exit.findErrorOption(exit)
            return Effect.fail(
              issue._tag === "Some"
                ? HeyGenServer.fromIssue(issue.value)
                : new HeyGenError.InvalidParameter({ message: "The state is invalid." })
            )
          }
          for (const [table, limit] of Object.entries(EmulatorState.boundedTables)) {
            const value = exit.value[table as keyof typeof EmulatorState.boundedTables]
            if (value !== undefined && EmulatorState.sizeOf(value) > limits[limit])
              return Effect.fail(
                new HeyGenError.InvalidParameter({
                  message: `Invalid parameter ${table}: at most ${limits[limit]} entries (limits.${limit}).`,
                  param: table
                })
              )
          }
          return Effect.flatMap(Clock.currentTimeMillis, (at) =>
            store.replace({ ...Fixtures.seed(at), ...exit.value })
          )
        }).pipe(Effect.as(v2({ replaced: true })))
      case "GET state":
        return store.read((s) => v2(s))
      case "POST clock":
        return Effect.flatMap(decodeJson(Schema.Struct({ advance_ms: AdvanceMillis })), ({ advance_ms }) =>
          store.transact((s) =>
            Effect.sync(() => {
              s.clockOffset += advance_ms
              return v2({ offset_ms: s.clockOffset })
            })
          )
        )
      case "GET counters":
        return store.read((s) => v2(s.counters))
      case "POST script":
        return Effect.flatMap(
          decodeJson(
            Schema.Struct({
              code: Schema.NonEmptyString,
              times: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: limits.forcedTimes })),
              key: Schema.optionalKey(Schema.String),
              method: Schema.optionalKey(Schema.String),
              path: Schema.optionalKey(Schema.String)
            })
          ),
          (rule) =>
            store.transact((s) =>
              Effect.sync(() => {
                admitLast(
                  s.forced,
                  {
                    key: rule.key ?? null,
                    method: rule.method ?? null,
                    path: rule.path ?? null,
                    code: rule.code,
                    remaining: rule.times
                  },
                  limits.forcedRules
                )
                return v2({ scripted: s.forced.length })
              })
            )
        )
    }
    return Effect.fail(notFound(method, path))
  }

  const notFound = (method: string, path: string) =>
    new HeyGenError.UnknownApiError({
      code: "not_found",
      status: 404,
      message: `No route for ${method} ${path}.`
    })

  /** A forced failure for this request, from its headers or a scripted rule (rule M21). */
  const forced = (
    request: HttpServerRequest.HttpServerRequest,
    key: string,
    method: string,
    path: string,
    account: EmulatorState.Account
  ): Effect.Effect<Failure | undefined> => {
    const header = controlOn ? request.headers["x-emulator-error"] : undefined
    if (header !== undefined && header !== "") {
      const asked = Math.floor(Number(request.headers["x-emulator-error-times"] ?? 1))
      const times = Number.isFinite(asked) ? Math.min(asked, limits.forcedTimes) : 1
      return store
        .transact((s) =>
          Effect.sync(() => {
            if (times <= 1) return
            // One rule per key, method and path: a repeated header updates it rather than piling up.
            const rule = s.forced.find((r) => r.key === key && r.method === method && r.path === path)
            if (rule === undefined)
              admitLast(
                s.forced,
                { key, method, path, code: header, remaining: times - 1 },
                limits.forcedRules
              )
            else {
              rule.code = header
              rule.remaining = times - 1
            }
          })
        )
        .pipe(Effect.as(forcedError(header, account)))
    }
    // Most requests meet no rule: skip the lock when there are none.
    return Effect.flatMap(
      store.read((s) => s.forced.length > 0),
      (any) =>
        any
          ? store.transact((s) =>
              Effect.sync(() => {
                const rule = s.forced.find(
                  (r) =>
                    r.remaining > 0 &&
                    (r.key ?? key) === key &&
                    (r.method ?? method) === method &&
                    (r.path ?? path) === path
                )
                if (rule === undefined) return undefined
                rule.remaining -= 1
                if (rule.remaining === 0) s.forced.splice(s.forced.indexOf(rule), 1)
                return forcedError(rule.code, account)
              })
            )
          : Effect.undefined
    )
  }

  /** Latency and faults on request (rule M22). */
  const fault = (request: HttpServerRequest.HttpServerRequest): Handler | undefined => {
    switch (request.headers["x-emulator-fault"]) {
      case "hang": {
        // Never answers; on Node it ends when the client gives up and closes the socket.
        const socket = nodeSocket(request)
        if (socket === undefined) return Effect.never
        return Effect.callback<never>((resume) => {
          socket.once("close", () => resume(Effect.interrupt))
        })
      }
      case "drop": {
        // On Node the socket itself is cut; elsewhere the body breaks off mid-stream.
        const socket = nodeSocket(request)
        if (socket !== undefined)
          return Effect.andThen(
            Effect.sync(() => socket.destroy()),
            Effect.interrupt
          )
        return Effect.succeed(
          HttpServerResponse.stream(
            Stream.concat(
              Stream.make(new TextEncoder().encode('{"error":null,"data":{"vid')),
              Stream.fail("connection dropped")
            ),
            { contentType: "application/json" }
          )
        )
      }
      case "malformed":
        return Effect.succeed(
          HttpServerResponse.text('{"error":null,"data":{"video_id":', { contentType: "application/json" })
        )
      case "defect":
        return Effect.die(new Error("emulator: forced defect"))
      default:
        return undefined
    }
  }

  /** A keyed POST: run once, then replay; a repeat while it runs is `request_in_progress` (issue 10.7). */
  const idempotent = (
    key: string,
    account: EmulatorState.Account,
    method: string,
    path: string,
    handler: Handler
  ): Handler => {
    const invalid = Idempotency.checkKey(key)
    if (invalid !== undefined) return Effect.fail(invalid)
    const id = Idempotency.scope(account.id, method, path, key)
    const settle = (response: { readonly status: number; readonly body: string } | undefined) =>
      store.transact((s) => Effect.sync(() => Idempotency.settle(s.idempotency, id, response)))
    return Effect.flatMap(now, (at) =>
      store.transact((s) =>
        Effect.sync(() => Idempotency.claim(s.idempotency, id, at, limits.idempotencyKeys))
      )
    ).pipe(
      Effect.flatMap((claim): Handler => {
        if (claim._tag === "InFlight") return Effect.fail(Idempotency.inProgress)
        if (claim._tag === "Replay")
          return Effect.succeed(
            HttpServerResponse.text(claim.body, { status: claim.status, contentType: jsonContentType })
          )
        return handler.pipe(
          Effect.onExit((exit) => {
            if (Exit.isSuccess(exit)) return settle({ status: exit.value.status, body: bodyText(exit.value) })
            const failure = Exit.findErrorOption(exit)
            if (failure._tag === "None") return settle(undefined)
            const { status, body } = ErrorEncoder.encode(failure.value, { requestId: "" })
            return settle({ status, body })
          })
        )
      })
    )
  }

  /** The path without its query: split at `?`, no URL built per request. */
  const pathOf = (request: HttpServerRequest.HttpServerRequest) => {
    const query = request.url.indexOf("?")
    return query === -1 ? request.url : request.url.slice(0, query)
  }

  // Built once, not per request: the error path is measured against raw node:http.
  const api: Handler = Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const method = request.method
    const path = pathOf(request)
    yield* store.modify((s) => {
      s.counters.requests++
    })

    // One identical answer for a missing, unknown, expired or revoked key (rule M1).
    const keyValue = request.headers["x-api-key"] ?? ""
    const found = yield* store.read((s) => {
      const key = own(s.keys, keyValue)
      const account = key === undefined ? undefined : own(s.accounts, key.account)
      return key?.status === "active" && account !== undefined ? { key, account } : undefined
    })
    if (found === undefined) return yield* unauthorized
    const { key, account } = found

    // Faults, delays and forced errors are a tester's tools: honored only with control on (issue 10.12).
    if (controlOn) {
      const delay = Number(request.headers["x-emulator-delay-ms"] ?? 0)
      if (delay > 0) yield* Effect.sleep(Math.min(delay, maxDelayMs))
      const faulty = fault(request)
      if (faulty !== undefined) return yield* faulty
    }
    const forcedFailure = yield* forced(request, keyValue, method, path, account)
    if (forcedFailure !== undefined) return yield* forcedFailure

    const handler = routes(account, key, method, path)
    if (handler === undefined) return yield* notFound(method, path)
    const limited = yield* Effect.flatMap(now, (at) =>
      store.transact((s) => Effect.sync(() => spend(s, `${account.id} ${routeOf(method, path)}`, at)))
    )
    if (limited !== undefined) return yield* limited
    // Cheap for the many requests without a key: one header read.
    const idempotencyKey = method === "POST" ? request.headers[Idempotency.header] : undefined
    return yield* idempotencyKey === undefined
      ? handler
      : idempotent(idempotencyKey, account, method, path, handler)
  }).pipe(
    Effect.tapError((error) =>
      store.modify((s) => {
        // Forced codes are free text: only known codes get their own counter, so the table stays small.
        const code = countedCodes.has(error.code) ? error.code : "other"
        s.counters.byCode[code] = (own(s.counters.byCode, code) ?? 0) + 1
      })
    )
  )

  const handle: Handler = Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
    if (!request.url.startsWith(controlPrefix)) return api
    // Control requests touch no counter: reset must work whatever state the store holds (issue 10.11).
    const path = pathOf(request)
    return controlOn ? control(request, request.method, path) : Effect.fail(notFound(request.method, path))
  })

  return HeyGenServer.middleware({ maxBodyBytes: options.maxBodyBytes })(handle)
})

/**
 * The emulator as a web handler (`Request` → `Promise<Response>`), for Workers,
 * Deno, or anything that speaks fetch (rule M25).
 *
 * @since 0.1.0
 */
export const toWebHandler = async (options?: Options): Promise<(request: Request) => Promise<Response>> => {
  const app = await Effect.runPromise(make(options))
  const handler = HttpEffect.toWebHandler(app)
  return (request) => handler(request)
}
