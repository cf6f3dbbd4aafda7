import { execFileSync } from "node:child_process"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"

describe("example: node", () => {
  it("serves the emulator on the Node adapter and handles InsufficientCredit by tag", () => {
    const output = execFileSync(process.execPath, [path.resolve(import.meta.dirname, "../src/main.ts")], {
      encoding: "utf8"
    })
    assert.match(output.trim(), /^emulator on http:\/\/127\.0\.0\.1:\d+: top up: have 2, need 4$/)
  })
})
