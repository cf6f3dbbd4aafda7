import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { describe, expectTypeOf, it } from "vitest"
import type * as HeyGenError from "../src/HeyGenError.ts"

declare const call: Effect.Effect<string, HeyGenError.HeyGenError>

describe("HeyGenError types", () => {
  it("catchTags knows e.retryAfter and e.available, and removes the handled tags", () => {
    const handled = call.pipe(
      Effect.catchTags({
        RateLimitExceeded: (e) => {
          expectTypeOf(e.retryAfter).toEqualTypeOf<Duration.Duration | undefined>()
          expectTypeOf(e.code).toEqualTypeOf<"rate_limit_exceeded">()
          expectTypeOf(e.retryClass).toEqualTypeOf<"after-wait">()
          return Effect.succeed("later")
        },
        InsufficientCredit: (e) => {
          expectTypeOf(e.available).toEqualTypeOf<number | undefined>()
          expectTypeOf(e.required).toEqualTypeOf<number | undefined>()
          expectTypeOf(e.family).toEqualTypeOf<"billing">()
          return Effect.succeed("top up")
        }
      })
    )
    type Remaining = Effect.Error<typeof handled>
    expectTypeOf<Extract<Remaining, { _tag: "RateLimitExceeded" }>>().toBeNever()
    expectTypeOf<Extract<Remaining, { _tag: "InsufficientCredit" }>>().toBeNever()
    expectTypeOf<Extract<Remaining, { _tag: "AvatarNotFound" }>>().not.toBeNever()
  })

  it("family unions hold exactly their tags", () => {
    expectTypeOf<HeyGenError.BillingError["_tag"]>().toEqualTypeOf<
      "InsufficientCredit" | "TrialLimitExceeded" | "PlanUpgradeRequired"
    >()
    expectTypeOf<HeyGenError.ServerError["_tag"]>().toEqualTypeOf<"VideoDeleteFailed" | "InternalError">()
    expectTypeOf<HeyGenError.ConflictError["_tag"]>().toEqualTypeOf<"RequestInProgress">()
    expectTypeOf<HeyGenError.ValidationError["_tag"]>().toEqualTypeOf<"InvalidParameter" | "DownloadFailed">()
  })

  it("C4: the v3 codes are tags of their own: catchTag narrows and removes them", () => {
    const handled = call.pipe(
      Effect.catchTag("RequestInProgress", (e) => {
        expectTypeOf(e.code).toEqualTypeOf<"request_in_progress">()
        expectTypeOf(e.retryClass).toEqualTypeOf<"transient">()
        expectTypeOf(e.family).toEqualTypeOf<"conflict">()
        return Effect.succeed("wait")
      }),
      Effect.catchTag("DownloadFailed", (e) => {
        expectTypeOf(e.code).toEqualTypeOf<"download_failed">()
        return Effect.succeed(e.param ?? "a url")
      })
    )
    type Remaining = Effect.Error<typeof handled>
    expectTypeOf<Extract<Remaining, { _tag: "RequestInProgress" | "DownloadFailed" }>>().toBeNever()
  })
})
