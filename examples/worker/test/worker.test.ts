import { execFileSync } from "node:child_process"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"

describe("example: worker", () => {
  it("runs the worker and the emulator in workerd and handles InsufficientCredit by tag", () => {
    const output = execFileSync(process.execPath, [path.resolve(import.meta.dirname, "../src/main.ts")], {
      encoding: "utf8"
    })
    assert.match(
      output.trim(),
      /^worker in workerd → emulator in workerd \(http:\/\/127\.0\.0\.1:\d+\): 402 top up: have 2, need 4$/
    )
  })
})
