/**
 * Rule U1 in the web runtimes: `AssetUpload.upload` of a web `ReadableStream` over `fetch`, in
 * a real workerd and a real Deno, against the emulator on 127.0.0.1 — a small file streamed as
 * multipart, one past 32 MB streamed to the presigned URL. Both runtimes take streaming request
 * bodies (`duplex: "half"`): no adapter change is needed.
 */
import { execFile } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { denoBinary } from "@effect-heygen/harness/deno"
import { bundle, freePort, startWorkerd, tempDir } from "@effect-heygen/harness/workerd"
import * as Effect from "effect/Effect"
import * as esbuild from "esbuild"
import * as AssetUpload from "../src/AssetUpload.ts"
import { emulator, paidKey, type Served, state } from "./utils/emulator.ts"

const fixture = path.resolve(import.meta.dirname, "fixtures/upload-worker.ts")
const sizes = [1000, AssetUpload.multipartMaxBytes + 1]

interface Answer {
  readonly asset?: { readonly asset_id: string; readonly size_bytes: number; readonly status?: string }
  readonly failure?: string
}

const query = (served: Served, bytes: number) =>
  `?api=${encodeURIComponent(served.url)}&key=${paidKey}&bytes=${bytes}`

/** What each upload answered, and what the emulator stored and the upload origin received. */
const check = (served: Served, answers: ReadonlyArray<Answer>) =>
  Effect.gen(function* () {
    const stored = (yield* state(served.url)).assets
    for (const [i, answer] of answers.entries()) {
      assert.isUndefined(answer.failure)
      assert.strictEqual(answer.asset?.size_bytes, sizes[i])
      assert.strictEqual(stored[answer.asset!.asset_id]?.status, "ready")
    }
    assert.strictEqual(answers[1]!.asset?.status, "completed")
    assert.deepStrictEqual(
      served.seen.map((r) => [r.method, r.bytes, r.headers["x-api-key"]]),
      [["PUT", sizes[1], undefined]]
    )
  })

describe("AssetUpload in the web runtimes", () => {
  it.effect(
    "U1 U2 workerd: a web stream uploads multipart and, past 32 MB, to the presigned URL",
    () =>
      Effect.gen(function* () {
        const served = yield* emulator
        const dir = tempDir()
        yield* Effect.promise(() => bundle(fixture, path.join(dir, "worker.js")))
        const port = yield* Effect.promise(freePort)
        const workerd = yield* Effect.acquireRelease(
          Effect.promise(() =>
            startWorkerd([{ name: "upload", script: "worker.js", port }], dir, { output: "ignore" })
          ),
          (w) => Effect.sync(() => w.stop())
        )
        assert.isDefined(workerd)
        const answers: Array<Answer> = []
        for (const bytes of sizes) {
          const response = yield* Effect.promise(() =>
            fetch(`http://127.0.0.1:${port}/${query(served, bytes)}`)
          )
          answers.push((yield* Effect.promise(() => response.json())) as Answer)
        }
        yield* check(served, answers)
      }).pipe(Effect.scoped),
    120_000
  )

  it.effect(
    "U1 U2 Deno: a web stream uploads multipart and, past 32 MB, to the presigned URL",
    () =>
      Effect.gen(function* () {
        const served = yield* emulator
        const dir = tempDir()
        yield* Effect.promise(() =>
          esbuild.build({
            entryPoints: [fixture],
            outfile: path.join(dir, "worker.js"),
            bundle: true,
            format: "esm",
            platform: "neutral",
            conditions: ["deno", "worker", "browser"],
            mainFields: ["module", "main"],
            logLevel: "silent"
          })
        )
        fs.writeFileSync(
          path.join(dir, "main.js"),
          'import { handle } from "./worker.js"\nconst r = await handle(new Request(Deno.args[0]))\nconsole.log(await r.text())\n'
        )
        const answers: Array<Answer> = []
        for (const bytes of sizes) {
          const out = yield* Effect.promise(
            () =>
              new Promise<string>((resolve, reject) =>
                execFile(
                  denoBinary(),
                  ["run", "--allow-net", path.join(dir, "main.js"), `http://deno/${query(served, bytes)}`],
                  { timeout: 100_000 },
                  (error, stdout) => (error === null ? resolve(stdout) : reject(error))
                )
              )
          )
          answers.push(JSON.parse(out) as Answer)
        }
        yield* check(served, answers)
      }).pipe(Effect.scoped),
    120_000
  )
})
