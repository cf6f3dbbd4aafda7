import * as zlib from "node:zlib"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { failure } from "./utils/client.ts"
import { testServer } from "./utils/server.ts"
import { clientOver, transports } from "./utils/transports.ts"

const MiB = 1024 * 1024

/**
 * A 500 whose body is 600 MiB of zeros gzipped twice (`Content-Encoding: gzip, gzip`): about
 * 1 KB on the wire. The inner layer is one gzip member of 1 MiB repeated (gzip allows
 * concatenated members), so building it costs milliseconds, not a 600 MiB compression.
 */
const gzipBomb = () => {
  const member = zlib.gzipSync(Buffer.alloc(MiB))
  return zlib.gzipSync(Buffer.concat(Array.from({ length: 600 }, () => member)), { level: 9 })
}

describe("issue 10.1 compressed error bodies", () => {
  const bomb = gzipBomb()
  for (const [name, transport] of transports) {
    it.live(`D1: a double-gzip bomb error body is read to 64 KiB and decoded, over ${name}`, () =>
      Effect.gen(function* () {
        const server = yield* testServer((_, res) =>
          res
            .writeHead(500, {
              "content-type": "text/plain",
              "content-encoding": "gzip, gzip",
              "content-length": String(bomb.length)
            })
            .end(bomb)
        )
        const client = yield* clientOver(transport, server.url, { retry: false })
        const rss = process.memoryUsage().rss
        const started = Date.now()
        const error = yield* failure(client.listAvatars())
        assert.strictEqual(error?._tag, "InternalError")
        assert.strictEqual(error?._tag === "InternalError" && error.inferred, true)
        assert.isBelow(Date.now() - started, 5000, "decoded quickly")
        assert.isBelow(process.memoryUsage().rss - rss, 200 * MiB, "memory stayed bounded")
      })
    )
  }
})
