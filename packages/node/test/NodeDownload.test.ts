import { execFile } from "node:child_process"
import * as fs from "node:fs"
import type * as http from "node:http"
import * as os from "node:os"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import * as Download from "@effect-heygen/api/Download"
import { serveNode } from "@effect-heygen/harness/node"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as NodeDownload from "../src/NodeDownload.ts"

const block = 64 * 1024

/**
 * Answers `total` bytes made as they are sent (block i is 64 KiB of `i % 251`), at the pace
 * the client reads them; `breakAt` destroys the connection there, `endless` never finishes.
 */
const lazyBytes = (
  res: http.ServerResponse,
  total: number,
  options: { breakAt?: number; endless?: boolean } = {}
) => {
  let sent = 0
  let i = 0
  const pump = () => {
    while (options.endless === true || sent < total) {
      if (options.breakAt !== undefined && sent >= options.breakAt) return void res.destroy()
      const n = Math.min(block, options.endless === true ? block : total - sent)
      sent += n
      if (!res.write(Buffer.alloc(n, i++ % 251))) return void res.once("drain", pump)
      if (options.endless === true) return void setTimeout(pump, 5)
    }
    res.end()
  }
  res.writeHead(200, { "content-type": "video/mp4", "content-length": String(total) })
  pump()
}

/** Whether `file` holds exactly what `lazyBytes` sends for `total`. */
const holdsPattern = (file: string, total: number) => {
  if (fs.statSync(file).size !== total) return false
  const fd = fs.openSync(file, "r")
  try {
    const buffer = Buffer.alloc(block)
    for (let i = 0, at = 0; at < total; i++, at += block) {
      const n = fs.readSync(fd, buffer, 0, block, at)
      if (!buffer.subarray(0, n).equals(Buffer.alloc(n, i % 251))) return false
    }
    return true
  } finally {
    fs.closeSync(fd)
  }
}

const tempDir = Effect.acquireRelease(
  Effect.sync(() => fs.mkdtempSync(path.join(os.tmpdir(), "node-download-"))),
  (dir) => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true }))
)

describe("NodeDownload.toFile (J6)", () => {
  it.live(
    "J6: 200 MB streamed to a file by a child process: the file is whole, its RSS grew at most 64 MB",
    () =>
      Effect.gen(function* () {
        const total = 200 * 1024 * 1024
        const server = yield* serveNode((request, res) =>
          request.url.search === "?warmup" ? lazyBytes(res, block) : lazyBytes(res, total)
        )
        const dir = yield* tempDir
        const file = path.join(dir, "big.mp4")
        const stdout = yield* Effect.promise(
          () =>
            new Promise<string>((resolve, reject) =>
              execFile(
                process.execPath,
                [
                  "--expose-gc",
                  path.resolve(import.meta.dirname, "fixtures/download.ts"),
                  `${server.url}/big`,
                  file
                ],
                { timeout: 150_000 },
                (error, out, err) =>
                  error === null ? resolve(out) : reject(new Error(`${error.message}\n${err}`))
              )
            )
        )
        const { baseline, peak, bytes } = JSON.parse(stdout.trim().split("\n").at(-1)!) as {
          baseline: number
          peak: number
          bytes: number
        }
        const growth = (peak - baseline) / 1024 / 1024
        console.log(
          `200 MB download: RSS ${(baseline / 1048576).toFixed(1)} MB → peak growth ${growth.toFixed(1)} MB`
        )
        assert.strictEqual(bytes, total)
        assert.isTrue(holdsPattern(file, total), "the file holds every byte sent, in order")
        assert.isAtMost(growth, 64)
        assert.deepStrictEqual(fs.readdirSync(dir), ["big.mp4"])
      }).pipe(Effect.scoped),
    180_000
  )

  it.live("J6: a body that breaks off midway leaves no file, and an old file as it was", () =>
    Effect.gen(function* () {
      const server = yield* serveNode((_, res) => lazyBytes(res, 4 * 1024 * 1024, { breakAt: 1024 * 1024 }))
      const dir = yield* tempDir
      const fresh = path.join(dir, "fresh.mp4")
      const error = yield* Effect.flip(NodeDownload.toFile(Download.fromUrl(server.url), fresh))
      assert.strictEqual(error.reason, "Body")
      assert.deepStrictEqual(fs.readdirSync(dir), [])
      const old = path.join(dir, "old.mp4")
      fs.writeFileSync(old, "the previous version")
      yield* Effect.flip(NodeDownload.toFile(Download.fromUrl(server.url), old))
      assert.strictEqual(fs.readFileSync(old, "utf8"), "the previous version")
      assert.deepStrictEqual(fs.readdirSync(dir), ["old.mp4"])
    }).pipe(Effect.scoped)
  )

  it.live("J6: an interrupted download removes its temporary file and closes the connection", () =>
    Effect.gen(function* () {
      let open = 0
      const server = yield* serveNode((_, res) => {
        open++
        res.once("close", () => open--)
        lazyBytes(res, 1024 ** 3, { endless: true })
      })
      const dir = yield* tempDir
      const fiber = yield* Effect.forkChild(
        NodeDownload.toFile(Download.fromUrl(server.url), path.join(dir, "never.mp4"))
      )
      // Until the temporary file holds some bytes (20 s at most).
      const deadline = Date.now() + 20_000
      const partial = () => fs.readdirSync(dir).filter((f) => f.endsWith(".part"))
      while (!(partial().length === 1 && fs.statSync(path.join(dir, partial()[0]!)).size > 0)) {
        if (Date.now() > deadline) assert.fail("no temporary file was written")
        yield* Effect.sleep("10 millis")
      }
      yield* Fiber.interrupt(fiber)
      assert.deepStrictEqual(fs.readdirSync(dir), [])
      while (open > 0 && Date.now() < deadline + 10_000) yield* Effect.sleep("10 millis")
      assert.strictEqual(open, 0)
    }).pipe(Effect.scoped)
  )

  it.live("J6: a file that cannot be written is DownloadError (Write), nothing left behind", () =>
    Effect.gen(function* () {
      const server = yield* serveNode((_, res) => lazyBytes(res, 1000))
      const dir = yield* tempDir
      const error = yield* Effect.flip(
        NodeDownload.toFile(Download.fromUrl(server.url), path.join(dir, "missing-dir", "x.mp4"))
      )
      assert.strictEqual(error.reason, "Write")
      assert.deepStrictEqual(fs.readdirSync(dir), [])
    }).pipe(Effect.scoped)
  )
})
