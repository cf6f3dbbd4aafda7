/**
 * The edge webhook receiver in a real workerd (rules W1–W8): a module worker whose secrets
 * come from its env bindings passes the shared suite over a real socket.
 */
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { webhookProblems, webhookSecrets } from "@effect-heygen/harness/webhook"
import { bundle, freePort, startWorkerd, tempDir } from "@effect-heygen/harness/workerd"
import * as Effect from "effect/Effect"

describe("EdgeWebhook in a real workerd", () => {
  it.live(
    "W8 the worker passes the shared suite, reading its secrets from the env bindings",
    () =>
      Effect.gen(function* () {
        const dir = tempDir()
        yield* Effect.promise(() =>
          bundle(
            path.resolve(import.meta.dirname, "fixtures/webhook-worker.ts"),
            path.join(dir, "webhook-worker.js")
          )
        )
        const port = yield* Effect.promise(freePort)
        yield* Effect.acquireRelease(
          Effect.promise(() =>
            startWorkerd(
              [
                {
                  name: "webhook",
                  script: "webhook-worker.js",
                  port,
                  bindings: {
                    HEYGEN_WEBHOOK_SECRET: webhookSecrets.current,
                    HEYGEN_WEBHOOK_SECRET_PREVIOUS: webhookSecrets.previous
                  }
                }
              ],
              dir
            )
          ),
          (workerd) => Effect.sync(() => workerd.stop())
        )
        const url = `http://127.0.0.1:${port}`
        const seen = async () => ((await (await fetch(`${url}/seen`)).json()) as Array<string>).length
        const problems = yield* Effect.promise(() => webhookProblems(`${url}/hooks`, seen))
        assert.deepStrictEqual(problems, [])
        const tags = yield* Effect.promise(async () => (await fetch(`${url}/seen`)).json())
        assert.deepStrictEqual(tags, ["avatar_video.success", "avatar_video.success", "Unknown"])
      }).pipe(Effect.scoped),
    60_000
  )
})
