import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import * as Catalog from "../src/Catalog.ts"
import * as HeyGenError from "../src/HeyGenError.ts"

describe("HeyGenError", () => {
  it("constructors default code, status, message and doc_url from the catalog", () => {
    const error = new HeyGenError.RateLimitExceeded({ retryAfter: Duration.seconds(2) })
    assert.strictEqual(error.code, "rate_limit_exceeded")
    assert.strictEqual(error.status, 429)
    assert.strictEqual(error.message, Catalog.get("rate_limit_exceeded").summary)
    assert.strictEqual(String(error), `RateLimitExceeded: ${error.message}`)
    assert.instanceOf(error, Error)
  })

  it.effect("catchTag discriminates the union", () =>
    Effect.gen(function* () {
      const failing: Effect.Effect<never, HeyGenError.HeyGenError> = Effect.fail(
        new HeyGenError.InsufficientCredit({ available: 1, required: 3 })
      )
      const result = yield* failing.pipe(
        Effect.catchTags({
          InsufficientCredit: (e) => Effect.succeed(`${e.available}/${e.required}`),
          RateLimitExceeded: () => Effect.succeed("wait")
        }),
        Effect.catch(() => Effect.succeed("other"))
      )
      assert.strictEqual(result, "1/3")
    })
  )

  it("guards: union, catalog, families, retryable", () => {
    const credit = new HeyGenError.InsufficientCredit()
    const server = new HeyGenError.InternalError()
    const unknown = new HeyGenError.UnknownApiError({ code: "x", status: 418, message: "" })
    const transport = new HeyGenError.TransportError({ reason: "Timeout", message: "t" })
    assert.isTrue(HeyGenError.isHeyGenError(credit) && HeyGenError.isHeyGenError(transport))
    assert.isFalse(HeyGenError.isHeyGenError(new Error("x")))
    assert.isFalse(HeyGenError.isHeyGenError({ _tag: "Unauthorized" }))
    assert.isTrue(HeyGenError.isCatalogError(credit))
    assert.isFalse(HeyGenError.isCatalogError(unknown))
    assert.isTrue(HeyGenError.isBillingError(credit))
    assert.isFalse(HeyGenError.isBillingError(server))
    assert.isTrue(HeyGenError.isServerError(server))
    const families = Catalog.entries.map((e) => [e.tag, e.family])
    for (const [tag, family] of families) {
      const error = new HeyGenError.classes[tag as Catalog.Tag]()
      assert.strictEqual(HeyGenError.isFamily(family as Catalog.Family)(error), true)
    }
    assert.isFalse(HeyGenError.isRetryable(credit))
    assert.isTrue(HeyGenError.isRetryable(server))
    assert.isTrue(HeyGenError.isRetryable(transport))
    assert.isFalse(HeyGenError.isRetryable(unknown))
  })

  it("D10/S1: transport errors scrub secrets from the cause and keep no cause", () => {
    const key = Redacted.make("sk_live_SECRET_123")
    const cause = new Error("connect ECONNREFUSED: x-api-key=sk_live_SECRET_123", {
      cause: new Error("header X-Api-Key: sk_live_SECRET_123")
    })
    const error = HeyGenError.transportError({
      reason: "Connection",
      cause,
      method: "GET",
      path: "/v2/avatars",
      secrets: [key]
    })
    const renderings = [
      error.message,
      String(error),
      JSON.stringify(error),
      String(error.stack),
      Cause.pretty(Cause.fail(error)),
      Cause.pretty(Exit.isFailure(Exit.fail(error)) ? Cause.fail(error) : Cause.empty)
    ]
    for (const text of renderings) assert.notInclude(text, "SECRET_123")
    assert.include(error.message, "<redacted>")
    assert.isTrue(error.retryable)
    assert.strictEqual(String(key), "<redacted>")
  })
})
