// Run by `deno test` (scripts/deno-test.mjs): the Deno webhook receiver on Deno.serve over a
// real socket, its secrets from Deno.env, passes the shared suite (rules W1–W8).
import type * as Webhook from "@effect-heygen/api/Webhook"
import { webhookProblems, webhookSecrets } from "@effect-heygen/harness/webhook"
import * as Effect from "effect/Effect"
import * as DenoHeyGen from "../src/DenoHeyGen.ts"
import * as DenoWebhook from "../src/DenoWebhook.ts"

Deno.test("W8 the receiver passes the shared suite on Deno.serve, secrets from Deno.env", () =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const seen: Array<Webhook.Verified> = []
        Deno.env.set("HEYGEN_WEBHOOK_SECRET", webhookSecrets.current)
        Deno.env.set("HEYGEN_WEBHOOK_SECRET_PREVIOUS", webhookSecrets.previous)
        const app = DenoWebhook.webhook({}, (verified) => Effect.sync(() => seen.push(verified)))
        Deno.env.delete("HEYGEN_WEBHOOK_SECRET")
        Deno.env.delete("HEYGEN_WEBHOOK_SECRET_PREVIOUS")
        const { url } = yield* DenoHeyGen.serve(app)
        const problems = yield* Effect.promise(() => webhookProblems(url, async () => seen.length))
        if (problems.length > 0) throw new Error(problems.join("\n"))
        const tags = seen.map((v) => v.event._tag).join(",")
        if (tags !== "avatar_video.success,avatar_video.success,Unknown") throw new Error(tags)
      })
    )
  ))
