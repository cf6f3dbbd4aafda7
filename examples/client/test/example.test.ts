import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"

const root = path.resolve(import.meta.dirname, "..")

describe("example: client", () => {
  it("runs every outcome through catchTags against a real local server", () => {
    const output = execFileSync(process.execPath, [path.join(root, "src/main.ts")], { encoding: "utf8" })
    const lines = output.trim().split("\n").slice(1)
    assert.deepStrictEqual(lines, [
      "run 1: video v_1f9a queued with Daisy",
      "run 2: top up first: 5 of 12 credits",
      "run 3: slow down: retry in 2m",
      "run 4: pick another avatar: Avatar Daisy-inskirt-20220818 is still training."
    ])
  })

  it("the core README shows this program verbatim", () => {
    const readme = fs.readFileSync(path.resolve(root, "../../packages/core/README.md"), "utf8")
    const program = fs.readFileSync(path.join(root, "src/program.ts"), "utf8")
    assert.include(readme, program.trim())
  })
})
