// The JSR path for Deno users: `deno check` of this package and its tests against the
// TypeScript sources JSR would serve (an import map onto the api, core and emulator src/),
// then `deno publish --dry-run` for every package with a jsr.json. Slow types are allowed:
// Effect's class-returning factories (Schema.TaggedError, Context.Service) are not "fast".
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { pathToFileURL } from "node:url"

const here = path.resolve(import.meta.dirname, "..")
const packages = path.resolve(here, "..")
const deno = path.join(here, "node_modules/.bin/deno")
const env = { ...process.env, DENO_NO_UPDATE_CHECK: "1" }
const run = (cwd, args) => execFileSync(deno, args, { cwd, env, stdio: "inherit" })

const imports = {}
for (const pkg of ["api", "core", "emulator"]) {
  for (const file of fs.readdirSync(path.join(packages, pkg, "src")).filter((f) => f.endsWith(".ts"))) {
    const module = file.slice(0, -3)
    imports[`@effect-heygen/${pkg}${module === "index" ? "" : `/${module}`}`] = pathToFileURL(
      path.join(packages, pkg, "src", file)
    ).href
  }
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jsr-"))
const importMap = path.join(dir, "import_map.json")
fs.writeFileSync(importMap, JSON.stringify({ imports }))
try {
  run(here, ["check", "--node-modules-dir=manual", `--import-map=${importMap}`, "src/", "test/"])
  for (const pkg of fs.readdirSync(packages)) {
    if (!fs.existsSync(path.join(packages, pkg, "jsr.json"))) continue
    run(path.join(packages, pkg), ["publish", "--dry-run", "--allow-dirty", "--allow-slow-types"])
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
