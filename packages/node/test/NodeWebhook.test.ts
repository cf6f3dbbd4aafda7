/**
 * The Node webhook receiver on node:http over a real socket (rules W1–W8): every case of the
 * shared suite — genuine, tampered, wrong secret, unsigned, rotated, duplicate, unknown
 * type, oversized, non-POST — and a failing handler retried.
 */
import { assert, describe, it } from "@effect/vitest"
import type * as Webhook from "@effect-heygen/api/Webhook"
import { signBody, webhookProblems, webhookSecrets } from "@effect-heygen/harness/webhook"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as NodeHeyGen from "../src/NodeHeyGen.ts"
import * as NodeWebhook from "../src/NodeWebhook.ts"

describe("NodeWebhook", () => {
  it.live("W8 the receiver passes the shared suite on node:http", () =>
    Effect.gen(function* () {
      const seen: Array<Webhook.Verified> = []
      process.env.HEYGEN_WEBHOOK_SECRET = webhookSecrets.current
      process.env.HEYGEN_WEBHOOK_SECRET_PREVIOUS = webhookSecrets.previous
      const app = NodeWebhook.webhook({}, (verified) => Effect.sync(() => seen.push(verified)))
      delete process.env.HEYGEN_WEBHOOK_SECRET
      delete process.env.HEYGEN_WEBHOOK_SECRET_PREVIOUS
      const { url } = yield* NodeHeyGen.serve(app)
      const problems = yield* Effect.promise(() => webhookProblems(url, async () => seen.length))
      assert.deepStrictEqual(problems, [])
      assert.deepStrictEqual(
        seen.map((v) => v.event._tag),
        ["avatar_video.success", "avatar_video.success", "Unknown"]
      )
    })
  )

  it.live("W6 a handler that fails answers 500 and remembers nothing: the retry is handled", () =>
    Effect.gen(function* () {
      let calls = 0
      const failingOnce = NodeWebhook.webhook({ secrets: Redacted.make(webhookSecrets.current) }, () =>
        ++calls === 1 ? Effect.fail("boom") : Effect.void
      )
      const { url } = yield* NodeHeyGen.serve(failingOnce)
      const body = JSON.stringify({
        event_id: "evt_retry",
        event_type: "avatar_video.fail",
        event_data: { video_id: "v" }
      })
      const send = () =>
        Effect.promise(async () => {
          const signature = await signBody(webhookSecrets.current, body)
          const response = await fetch(url, { method: "POST", body, headers: { signature } })
          return { status: response.status, json: await response.json() }
        })
      assert.strictEqual((yield* send()).status, 500)
      assert.deepStrictEqual(yield* send(), { status: 200, json: { received: true } })
      assert.deepStrictEqual(yield* send(), { status: 200, json: { received: true, duplicate: true } })
      assert.strictEqual(calls, 2)
    })
  )
})
