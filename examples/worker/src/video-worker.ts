/**
 * From request to finished video, in a worker: `GET /video` registers this worker's
 * `/webhook` as an endpoint, creates a video, learns its end from the signed webhook (polling
 * is the fallback) and streams the file back; `GET /failing` and `GET /broke` show `JobFailed`
 * and `InsufficientCredit` handled by tag.
 */
import * as Download from "@effect-heygen/api/Download"
import * as HeyGenTransport from "@effect-heygen/api/HeyGenTransport"
import * as Jobs from "@effect-heygen/api/Jobs"
import * as Videos from "@effect-heygen/api/Videos"
import type * as Webhook from "@effect-heygen/api/Webhook"
import * as WebhookEndpoint from "@effect-heygen/api/WebhookEndpoint"
import type * as WebhookEvent from "@effect-heygen/api/WebhookEvent"
import { EdgeDownload, EdgeHeyGen, EdgeWebhook } from "@effect-heygen/edge"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

interface Env extends EdgeHeyGen.Env {
  readonly HEYGEN_BASE_URL: string
  readonly HEYGEN_BROKE_API_KEY: string
  readonly EMULATOR_CONTROL_TOKEN: string
}

/** Renders take minutes; the emulator's clock is moved on instead. */
const advanceClock = (env: Env) =>
  Effect.promise(() =>
    fetch(`${env.HEYGEN_BASE_URL}/__emulator/clock`, {
      method: "POST",
      headers: { "x-emulator-token": env.EMULATOR_CONTROL_TOKEN, "content-type": "application/json" },
      body: JSON.stringify({ advance_ms: 60_000 })
    })
  )

/**
 * Video id → the webhook event saying it ended, for the request waiting on it (this isolate's
 * memory). A plain promise, not a `Deferred`: workerd runs its continuation in the waiting
 * request's context, whereas a fiber resumed by `Deferred.succeed` would go on inside the
 * webhook's request, whose I/O ends with it.
 */
const inbox = new Map<string, (event: WebhookEvent.WebhookEvent) => void>()
const receive = ({ event }: Webhook.Verified) => {
  const waiting = inbox.get(
    event._tag === "avatar_video.success" || event._tag === "avatar_video.fail"
      ? event.event_data.video_id
      : ""
  )
  return Effect.sync(() => waiting?.(event))
}

/**
 * The receiver, made once its endpoint's secret is known. A deployed worker registers its
 * endpoint once and keeps the secret as the `HEYGEN_WEBHOOK_SECRET` binding: `EdgeWebhook.webhook({}, receive)`.
 */
let receiver: EdgeWebhook.Fetch | undefined
const register = (origin: string) =>
  Effect.gen(function* () {
    if (receiver !== undefined) return
    const endpoint = yield* WebhookEndpoint.create({
      url: `${origin}/webhook`,
      events: ["avatar_video.success", "avatar_video.fail"]
    })
    receiver = EdgeWebhook.webhook({ secrets: endpoint.secret }, receive)
  })

/**
 * Creates a video and answers it finished, by the first of: the webhook saying it ended (one
 * read then answers the video, or `JobFailed`), or polling — the fallback, from 5 s on, should
 * deliveries be lost. The loser is interrupted.
 */
const render = (env: Env, script: string) =>
  Effect.gen(function* () {
    const avatar = { avatar_id: "Daisy-inskirt-20220818", voice_id: "2d5b0e6cf36f460aa7fc47e3eee4ba54" }
    const { video_id } = yield* Videos.create({ type: "avatar", ...avatar, script })
    const ended = new Promise<WebhookEvent.WebhookEvent>((resolve) => inbox.set(video_id, resolve))
    const byWebhook = Effect.flatMap(
      Effect.promise(() => ended),
      (event) =>
        Effect.map(Jobs.waitFor(Jobs.video, video_id), (video) => ({ video, via: `webhook ${event._tag}` }))
    )
    const byPolling = Jobs.waitFor(Jobs.video, video_id).pipe(
      Effect.map((video) => ({ video, via: "polling" })),
      Effect.delay("5 seconds")
    )
    const [finished] = yield* Effect.all([Effect.raceFirst(byWebhook, byPolling), advanceClock(env)], {
      concurrency: 2
    }).pipe(Effect.ensuring(Effect.sync(() => inbox.delete(video_id))))
    return finished
  })

/** The v3 API over the edge adapter, from the bindings. */
const heygen = (env: EdgeHeyGen.Env) => HeyGenTransport.layer.pipe(Layer.provide(EdgeHeyGen.layer(env)))

const text = (status: number, body: string) => new Response(body, { status })

/** A route: its answer, or an error whose message the caller sees (as a 502). */
type Route = (
  env: Env,
  origin: string
) => Effect.Effect<Response, { readonly message: string }, HeyGenTransport.HeyGenTransport>

const routes: Record<string, Route> = {
  // The video, streamed from storage to the caller as it is read.
  "/video": (env: Env, origin: string) =>
    Effect.gen(function* () {
      yield* register(origin)
      const { video, via } = yield* render(env, "Hello from Effect in workerd!")
      return yield* EdgeDownload.toResponse(Download.download(video, { variant: "video" }), {
        headers: { "content-type": "video/mp4", "x-video-id": video.id, "x-learned-by": via }
      })
    }),
  "/failing": (env: Env, origin: string) =>
    Effect.andThen(register(origin), render(env, "This one breaks. [[fail]]")).pipe(
      Effect.map(({ video }) => text(200, `${video.id} ${video.status}`)),
      Effect.catchTag("JobFailed", (e) =>
        Effect.succeed(text(422, `JobFailed ${e.failure_code}: ${e.failure_message}`))
      )
    ),
  "/broke": (env: Env) =>
    render(env, "x".repeat(350)).pipe(
      Effect.map(({ video }) => text(200, `${video.id} ${video.status}`)),
      Effect.catchTag("InsufficientCredit", (e) =>
        Effect.succeed(text(402, `InsufficientCredit, have ${e.available}, need ${e.required}`))
      ),
      // The broke key: a binding of its own; 2 credits.
      Effect.provide(heygen({ ...env, HEYGEN_API_KEY: env.HEYGEN_BROKE_API_KEY }))
    )
}

export default {
  fetch: (request: Request, env: Env, ctx: unknown): Promise<Response> => {
    const url = new URL(request.url)
    if (url.pathname === "/webhook")
      return receiver === undefined
        ? Promise.resolve(text(503, "no endpoint yet"))
        : receiver(request, env, ctx)
    const route = Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : undefined // not `__proto__`
    if (route === undefined) return Promise.resolve(text(404, "GET /video, /failing or /broke"))
    return route(env, url.origin).pipe(
      Effect.catch((e) => Effect.succeed(text(502, e.message))),
      Effect.provide(heygen(env)),
      Effect.runPromise
    )
  }
}
