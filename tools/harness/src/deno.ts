/**
 * The deno binary from npm. Its bin is a Node shim that spawns the binary (installing it
 * on first use); tests that kill a Deno process must hold the binary itself, or the
 * real process outlives the kill and keeps the runner's pipes open.
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import { createRequire } from "node:module"
import * as path from "node:path"

export const denoBinary = (): string => {
  const manifest = createRequire(import.meta.url).resolve("deno/package.json")
  const binary = path.join(path.dirname(manifest), process.platform === "win32" ? "deno.exe" : "deno")
  if (!fs.existsSync(binary)) {
    execFileSync(process.execPath, [path.join(path.dirname(manifest), "bin.cjs"), "--version"], {
      stdio: "ignore"
    })
  }
  return binary
}
