/** The esbuild bundle (minified, gzip) of a workerd module using only core's decode and encode. */
import * as path from "node:path"
import * as zlib from "node:zlib"
import * as esbuild from "esbuild"
import { table } from "./harness.ts"

export const bundleSize = async (entry: string) => {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent"
  })
  const code = result.outputFiles[0]!.contents
  const top = Object.entries(result.metafile.outputs)[0]![1].inputs
  const heaviest = Object.entries(top)
    .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
    .slice(0, 6)
    .map(([file, info]) => [
      file.replace(/^.*node_modules\//, ""),
      `${(info.bytesInOutput / 1024).toFixed(1)} KB`
    ])
  return { minified: code.byteLength, gzip: zlib.gzipSync(code, { level: 9 }).byteLength, heaviest }
}

export const run = async () => {
  const fixture = (name: string) => path.resolve(import.meta.dirname, "fixtures", name)
  const { minified, gzip, heaviest } = await bundleSize(fixture("worker-decode.ts"))
  const floor = await bundleSize(fixture("worker-effect-floor.ts"))
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
  console.log("\n### Worker bundle: decode + encode only (esbuild, minified)\n")
  console.log(
    table(
      ["bundle", "minified", "gzip", "target"],
      [
        ["worker-decode (core decode + encode)", kb(minified), kb(gzip), "≤ 30 KB gzip"],
        ["the Effect modules it uses, alone", kb(floor.minified), kb(floor.gzip), ""],
        ["our share", kb(minified - floor.minified), kb(gzip - floor.gzip), ""]
      ]
    )
  )
  console.log("\nLargest inputs:\n")
  console.log(table(["module", "bytes in output"], heaviest))
  console.log(`\ngzip ${kb(gzip)} (target ≤ 30 KB): ${gzip <= 30 * 1024 ? "met" : "NOT met"}`)
  return { gzip }
}
