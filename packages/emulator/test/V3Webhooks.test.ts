/**
 * The emulator delivers webhooks (rules M33–M36): signed as HeyGen signs, to the endpoints
 * subscribed, when jobs end on its clock; failures retried with backoff; rotation applied;
 * a bad signature or a duplicate on request. Receivers are real node:http servers.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Videos from "@effect-heygen/api/Videos"
import * as Webhook from "@effect-heygen/api/Webhook"
import * as WebhookEndpoint from "@effect-heygen/api/WebhookEndpoint"
import * as Webhooks from "@effect-heygen/api/Webhooks"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { ids, keys } from "../src/Fixtures.ts"
import { control, serveEmulator } from "./utils/emulator.ts"
import { receiver as listen, until } from "./utils/receiver.ts"
import { as } from "./utils/v3.ts"

interface Received {
  readonly body: string
  readonly signature: string
  readonly [header: string]: string
}

/** A receiver recording each delivery's body and `Signature`, answering with the next of `statuses`. */
const receiver = (statuses: Array<number> = []) =>
  listen((body, req): Received => ({ body, signature: String(req.headers.signature ?? "") }), statuses)

const say = (script: string): Videos.CreateBody => ({
  type: "avatar",
  avatar_id: ids.publicAvatar,
  voice_id: ids.publicVoice,
  script
})
const options = {
  rateLimit: { capacity: 100_000, refillPerSecond: 0 },
  webhooks: { sweepMillis: 20, backoffMillis: 20, attempts: 3 }
}
const advance = (url: string) =>
  control(url, "/__emulator/clock", { method: "POST", body: { advance_ms: 60_000 } })

/** An emulator with deliveries on, an endpoint for `events` pointing at a receiver. */
const setup = (events: ReadonlyArray<string> | null, statuses?: Array<number>) =>
  Effect.gen(function* () {
    const url = yield* serveEmulator(options)
    const hook = yield* receiver(statuses)
    const run = as(url, keys.paid)
    const endpoint = yield* run(
      Webhooks.createEndpoint({
        url: hook.url,
        events: events as NonNullable<Webhooks.CreateEndpointBody["events"]>
      })
    )
    return { url, hook, run, endpoint, secret: Redacted.make(endpoint.secret!) }
  })

describe("M33–M36: webhooks delivered from the emulator", () => {
  it.live("M33 a finished video is delivered signed to its subscriber, as the events list names it", () =>
    Effect.gen(function* () {
      const { url, hook, run, secret } = yield* setup(["avatar_video.success"])
      const { video_id } = yield* run(Videos.create(say("Hello.")))
      yield* advance(url)
      yield* until(() => hook.received.length === 1, "the delivery")
      const [delivery] = hook.received
      const verified = yield* Webhook.verify(
        delivery!.body,
        { signature: delivery!.signature },
        { secrets: secret }
      )
      assert.strictEqual(verified.event._tag, "avatar_video.success")
      assert.strictEqual(verified.event.event_data.video_id, video_id)
      const listed = yield* run(
        Webhooks.listEvents({ event_type: "avatar_video.success", entity_id: video_id })
      )
      assert.strictEqual(listed.data[0]?.event_id, verified.id)
    }).pipe(Effect.scoped)
  )

  it.live(
    "M33 a failed video is delivered as avatar_video.fail with its message; unsubscribed types are not sent",
    () =>
      Effect.gen(function* () {
        const { url, hook, run, secret } = yield* setup(["avatar_video.fail"])
        yield* run(Videos.create(say("Fine.")))
        const { video_id } = yield* run(Videos.create(say("Broken [[fail]].")))
        yield* advance(url)
        yield* until(() => hook.received.length >= 1, "the delivery")
        yield* Effect.sleep("200 millis")
        assert.strictEqual(hook.received.length, 1, "only the subscribed type")
        const verified = yield* Webhook.verify(hook.received[0]!.body, hook.received[0]!, { secrets: secret })
        assert.strictEqual(verified.event._tag, "avatar_video.fail")
        if (verified.event._tag === "avatar_video.fail") {
          assert.strictEqual(verified.event.event_data.video_id, video_id)
          assert.include(verified.event.event_data.msg ?? "", "[[fail]]")
        }
      }).pipe(Effect.scoped)
  )

  it.live("M34 a delivery answered 500 is retried with backoff until a 2xx, within the attempts", () =>
    Effect.gen(function* () {
      const { url, hook, run } = yield* setup(null, [500, 503])
      yield* run(Videos.create(say("Retry me.")))
      yield* advance(url)
      yield* until(() => hook.received.length === 3, "three attempts")
      assert.strictEqual(new Set(hook.received.map((r) => r.body)).size, 1, "the same bytes each time")
      const report = (yield* control(url, "/__emulator/webhooks")).json as {
        data: { attempts: Array<{ attempt: number; status: number }> }
      }
      assert.deepStrictEqual(
        report.data.attempts.map((a) => [a.attempt, a.status]),
        [
          [1, 500],
          [2, 503],
          [3, 200]
        ]
      )
    }).pipe(Effect.scoped)
  )

  it.live(
    "M35 asked for, the next delivery carries a bad signature (refused), then its retry a good one",
    () =>
      Effect.gen(function* () {
        const { url, hook, run, secret } = yield* setup(null, [401])
        const asked = yield* control(url, "/__emulator/webhooks", {
          method: "POST",
          body: { next: "bad_signature" }
        })
        assert.strictEqual(asked.status, 200)
        yield* run(Videos.create(say("Forge me.")))
        yield* advance(url)
        yield* until(() => hook.received.length === 2, "the retry")
        const verifier = Webhook.make({ secrets: secret })
        const bad = yield* Effect.flip(verifier.verify(hook.received[0]!.body, hook.received[0]!))
        assert.strictEqual(bad.reason, "BadSignature")
        yield* verifier.verify(hook.received[1]!.body, hook.received[1]!)
      }).pipe(Effect.scoped)
  )

  it.live("M35 asked for, the next event is delivered twice: the receiver sees a duplicate", () =>
    Effect.gen(function* () {
      const { url, hook, run, secret } = yield* setup(null)
      yield* control(url, "/__emulator/webhooks", { method: "POST", body: { next: "duplicate" } })
      yield* run(Videos.create(say("Twice.")))
      yield* advance(url)
      yield* until(() => hook.received.length === 2, "both deliveries")
      const options = { secrets: secret }
      const first = yield* Webhook.verify(hook.received[0]!.body, hook.received[0]!, options)
      const second = yield* Webhook.verify(hook.received[1]!.body, hook.received[1]!, options)
      assert.strictEqual(first.id, second.id)
      assert.deepStrictEqual([first.duplicate, second.duplicate], [false, true])
    }).pipe(Effect.scoped)
  )

  it.live("M36 after rotate-secret, deliveries are signed with the new secret only", () =>
    Effect.gen(function* () {
      const { url, hook, run, endpoint, secret } = yield* setup(null)
      const rotated = yield* run(Webhooks.rotateEndpointSecret(endpoint.endpoint_id))
      yield* run(Videos.create(say("Rotated.")))
      yield* advance(url)
      yield* until(() => hook.received.length === 1, "the delivery")
      const old = yield* Effect.flip(
        Webhook.make({ secrets: secret }).verify(hook.received[0]!.body, hook.received[0]!)
      )
      assert.strictEqual(old.reason, "BadSignature")
      yield* Webhook.make({ secrets: Redacted.make(rotated.secret) }).verify(
        hook.received[0]!.body,
        hook.received[0]!
      )
    }).pipe(Effect.scoped)
  )

  it.live("M35 the control needs the token, and deliveries on", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator({})
      const off = yield* control(url, "/__emulator/webhooks", { method: "POST", body: { next: "duplicate" } })
      assert.strictEqual(off.status, 400)
      const on = yield* serveEmulator(options)
      const noToken = yield* control(on, "/__emulator/webhooks", {
        method: "POST",
        body: { next: "duplicate" },
        headers: { "x-emulator-token": "wrong" }
      })
      assert.strictEqual(noToken.status, 401)
    }).pipe(Effect.scoped)
  )

  it.live("managing: create → rotate → list, the secret Redacted, events streamed (a user's example)", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator(options)
      const hook = yield* receiver()
      const run = as(url, keys.paid)
      const created = yield* run(WebhookEndpoint.create({ url: hook.url, events: ["avatar_video.success"] }))
      assert.isTrue(Redacted.isRedacted(created.secret))
      assert.notInclude(
        `${String(created.secret)} ${JSON.stringify(created)}`,
        Redacted.value(created.secret)
      )
      const rotated = yield* run(WebhookEndpoint.rotateSecret(created.endpoint_id))
      assert.notStrictEqual(Redacted.value(rotated.secret), Redacted.value(created.secret))
      const listed = yield* run(Stream.runCollect(Webhooks.listAllEndpoints({ limit: 1 })))
      const mine = listed.find((e) => e.endpoint_id === created.endpoint_id)
      assert.isDefined(mine)
      assert.isTrue(mine!.secret == null, "lists never show the secret")
      // A delivery after the rotation verifies with the rotated secret, and the events stream names it.
      const { video_id } = yield* run(Videos.create(say("Listed.")))
      yield* advance(url)
      yield* until(() => hook.received.length === 1, "the delivery")
      const verified = yield* Webhook.verify(hook.received[0]!.body, hook.received[0]!, {
        secrets: rotated.secret
      })
      const events = yield* run(Stream.runCollect(Webhooks.listAllEvents({ entity_id: video_id, limit: 1 })))
      assert.deepStrictEqual(
        events.map((e) => e.event_id),
        [verified.id]
      )
    }).pipe(Effect.scoped)
  )

  it.live(
    "M37 a video created with a callback_url has its event POSTed there, unsigned, as HeyGen's are",
    () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator(options)
        const hook = yield* receiver()
        const run = as(url, keys.paid)
        const { video_id } = yield* run(
          Videos.create({
            type: "avatar",
            avatar_id: ids.publicAvatar,
            voice_id: ids.publicVoice,
            script: "Call me back.",
            callback_url: hook.url
          })
        )
        yield* advance(url)
        yield* until(() => hook.received.length === 1, "the callback")
        assert.strictEqual(hook.received[0]!.signature, "")
        const body = JSON.parse(hook.received[0]!.body) as {
          event_type: string
          event_data: { video_id: string }
        }
        assert.strictEqual(body.event_type, "avatar_video.success")
        assert.strictEqual(body.event_data.video_id, video_id)
      }).pipe(Effect.scoped)
  )
})
