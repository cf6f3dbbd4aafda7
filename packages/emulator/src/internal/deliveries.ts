/**
 * Webhook deliveries (rules M33–M37): when a job ends, its event is signed as HeyGen signs
 * (`Signature`: hex HMAC-SHA256 of the body under the endpoint's secret) and POSTed to each
 * of the account's endpoints subscribed to its type. A delivery that gets no 2xx is retried
 * with exponential backoff, a bounded number of times, each attempt under a timeout; at most
 * `queue` deliveries are in flight (more are dropped and counted). The secret is read at each
 * attempt, so a rotation applies to the next one. A tester can make the next delivery carry
 * a bad signature, or arrive twice. A job created with a `callback_url` has its event POSTed
 * there too, unsigned, as HeyGen sends those (M37).
 *
 * Jobs end on the emulator's clock without anyone asking, so events are found by sweeping:
 * every `sweepMillis` while the emulator's scope is open, and on requests in between.
 */
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import type * as EmulatorState from "../EmulatorState.ts"
import { callbacks, eventId, type Occurred, occurred } from "../v3/Webhooks.ts"
import { type Env, now } from "./env.ts"
import { own } from "./lookup.ts"

/** @since 0.1.0 */
export interface Options {
  /** Attempts per delivery, the first included. Default 5. */
  readonly attempts?: number | undefined
  /** The wait before the first retry; each next one doubles, up to 30 s. Default 500 ms. */
  readonly backoffMillis?: number | undefined
  /** How long one attempt may take. Default 5 s. */
  readonly timeoutMillis?: number | undefined
  /** Deliveries in flight at most; more are dropped. Default 1000. */
  readonly queue?: number | undefined
  /** How often ended jobs are looked for. Default 250 ms. */
  readonly sweepMillis?: number | undefined
}

/** Where a delivery goes: an endpoint (signed), or a request's callback_url (unsigned, as HeyGen's). */
type Target =
  | { readonly kind: "endpoint"; readonly id: string }
  | { readonly kind: "callback"; readonly url: string }

/** What the next delivery does wrong, when a tester asks (`POST /__emulator/webhooks`). */
export type Mischief = "bad_signature" | "duplicate"

/** One attempt, as `GET /__emulator/webhooks` lists it. */
export interface Attempt {
  readonly event_id: string
  readonly endpoint_id: string
  readonly attempt: number
  /** The answer's status; 0 when none came (refused, timed out). */
  readonly status: number
}

export interface Deliveries {
  /** Looks for ended jobs and starts delivering their events. */
  readonly sweep: Effect.Effect<void>
  /** Runs `sweep` every `sweepMillis` for the scope's life. */
  readonly run: Effect.Effect<void, never, Scope.Scope>
  /** Sets what the next delivery does wrong. */
  readonly misbehave: (mischief: Mischief) => void
  /** The latest attempts (at most 100) and how many deliveries were dropped. */
  readonly report: () => { readonly attempts: ReadonlyArray<Attempt>; readonly dropped: number }
}

const encoder = new TextEncoder()

/** How many (endpoint, event) pairs are remembered as sent; the oldest are forgotten first. */
const maxRemembered = 100_000
const hex = (bytes: ArrayBuffer) =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("")

const signature = async (secret: string, body: string): Promise<string> => {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"]
  )
  return hex(await crypto.subtle.sign("HMAC", key, encoder.encode(body)))
}

/** The body HeyGen's webhook docs show, with the event's id the events list names. */
const bodyOf = (e: Occurred): string => {
  const failure = e.data.failure as { readonly message?: string } | null | undefined
  // The failure's text where HeyGen's payloads put it: `msg` for videos, `message` for translations.
  const text =
    failure?.message === undefined
      ? {}
      : e.type.startsWith("avatar_video")
        ? { msg: failure.message }
        : { message: failure.message }
  return JSON.stringify({ event_id: eventId(e), event_type: e.type, event_data: { ...e.data, ...text } })
}

export const make = (env: Env, options: Options = {}): Deliveries => {
  const attempts = Math.max(1, options.attempts ?? 5)
  const backoff = options.backoffMillis ?? 500
  const timeout = options.timeoutMillis ?? 5000
  const capacity = options.queue ?? 1000
  const sweepMillis = options.sweepMillis ?? 250
  const emitted = new Set<string>()
  const log: Array<Attempt> = []
  let inFlight = 0
  let dropped = 0
  let mischief: Mischief | undefined
  let lastSweep = 0

  /** Where to, and with what secret: an endpoint's as it is now, or none for a callback_url (M37). */
  const targetOf = (target: Target) =>
    target.kind === "callback"
      ? Effect.succeed({ url: target.url, secret: undefined as string | undefined })
      : env.store.read((s) => {
          const endpoint = own(s.webhookEndpoints, target.id)
          return endpoint === undefined
            ? undefined
            : { url: endpoint.url, secret: endpoint.secret as string | undefined }
        })

  const attempt = (target: Target, event: string, body: string, n: number, forged: boolean) =>
    Effect.flatMap(targetOf(target), (to) =>
      to === undefined
        ? Effect.succeed(true) // deleted since: nothing left to deliver to
        : Effect.promise(async () => {
            let status = 0
            try {
              const headers: Record<string, string> = { "content-type": "application/json" }
              if (to.secret !== undefined)
                headers.signature = await signature(forged ? `${to.secret}-forged` : to.secret, body)
              const response = await fetch(to.url, {
                method: "POST",
                body,
                redirect: "manual",
                headers,
                signal: AbortSignal.timeout(timeout)
              })
              status = response.status
              await response.body?.cancel()
            } catch {
              status = 0
            }
            log.push({
              event_id: event,
              endpoint_id: target.kind === "callback" ? "callback_url" : target.id,
              attempt: n,
              status
            })
            if (log.length > 100) log.shift()
            return status >= 200 && status < 300
          })
    )

  /** One delivery: attempts with doubling waits until one gets a 2xx or none are left. */
  const deliver = (target: Target, event: string, body: string, forged: boolean) =>
    Effect.gen(function* () {
      for (let n = 1; n <= attempts; n++) {
        if (yield* attempt(target, event, body, n, forged && n === 1)) return
        if (n < attempts) yield* Effect.sleep(Math.min(backoff * 2 ** (n - 1), 30_000))
      }
    }).pipe(Effect.ensuring(Effect.sync(() => inFlight--)), Effect.forkDetach, Effect.asVoid)

  const start = (target: Target, event: string, body: string) =>
    Effect.suspend(() => {
      if (inFlight >= capacity) {
        dropped++
        return Effect.void
      }
      const trick = mischief
      mischief = undefined
      inFlight += trick === "duplicate" ? 2 : 1
      const once = deliver(target, event, body, trick === "bad_signature")
      return trick === "duplicate" ? Effect.andThen(once, deliver(target, event, body, false)) : once
    })

  const sweep = Effect.flatMap(now(env), (at) =>
    Effect.flatMap(
      env.store.read((s: EmulatorState.State) => {
        const due: Array<{ readonly target: Target; readonly event: string; readonly body: string }> = []
        const endpoints = Object.values(s.webhookEndpoints)
        for (const owner of new Set(endpoints.map((e) => e.owner))) {
          for (const e of occurred(s, owner, at)) {
            const id = eventId(e)
            for (const endpoint of endpoints) {
              // An endpoint hears of what ends after it exists, if it subscribed to it.
              if (endpoint.owner !== owner || e.at < endpoint.createdAt) continue
              if (endpoint.events !== null && !endpoint.events.includes(e.type)) continue
              // Ids restart after a reset; the time an event ended tells two apart.
              const key = `${endpoint.id} ${id} ${e.at}`
              if (emitted.has(key)) continue
              emitted.add(key)
              if (emitted.size > maxRemembered) emitted.delete(emitted.values().next().value!)
              due.push({ target: { kind: "endpoint", id: endpoint.id }, event: id, body: bodyOf(e) })
            }
          }
        }
        // A job created with a callback_url: its event goes there too, unsigned (M37).
        for (const { url, event: e } of callbacks(s, at)) {
          const key = `callback ${eventId(e)} ${e.at}`
          if (emitted.has(key)) continue
          emitted.add(key)
          if (emitted.size > maxRemembered) emitted.delete(emitted.values().next().value!)
          due.push({ target: { kind: "callback", url }, event: eventId(e), body: bodyOf(e) })
        }
        return due
      }),
      (due) => Effect.forEach(due, (d) => start(d.target, d.event, d.body), { discard: true })
    )
  )

  return {
    sweep: Effect.suspend(() => {
      const wall = Date.now()
      if (wall - lastSweep < sweepMillis / 2) return Effect.void
      lastSweep = wall
      return sweep
    }),
    run: Effect.asVoid(Effect.forkScoped(Effect.repeat(sweep, Schedule.spaced(sweepMillis)))),
    misbehave: (m) => {
      mischief = m
    },
    report: () => ({ attempts: [...log], dropped })
  }
}
