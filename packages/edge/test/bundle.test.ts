import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import * as esbuild from "esbuild"

// The bundle budgets are checked on the packed tarballs, as users install them (tools/release).
describe("edge bundles", () => {
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
        // A Node built-in, or a Node polyfill package standing in for one (not our own internal/path.js).
        inputs.filter(
          (input) =>
            input.startsWith("node:") || /node_modules\/(fs|net|http|path)(-browserify)?\//.test(input)
        ),
        []
      )
      assert.isAbove(inputs.length, 10)
    })
  }
})
