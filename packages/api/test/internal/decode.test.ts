/**
 * The fast first pass of response decoding (`src/internal/decode.ts`) answers exactly what
 * Effect's parser answers: for every operation's response schema, over random valid answers
 * (with members, enum values and variants the spec lacks) and random broken ones, the same
 * success with an equal value, or a failure with the same issue. Where the pass cannot vouch
 * (a closed object with members it would drop, an inherited name, a transformation, a union
 * whose first match it cannot judge) the parser's answer is the one given.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import * as SchemaParser from "effect/SchemaParser"
import * as fc from "fast-check"
import { decodeUnknownExit } from "../../src/internal/decode.ts"
import { open } from "../../src/internal/schema.ts"
import { applyBreak, arbitrary, breaks } from "../utils/arbitrary.ts"
import { descriptorOf } from "../utils/client.ts"
import { envelope, spec } from "../utils/spec.ts"

const agree = (schema: Schema.Codec<unknown>, value: unknown) => {
  // The pass is built on a schema's second decode: the first goes to the parser alone.
  decodeUnknownExit(schema)(value)
  const fast = decodeUnknownExit(schema)(value)
  const parser = SchemaParser.decodeUnknownExit(schema)(value)
  assert.strictEqual(Exit.isSuccess(fast), Exit.isSuccess(parser), JSON.stringify(value))
  if (Exit.isSuccess(fast) && Exit.isSuccess(parser)) assert.deepStrictEqual(fast.value, parser.value)
  else assert.deepStrictEqual(String(fast), String(parser))
  return fast
}

describe("the fast first pass agrees with Effect's parser", () => {
  spec.forEach((operation, i) => {
    if (operation.response === undefined) return
    const jsonSchema = envelope(operation.response)
    const schema = descriptorOf(operation).response()
    it(`${operation.group}.${operation.name}: valid and broken answers`, () => {
      fc.assert(
        fc.property(arbitrary(jsonSchema, { additions: true }), fc.nat(), (answer, pick) => {
          agree(schema, answer)
          const candidates = breaks(jsonSchema, answer)
          if (candidates.length > 0) agree(schema, applyBreak(answer, candidates[pick % candidates.length]!))
        }),
        { numRuns: 15, seed: i }
      )
    })
  })

  it("the first decode of a schema is the parser's; from the second, a valid answer is the body itself, not a copy", () => {
    const first = open({ id: Schema.String })
    const body = { id: "v_1" }
    const once = decodeUnknownExit(first)(body)
    assert.isTrue(Exit.isSuccess(once) && once.value !== body)
    const twice = decodeUnknownExit(first)(body)
    assert.isTrue(Exit.isSuccess(twice) && twice.value === body)
  })

  it("a valid answer is the body itself, not a copy", () => {
    const schema = open({ id: Schema.String, items: Schema.Array(open({ n: Schema.Number })) })
    const body = { id: "v_1", items: [{ n: 1, extra: true }], more: { x: 1 } }
    const exit = agree(schema, body)
    assert.isTrue(Exit.isSuccess(exit) && exit.value === body)
  })

  it("a closed object with undeclared members is the parser's: they are dropped", () => {
    const schema = Schema.Struct({ type: Schema.Literal("url"), url: Schema.String })
    const exit = agree(schema, { type: "url", url: "https://x", extra: 1 })
    assert.deepStrictEqual(Exit.isSuccess(exit) ? exit.value : undefined, { type: "url", url: "https://x" })
  })

  it("a union answers its first member that accepts, even one that drops members", () => {
    const schema = Schema.Union([
      Schema.Struct({ a: Schema.String }),
      open({ a: Schema.String, b: Schema.Number })
    ])
    agree(schema, { a: "x", b: 1 })
    agree(schema, { a: 1 })
    agree(schema, "x")
  })

  it("an inherited name, a missing required member, a wrong type, checks and transformations", () => {
    const checked = open({ n: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 3 })) })
    for (const value of [{ n: 2 }, { n: 7 }, { n: 1.5 }, { n: "2" }, {}, null, [], { n: 2, x: [1] }]) {
      agree(checked, value)
    }
    agree(open({ constructor: Schema.optionalKey(Schema.String) }), {})
    agree(open({ toString: Schema.String }), { toString: "x" })
    const transformed = open({ n: Schema.NumberFromString })
    agree(transformed, { n: "12" })
    agree(transformed, { n: 12 })
    agree(Schema.Record(Schema.String, Schema.Number), { a: 1, b: "2" })
    agree(Schema.Record(Schema.String, Schema.Number), { a: 1, b: 2 })
    agree(open({ status: Schema.Union([Schema.Literals(["a", "b"]), Schema.String]) }), { status: "zzz" })
    agree(Schema.NullOr(Schema.Array(Schema.Boolean)), [true, false, null])
  })
})
