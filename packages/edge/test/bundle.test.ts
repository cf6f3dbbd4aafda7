import * as fs from "node:fs"
import * as path from "node:path"
import * as zlib from "node:zlib"
import { assert, describe, it } from "@effect/vitest"
import { bundle, tempDir } from "@effect-heygen/harness/workerd"
import * as esbuild from "esbuild"
import budget from "../bench/budget.json" with { type: "json" }

const dir = tempDir()

describe("edge bundles", () => {
  it("the budgeted worker (edge client + decode + retry + catchTags) stays within its ceiling", async () => {
    const out = path.join(dir, "worker-client.js")
    await bundle(path.resolve(import.meta.dirname, "../bench/fixtures/worker-client.ts"), out)
    const gzip = zlib.gzipSync(fs.readFileSync(out), { level: 9 }).byteLength
    assert.isAtMost(gzip, budget["worker-client"], `worker-client is ${gzip} B gzip`)
  })

  // Workers without nodejs_compat (and Deno without node: specifiers) must not reach a Node built-in.
  for (const entry of ["src/index.ts", "../deno/src/index.ts"]) {
    it(`${entry} bundles for workerd with no Node built-in reachable`, async () => {
      const result = await esbuild.build({
        entryPoints: [path.resolve(import.meta.dirname, "..", entry)],
        bundle: true,
        write: false,
        format: "esm",
        platform: "neutral",
        conditions: ["workerd", "worker", "browser"],
        mainFields: ["module", "main"],
        metafile: true,
        logLevel: "silent"
      })
      const inputs = Object.keys(result.metafile.inputs)
      assert.deepStrictEqual(
        inputs.filter((input) => input.startsWith("node:") || /\/(fs|net|http|path)\.js$/.test(input)),
        []
      )
      assert.isAbove(inputs.length, 10)
    })
  }
})
