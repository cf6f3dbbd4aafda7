/**
 * `/v3/webhooks`: endpoints stored, listed, updated, deleted, their signing secret rotated —
 * the secret shown only by create and rotate; managing them takes an admin key (a member key
 * is `forbidden`, M2). Events are the account's finished jobs, read off the jobs themselves
 * (M32); `internal/deliveries.ts` signs and delivers them (M33–M37).
 */
import type * as Webhooks from "@effect-heygen/api/Webhooks"
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as EmulatorState from "../EmulatorState.ts"
import { lookState, notFound } from "../internal/access.ts"
import { type Ctx, type Failure, isFailure, nextId, tx, view } from "../internal/env.ts"
import { iso, phase } from "../internal/jobs.ts"
import { admit, own } from "../internal/lookup.ts"
import { newest, page } from "../internal/pagination.ts"
import { base64url } from "../internal/sha256.ts"
import type * as Resources from "../Resources.ts"
import { eventTypes } from "./catalog.ts"
import type { Handlers } from "./handler.ts"
import { checkUrl } from "./refs.ts"

const secret = () => `whsec_${base64url(crypto.getRandomValues(new Uint8Array(24)))}`

const endpointView = (e: Resources.WebhookEndpoint, withSecret = false): Webhooks.Endpoint => ({
  endpoint_id: e.id,
  url: e.url,
  events: e.events,
  status: "enabled",
  created_at: iso(e.createdAt),
  ...(withSecret ? { secret: e.secret } : {})
})

/** Endpoints are the account's settings: admin keys only. */
const admin = (ctx: Ctx): Failure | undefined =>
  ctx.key.role === "admin"
    ? undefined
    : new HeyGenError.Forbidden({ message: "Only admin keys may manage webhook endpoints." })

const endpointOf = (s: EmulatorState.State, ctx: Ctx, id: string): Resources.WebhookEndpoint | Failure => {
  const refused = admin(ctx)
  if (refused !== undefined) return refused
  const endpoint = own(s.webhookEndpoints, id)
  if (endpoint === undefined) return notFound(`Webhook endpoint ${id} not found.`)
  if (endpoint.owner !== ctx.account.id)
    return new HeyGenError.ResourceAccessDenied({
      message: `Webhook endpoint ${id} belongs to another account.`
    })
  return endpoint
}

const checkEndpointUrl = (url: string): Failure | undefined =>
  url.length > EmulatorState.recordBounds.url
    ? new HeyGenError.InvalidParameter({
        message: `Invalid parameter url: at most ${EmulatorState.recordBounds.url} characters.`,
        param: "url"
      })
    : checkUrl(url, "url")

const unique = (events: ReadonlyArray<string> | null | undefined) =>
  events == null || events.length === 0 ? null : [...new Set(events)]

export interface Occurred {
  readonly type: string
  readonly entity: string
  readonly at: number
  readonly data: Record<string, unknown>
}

/** An event's id: the same in the list and in every delivery of it. */
export const eventId = (e: Occurred): string => `evt_${e.entity}_${e.type.slice(e.type.lastIndexOf(".") + 1)}`

interface Ending {
  readonly createdAt: number
  readonly readyAt: number
  readonly failure?: Resources.Failure | null
}

/** A job's event once it has ended at `at`, else undefined. */
const endOf = (
  job: Ending,
  at: number,
  kind: string,
  entity: string,
  data: Record<string, unknown>
): Occurred | undefined => {
  const p = phase(job, at)
  if (p !== "completed" && p !== "failed") return undefined
  return {
    type: `${kind}.${p === "completed" ? "success" : "fail"}`,
    entity,
    at: job.readyAt,
    data: p === "completed" ? data : { ...data, failure: job.failure }
  }
}

/** The account's events: each finished job's success or failure, when it ended. */
export const occurred = (s: EmulatorState.State, owner: string, at: number): Array<Occurred> => {
  const events: Array<Occurred> = []
  const ended = (job: Ending, kind: string, entity: string, data: Record<string, unknown>) => {
    const e = endOf(job, at, kind, entity, data)
    if (e !== undefined) events.push(e)
  }
  for (const v of Object.values(s.videos))
    if (v.owner === owner && !v.deleted) ended(v, "avatar_video", v.id, { video_id: v.id })
  for (const t of Object.values(s.translations))
    if (t.owner === owner && t.deleted !== true)
      ended(t, "video_translate", t.video_translate_id, { video_translate_id: t.video_translate_id })
  for (const p of Object.values(s.proofreads))
    if (p.owner === owner && !p.deleted) ended(p, "proofread_creation", p.id, { proofread_id: p.id })
  for (const j of Object.values(s.clipJobs))
    if (j.owner === owner && !j.deleted) ended(j, "ai_clipping", j.id, { job_id: j.id })
  for (const look of Object.values(s.avatars))
    if (look.owner === owner && look.readyAt !== undefined && look.createdAt !== undefined) {
      const state = lookState(look, at)
      if (state === "ready" || state === "failed")
        ended(
          { ...look, createdAt: look.createdAt, readyAt: look.readyAt },
          "photo_avatar_train",
          look.avatar_id,
          {
            avatar_id: look.avatar_id
          }
        )
    }
  return events
}

/** An ended job's event and the `callback_url` its create named. */
export interface Callback {
  readonly url: string
  readonly event: Occurred
}

/**
 * Every ended job created with a `callback_url`, with its event (M37): the kinds M33 names,
 * plus lipsyncs (`lipsync.*`, which have no endpoint event) and each video-agent run
 * (`video_agent.*`, naming the session and its video). `callback_id` is echoed when given.
 */
export const callbacks = (s: EmulatorState.State, at: number): Array<Callback> => {
  const out: Array<Callback> = []
  const add = (
    url: string | null | undefined,
    callbackId: string | null | undefined,
    job: Ending,
    kind: string,
    entity: string,
    data: Record<string, unknown>
  ) => {
    if (url == null) return
    const e = endOf(job, at, kind, entity, callbackId == null ? data : { ...data, callback_id: callbackId })
    if (e !== undefined) out.push({ url, event: e })
  }
  for (const v of Object.values(s.videos))
    if (!v.deleted) add(v.callback_url, v.callback_id, v, "avatar_video", v.id, { video_id: v.id })
  for (const t of Object.values(s.translations))
    if (t.deleted !== true)
      add(t.callback_url, t.callback_id, t, "video_translate", t.video_translate_id, {
        video_translate_id: t.video_translate_id
      })
  for (const l of Object.values(s.lipsyncs))
    if (!l.deleted) add(l.callback_url, l.callback_id, l, "lipsync", l.id, { lipsync_id: l.id })
  for (const j of Object.values(s.clipJobs))
    if (!j.deleted) add(j.callback_url, j.callback_id, j, "ai_clipping", j.id, { job_id: j.id })
  for (const a of Object.values(s.agentSessions)) {
    const video = a.video === null ? undefined : own(s.videos, a.video)
    if (video !== undefined && !video.deleted)
      add(a.callback_url, a.callback_id, video, "video_agent", `${a.id}_${video.id}`, {
        session_id: a.id,
        video_id: video.id
      })
  }
  return out
}

const descriptions: Record<string, string> = { success: "succeeded", fail: "failed" }

export const handlers: Handlers<typeof Webhooks.operations> = {
  listEndpoints: ({ query }, ctx) =>
    view(ctx.env, (s) => {
      const refused = admin(ctx)
      if (refused !== undefined) return refused
      const mine = Object.values(s.webhookEndpoints).filter((e) => e.owner === ctx.account.id)
      const found = page(mine, (e) => newest(e, e.id), query.limit ?? 10, query.token)
      return isFailure(found) ? found : { ...found, data: found.data.map((e) => endpointView(e)) }
    }),
  createEndpoint: ({ body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const refused = admin(ctx) ?? checkEndpointUrl(body.url)
      if (refused !== undefined) return refused
      const id = nextId(s, "endpoint")
      const endpoint = {
        id,
        owner: ctx.account.id,
        url: body.url,
        events: unique(body.events),
        secret: secret(),
        createdAt: at
      }
      admit(s.webhookEndpoints, id, endpoint, ctx.env.limits.webhookEndpoints)
      return { data: endpointView(endpoint, true) }
    }),
  updateEndpoint: ({ path, body }, ctx) =>
    tx(ctx.env, (s) => {
      const endpoint = endpointOf(s, ctx, path.endpoint_id!)
      if (isFailure(endpoint)) return endpoint
      if (body.url != null) {
        const refused = checkEndpointUrl(body.url)
        if (refused !== undefined) return refused
        endpoint.url = body.url
      }
      if (body.events !== undefined) endpoint.events = unique(body.events)
      return { data: endpointView(endpoint) }
    }),
  removeEndpoint: ({ path }, ctx) =>
    tx(ctx.env, (s) => {
      const endpoint = endpointOf(s, ctx, path.endpoint_id!)
      if (isFailure(endpoint)) return endpoint
      delete s.webhookEndpoints[endpoint.id]
      return { data: { endpoint_id: endpoint.id, deleted: true } }
    }),
  rotateEndpointSecret: ({ path }, ctx) =>
    tx(ctx.env, (s) => {
      const endpoint = endpointOf(s, ctx, path.endpoint_id!)
      if (isFailure(endpoint)) return endpoint
      endpoint.secret = secret()
      return { data: { endpoint_id: endpoint.id, secret: endpoint.secret } }
    }),
  listEventTypes: (_, ctx) =>
    view(ctx.env, () => ({
      data: eventTypes.map((type) => {
        const [entity, outcome] = type.split(/\.(?=[^.]+$)/)
        return {
          event_type: type,
          description: Object.hasOwn(descriptions, outcome ?? "")
            ? `A ${entity!.replaceAll("_", " ")} job ${descriptions[outcome!]}.`
            : `${type.replaceAll("_", " ")}.`
        }
      }),
      has_more: false,
      next_token: null
    })),
  listEvents: ({ query }, ctx) =>
    view(ctx.env, (s, at) => {
      const events = occurred(s, ctx.account.id, at).filter(
        (e) =>
          (query.event_type === undefined || e.type === query.event_type) &&
          (query.entity_id === undefined || e.entity === query.entity_id)
      )
      const found = page(events, (e) => [e.at, `${e.entity} ${e.type}`], query.limit ?? 10, query.token)
      if (isFailure(found)) return found
      return {
        ...found,
        data: found.data.map((e) => ({
          event_id: eventId(e),
          event_type: e.type,
          created_at: iso(e.at),
          event_data: e.data
        }))
      }
    })
}
