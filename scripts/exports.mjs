// Writes every package's `exports` from its public modules (src/*.ts, not internal/):
// web runtimes (workerd, worker, deno) and bundlers get ESM only — no CJS twin to
// duplicate Effect's module state — Node gets import/require. The packages Deno users take
// from JSR also get a jsr.json publishing the TypeScript sources. `--check` fails when stale.
import * as fs from "node:fs"
import * as path from "node:path"

const root = path.resolve(import.meta.dirname, "..")
const check = process.argv.includes("--check")
const skip = new Set(["bin"])
const jsr = new Set(["core", "deno"])

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
  write(file, { ...json, exports })
  if (!jsr.has(pkg)) continue
  write(path.join(root, "packages", pkg, "jsr.json"), {
    name: json.name,
    version: json.version,
    license: json.license,
    exports: Object.fromEntries(modules.map((m) => [m === "index" ? "." : `./${m}`, `./src/${m}.ts`])),
    publish: { include: ["src/**/*.ts", "README.md", "package.json"], exclude: ["src/**/*.test.ts"] }
  })
}

function write(file, value) {
  // Compared as data: Biome owns the files' formatting.
  const text = `${JSON.stringify(value, null, 2)}\n`
  if (
    fs.existsSync(file) &&
    JSON.stringify(JSON.parse(fs.readFileSync(file, "utf8"))) === JSON.stringify(value)
  )
    return
  if (check) stale.push(path.relative(root, file))
  else fs.writeFileSync(file, text)
}
if (stale.length > 0) {
  console.error(`stale: ${stale.join(", ")}: run node scripts/exports.mjs`)
  process.exit(1)
}
