// Emits one declaration file per module (dist/X.d.ts for import, dist/X.d.cts for require),
// so every type a consumer's declarations may need is reachable through a public export.
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"

// Run from the package being built (core, emulator, adapters share this script).
const root = process.cwd()
const dist = path.join(root, "dist")
const tsc = path.join(root, "node_modules/typescript/bin/tsc")
execFileSync(
  process.execPath,
  [
    tsc,
    "-p",
    "tsconfig.build.json",
    "--noEmit",
    "false",
    "--emitDeclarationOnly",
    "--declaration",
    "--rootDir",
    "src",
    "--outDir",
    "dist"
  ],
  { cwd: root, stdio: "inherit" }
)

const relative = /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']+)\.ts(["'])/g
for (const file of fs.readdirSync(dist, { recursive: true, encoding: "utf8" })) {
  if (!file.endsWith(".d.ts")) continue
  const full = path.join(dist, file)
  const source = fs.readFileSync(full, "utf8")
  fs.writeFileSync(full, source.replace(relative, "$1$2.js$3"))
  fs.writeFileSync(full.replace(/\.d\.ts$/, ".d.cts"), source.replace(relative, "$1$2.cjs$3"))
}
