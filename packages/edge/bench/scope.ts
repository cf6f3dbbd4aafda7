/**
 * What a worker does at module scope, module by module: the v3 and legacy workers and the
 * Effect floor, bundled from the packed tarballs (esbuild, workerd conditions, not minified so
 * each module keeps its `// path` header), each module's start marked with a timestamp, then
 * imported `BENCH_IMPORTS` times (default 9) in this Node process as fresh module instances.
 * A module's time is from its mark to the next one: its top-level statements, and V8 compiling
 * whatever functions they call for the first time. Medians per module; the whole module body
 * per worker. Work done here is done again by workerd before the first request is answered.
 *
 * `node bench/scope.ts` (also the last section of `pnpm bench` in this package).
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { installPacked } from "@effect-heygen/harness/packed"
import * as esbuild from "esbuild"

const imports = Number(process.env.BENCH_IMPORTS ?? 9)
const names = ["worker-v3", "worker-client", "worker-effect-floor"]
const { dir } = installPacked({
  files: Object.fromEntries(
    names.map((name) => [
      `${name}.ts`,
      fs.readFileSync(path.resolve(import.meta.dirname, `fixtures/${name}.ts`), "utf8")
    ])
  )
})

const marks: Array<readonly [string, number]> = []
;(globalThis as { __mark?: (name: string) => void }).__mark = (name) => marks.push([name, performance.now()])
const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const measure = async (name: string) => {
  const result = await esbuild.build({
    entryPoints: [path.join(dir, `${name}.ts`)],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    logLevel: "silent"
  })
  const marked = result.outputFiles[0]!.text.replace(
    /^\/\/ ((?:\.\.\/)*\S+\.(?:js|ts))$/gm,
    (_, file: string) =>
      `__mark(${JSON.stringify(file.replace(/.*node_modules\//, "").replace(/.*\//, (s) => (file.includes("node_modules") ? s : "")))});`
  )
  const perModule = new Map<string, Array<number>>()
  const bodies: Array<number> = []
  for (let i = 0; i < imports; i++) {
    const file = path.join(dir, `${name}-${i}.mjs`)
    fs.writeFileSync(file, `__mark("(start)");\n${marked}\n__mark("(end)");\n`)
    marks.length = 0
    await import(file)
    bodies.push(marks.at(-1)![1] - marks[0]![1])
    for (let k = 0; k + 1 < marks.length; k++) {
      const module = marks[k]![0]
      perModule.set(module, [...(perModule.get(module) ?? []), marks[k + 1]![1] - marks[k]![1]])
    }
  }
  return { body: median(bodies), modules: [...perModule].map(([m, xs]) => [m, median(xs)] as const) }
}

const results = []
for (const name of names) results.push({ name, ...(await measure(name)) })
fs.rmSync(path.dirname(dir), { recursive: true, force: true })

console.log(
  `### Module scope in Node ${process.version}: median of ${imports} fresh imports of each bundle\n`
)
console.log("| worker | module body | × floor |\n|---|---|---|")
const floor = results.find((r) => r.name === "worker-effect-floor")!.body
for (const r of results)
  console.log(`| ${r.name} | ${r.body.toFixed(1)} ms | ${(r.body / floor).toFixed(2)} |`)
const v3 = results[0]!
console.log(`\nworker-v3's slowest modules (their top level, and first-time compilation of what it calls):\n`)
console.log("| module | ms |\n|---|---|")
for (const [m, ms] of [...v3.modules].sort((a, b) => b[1] - a[1]).slice(0, 12))
  console.log(`| ${m} | ${ms.toFixed(2)} |`)
const ours = v3.modules.filter(([m]) => m.startsWith("@effect-heygen/")).reduce((s, [, ms]) => s + ms, 0)
console.log(
  `\nworker-v3 module body ${v3.body.toFixed(1)} ms, of which @effect-heygen modules ${ours.toFixed(1)} ms`
)
