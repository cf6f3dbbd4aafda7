import * as fs from "node:fs"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import * as Catalog from "@effect-heygen/core/Catalog"
import * as Vectors from "../src/Vectors.ts"

const file = path.resolve(import.meta.dirname, `../vectors/v${Vectors.version}.json`)

describe("vectors", () => {
  it("C1: vectors/v1.json is what the catalog and the hand-picked cases generate (pnpm vectors)", () => {
    assert.deepStrictEqual(
      JSON.parse(fs.readFileSync(file, "utf8")),
      JSON.parse(JSON.stringify(Vectors.make()))
    )
  })

  it("C1: every catalog code has a vector expecting its tag, status and doc_url", () => {
    const { vectors } = Vectors.make()
    for (const entry of Catalog.entries) {
      const vector = vectors.find((v) => v.id === `catalog-${entry.code}`)
      assert.isDefined(vector, entry.code)
      assert.strictEqual(vector!.expected.tag, entry.tag)
      assert.strictEqual(vector!.response.status, entry.status)
      assert.strictEqual(vector!.expected.docUrl, Catalog.docUrl(entry.code))
    }
  })

  it("C1/C4: the catalog vectors are the 16 seed codes exactly, plus the v3 codes marked C4", () => {
    const { vectors } = Vectors.make()
    const catalog = vectors.filter((v) => v.id.startsWith("catalog-"))
    assert.deepStrictEqual(
      catalog.filter((v) => !v.rules.includes("C4")).map((v) => v.id),
      Catalog.seed.map((e) => `catalog-${e.code}`)
    )
    assert.strictEqual(Catalog.seed.length, 16)
    assert.deepStrictEqual(
      catalog.filter((v) => v.rules.includes("C4")).map((v) => v.expected.tag),
      ["RequestInProgress", "DownloadFailed"]
    )
  })

  it("every decoding rule D1–D9 is covered, ids are unique", () => {
    const { vectors } = Vectors.make()
    const rules = new Set(vectors.flatMap((v) => v.rules))
    for (let n = 1; n <= 9; n++) assert.isTrue(rules.has(`D${n}`), `D${n}`)
    assert.strictEqual(new Set(vectors.map((v) => v.id)).size, vectors.length)
  })
})
