import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as fc from "fast-check"
import * as Catalog from "../src/Catalog.ts"
import * as ErrorDecoder from "../src/ErrorDecoder.ts"
import * as ErrorEncoder from "../src/ErrorEncoder.ts"
import * as HeyGenError from "../src/HeyGenError.ts"

const codes = Catalog.entries.map((e) => e.code)
const text = fc.string({ unit: "binary", maxLength: 200 })
const credits = fc.integer({ min: 0, max: 100_000_000 }).map((n) => n / 100)

describe("properties", () => {
  it("E1–E5/D2–D8: encode → decode round-trips every code with arbitrary message, param and Retry-After", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...codes),
        text,
        fc.option(text, { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: undefined }),
        fc.option(fc.tuple(credits, credits), { nil: undefined }),
        (code, message, param, retryAfterMs, credit) => {
          const entry = Catalog.get(code)
          const error = new HeyGenError.classes[entry.tag]({
            message,
            ...(param === undefined ? {} : { param }),
            ...(retryAfterMs === undefined ? {} : { retryAfter: Duration.millis(retryAfterMs) }),
            ...(credit === undefined ? {} : { available: credit[0], required: credit[1] })
          })
          const encoded = ErrorEncoder.encode(error, { requestId: "rt" })
          const decoded = ErrorDecoder.decode(encoded)
          assert.strictEqual(decoded._tag, entry.tag)
          const back = decoded as HeyGenError.CatalogError
          assert.strictEqual(back.code, code)
          assert.strictEqual(back.status, entry.status)
          assert.strictEqual(back.param, param)
          assert.strictEqual(back.docUrl, Catalog.docUrl(code))
          assert.strictEqual(back.requestId, "rt")
          assert.isUndefined(back.inferred)
          if (back._tag === "InsufficientCredit" && credit !== undefined) {
            assert.deepStrictEqual([back.available, back.required], credit)
          } else {
            // A blank message decodes to the catalog's summary: never an empty message (issue 10.8).
            assert.strictEqual(back.message, message.trim() === "" ? entry.summary : message)
          }
          const expectedWait =
            retryAfterMs === undefined
              ? code === "rate_limit_exceeded"
                ? 1000
                : undefined
              : Math.max(1, Math.ceil(retryAfterMs / 1000)) * 1000
          assert.strictEqual(
            back.retryAfter === undefined ? undefined : Duration.toMillis(back.retryAfter),
            expectedWait
          )
        }
      ),
      { numRuns: 2000 }
    )
  })

  // Decoding is total: 4 × 2,500 = 10,000 arbitrary inputs a run, none may throw, all land in the union.
  const responseTags = new Set<string>([
    ...Catalog.entries.map((e) => e.tag),
    "UnknownApiError",
    "UnexpectedResponse"
  ])
  const status = fc.oneof(
    fc.integer({ min: 100, max: 599 }),
    fc.integer(),
    fc.constantFrom(Number.NaN, Infinity, -0, 1.5)
  )
  const headerName = fc.constantFrom("retry-after", "Retry-After", "x-request-id", "content-type", "x-other")
  const headers = fc.oneof(
    fc.dictionary(headerName, fc.oneof(text, fc.array(text, { maxLength: 3 }))),
    fc.constant(undefined)
  )
  const envelopeLike = fc.record(
    {
      error: fc.oneof(
        fc.record(
          {
            code: fc.oneof(fc.constantFrom(...codes), text, fc.integer(), fc.constant(null)),
            message: fc.anything(),
            param: fc.anything(),
            doc_url: fc.anything()
          },
          { requiredKeys: [] }
        ),
        fc.anything()
      ),
      code: fc.oneof(fc.integer(), fc.double(), text),
      message: fc.anything(),
      data: fc.anything(),
      ["__proto__"]: fc.anything()
    },
    { requiredKeys: [] }
  )
  const bodies: ReadonlyArray<[string, fc.Arbitrary<string | Uint8Array>]> = [
    ["random bytes", fc.uint8Array({ maxLength: 512 })],
    ["random JSON", fc.json({ maxDepth: 4 })],
    ["envelope-like JSON", envelopeLike.map((v) => JSON.stringify(v) ?? "")],
    ["random text", text]
  ]
  for (const [name, body] of bodies) {
    it(`D2/D5: decoding is total over ${name} (2,500 cases)`, () => {
      fc.assert(
        fc.property(status, headers, body, (status, headers, body) => {
          const error = ErrorDecoder.decode({ status, headers, body })
          assert.isTrue(HeyGenError.isHeyGenError(error))
          assert.isTrue(responseTags.has(error._tag))
          assert.isString(error.message)
          assert.isString(error.code)
          assert.isTrue(Number.isInteger(error.status))
          return true
        }),
        { numRuns: 2500 }
      )
    })
  }
})
