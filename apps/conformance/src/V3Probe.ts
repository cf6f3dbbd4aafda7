/**
 * The client direction on HeyGen's v3 API, run inside a runtime: `@effect-heygen/api` over
 * the runtime's adapter (its client layer, made by the runtime's entry) against the emulator
 * served by Node with control on. Each part reports plain JSON — what the client returned or
 * how it failed, and what the emulator's state and counters say happened — and
 * `V3ClientChecks` judges it. Web APIs only: it runs in Node, workerd and Deno alike.
 */

import * as Assets from "@effect-heygen/api/Assets"
import * as Avatars from "@effect-heygen/api/Avatars"
import * as HeyGenTransport from "@effect-heygen/api/HeyGenTransport"
import * as Templates from "@effect-heygen/api/Templates"
import * as Users from "@effect-heygen/api/Users"
import * as Videos from "@effect-heygen/api/Videos"
import * as VideoTranslations from "@effect-heygen/api/VideoTranslations"
import * as Voices from "@effect-heygen/api/Voices"
import * as Webhooks from "@effect-heygen/api/Webhooks"
import { ids } from "@effect-heygen/emulator/Fixtures"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { summarize } from "./Summary.ts"
import {
  type ClientLayer,
  dropIdPrefix,
  keys,
  keysPath,
  type Outcome,
  type Report,
  type Targets
} from "./V3Report.ts"

const outcome = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<Outcome<A>, never, R> =>
  Effect.map(Effect.exit(effect), (exit) => {
    if (Exit.isSuccess(exit)) return { ok: exit.value }
    const error = Exit.findErrorOption(exit)
    return error._tag === "Some" &&
      typeof error.value === "object" &&
      error.value !== null &&
      "_tag" in error.value
      ? { error: summarize(error.value as unknown as Parameters<typeof summarize>[0]) }
      : { defect: String(exit.cause).slice(0, 2000) }
  })

const say = (script: string, avatar: string = ids.publicAvatar): Videos.CreateBody => ({
  type: "avatar",
  avatar_id: avatar,
  voice_id: ids.publicVoice,
  script
})

/** What the probe reads of the emulator's state (`GET /__emulator/state`) and counters. */
interface ControlData {
  readonly accounts?: Readonly<Record<string, { readonly credits: number }>>
  readonly idempotency?: Readonly<Record<string, { readonly status: number | null; readonly body: string }>>
  readonly byCode?: Readonly<Record<string, number>>
}

/** Waits for `condition`, polling every 10 ms, at most `seconds` (the machine may be loaded). */
const until = (what: string, condition: Effect.Effect<boolean>, seconds = 30) =>
  Effect.gen(function* () {
    const deadline = Date.now() + seconds * 1000
    while (!(yield* condition)) {
      if (Date.now() > deadline) return yield* Effect.die(new Error(`${what}: not within ${seconds} s`))
      yield* Effect.sleep("10 millis")
    }
  })

export const run = (targets: Targets, clientLayer: ClientLayer, runtime: string): Effect.Effect<Report> =>
  Effect.gen(function* () {
    const control = (method: string, path: string, body?: unknown) =>
      Effect.promise(async () => {
        const response = await fetch(`${targets.emulatorUrl}/__emulator/${path}`, {
          method,
          headers: { "x-emulator-token": targets.controlToken, "content-type": "application/json" },
          ...(body === undefined ? {} : { body: JSON.stringify(body) })
        })
        return ((await response.json()) as { data?: ControlData }).data
      })
    // Renders take 30 s of emulator time; moving the clock ends them, so no plan's
    // concurrent-render limit (M4) stands between one part and the next.
    const finishRenders = control("POST", "clock", { advance_ms: 120_000 })
    const counted = (code: string) =>
      Effect.map(control("GET", "counters"), (c) => Number(c?.byCode?.[code] ?? 0))
    // The keys of the `POST /v3/videos` attempts the future origin forwarded, oldest first.
    const attemptKeys = Effect.promise(async () => {
      const response = await fetch(`${targets.futureUrl}${keysPath}`)
      const attempts = (await response.json()) as Array<{ method: string; path: string; key: string | null }>
      return attempts.filter((a) => a.method === "POST" && a.path === "/v3/videos").map((a) => a.key)
    })
    const credits = (account: string) =>
      Effect.map(control("GET", "state"), (s) => Number(s?.accounts?.[account]?.credits ?? Number.NaN))
    // One client per key (and origin), each provided on its own: a nested provide of
    // `HeyGenTransport.layer` would reuse the outer one, memoized.
    const as = (apiKey: string, baseUrl = targets.emulatorUrl) =>
      HeyGenTransport.layer.pipe(Layer.provide(clientLayer({ apiKey: Redacted.make(apiKey), baseUrl })))
    const paid = <A, E>(effect: Effect.Effect<A, E, HeyGenTransport.HeyGenTransport>) =>
      outcome(Effect.provide(effect, as(keys.paid)))

    const roundTrip = yield* paid(
      Effect.gen(function* () {
        const created = yield* Videos.create(say("Conformance round trip."))
        const got = yield* Videos.get(created.video_id)
        const listed = yield* Stream.runCollect(Videos.listAll({ limit: 100 }))
        return {
          created: created.video_id,
          got: got.id,
          found: listed.some((v) => v.id === created.video_id)
        }
      })
    )

    const notFound = {
      videos: yield* paid(Videos.get("vid_conformance_missing")),
      avatarLooks: yield* paid(Avatars.getLook("look_conformance_missing")),
      voices: yield* paid(Voices.get("voice_conformance_missing")),
      templates: yield* paid(Templates.get("tpl_conformance_missing")),
      assets: yield* paid(Assets.get("asset_conformance_missing")),
      videoTranslations: yield* paid(VideoTranslations.get("vt_conformance_missing"))
    }

    const invalid = {
      // Valid to the schema; the server finds that a script needs a voice (E6: the field's path).
      body: yield* paid(
        Videos.create({
          type: "studio",
          scenes: [
            { type: "avatar_video", input: { type: "avatar", avatar_id: ids.publicAvatar, script: "Hi." } }
          ]
        })
      ),
      token: yield* paid(Videos.list({ limit: 2, token: "not-a-token-the-list-gave" }))
    }

    const auth = {
      unknown: yield* outcome(Effect.provide(Users.getMe(), as(keys.unknown))),
      expired: yield* outcome(Effect.provide(Users.getMe(), as(keys.expired))),
      member: yield* outcome(Effect.provide(Webhooks.listEndpoints(), as(keys.member)))
    }

    const credit = yield* outcome(Effect.provide(Videos.create(say("x".repeat(350))), as(keys.broke)))

    yield* finishRenders
    const idempotency = yield* outcome(
      Effect.scoped(
        Effect.gen(function* () {
          const before = yield* credits("acct_paid")
          const key = `conformance-${runtime}-${crypto.randomUUID()}`
          const first = yield* Effect.provide(
            Videos.create(say("Made once."), { idempotencyKey: key }),
            as(keys.paid)
          )
          const repeat = yield* Effect.provide(
            Videos.create(say("Made once."), { idempotencyKey: key }),
            as(keys.paid)
          )
          // The original create, held open by the probe: the emulator claims its key as the body starts.
          const slowKey = `${key}-slow`
          const body = new TextEncoder().encode(JSON.stringify(say("Made while another waits.")))
          // Released (aborted) whatever happens, so a failed part leaves no request open.
          const original = yield* Effect.acquireRelease(
            Effect.sync(() => {
              const abort = new AbortController()
              let finish: () => void = () => {}
              const stream = new ReadableStream<Uint8Array>({
                start(controller) {
                  controller.enqueue(body.slice(0, 5))
                  finish = () => {
                    controller.enqueue(body.slice(5))
                    controller.close()
                  }
                }
              })
              const answer: Promise<string> = fetch(`${targets.emulatorUrl}/v3/videos`, {
                method: "POST",
                headers: {
                  "x-api-key": keys.paid,
                  "content-type": "application/json",
                  "idempotency-key": slowKey
                },
                body: stream,
                duplex: "half",
                signal: abort.signal
              } as RequestInit).then(
                async (r) => ((await r.json()) as { data: { video_id: string } }).data.video_id,
                (error) => `no answer: ${error}`
              )
              return { finish: () => finish(), answer, abort: () => abort.abort() }
            }),
            (held) => Effect.sync(held.abort)
          )
          yield* until(
            "the original's key claimed",
            Effect.map(control("GET", "state"), (s) =>
              Object.entries(s?.idempotency ?? {}).some(
                ([scope, record]) => scope.endsWith(` ${slowKey}`) && record.status === null
              )
            )
          )
          const conflictsBefore = yield* counted("request_in_progress")
          const seenBefore = (yield* attemptKeys).length
          // Through the future origin, which records each attempt's key (it changes no answer to a POST).
          const client = yield* Effect.forkChild(
            Effect.provide(
              Videos.create(say("Made while another waits."), { idempotencyKey: slowKey }),
              as(keys.paid, targets.futureUrl)
            )
          )
          // The client was told the original still runs; only then does the original finish.
          yield* until(
            "a 409 request_in_progress",
            Effect.map(counted("request_in_progress"), (n) => n > conflictsBefore)
          )
          original.finish()
          const retried = yield* Fiber.join(client)
          const originalId = yield* Effect.promise(() => original.answer)
          const conflicts = (yield* counted("request_in_progress")) - conflictsBefore
          const retriedKeys = (yield* attemptKeys).slice(seenBefore)
          // A 500 after which the first attempt may have run: retried, with the key it generated.
          const faultsBefore = yield* counted("internal_error")
          yield* control("POST", "script", {
            code: "internal_error",
            times: 1,
            key: keys.paid,
            method: "POST",
            path: "/v3/videos"
          })
          const faultSeen = (yield* attemptKeys).length
          const afterFault = yield* Effect.provide(
            Videos.create(say("Made after a fault.")),
            as(keys.paid, targets.futureUrl)
          )
          const faults = (yield* counted("internal_error")) - faultsBefore
          const afterFaultKeys = (yield* attemptKeys).slice(faultSeen)
          return {
            key,
            first: first.video_id,
            repeat: repeat.video_id,
            original: originalId,
            retried: retried.video_id,
            conflicts,
            retriedKeys,
            afterFault: afterFault.video_id,
            faults,
            afterFaultKeys,
            creditsSpent: before - (yield* credits("acct_paid"))
          }
        })
      )
    )

    yield* finishRenders
    const pagination = yield* outcome(
      Effect.provide(
        Effect.gen(function* () {
          const created: Array<string> = []
          for (let i = 1; i <= 5; i++) created.push((yield* Videos.create(say(`Page item ${i}.`))).video_id)
          const walked: Array<string> = []
          let pages = 0
          let token: string | undefined
          do {
            const page = yield* Videos.list({ limit: 2, ...(token === undefined ? {} : { token }) })
            pages++
            walked.push(...page.data.map((v) => v.id))
            token = page.has_more === true ? (page.next_token ?? undefined) : undefined
          } while (token !== undefined && pages < 50)
          const streamed = yield* Stream.runCollect(Stream.map(Videos.listAll({ limit: 2 }), (v) => v.id))
          const whole = (yield* Videos.list({ limit: 100 })).data.map((v) => v.id)
          return { created, pages, walked, streamed, whole }
        }),
        as(keys.enterprise)
      )
    )

    const failedJob = yield* outcome(
      Effect.provide(
        Effect.gen(function* () {
          const created = yield* Videos.create(say("Fred's render.", ids.failingAvatar))
          yield* finishRenders
          const video = yield* Videos.get(created.video_id)
          return {
            status: video.status,
            failureCode: video.failure_code,
            failureMessage: video.failure_message
          }
        }),
        as(keys.enterprise)
      )
    )

    const forwardCompatible = yield* outcome(
      Effect.gen(function* () {
        const created = yield* Effect.provide(Videos.create(say("From the future.")), as(keys.paid))
        return yield* Effect.provide(
          Effect.gen(function* () {
            const got = yield* Videos.get(created.video_id)
            const listed = (yield* Videos.list({ limit: 1 })).data[0] ?? {}
            const missingId = yield* outcome(Videos.get(`${dropIdPrefix}${created.video_id}`))
            return { got: { ...got }, listed: { ...listed }, missingId }
          }),
          as(keys.paid, targets.futureUrl)
        )
      })
    )

    return {
      roundTrip,
      notFound,
      invalid,
      auth,
      credit,
      idempotency,
      pagination,
      failedJob,
      forwardCompatible
    }
  })
