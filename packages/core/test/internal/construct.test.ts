import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"
import * as Catalog from "../../src/Catalog.ts"
import * as HeyGenError from "../../src/HeyGenError.ts"
import { construct, isTrusted } from "../../src/internal/construct.ts"

const shape = (error: object) => ({
  json: JSON.parse(JSON.stringify(error)),
  text: String(error),
  keys: Object.keys(error).sort(),
  message: (error as Error).message,
  proto: Object.getPrototypeOf(error)
})

describe("internal/construct", () => {
  it("uses Effect's trusted constructor with the pinned Effect", () => {
    assert.isTrue(isTrusted)
  })

  it("builds the same instance as the validating constructor, for every class", () => {
    for (const entry of Catalog.entries) {
      const Class: new (input: never) => HeyGenError.CatalogError = HeyGenError.classes[entry.tag]
      const fields = {
        _tag: entry.tag,
        code: entry.code,
        status: 418,
        message: "m",
        docUrl: "https://d.test#x",
        param: "p",
        requestId: "r",
        retryAfter: Duration.seconds(3),
        inferred: true,
        legacyCode: 7
      }
      const fast = construct(Class, fields)
      const slow: object = Reflect.construct(Class, [fields])
      assert.deepStrictEqual(shape(fast), shape(slow))
      assert.isTrue(fast instanceof HeyGenError.classes[entry.tag])
      assert.isTrue(Schema.is(HeyGenError.InternalError)(fast) === (entry.tag === "InternalError"))
      assert.isTrue(fast instanceof Error)
      assert.strictEqual(fast.retryClass, entry.retryClass)
    }
    const unexpected = {
      _tag: "UnexpectedResponse",
      code: "unexpected_response",
      status: 502,
      message: "m",
      bodySnippet: "x"
    }
    assert.deepStrictEqual(
      shape(construct(HeyGenError.UnexpectedResponse, unexpected)),
      shape(new HeyGenError.UnexpectedResponse({ status: 502, message: "m", bodySnippet: "x" }))
    )
  })

  it("captures no stack frames", () => {
    const fields = { _tag: "Unauthorized", code: "unauthorized", status: 401, message: "m", docUrl: "d" }
    const error = construct(HeyGenError.Unauthorized, fields)
    assert.strictEqual(error.stack, "Unauthorized: m")
  })
})
