/** The README's opening example, run against a local server through the test transport. */
import * as fs from "node:fs"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { serveNode } from "@effect-heygen/harness/node"
import { codeBlocks } from "@effect-heygen/harness/readme"
import * as Effect from "effect/Effect"
import { transport } from "./utils/client.ts"
import { replayServer } from "./utils/replay.ts"

const readme = path.resolve(import.meta.dirname, "../README.md")

const video = (n: number) => ({ id: `v_${n}`, status: "completed", title: `Video ${n}` })

describe("README", () => {
  it.effect("the opening example returns what its last comment says", () =>
    Effect.gen(function* () {
      const code = codeBlocks(readme)[0]!
      const expected = /\/\/ (.+)\n$/.exec(code)![1]!
      const file = path.resolve(import.meta.dirname, ".readme-example.ts")
      fs.writeFileSync(file, code)
      const { url, requests } = yield* replayServer((request) => {
        switch (request.operation?.id) {
          case "videoCreate":
            return { body: { data: { video_id: "v_1", status: "pending" } } }
          case "videoGet":
            return { body: { data: { id: "v_1", status: "pending" } } }
          default:
            return { body: { data: [0, 1, 2, 3].map(video), has_more: true, next_token: "t2" } }
        }
      })
      const example = yield* Effect.promise(() => import(file)).pipe(
        Effect.ensuring(Effect.sync(() => fs.rmSync(file, { force: true })))
      )
      const result = yield* (example.program as Effect.Effect<string, never, never>).pipe(
        Effect.provide(transport(url))
      )
      assert.strictEqual(result, expected)
      assert.deepStrictEqual(
        requests.map((r) => `${r.method} ${r.url.pathname}`),
        ["POST /v3/videos", "GET /v3/videos/v_1", "GET /v3/videos"]
      )
    }).pipe(Effect.scoped)
  )

  it.effect("the waiting-and-downloading example returns what its last comment says", () =>
    Effect.gen(function* () {
      const code = codeBlocks(readme).find((block) => block.includes("Jobs.createVideoAndWait"))!
      const expected = /\/\/ (.+)\n$/.exec(code)![1]!
      const file = path.resolve(import.meta.dirname, ".readme-jobs-example.ts")
      fs.writeFileSync(file, code)
      const storage = yield* serveNode((_, res) => res.writeHead(200).end(Buffer.alloc(300_000, 1)))
      const { url, requests } = yield* replayServer((request) =>
        request.method === "POST"
          ? { body: { data: { video_id: "v_1", status: "pending" } } }
          : {
              body: {
                data: { id: "v_1", status: "completed", video_url: `${storage.url}/v_1.mp4?Signature=s` }
              }
            }
      )
      const example = yield* Effect.promise(() => import(file)).pipe(
        Effect.ensuring(Effect.sync(() => fs.rmSync(file, { force: true })))
      )
      const result = yield* (example.program as Effect.Effect<string, never, never>).pipe(
        Effect.provide(transport(url))
      )
      assert.strictEqual(result, expected)
      assert.deepStrictEqual(
        requests.map((r) => `${r.method} ${r.url.pathname}`),
        ["POST /v3/videos", "GET /v3/videos/v_1"]
      )
      assert.strictEqual(storage.requests.length, 1)
    }).pipe(Effect.scoped)
  )
})
