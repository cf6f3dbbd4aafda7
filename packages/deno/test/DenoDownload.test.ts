// Run by `deno test` (scripts/deno-test.mjs): DenoDownload.toFile in the real Deno runtime,
// against a Deno.serve server making bytes as they are read, and against the emulator (J6).
import * as Download from "@effect-heygen/api/Download"
import * as HeyGenTransport from "@effect-heygen/api/HeyGenTransport"
import * as Jobs from "@effect-heygen/api/Jobs"
import * as Emulator from "@effect-heygen/emulator/Emulator"
import { ids, keys } from "@effect-heygen/emulator/Fixtures"
import { controlToken } from "@effect-heygen/harness/adapter"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import * as DenoDownload from "../src/DenoDownload.ts"
import * as DenoHeyGen from "../src/DenoHeyGen.ts"

const assertEquals = (actual: unknown, expected: unknown, message?: string) => {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${message ?? "not equal"}: ${JSON.stringify(actual)} !== ${JSON.stringify(expected)}`)
  }
}

const block = 64 * 1024

/** Block i is 64 KiB of `i % 251`, made when the client reads it; `breakAt` errors the body there. */
const lazyBody = (total: number, options: { breakAt?: number; endless?: boolean } = {}) => {
  let sent = 0
  let i = 0
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (options.breakAt !== undefined && sent >= options.breakAt) return controller.error(new Error("cut"))
      if (options.endless !== true && sent >= total) return controller.close()
      if (options.endless === true) await new Promise((resolve) => setTimeout(resolve, 5))
      const n = Math.min(block, options.endless === true ? block : total - sent)
      sent += n
      controller.enqueue(new Uint8Array(n).fill(i++ % 251))
    }
  })
}

/** A Deno.serve server answering every request with `body()`, for the test's life. */
const withServer = async (body: () => ReadableStream<Uint8Array>, f: (url: string) => Promise<void>) => {
  const controller = new AbortController()
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", signal: controller.signal, onListen: () => {} },
    () => new Response(body(), { headers: { "content-type": "video/mp4" } })
  )
  try {
    await f(`http://127.0.0.1:${server.addr.port}`)
  } finally {
    controller.abort()
    await server.finished
  }
}

const listing = (dir: string) => [...Deno.readDirSync(dir)].map((e) => e.name).sort()

Deno.test("J6: 32 MB made lazily are written whole, through a temporary file renamed into place", async () => {
  const total = 32 * 1024 * 1024
  const dir = Deno.makeTempDirSync()
  try {
    await withServer(
      () => lazyBody(total),
      async (url) => {
        const file = `${dir}/big.mp4`
        const written = await Effect.runPromise(DenoDownload.toFile(Download.fromUrl(url), file))
        assertEquals(written.bytes, total)
        const bytes = Deno.readFileSync(file)
        assertEquals(bytes.length, total)
        for (let i = 0, at = 0; at < total; i++, at += block) {
          if (bytes[at] !== i % 251 || bytes[Math.min(at + block, total) - 1] !== i % 251)
            throw new Error(`block ${i} is wrong`)
        }
        assertEquals(listing(dir), ["big.mp4"])
      }
    )
  } finally {
    Deno.removeSync(dir, { recursive: true })
  }
})

Deno.test("J6: a body that breaks off midway leaves no file, and an old file as it was", async () => {
  const dir = Deno.makeTempDirSync()
  try {
    await withServer(
      () => lazyBody(8 * 1024 * 1024, { breakAt: 1024 * 1024 }),
      async (url) => {
        const error = await Effect.runPromise(
          Effect.flip(DenoDownload.toFile(Download.fromUrl(url), `${dir}/x.mp4`))
        )
        assertEquals(error._tag, "DownloadError")
        assertEquals(listing(dir), [])
        Deno.writeTextFileSync(`${dir}/old.mp4`, "the previous version")
        await Effect.runPromise(Effect.flip(DenoDownload.toFile(Download.fromUrl(url), `${dir}/old.mp4`)))
        assertEquals(Deno.readTextFileSync(`${dir}/old.mp4`), "the previous version")
        assertEquals(listing(dir), ["old.mp4"])
      }
    )
  } finally {
    Deno.removeSync(dir, { recursive: true })
  }
})

Deno.test("J6: an interrupted download removes its temporary file", async () => {
  const dir = Deno.makeTempDirSync()
  try {
    await withServer(
      () => lazyBody(0, { endless: true }),
      (url) =>
        Effect.runPromise(
          Effect.gen(function* () {
            const fiber = yield* Effect.forkChild(
              DenoDownload.toFile(Download.fromUrl(url), `${dir}/never.mp4`)
            )
            const deadline = Date.now() + 20_000
            const partial = () => listing(dir).filter((f) => f.endsWith(".part"))
            while (!(partial().length === 1 && Deno.statSync(`${dir}/${partial()[0]}`).size > 0)) {
              if (Date.now() > deadline) throw new Error("no temporary file was written")
              yield* Effect.sleep("10 millis")
            }
            yield* Fiber.interrupt(fiber)
            assertEquals(listing(dir), [])
          })
        )
    )
  } finally {
    Deno.removeSync(dir, { recursive: true })
  }
})

Deno.test("J1, J6: a video made on the emulator (Deno.serve) is waited for and downloaded to disk", async () => {
  const dir = Deno.makeTempDirSync()
  try {
    await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const { url } = yield* DenoHeyGen.serve(yield* Emulator.make({ control: true, controlToken }))
          Deno.env.set("HEYGEN_API_KEY", keys.paid)
          Deno.env.set("HEYGEN_BASE_URL", url)
          const context = yield* Layer.build(
            HeyGenTransport.layer.pipe(Layer.provide(DenoHeyGen.layer({ retry: false })))
          )
          const waiting = yield* Effect.forkChild(
            Effect.provideContext(
              Jobs.createVideoAndWait(
                {
                  type: "avatar",
                  avatar_id: ids.publicAvatar,
                  voice_id: ids.publicVoice,
                  script: "From Deno."
                },
                { wait: { schedule: Schedule.spaced("20 millis"), timeout: "60 seconds" } }
              ),
              context
            )
          )
          // The emulator's clock decides when the video is done: move it until the wait ends.
          while (waiting.pollUnsafe() === undefined) {
            yield* Effect.promise(() =>
              fetch(`${url}/__emulator/clock`, {
                method: "POST",
                headers: { "content-type": "application/json", "x-emulator-token": controlToken },
                body: JSON.stringify({ advance_ms: 5_000 })
              }).then((r) => r.text())
            )
            yield* Effect.sleep("30 millis")
          }
          const video = yield* Fiber.join(waiting)
          const written = yield* Effect.provideContext(
            DenoDownload.toFile(Download.download(video, { variant: "video" }), `${dir}/video.mp4`),
            context
          )
          const bytes = Deno.readFileSync(`${dir}/video.mp4`)
          assertEquals(written.bytes, bytes.length)
          assertEquals(new TextDecoder().decode(bytes.subarray(4, 8)), "ftyp")
        })
      )
    )
  } finally {
    Deno.removeSync(dir, { recursive: true })
  }
})
