import * as fs from "node:fs"
import * as path from "node:path"
import { assert, describe, it, vi } from "@effect/vitest"

const readme = fs.readFileSync(path.resolve(import.meta.dirname, "../README.md"), "utf8")

describe("README", () => {
  it("the opening example runs and prints what its comment says", async () => {
    const code = /```ts\n([\s\S]*?)```/.exec(readme)![1]!
    const expected = /\/\/ (.+)\n$/.exec(code)![1]!
    const file = path.resolve(import.meta.dirname, ".readme-example.ts")
    fs.writeFileSync(file, code)
    const log = vi.spyOn(console, "log").mockImplementation(() => {})
    try {
      await import(file)
      await vi.waitFor(() => assert.deepStrictEqual(log.mock.calls.at(-1), [expected]))
    } finally {
      log.mockRestore()
      fs.rmSync(file, { force: true })
    }
  })
})
