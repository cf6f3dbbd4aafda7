/**
 * The generated modules are checked in and never edited by hand: regenerating from the
 * spec must reproduce them byte for byte (README's "API at a glance" included).
 */
import { execFileSync } from "node:child_process"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import * as Api from "../src/index.ts"
import { spec } from "./utils/spec.ts"

const root = path.resolve(import.meta.dirname, "..")

describe("generated code", () => {
  it("is what scripts/generate.ts makes of spec/heygen-v3.openapi.json (generate:check)", () => {
    const out = execFileSync(process.execPath, ["scripts/generate.ts", "--check"], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"]
    })
    assert.include(out, "up to date")
  })

  it("one function and one descriptor per operation, in the module of its tag", () => {
    const modules = new Map<string, Readonly<Record<string, unknown>>>(Object.entries(Api))
    for (const operation of spec) {
      const module = modules.get(operation.group)
      assert.isFunction(module?.[operation.name], `${operation.group}.${operation.name}`)
      const descriptor = module?.[`${operation.name}Operation`] as Api.Operation.Any
      assert.strictEqual(descriptor.id, operation.id)
      assert.strictEqual(descriptor.method, operation.method)
      assert.strictEqual(descriptor.path, operation.path)
      assert.strictEqual(descriptor.bodyKind, operation.bodyKind)
      assert.strictEqual(descriptor.timeout, operation.timeout)
      assert.strictEqual(descriptor.destructive, operation.destructive)
      assert.deepStrictEqual(descriptor.paginated, operation.paginated)
      assert.deepStrictEqual(descriptor.poll, operation.poll)
    }
    const descriptors = [...modules.values()].flatMap((m) =>
      Object.keys(m).filter((k) => k.endsWith("Operation") && k !== "Operation")
    )
    assert.strictEqual(descriptors.length, 85)
  })
})
