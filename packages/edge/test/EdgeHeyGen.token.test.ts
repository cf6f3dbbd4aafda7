import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { serveNode } from "@effect-heygen/harness/node"
import { bundle, freePort, startWorkerd, tempDir } from "@effect-heygen/harness/workerd"
import * as Effect from "effect/Effect"

const TOKEN = "eyJhbGciOiJSUzI1NiJ9.edge-oauth-TOKEN.c2ln"

describe("EdgeHeyGen in workerd with an OAuth access token", () => {
  it.live(
    "S4: an HEYGEN_ACCESS_TOKEN binding is sent as Authorization: Bearer, with no X-Api-Key; with a key too it is a ConfigError",
    () =>
      Effect.gen(function* () {
        const upstream = yield* serveNode((_, res) =>
          res.writeHead(200, { "content-type": "application/json" }).end('{"data":{"email":"a@b.test"}}')
        )
        const dir = tempDir()
        yield* Effect.promise(() =>
          bundle(
            path.resolve(import.meta.dirname, "fixtures/token-worker.ts"),
            path.join(dir, "token-worker.js")
          )
        )
        const port = yield* Effect.promise(freePort)
        yield* Effect.acquireRelease(
          Effect.promise(() =>
            startWorkerd(
              [
                {
                  name: "token",
                  script: "token-worker.js",
                  port,
                  bindings: { HEYGEN_ACCESS_TOKEN: TOKEN, HEYGEN_BASE_URL: upstream.url }
                }
              ],
              dir
            )
          ),
          (workerd) => Effect.sync(() => workerd.stop())
        )
        const answer = yield* Effect.promise(() =>
          fetch(`http://127.0.0.1:${port}/`).then(
            (r) => r.json() as Promise<{ value?: unknown; failure?: string }>
          )
        )
        assert.deepStrictEqual(answer, { value: { email: "a@b.test" } })
        // workerd may be probed for readiness through the worker: every request it sent counts.
        assert.isAbove(upstream.requests.length, 0)
        for (const sent of upstream.requests) {
          assert.strictEqual(sent.headers.authorization, `Bearer ${TOKEN}`)
          assert.isUndefined(sent.headers["x-api-key"])
        }
        const before = upstream.requests.length

        const both = yield* Effect.promise(() =>
          fetch(`http://127.0.0.1:${port}/both`).then((r) => r.json() as Promise<{ failure?: string }>)
        )
        assert.include(both.failure, "exactly one")
        assert.notInclude(both.failure, TOKEN)
        assert.strictEqual(upstream.requests.length, before, "nothing was sent")
      }),
    60_000
  )
})
