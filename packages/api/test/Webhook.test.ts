/**
 * Receiving webhooks (rules W1–W7, docs/spec/CONTRACT.md): HeyGen's signature over the raw
 * bytes, refusals by reason, rotation, bounds, typed and forward-compatible events, duplicates.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as fc from "fast-check"
import * as Webhook from "../src/Webhook.ts"
import * as WebhookEvent from "../src/WebhookEvent.ts"

const secret = Redacted.make("whsec_current-0123456789abcdef")
const previous = Redacted.make("whsec_previous-fedcba9876543210")
const event = {
  event_id: "evt_1",
  event_type: "avatar_video.success",
  event_data: { video_id: "v1", url: "https://x/v.mp4", callback_id: "c1" }
}
const body = JSON.stringify(event)

const signed = (text: string | Uint8Array, key = secret) =>
  Effect.map(Webhook.sign(text, key), (s) => ({ signature: s }))

describe("Webhook", () => {
  it.effect("W1 signs as HMAC-SHA256 in lowercase hex (RFC 4231 test case 2)", () =>
    Effect.gen(function* () {
      const signature = yield* Webhook.sign("what do ya want for nothing?", Redacted.make("Jefe"))
      assert.strictEqual(signature, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
      assert.strictEqual(Webhook.signatureHeader, "signature")
    })
  )

  it.effect("W1 a genuine delivery verifies and decodes to its typed event", () =>
    Effect.gen(function* () {
      const verified = yield* Webhook.verify(body, yield* signed(body), Webhook.make({ secrets: secret }))
      assert.strictEqual(verified.event._tag, "avatar_video.success")
      assert.strictEqual(verified.id, "evt_1")
      assert.isFalse(verified.duplicate)
      if (verified.event._tag === "avatar_video.success")
        assert.strictEqual(verified.event.event_data.video_id, "v1")
    })
  )

  it.effect(
    "W1 the raw bytes are what is verified: bytes and string agree; upper-case hex and any header casing pass",
    () =>
      Effect.gen(function* () {
        const verifier = Webhook.make({ secrets: secret })
        const { signature } = yield* signed(body)
        const bytes = new TextEncoder().encode(body)
        yield* verifier.verify(bytes, { Signature: signature.toUpperCase() })
        yield* verifier.verify(bytes, new Headers({ SIGNATURE: signature }))
        yield* verifier.verify(body, { signature: [signature] })
      })
  )

  it.effect("W1 the signature is also read from X-HeyGen-Signature; Signature wins when both come", () =>
    Effect.gen(function* () {
      const verifier = Webhook.make({ secrets: secret })
      const { signature } = yield* signed(body)
      yield* verifier.verify(body, { "X-HeyGen-Signature": signature })
      const forged = "0".repeat(64)
      const error = yield* Effect.flip(
        verifier.verify(body, { Signature: forged, "X-HeyGen-Signature": signature })
      )
      assert.strictEqual(error.reason, "BadSignature")
    })
  )

  it.effect("W2 a tampered body is refused (BadSignature)", () =>
    Effect.gen(function* () {
      const headers = yield* signed(body)
      const error = yield* Effect.flip(
        Webhook.make({ secrets: secret }).verify(body.replace("v1", "v2"), headers)
      )
      assert.strictEqual(error._tag, "WebhookVerificationError")
      assert.strictEqual(error.reason, "BadSignature")
    })
  )

  it.effect("W2 a wrong secret, a missing header and a garbled header are refused by reason", () =>
    Effect.gen(function* () {
      const verifier = Webhook.make({ secrets: secret })
      const wrong = yield* Effect.flip(
        verifier.verify(body, yield* signed(body, Redacted.make("whsec_other")))
      )
      assert.strictEqual(wrong.reason, "BadSignature")
      const missing = yield* Effect.flip(verifier.verify(body, {}))
      assert.strictEqual(missing.reason, "MissingHeader")
      const garbled = yield* Effect.flip(verifier.verify(body, { signature: "zz" }))
      assert.strictEqual(garbled.reason, "BadSignature")
      const none = yield* Effect.flip(Webhook.make({ secrets: [] }).verify(body, yield* signed(body)))
      assert.strictEqual(none.reason, "BadSignature")
    })
  )

  it.effect("W3 during a rotation both secrets verify; after it, only the new one", () =>
    Effect.gen(function* () {
      const rotating = Webhook.make({ secrets: [secret, previous] })
      yield* rotating.verify(body, yield* signed(body, secret))
      yield* rotating.verify(body, yield* signed(body, previous))
      const rotated = Webhook.make({ secrets: [secret] })
      const error = yield* Effect.flip(rotated.verify(body, yield* signed(body, previous)))
      assert.strictEqual(error.reason, "BadSignature")
    })
  )

  it.effect("W4 a body over the bound is refused before it is verified (TooLarge)", () =>
    Effect.gen(function* () {
      const big = JSON.stringify({ ...event, event_data: { video_id: "v", pad: "x".repeat(2000) } })
      const error = yield* Effect.flip(
        Webhook.make({ secrets: secret, maxBodyBytes: 1024 }).verify(big, yield* signed(big))
      )
      assert.strictEqual(error.reason, "TooLarge")
    })
  )

  it.effect("W5 an unknown event type is a value, not a failure", () =>
    Effect.gen(function* () {
      const text = JSON.stringify({
        event_type: "avatar_video.teleported",
        event_data: { video_id: "v9", extra: [1] }
      })
      const verified = yield* Webhook.make({ secrets: secret }).verify(text, yield* signed(text))
      assert.strictEqual(verified.event._tag, "Unknown")
      assert.strictEqual(verified.event.event_type, "avatar_video.teleported")
      assert.deepStrictEqual(verified.event.event_data, { video_id: "v9", extra: [1] })
    })
  )

  it.effect("W5 a signed body that is not an event is Malformed, naming what is wrong", () =>
    Effect.gen(function* () {
      const verifier = Webhook.make({ secrets: secret })
      for (const [text, says] of [
        ["not json", "JSON"],
        ["[1]", "object"],
        [JSON.stringify({ event_type: "avatar_video.success", event_data: { video_id: 7 } }), "video_id"],
        [
          JSON.stringify({
            event_type: "video_translate.fail",
            event_data: { video_translate_id: "t", message: 1 }
          }),
          "message"
        ]
      ] as const) {
        const error = yield* Effect.flip(verifier.verify(text, yield* signed(text)))
        assert.strictEqual(error.reason, "Malformed")
        assert.include(error.message, says)
      }
    })
  )

  it.effect("W6 a duplicate is flagged once remembered; Webhook.verify remembers at once", () =>
    Effect.gen(function* () {
      const verifier = Webhook.make({ secrets: secret })
      const headers = yield* signed(body)
      const first = yield* verifier.verify(body, headers)
      assert.isFalse((yield* verifier.verify(body, headers)).duplicate, "verify alone remembers nothing")
      yield* verifier.remember(first.id)
      assert.isTrue((yield* verifier.verify(body, headers)).duplicate)
      const options: Webhook.Options = { secrets: secret }
      assert.isFalse((yield* Webhook.verify(body, headers, options)).duplicate)
      assert.isTrue((yield* Webhook.verify(body, headers, options)).duplicate)
    })
  )

  it.effect("W6 without an event_id, the same body is the same event (its signature is the id)", () =>
    Effect.gen(function* () {
      const text = JSON.stringify({
        event_type: "avatar_video.fail",
        event_data: { video_id: "v", msg: "no" }
      })
      const options: Webhook.Options = { secrets: secret }
      const headers = yield* signed(text)
      const first = yield* Webhook.verify(text, headers, options)
      assert.strictEqual(first.id, headers.signature)
      assert.isTrue((yield* Webhook.verify(text, headers, options)).duplicate)
    })
  )

  it.effect("W6 the memory store is bounded: the least recently seen id is forgotten", () =>
    Effect.gen(function* () {
      const store = Webhook.memoryStore(2)
      yield* store.remember("a")
      yield* store.remember("b")
      assert.isTrue(yield* store.has("a")) // a is now the most recent
      yield* store.remember("c")
      assert.isFalse(yield* store.has("b"))
      assert.isTrue(yield* store.has("a"))
      assert.isTrue(yield* store.has("c"))
    })
  )

  it.effect("W7 no refusal names a secret", () =>
    Effect.gen(function* () {
      const verifier = Webhook.make({ secrets: [secret, previous] })
      const errors = [
        yield* Effect.flip(verifier.verify(body, {})),
        yield* Effect.flip(verifier.verify(body, { signature: "0".repeat(64) })),
        yield* Effect.flip(verifier.verify("x", yield* signed("x")))
      ]
      for (const error of errors) {
        const rendered = `${String(error)} ${JSON.stringify(error)} ${error.message}`
        for (const s of [secret, previous]) assert.notInclude(rendered, Redacted.value(s))
      }
    })
  )

  it("W5 the 30 event types are the spec's", () => {
    const spec = JSON.parse(
      fs.readFileSync(path.resolve(import.meta.dirname, "../spec/heygen-v3.openapi.json"), "utf8")
    )
    const found = new Set<string>()
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) {
        for (const item of node) walk(item)
        return
      }
      if (typeof node !== "object" || node === null) return
      const record = node as Record<string, unknown>
      if (Array.isArray(record.enum) && record.enum.includes("avatar_video.success"))
        for (const v of record.enum) found.add(v as string)
      for (const value of Object.values(record)) walk(value)
    }
    walk(spec)
    assert.deepStrictEqual([...found].sort(), [...WebhookEvent.eventTypes].sort())
    assert.strictEqual(WebhookEvent.eventTypes.length, 30)
  })
})

describe("Webhook properties", () => {
  it.effect("W2 random bodies and headers never crash: each is verified or refused with a reason", () =>
    Effect.promise(() =>
      fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.string(),
            fc.uint8Array({ maxLength: 512 }).map((b) => b as Uint8Array)
          ),
          fc.dictionary(
            fc.string({ maxLength: 20 }),
            fc.oneof(fc.string(), fc.stringMatching(/^[0-9a-fA-F]{64}$/))
          ),
          async (raw, headers) => {
            const exit = await Effect.runPromiseExit(Webhook.make({ secrets: secret }).verify(raw, headers))
            if (exit._tag === "Failure") {
              const error = exit.cause.reasons[0]
              if (error?._tag !== "Fail" || error.error._tag !== "WebhookVerificationError")
                throw new Error(String(exit))
            }
          }
        ),
        { numRuns: 200 }
      )
    )
  )

  it.effect("W1 flipping any one bit of a signed body fails it; signed events always verify", () =>
    Effect.promise(() =>
      fc.assert(
        fc.asyncProperty(
          fc.string({ maxLength: 200 }),
          fc.constantFrom(...WebhookEvent.eventTypes),
          fc.nat(),
          async (id, type, bit) => {
            const text = JSON.stringify({
              event_type: type,
              event_data: { video_id: id, video_translate_id: id }
            })
            const bytes = new TextEncoder().encode(text)
            const verifier = Webhook.make({ secrets: secret })
            const headers = await Effect.runPromise(signed(bytes))
            const ok = await Effect.runPromise(verifier.verify(bytes, headers))
            if (ok.event._tag !== type) throw new Error(`decoded ${ok.event._tag}`)
            const flipped = bytes.slice()
            const at = bit % (flipped.length * 8)
            flipped[at >> 3]! ^= 1 << (at & 7)
            const error = await Effect.runPromise(Effect.flip(verifier.verify(flipped, headers)))
            if (error.reason !== "BadSignature") throw new Error(error.reason)
          }
        ),
        { numRuns: 200 }
      )
    )
  )

  it("W5 decoding is total: any JSON value is an event or a message, and a known type keeps its tag", () =>
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({
            event_type: fc.oneof(fc.constantFrom(...WebhookEvent.eventTypes), fc.string()),
            event_id: fc.option(fc.oneof(fc.string(), fc.integer()), { nil: undefined }),
            event_data: fc.oneof(
              fc.jsonValue(),
              fc.dictionary(
                fc.constantFrom("video_id", "video_translate_id", "msg", "url", "x"),
                fc.jsonValue()
              )
            )
          })
        ),
        (json) => {
          const decoded = WebhookEvent.fromJson(json)
          if (typeof decoded === "string") return decoded.length > 0
          const type = (json as { event_type: string }).event_type
          return (
            decoded._tag === (WebhookEvent.isEventType(type) ? type : "Unknown") &&
            decoded.event_type === type
          )
        }
      ),
      { numRuns: 500 }
    ))

  it.effect("W6 the memory store never holds more than its capacity", () =>
    Effect.promise(() =>
      fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 8 }),
          fc.array(fc.string({ maxLength: 3 }), { maxLength: 50 }),
          async (capacity, ids) => {
            const store = Webhook.memoryStore(capacity)
            for (const id of ids) await Effect.runPromise(store.remember(id))
            const last = [...new Set(ids.slice().reverse())].slice(0, capacity)
            for (const id of last) if (!(await Effect.runPromise(store.has(id)))) return false
            const kept = await Promise.all([...new Set(ids)].map((id) => Effect.runPromise(store.has(id))))
            return kept.filter(Boolean).length <= capacity
          }
        ),
        { numRuns: 200 }
      )
    )
  )
})
