/** `request({ stream })`: a body sent as it is read, on every transport, and sent once (rule U1). */
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { TestClock } from "effect/testing"
import { runOnTestClock } from "./utils/clock.ts"
import { eventually, json, serveNode } from "./utils/server.ts"
import { clientOver, transports } from "./utils/transports.ts"

const Created = Schema.Struct({ asset_id: Schema.String })
const encoder = new TextEncoder()

const webStream = (parts: ReadonlyArray<string>) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(encoder.encode(part))
      controller.close()
    }
  })

/**
 * A server that answers once the body ended, and tells when its first bytes arrived: a client
 * that buffered the whole body first would never see `firstBytes` before the body's end.
 */
const streamingServer = Effect.acquireRelease(
  Effect.promise(async () => {
    let arrived!: () => void
    const firstBytes = new Promise<void>((resolve) => {
      arrived = resolve
    })
    const bodies: Array<string> = []
    const server = http.createServer((req, res) => {
      const chunks: Array<Buffer> = []
      req.on("data", (chunk: Buffer) => {
        chunks.push(chunk)
        arrived()
      })
      req.on("end", () => {
        bodies.push(Buffer.concat(chunks).toString())
        json(res, 200, { data: { asset_id: "a1" } })
      })
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    return { server, url, firstBytes, bodies }
  }),
  ({ server }) =>
    Effect.promise(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections()
          server.close(() => resolve())
        })
    )
)

describe("HeyGenClient.request with a streamed body", () => {
  for (const [name, transport] of transports) {
    it.effect(
      `U1 ${name}: the body leaves as it is read — the server has its first bytes before the rest exists`,
      () =>
        Effect.gen(function* () {
          const served = yield* streamingServer
          const client = yield* clientOver(transport, served.url)
          // The second half is made only after the server got the first: buffering would deadlock.
          const body = Stream.concat(
            Stream.succeed(encoder.encode("first half;")),
            Stream.fromEffect(
              Effect.map(eventually(served.firstBytes, "the first bytes reaching the server", 30_000), () =>
                encoder.encode("second half")
              )
            )
          )
          const created = yield* client.request({
            method: "POST",
            path: "/v3/assets",
            stream: { body, contentType: "application/octet-stream" },
            idempotencyKey: "stream-1",
            success: Created
          })
          assert.deepStrictEqual(created, { asset_id: "a1" })
          assert.deepStrictEqual(served.bodies, ["first half;second half"])
        }).pipe(Effect.scoped)
    )

    it.effect(
      `U1 ${name}: a web ReadableStream arrives whole, with its type, the key, and its declared length`,
      () =>
        Effect.gen(function* () {
          const server = yield* serveNode((_, res) => json(res, 200, { data: { asset_id: "a2" } }))
          const client = yield* clientOver(transport, server.url)
          yield* client.request({
            method: "POST",
            path: "/v3/assets",
            stream: { body: webStream(["ab", "cd", "ef"]), contentType: "text/plain", contentLength: 6 },
            success: Created
          })
          const [sent] = server.requests
          assert.strictEqual(sent!.body.toString(), "abcdef")
          assert.strictEqual(sent!.headers["content-type"], "text/plain")
          assert.isString(sent!.headers["x-api-key"])
          // fetch sends a stream chunked whatever it is told; the others declare the length.
          if (name !== "fetch") assert.strictEqual(sent!.headers["content-length"], "6")
        }).pipe(Effect.scoped)
    )
  }

  it.effect(
    "U3: client.http is the transport bare: what goes over it carries no key, no header of the client's",
    () =>
      Effect.gen(function* () {
        const server = yield* serveNode((_, res) => res.writeHead(200).end())
        const client = yield* clientOver(transports[0]![1], server.url)
        const response = yield* client.http!.execute(HttpClientRequest.put(`${server.url}/uploads/a_1`))
        assert.strictEqual(response.status, 200)
        const [sent] = server.requests
        assert.strictEqual(sent!.url.pathname, "/uploads/a_1")
        assert.isUndefined(sent!.headers["x-api-key"])
        assert.isUndefined(sent!.headers["idempotency-key"])
        assert.notStrictEqual(sent!.headers["user-agent"], "effect-heygen")
      }).pipe(Effect.scoped)
  )

  it.effect(
    "U1: a stream read once is sent once — a 503 on a v3 route that honors the key is not retried",
    () =>
      Effect.gen(function* () {
        const server = yield* serveNode((_, res) =>
          json(res, 503, { error: { code: "internal_error", message: "down" } })
        )
        const client = yield* clientOver(transports[0]![1], server.url)
        const error = yield* Effect.flip(
          client.request({
            method: "POST",
            path: "/v3/assets",
            stream: { body: webStream(["once"]), contentType: "text/plain" },
            idempotencyKey: "stream-2",
            success: Created
          })
        )
        assert.strictEqual(error._tag !== "TransportError" && error.status, 503)
        assert.strictEqual(server.requests.length, 1)
      }).pipe(Effect.scoped)
  )

  it.effect("U1: a streamed body's one attempt may take its whole timeout, past the retry deadline", () =>
    Effect.gen(function* () {
      let arrived!: () => void
      const arrival = new Promise<void>((resolve) => {
        arrived = resolve
      })
      let release!: () => void
      const released = new Promise<void>((resolve) => {
        release = resolve
      })
      const server = yield* serveNode((_, res) => {
        arrived()
        void released.then(() => json(res, 200, { data: { asset_id: "a5" } }))
      })
      const client = yield* clientOver(transports[0]![1], server.url, { retry: { deadline: "1 second" } })
      const fiber = yield* Effect.forkChild(
        client.request({
          method: "POST",
          path: "/v3/assets",
          stream: { body: webStream(["slow upload"]), contentType: "text/plain" },
          timeout: "10 minutes",
          success: Created
        })
      )
      yield* eventually(arrival, "the upload reaching the server", 30_000)
      // Thirty seconds in: far past the 1 s deadline, well within the upload's 10 minutes.
      yield* TestClock.adjust("30 seconds")
      release()
      const exit = yield* Fiber.await(fiber)
      assert.deepStrictEqual(Exit.isSuccess(exit) && exit.value, { asset_id: "a5" })
    }).pipe(Effect.scoped)
  )

  it.effect("U1: a replayable stream is retried like any body, the same bytes on every attempt", () =>
    Effect.gen(function* () {
      const server = yield* serveNode((_, res) =>
        server.requests.length < 2
          ? json(res, 503, { error: { code: "internal_error", message: "down" } })
          : json(res, 200, { data: { asset_id: "a3" } })
      )
      const client = yield* clientOver(transports[0]![1], server.url)
      const exit = yield* runOnTestClock(
        client.request({
          method: "POST",
          path: "/v3/assets",
          stream: {
            body: Stream.fromIterable([encoder.encode("same "), encoder.encode("bytes")]),
            contentType: "text/plain",
            replayable: true
          },
          idempotencyKey: "stream-3",
          success: Created
        })
      )
      assert.deepStrictEqual(Exit.isSuccess(exit) && exit.value, { asset_id: "a3" })
      assert.deepStrictEqual(
        server.requests.map((r) => [r.body.toString(), r.headers["idempotency-key"]]),
        [
          ["same bytes", "stream-3"],
          ["same bytes", "stream-3"]
        ]
      )
    }).pipe(Effect.scoped)
  )

  for (const [name, transport] of transports) {
    it.effect(`U1 ${name}: a body that fails midway fails the call with Encode, once, naming the body`, () =>
      Effect.gen(function* () {
        const server = yield* serveNode((_, res) => json(res, 200, { data: { asset_id: "a4" } }))
        const client = yield* clientOver(transport, server.url)
        const body = Stream.concat(
          Stream.succeed(encoder.encode("some bytes")),
          Stream.fail(new Error("disk unplugged"))
        )
        const error = yield* Effect.flip(
          client.request({
            method: "POST",
            path: "/v3/assets",
            stream: { body, contentType: "text/plain", replayable: true },
            idempotencyKey: "stream-4",
            success: Created
          })
        )
        assert.strictEqual(error._tag, "TransportError")
        assert.strictEqual(error._tag === "TransportError" && error.reason, "Encode")
        assert.include(error.message, "the request body failed")
        assert.include(error.message, "disk unplugged")
        // A complete body never arrived: whatever reached the server was cut short.
        for (const request of server.requests) assert.notStrictEqual(request.body.toString(), "some bytes")
      }).pipe(Effect.scoped)
    )
  }
})
