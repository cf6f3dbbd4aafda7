// Writes every package's `exports` from its public modules (src/*.ts, not internal/):
// web runtimes (workerd, worker, deno) and bundlers get ESM only — no CJS twin to
// duplicate Effect's module state — Node gets import/require. `--check` fails when stale.
import * as fs from "node:fs"
import * as path from "node:path"

const root = path.resolve(import.meta.dirname, "..")
const check = process.argv.includes("--check")
const skip = new Set(["bin"])

const esm = (name) => ({ types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` })
const cjs = (name) => ({ types: `./dist/${name}.d.cts`, default: `./dist/${name}.cjs` })
const entry = (name) => ({
  workerd: esm(name),
  worker: esm(name),
  deno: esm(name),
  node: { import: esm(name), require: cjs(name) },
  import: esm(name),
  require: cjs(name),
  default: esm(name)
})

const stale = []
for (const pkg of fs.readdirSync(path.join(root, "packages"))) {
  const file = path.join(root, "packages", pkg, "package.json")
  if (!fs.existsSync(file)) continue
  const json = JSON.parse(fs.readFileSync(file, "utf8"))
  const modules = fs
    .readdirSync(path.join(root, "packages", pkg, "src"))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => f.slice(0, -3))
    .filter((m) => !skip.has(m))
    .sort((a, b) => (a === "index" ? -1 : b === "index" ? 1 : a.localeCompare(b)))
  const exports = Object.fromEntries([
    ...modules.map((m) => [m === "index" ? "." : `./${m}`, entry(m)]),
    ["./internal/*", null],
    ["./package.json", "./package.json"]
  ])
  const next = { ...json, exports }
  const text = `${JSON.stringify(next, null, 2)}\n`
  if (text === fs.readFileSync(file, "utf8")) continue
  if (check) stale.push(pkg)
  else fs.writeFileSync(file, text)
}
if (stale.length > 0) {
  console.error(`exports are stale in ${stale.join(", ")}: run node scripts/exports.mjs`)
  process.exit(1)
}
