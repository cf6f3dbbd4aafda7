/**
 * `Operation.withResponse`: a successful v3 call's request id, status and headers, over the
 * production transport against a real server on 127.0.0.1.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Api from "../src/index.ts"
import * as Operation from "../src/Operation.ts"
import * as Users from "../src/Users.ts"
import * as Videos from "../src/Videos.ts"
import { transport } from "./utils/client.ts"
import { replayServer } from "./utils/replay.ts"

const video = (id: string) => ({ id, status: "completed", created_at: 1 })

/** Each answer carries its own request id and a header naming the path it answered. */
const server = replayServer((request) => {
  const id = request.pathParams.video_id ?? "list"
  return {
    status: 200,
    headers: { "x-request-id": `req-${id}`, "x-answered": request.url.pathname },
    body:
      request.url.pathname === "/v3/users/me"
        ? { data: { username: "u", email: null, first_name: null, last_name: null } }
        : id === "list"
          ? { data: [video("v_1")], has_more: false, next_token: null }
          : { data: video(id) }
  }
})

describe("Operation.withResponse", () => {
  it.effect("a 200's request id, status and headers are reachable, beside the decoded value", () =>
    Effect.gen(function* () {
      const { url, requests } = yield* server
      const got = yield* Videos.get("v_7").pipe(Operation.withResponse, Effect.provide(transport(url)))
      assert.strictEqual(got.value.id, "v_7")
      assert.strictEqual(got.status, 200)
      assert.strictEqual(got.requestId, "req-v_7")
      assert.strictEqual(got.headers["x-answered"], "/v3/videos/v_7")
      assert.strictEqual(got.headers["content-type"], "application/json")
      assert.deepStrictEqual(requests[0]!.problems, [])
      // Reachable from the package's index: `import { Operation } from "@effect-heygen/api"`.
      assert.strictEqual(Api.Operation.withResponse, Operation.withResponse)
    })
  )

  it.effect("works with Operation.envelope and Operation.data directly", () =>
    Effect.gen(function* () {
      const { url } = yield* server
      const page = yield* Operation.envelope(Videos.listOperation, {}).pipe(
        Operation.withResponse,
        Effect.provide(transport(url))
      )
      assert.strictEqual(page.value.data[0]!.id, "v_1")
      assert.strictEqual(page.requestId, "req-list")
      const data = yield* Operation.data(Videos.getOperation, { path: ["v_2"] }).pipe(
        Operation.withResponse,
        Effect.provide(transport(url))
      )
      assert.strictEqual(data.value.id, "v_2")
      assert.strictEqual(data.requestId, "req-v_2")
    })
  )

  it.effect("nested and concurrent calls don't mix: each withResponse sees its own call", () =>
    Effect.gen(function* () {
      const { url } = yield* server
      const program = Effect.gen(function* () {
        const outer = yield* Users.getMe()
        // Made after the outer one's call: it must not become the outer one's response.
        const inner = yield* Videos.get("v_inner").pipe(Operation.withResponse)
        return { inner, outer }
      }).pipe(Operation.withResponse)
      const got = yield* program.pipe(Effect.provide(transport(url)))
      assert.strictEqual(got.value.inner.requestId, "req-v_inner")
      assert.strictEqual(got.value.inner.value.id, "v_inner")
      // The outer one hears only the call made directly within it.
      assert.strictEqual(got.headers["x-answered"], "/v3/users/me")
      const both = yield* Effect.all(
        ["v_a", "v_b", "v_c"].map((id) => Videos.get(id).pipe(Operation.withResponse)),
        { concurrency: "unbounded" }
      ).pipe(Effect.provide(transport(url)))
      assert.deepStrictEqual(
        both.map((r) => [r.value.id, r.requestId]),
        [
          ["v_a", "req-v_a"],
          ["v_b", "req-v_b"],
          ["v_c", "req-v_c"]
        ]
      )
    })
  )

  it.effect("a failed call stays a failure; an effect with no call is a defect", () =>
    Effect.gen(function* () {
      const { url } = yield* replayServer(() => ({
        status: 404,
        headers: { "x-request-id": "req-missing" },
        body: { error: { code: "video_not_found", message: "no", doc_url: "" } }
      }))
      const error = yield* Effect.flip(
        Videos.get("v_gone").pipe(Operation.withResponse, Effect.provide(transport(url)))
      )
      assert.strictEqual(error._tag, "VideoNotFound")
      assert.strictEqual(error._tag === "VideoNotFound" && error.requestId, "req-missing")
      const exit = yield* Effect.exit(Operation.withResponse(Effect.succeed(1)))
      assert.isTrue(Exit.hasDies(exit))
    })
  )
})
