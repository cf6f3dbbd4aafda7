import * as fs from "node:fs"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import * as Catalog from "../src/Catalog.ts"
import * as HeyGenError from "../src/HeyGenError.ts"

// HeyGen's error-code reference, as recorded in the repository.
const sourceDoc = path.resolve(import.meta.dirname, "../../../docs/spec/error-codes.md")

describe("Catalog", () => {
  it("C1: one row per code, codes and tags unique, every row has its class", () => {
    assert.strictEqual(Catalog.entries.length, 16)
    assert.strictEqual(new Set(Catalog.entries.map((e) => e.code)).size, 16)
    assert.strictEqual(new Set(Catalog.entries.map((e) => e.tag)).size, 16)
    assert.deepStrictEqual(Object.keys(HeyGenError.classes).sort(), Catalog.entries.map((e) => e.tag).sort())
    for (const entry of Catalog.entries) {
      const error = new HeyGenError.classes[entry.tag]()
      assert.strictEqual(error._tag, entry.tag)
      assert.strictEqual(error.code, entry.code)
      assert.strictEqual(error.status, entry.status)
      assert.strictEqual(error.retryClass, entry.retryClass)
      assert.strictEqual(error.family, entry.family)
      assert.strictEqual(Catalog.get(entry.code), entry)
    }
  })

  it("C1: codes and statuses match HeyGen's reference (docs/spec/error-codes.md)", () => {
    const text = fs.readFileSync(sourceDoc, "utf8")
    const documented = [...text.matchAll(/^### (\w+) — HTTP (\d{3})$/gm)].map((m) => [m[1], Number(m[2])])
    assert.deepStrictEqual(
      documented,
      Catalog.entries.map((e) => [e.code, e.status])
    )
  })

  it("C1: tags are the codes in PascalCase", () => {
    for (const { code, tag } of Catalog.entries) {
      const pascal = code.replace(/(^|_)(\w)/g, (_, __, c: string) => c.toUpperCase())
      assert.strictEqual(tag, pascal)
    }
  })

  it("C2: doc_url is the base, '#', and the code with '_' → '-'", () => {
    assert.strictEqual(
      Catalog.docUrl("insufficient_credit"),
      "https://developers.heygen.com/docs/error-codes#insufficient-credit"
    )
    assert.strictEqual(
      Catalog.docUrl("resource_access_denied", "https://docs.example.test/errors"),
      "https://docs.example.test/errors#resource-access-denied"
    )
    for (const entry of Catalog.entries) {
      assert.strictEqual(new HeyGenError.classes[entry.tag]().docUrl, Catalog.docUrl(entry.code))
    }
  })

  it("C3: retry classes — only rate_limit_exceeded waits, only the server family is transient", () => {
    const byClass = (retry: Catalog.RetryClass) =>
      Catalog.entries.filter((e) => e.retryClass === retry).map((e) => e.code)
    assert.deepStrictEqual(byClass("after-wait"), ["rate_limit_exceeded"])
    assert.deepStrictEqual(byClass("transient"), ["video_delete_failed", "internal_error"])
    assert.strictEqual(byClass("never").length, 13)
  })

  it("isCode and get reject what the catalog doesn't know", () => {
    assert.isTrue(Catalog.isCode("quota_exceeded"))
    assert.isFalse(Catalog.isCode("download_failed"))
    assert.isFalse(Catalog.isCode("__proto__"))
    assert.isUndefined(Catalog.get("toString"))
  })
})
