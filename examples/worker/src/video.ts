/**
 * Runs the video walk-through: the worker (`video-worker.ts`) in a real workerd, against the
 * emulator with webhook deliveries on, served by the Node adapter in this process (a worker
 * cannot deliver after its response is sent: deliveries belong to a long-lived process).
 */
import * as path from "node:path"
import { Emulator } from "@effect-heygen/emulator"
import { bundle, freePort, startWorkerd, tempDir } from "@effect-heygen/harness/workerd"
import { NodeHeyGen } from "@effect-heygen/node"
import * as Effect from "effect/Effect"

const controlToken = crypto.randomUUID()

const program = Effect.gen(function* () {
  // `--without-webhooks`: the emulator delivers none, and polling — the fallback — learns the end.
  const webhooks = !process.argv.includes("--without-webhooks")
  const emulator = yield* NodeHeyGen.serve(yield* Emulator.make({ webhooks, control: true, controlToken }))
  const dir = tempDir()
  yield* Effect.promise(() =>
    bundle(path.resolve(import.meta.dirname, "video-worker.ts"), path.join(dir, "worker.js"))
  )
  const port = yield* Effect.promise(freePort)
  const worker = `http://127.0.0.1:${port}`
  const bindings = {
    HEYGEN_BASE_URL: emulator.url,
    HEYGEN_API_KEY: "hg_paid_0001",
    HEYGEN_BROKE_API_KEY: "hg_broke_0001", // 2 credits
    EMULATOR_CONTROL_TOKEN: controlToken
  }
  yield* Effect.acquireRelease(
    Effect.promise(() => startWorkerd([{ name: "worker", script: "worker.js", port, bindings }], dir)),
    (workerd) => Effect.sync(workerd.stop)
  )

  const video = yield* Effect.promise(() => fetch(`${worker}/video`))
  const bytes = yield* Effect.promise(() => video.bytes())
  const [id, via, type] = ["x-video-id", "x-learned-by", "content-type"].map((name) =>
    video.headers.get(name)
  )
  const brand = new TextDecoder().decode(bytes.subarray(4, 12)) // an MP4's first box: "ftyp" and its brand
  console.log(
    `GET /video: ${video.status} ${id} (by ${via}), ${bytes.length} bytes of ${type} (${brand}) streamed by the worker`
  )
  for (const route of ["/failing", "/broke"]) {
    const response = yield* Effect.promise(() => fetch(`${worker}${route}`))
    console.log(`GET ${route}: ${response.status} ${yield* Effect.promise(() => response.text())}`)
  }
})

Effect.runPromise(Effect.scoped(program))
