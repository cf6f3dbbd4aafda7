/**
 * A stateful local HeyGen: every documented error arises under its real
 * condition (rules M1–M16), can also be forced or scripted (M21), with latency
 * and faults on demand (M22), control endpoints (M23), consistent state under
 * concurrency (M24). It serves the legacy v1/v2 routes and every operation of the v3
 * API (M28), its jobs running on the emulator's clock (M29), its lists paged (M30),
 * its files presigned on its own origin (M31). It is an `effect/http` app, served
 * natively per runtime or as a web handler (M25), built on core's
 * `HeyGenServer.middleware`. The tester's tools (control, faults, forced errors) are
 * off unless enabled, and then need a token; every table requests grow is bounded.
 *
 * This module composes the parts: the request's path (`internal/`), the legacy routes
 * (`legacy/`), the v3 routes (`v3/`).
 *
 * @since 0.1.0
 */
import * as Catalog from "@effect-heygen/core/Catalog"
import * as HeyGenServer from "@effect-heygen/core/HeyGenServer"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as HttpEffect from "effect/http/HttpEffect"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as Scope from "effect/Scope"
import * as EmulatorState from "./EmulatorState.ts"
import * as EmulatorStore from "./EmulatorStore.ts"
import * as Fixtures from "./Fixtures.ts"
import * as Idempotency from "./Idempotency.ts"
import * as Billing from "./internal/billing.ts"
import * as Control from "./internal/control.ts"
import * as Deliveries from "./internal/deliveries.ts"
import { type Ctx, type Env, unauthorized } from "./internal/env.ts"
import * as Faults from "./internal/faults.ts"
import * as Files from "./internal/files.ts"
import { tokenHeader } from "./internal/guard.ts"
import { type Handler, notFound, pathOf } from "./internal/http.ts"
import { honors, idempotent } from "./internal/idempotent.ts"
import { own } from "./internal/lookup.ts"
import { limit } from "./internal/rateLimit.ts"
import * as Legacy from "./legacy/Routes.ts"
import * as LegacyVideos from "./legacy/Videos.ts"
import * as V3 from "./v3/Execute.ts"

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
  /** How long a video (and every other job) takes, in emulator time. Default 30 s. */
  readonly renderSeconds?: number | undefined
  /** The free plan's video-agent quota period (rule M5). Default 30 days. */
  readonly quotaPeriodDays?: number | undefined
  /** The largest JSON request body (rule S2). Default 1 MiB. */
  readonly maxBodyBytes?: number | undefined
  /** The largest asset upload. Default 10 MiB. */
  readonly maxAssetBytes?: number | undefined
  /** Bounds on the tables requests grow (issue 10.9); see `EmulatorState.defaultLimits`. */
  readonly limits?: Partial<EmulatorState.Limits> | undefined
  /**
   * The key file URLs are signed with (HMAC-SHA256, rule M31). Default: random per emulator;
   * give one to emulators sharing a store so each accepts the others' URLs.
   */
  readonly signingSecret?: string | undefined
  /** How long a file URL is valid, in seconds of emulator time. Default 7 days, as HeyGen's. */
  readonly fileTtlSeconds?: number | undefined
  /**
   * The origin file URLs name (`https://emulator.example`). Default: the request's own, from
   * its `Host` (or its URL when it has no Host).
   */
  readonly publicUrl?: string | undefined
  /**
   * Deliver webhook events (rules M33–M37): when a job ends, sign its event and POST it to the
   * account's endpoints, retrying failures. Default `false`. Ended jobs are looked for every
   * `sweepMillis` while the scope `make` runs in is open, and on each request.
   */
  readonly webhooks?: boolean | WebhookOptions | undefined
}

/**
 * How webhook deliveries are bounded and retried.
 *
 * @since 0.1.0
 */
export type WebhookOptions = Deliveries.Options

/** Credits a v2 video costs: 1 per started 100 characters of script, 2 per audio input (rule M6). @since 0.1.0 */
export const videoCost = LegacyVideos.videoCost
/** @since 0.1.0 */
export const templateCost = Billing.templateCost
/** @since 0.1.0 */
export const agentCost = Billing.agentCost
/** The MIME types `POST /v1/asset` takes. @since 0.1.0 */
export const assetTypes: ReadonlyArray<string> = LegacyVideos.assetTypes
/** @since 0.1.0 */
export const controlPrefix = Control.prefix
/** The header control requests carry the token in. @since 0.1.0 */
export const controlTokenHeader = tokenHeader
/** The longest `X-Emulator-Delay-Ms` honored. @since 0.1.0 */
export const maxDelayMs = Faults.maxDelayMs

/** The codes `counters.byCode` counts by name; any other counts as `other`. */
const countedCodes: ReadonlySet<string> = new Set([
  ...Catalog.entries.map((e) => e.code),
  "not_found",
  Idempotency.inProgress.code
])

/** `Authorization: Bearer <key>` names the same credential as `X-Api-Key` (rule M38). */
const bearer = (value: string | undefined): string | undefined =>
  value === undefined ? undefined : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(value)?.[1]

/** `http://host:port` as the request names it: file URLs are on the emulator's own origin. */
const originOf = (request: HttpServerRequest.HttpServerRequest): string => {
  // A web request's URL is absolute and knows its scheme; node:http's is a path, and Host names the rest.
  const absolute = /^https?:\/\/[^/?#\s]+/i.exec(request.originalUrl)
  if (absolute !== null) return absolute[0].toLowerCase()
  const host = request.headers.host ?? ""
  return /^[A-Za-z0-9.:[\]-]{1,300}$/.test(host) ? `http://${host}` : "http://localhost"
}

const secretBytes = (secret: string | undefined): Uint8Array =>
  secret === undefined || secret === ""
    ? crypto.getRandomValues(new Uint8Array(32))
    : new TextEncoder().encode(secret)

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
  const controlOn = options.control === true
  const controlToken = options.controlToken ?? ""
  if (controlOn && controlToken === "")
    return yield* Effect.die(
      new Error("Emulator: `control: true` needs a `controlToken` (sent as X-Emulator-Token)")
    )
  const webhooks = options.webhooks === true ? {} : options.webhooks === false ? undefined : options.webhooks
  const base: Env = {
    store,
    limits: { ...EmulatorState.defaultLimits, ...options.limits },
    rateLimit: {
      capacity: options.rateLimit?.capacity ?? 60,
      refillPerSecond: options.rateLimit?.refillPerSecond ?? 1
    },
    renderMillis: (options.renderSeconds ?? 30) * 1000,
    quotaPeriod: (options.quotaPeriodDays ?? 30) * 24 * 3600 * 1000,
    maxAssetBytes: options.maxAssetBytes ?? 10 * 1024 * 1024,
    control: {
      on: controlOn,
      token: controlToken,
      allowedHosts: new Set((options.allowedHosts ?? []).map((host) => host.toLowerCase()))
    },
    sign: Files.signer(secretBytes(options.signingSecret)),
    fileTtlSeconds: options.fileTtlSeconds ?? 7 * 24 * 3600,
    publicUrl: options.publicUrl?.replace(/\/+$/, "")
  }
  // Deliveries read only the store and the clock: the settings without them are enough.
  const deliveries = webhooks === undefined ? undefined : Deliveries.make(base, webhooks)
  const env: Env = { ...base, deliveries }
  if (deliveries !== undefined) {
    const scope = yield* Effect.serviceOption(Scope.Scope)
    if (scope._tag === "Some") yield* Effect.provideService(deliveries.run, Scope.Scope, scope.value)
  }

  /** An authenticated API request: faults, forced errors, routing, the rate budget, idempotency. */
  const authenticated = (
    request: HttpServerRequest.HttpServerRequest,
    keyValue: string,
    key: EmulatorState.ApiKey,
    account: EmulatorState.Account,
    scripted: boolean
  ): Handler =>
    Effect.gen(function* () {
      const method = request.method
      const path = pathOf(request.url)
      // Faults, delays and forced errors are a tester's tools: honored only with control on (issue 10.12).
      if (controlOn) {
        yield* Faults.delay(request)
        const faulty = Faults.fault(request)
        if (faulty !== undefined) return yield* faulty
      }
      if (scripted || controlOn) {
        const forcedFailure = yield* Faults.forced(env, request, keyValue, method, path, account)
        if (forcedFailure !== undefined) return yield* forcedFailure
      }
      const ctx = context(request, account, key)
      const v3 = path.startsWith("/v3/")
      let handler: Handler | undefined
      let route: string
      if (v3) {
        const matched = V3.match(method, path)
        if (matched === undefined) return yield* notFound(method, path)
        if (!("route" in matched)) return yield* matched
        handler = V3.execute(matched.route, matched.params, ctx)
        route = matched.route.template
      } else {
        handler = Legacy.route(ctx, method, path)
        if (handler === undefined) return yield* notFound(method, path)
        route = Legacy.routeOf(method, path)
      }
      yield* limit(env, account.id, route)
      // Cheap for the many requests without a key: one header read.
      const idempotencyKey = honors(method, v3) ? request.headers[Idempotency.header] : undefined
      return yield* idempotencyKey === undefined
        ? handler
        : idempotent(env, idempotencyKey, account.id, method, path, handler)
    })

  /** The caller, and the origin its file URLs name, worked out only when a route asks. */
  const context = (
    request: HttpServerRequest.HttpServerRequest,
    account: EmulatorState.Account,
    key: EmulatorState.ApiKey
  ): Ctx => {
    let origin = env.publicUrl
    return {
      env,
      account,
      key,
      get origin() {
        origin ??= originOf(request)
        return origin
      }
    }
  }

  // Built once, not per request: the error path is measured against raw node:http.
  const api: Handler = Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
    const keyValue = request.headers["x-api-key"] ?? bearer(request.headers.authorization) ?? ""
    let found: { readonly key: EmulatorState.ApiKey; readonly account: EmulatorState.Account } | undefined
    let scripted = false
    // One step: the request counted, its key looked up, whether any forced rule is scripted.
    return Effect.flatMap(
      store.modify((s) => {
        s.counters.requests++
        const key = own(s.keys, keyValue)
        const account = key === undefined ? undefined : own(s.accounts, key.account)
        found = key?.status === "active" && account !== undefined ? { key, account } : undefined
        scripted = s.forced.length > 0
      }),
      (): Handler =>
        // One identical answer for a missing, unknown, expired or revoked key (rule M1).
        found === undefined
          ? Effect.fail(unauthorized)
          : authenticated(request, keyValue, found.key, found.account, scripted)
    )
  }).pipe(
    Effect.tapError((error) =>
      store.modify((s) => {
        // Forced codes are free text: only known codes get their own counter, so the table stays small.
        const code = countedCodes.has(error.code) ? error.code : "other"
        s.counters.byCode[code] = (own(s.counters.byCode, code) ?? 0) + 1
      })
    )
  )

  const serve: Handler = Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
    const url = request.url
    // Storage, not the API: presigned, no key, storage's own errors (rule M31).
    if (url.startsWith(Files.filesPrefix)) return Files.serveFile(env, request, pathOf(url))
    if (url.startsWith(Files.uploadsPrefix)) return Files.receiveUpload(env, request, pathOf(url))
    if (!url.startsWith(Control.prefix)) return api
    // Control requests touch no counter: reset must work whatever state the store holds (issue 10.11).
    const path = pathOf(url)
    return controlOn
      ? Control.handle(env, request, request.method, path)
      : Effect.fail(notFound(request.method, path))
  })

  // With deliveries on, each request also looks for jobs that ended since the last look.
  const handle: Handler = deliveries === undefined ? serve : Effect.andThen(deliveries.sweep, serve)
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
