/**
 * Paginated operations as streams: every item across pages, each page's `token` the
 * previous page's `next_token`, no page fetched before the stream needs it, and the end
 * where HeyGen says it is (`has_more` false, or `next_token` null).
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Videos from "../src/Videos.ts"
import * as Webhooks from "../src/Webhooks.ts"
import { transport } from "./utils/client.ts"
import { type Recorded, replayServer } from "./utils/replay.ts"

const video = (n: number) => ({ id: `v_${n}`, status: "completed" })

/** Pages of `size` videos; the token of page n is `t<n>`; the last page says no more in `last`'s way. */
const pages =
  (count: number, size: number, last: "has_more" | "next_token" = "has_more") =>
  (request: Recorded) => {
    const token = request.url.searchParams.get("token")
    const page = token === null ? 1 : Number(token.slice(1))
    const data = Array.from({ length: size }, (_, i) => video((page - 1) * size + i))
    if (page < count) return { body: { data, has_more: true, next_token: `t${page + 1}` } }
    return {
      body:
        last === "has_more"
          ? { data, has_more: false, next_token: "ignored" }
          : { data, has_more: true, next_token: null }
    }
  }

describe("pagination", () => {
  it.effect("listAll reads every page in order, each with the previous page's next_token", () =>
    Effect.gen(function* () {
      const { url, requests } = yield* replayServer(pages(3, 4))
      const all = yield* Stream.runCollect(Videos.listAll({ limit: 4, folder_id: "f_1" })).pipe(
        Effect.provide(transport(url))
      )
      assert.deepStrictEqual(
        all.map((v) => v.id),
        Array.from({ length: 12 }, (_, i) => `v_${i}`)
      )
      assert.deepStrictEqual(
        requests.map((r) => Object.fromEntries(r.url.searchParams)),
        [
          { limit: "4", folder_id: "f_1" },
          { limit: "4", folder_id: "f_1", token: "t2" },
          { limit: "4", folder_id: "f_1", token: "t3" }
        ]
      )
      assert.deepStrictEqual(
        requests.flatMap((r) => r.problems),
        []
      )
    }).pipe(Effect.scoped)
  )

  it.effect("a page is fetched only when the stream needs it: take(3) makes one request", () =>
    Effect.gen(function* () {
      const { url, requests } = yield* replayServer(pages(3, 4))
      const three = yield* Stream.runCollect(Videos.listAll().pipe(Stream.take(3))).pipe(
        Effect.provide(transport(url))
      )
      assert.deepStrictEqual(
        three.map((v) => v.id),
        ["v_0", "v_1", "v_2"]
      )
      assert.strictEqual(requests.length, 1)
    }).pipe(Effect.scoped)
  )

  it.effect("take(5) over pages of 4 makes two requests", () =>
    Effect.gen(function* () {
      const { url, requests } = yield* replayServer(pages(3, 4))
      yield* Stream.runDrain(Videos.listAll().pipe(Stream.take(5))).pipe(Effect.provide(transport(url)))
      assert.strictEqual(requests.length, 2)
    }).pipe(Effect.scoped)
  )

  it.effect("the end is a null next_token even when has_more says true", () =>
    Effect.gen(function* () {
      const { url, requests } = yield* replayServer(pages(3, 2, "next_token"))
      const all = yield* Stream.runCollect(Videos.listAll()).pipe(Effect.provide(transport(url)))
      assert.strictEqual(all.length, 6)
      assert.strictEqual(requests.length, 3)
    }).pipe(Effect.scoped)
  )

  it.effect("an empty first page ends the stream", () =>
    Effect.gen(function* () {
      const { url, requests } = yield* replayServer(() => ({
        body: { data: [], has_more: false, next_token: null }
      }))
      const all = yield* Stream.runCollect(Webhooks.listAllEvents()).pipe(Effect.provide(transport(url)))
      assert.strictEqual(all.length, 0)
      assert.strictEqual(requests.length, 1)
    }).pipe(Effect.scoped)
  )

  it.effect("a batch pages its items inside data: getBatchAll streams data.items across pages", () =>
    Effect.gen(function* () {
      const { url, requests } = yield* replayServer((request) => {
        const page = Number(request.url.searchParams.get("token")?.slice(1) ?? "1")
        const items = [0, 1].map((i) => ({
          item_index: (page - 1) * 2 + i,
          status: "completed",
          video_id: `v_${i}`
        }))
        return {
          body: {
            data: {
              batch_id: "b_1",
              status: "completed",
              counts_by_status: { completed: 6 },
              created_at: 1_764_000_000,
              total_items: 6,
              items,
              has_more: page < 3,
              next_token: page < 3 ? `t${page + 1}` : null
            }
          }
        }
      })
      const items = yield* Stream.runCollect(Videos.getBatchAll("b_1")).pipe(Effect.provide(transport(url)))
      assert.deepStrictEqual(
        items.map((item) => item.item_index),
        [0, 1, 2, 3, 4, 5]
      )
      assert.deepStrictEqual(
        requests.map((r) => r.url.pathname),
        ["/v3/videos/batches/b_1", "/v3/videos/batches/b_1", "/v3/videos/batches/b_1"]
      )
    }).pipe(Effect.scoped)
  )

  it.effect("a failing page fails the stream with its error, after the items before it", () =>
    Effect.gen(function* () {
      const { url } = yield* replayServer((request) =>
        request.url.searchParams.get("token") === null
          ? { body: { data: [video(0)], has_more: true, next_token: "t2" } }
          : {
              status: 429,
              headers: { "retry-after": "3" },
              body: { error: { code: "rate_limit_exceeded", message: "slow down" } }
            }
      )
      const seen: Array<string> = []
      const error = yield* Stream.runForEach(Videos.listAll(), (v) =>
        Effect.sync(() => seen.push(v.id))
      ).pipe(Effect.provide(transport(url)), Effect.flip)
      assert.deepStrictEqual(seen, ["v_0"])
      assert.strictEqual(error._tag, "RateLimitExceeded")
    }).pipe(Effect.scoped)
  )
})
