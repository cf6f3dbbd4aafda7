import { execFileSync } from "node:child_process"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"

describe("example: deno", () => {
  it("serves the emulator on Deno.serve and handles InsufficientCredit by tag, in Deno", () => {
    const output = execFileSync("pnpm", ["--silent", "start"], {
      cwd: path.resolve(import.meta.dirname, ".."),
      encoding: "utf8"
    })
    assert.match(
      output.trim(),
      /^Deno 2\.\d+\.\d+, emulator on http:\/\/127\.0\.0\.1:\d+: top up: have 2, need 4$/
    )
  })
})
