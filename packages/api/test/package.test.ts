import * as fs from "node:fs"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"

const root = path.resolve(import.meta.dirname, "..")
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"))

describe("package", () => {
  it("exports every public module by name and nothing under internal/", () => {
    const modules = fs
      .readdirSync(path.join(root, "src"))
      .filter((f) => f.endsWith(".ts") && f !== "index.ts")
      .map((f) => `./${f.slice(0, -3)}`)
    const exported = Object.keys(pkg.exports).filter(
      (k) => k !== "." && k !== "./package.json" && k !== "./internal/*"
    )
    assert.deepStrictEqual(exported.sort(), modules.sort())
    assert.strictEqual(pkg.exports["./internal/*"], null)
    assert.strictEqual(pkg.sideEffects, false)
  })

  it("src uses no Node built-ins and imports Effect deeply, never from the barrel", () => {
    const files = fs.readdirSync(path.join(root, "src"), { recursive: true, encoding: "utf8" })
    for (const file of files.filter((f) => f.endsWith(".ts"))) {
      const source = fs.readFileSync(path.join(root, "src", file), "utf8")
      const imports = [...source.matchAll(/from "([^"]+)"/g)].map((m) => m[1]!)
      for (const specifier of imports) {
        assert.notMatch(specifier, /^node:|^(fs|path|http|https|net|crypto|stream|buffer|os)$/, file)
        assert.notStrictEqual(specifier, "effect", `${file} imports the effect barrel`)
        assert.notMatch(specifier, /^@effect-heygen\/core$/, `${file} imports core's barrel`)
      }
    }
  })

  it("nothing is built when a module loads: every module-level call is a pure annotated one", () => {
    for (const file of fs.readdirSync(path.join(root, "src"), { recursive: true, encoding: "utf8" })) {
      if (!file.endsWith(".ts")) continue
      const source = fs.readFileSync(path.join(root, "src", file), "utf8")
      // `export const X = f(...)` at the top level must be `/* @__PURE__ */ f(...)`.
      const calls = [
        ...source.matchAll(/^(?:export )?const \w+(?:: [^=]+)? = (?!\/\* @__PURE__ \*\/)([\w.]+)\(/gm)
      ]
      assert.deepStrictEqual(
        calls.map((m) => m[0]),
        [],
        file
      )
    }
  })
})
