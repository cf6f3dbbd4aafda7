import * as fs from "node:fs"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import * as Catalog from "../src/Catalog.ts"
import * as HeyGenError from "../src/HeyGenError.ts"

// HeyGen's error-code reference, as recorded in the repository.
const sourceDoc = path.resolve(import.meta.dirname, "../../../docs/spec/error-codes.md")

describe("Catalog", () => {
  it("C1: one row per code, codes and tags unique, every row has its class", () => {
    assert.strictEqual(new Set(Catalog.entries.map((e) => e.code)).size, Catalog.entries.length)
    assert.strictEqual(new Set(Catalog.entries.map((e) => e.tag)).size, Catalog.entries.length)
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

  it("C1: the seed is exactly the 16 codes of HeyGen's error-code page, in its order", () => {
    assert.strictEqual(Catalog.seed.length, 16)
    assert.deepStrictEqual(
      Catalog.seed.map((e) => e.code),
      [
        "unauthorized",
        "forbidden",
        "resource_access_denied",
        "rate_limit_exceeded",
        "quota_exceeded",
        "insufficient_credit",
        "trial_limit_exceeded",
        "plan_upgrade_required",
        "video_not_found",
        "avatar_not_found",
        "voice_not_found",
        "template_not_found",
        "asset_not_found",
        "invalid_parameter",
        "video_delete_failed",
        "internal_error"
      ]
    )
    assert.deepStrictEqual(
      Catalog.entries.slice(0, 16).map((e) => e.code),
      Catalog.seed.map((e) => e.code)
    )
    for (const entry of Catalog.seed) assert.strictEqual(entry.source, Catalog.defaultDocBase)
  })

  it("C1: codes and statuses match HeyGen's reference (docs/spec/error-codes.md), seed then v3", () => {
    const text = fs.readFileSync(sourceDoc, "utf8")
    const headings = (section: string) =>
      [...section.matchAll(/^### (\w+) — HTTP (\d{3})$/gm)].map((m) => [m[1], Number(m[2])])
    const v3Start = text.indexOf("## Codes the v3 reference documents beyond the page")
    assert.isAbove(v3Start, 0)
    assert.deepStrictEqual(
      headings(text.slice(0, v3Start)),
      Catalog.seed.map((e) => [e.code, e.status])
    )
    assert.deepStrictEqual(
      headings(text.slice(v3Start)),
      Catalog.entries.filter((e) => e.origin === "v3").map((e) => [e.code, e.status])
    )
  })

  it("C4: every code beyond the seed names the HeyGen page that documents it, and the docs cite it", () => {
    const text = fs.readFileSync(sourceDoc, "utf8")
    const v3 = Catalog.entries.filter((e) => e.origin === "v3")
    assert.deepStrictEqual(
      v3.map((e) => [e.code, e.status, e.tag]),
      [
        ["request_in_progress", 409, "RequestInProgress"],
        ["download_failed", 400, "DownloadFailed"]
      ]
    )
    for (const entry of v3) {
      assert.match(entry.source, /^https:\/\/developers\.heygen\.com\//)
      const section = text.slice(text.indexOf(`### ${entry.code} — HTTP`))
      const body = section.slice(
        0,
        section.indexOf("\n###", 1) === -1 ? undefined : section.indexOf("\n###", 1)
      )
      assert.include(body, entry.source, entry.code)
    }
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

  it("C3: retry classes — only rate_limit_exceeded waits; the server family and request_in_progress are transient", () => {
    const byClass = (retry: Catalog.RetryClass) =>
      Catalog.entries.filter((e) => e.retryClass === retry).map((e) => e.code)
    assert.deepStrictEqual(byClass("after-wait"), ["rate_limit_exceeded"])
    assert.deepStrictEqual(byClass("transient"), [
      "video_delete_failed",
      "internal_error",
      "request_in_progress"
    ])
    assert.strictEqual(byClass("never").length, 14)
    assert.strictEqual(Catalog.seed.filter((e) => e.retryClass === "never").length, 13)
  })

  it("isCode and get reject what the catalog doesn't know", () => {
    assert.isTrue(Catalog.isCode("quota_exceeded"))
    assert.isTrue(Catalog.isCode("download_failed"))
    assert.isFalse(Catalog.isCode("request_not_found"))
    assert.isFalse(Catalog.isCode("__proto__"))
    assert.isUndefined(Catalog.get("toString"))
  })
})
