import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import * as Catalog from "../src/Catalog.ts"
import * as ErrorDecoder from "../src/ErrorDecoder.ts"

const codes = Catalog.entries.map((e) => e.code)

describe("issue 10.8 never an empty message", () => {
  it("D4/D6: a code-only envelope gets a message from its code and status", () => {
    const error = ErrorDecoder.decode({ status: 409, body: '{"error":{"code":"conflict"}}' })
    assert.strictEqual(error._tag, "UnknownApiError")
    assert.strictEqual(error.message, "conflict (HTTP 409)")
  })

  it("D6: empty or blank messages count as absent, in every shape", () => {
    const cases: ReadonlyArray<readonly [number, string, string]> = [
      [409, '{"error":{"code":"conflict","message":""}}', "conflict (HTTP 409)"],
      [409, '{"error":{"code":"conflict","message":"  "}}', "conflict (HTTP 409)"],
      [409, '{"error":{"code":"conflict"},"message":""}', "conflict (HTTP 409)"],
      [404, '{"error":{"code":"video_not_found","message":""}}', Catalog.get("video_not_found").summary],
      [418, '{"code":40001,"message":""}', "Unexpected HTTP 418 response"],
      [401, '{"code":40001,"message":""}', `HTTP 401: ${Catalog.get("unauthorized").summary}`],
      [418, '{"error":""}', "Unexpected HTTP 418 response"],
      [503, '{"message":"\\t"}', "Unexpected HTTP 503 response"],
      [409, '{"error":{"code":""}}', "Unexpected HTTP 409 response"]
    ]
    for (const [status, body, message] of cases) {
      const error = ErrorDecoder.decode({ status, body })
      assert.strictEqual(error.message, message, body)
    }
  })

  it("D6: every decoded error has a non-empty message (property)", () => {
    const blank = fc.constantFrom("", " ", "\t\n", undefined, null)
    const code = fc.oneof(fc.constantFrom(...codes), fc.string(), blank)
    const body = fc.oneof(
      fc.record({ error: fc.record({ code, message: fc.oneof(blank, fc.string()) }, { requiredKeys: [] }) }),
      fc.record({ code: fc.oneof(fc.integer(), fc.string()), message: fc.oneof(blank, fc.string()) }),
      fc.record({ error: fc.oneof(blank, fc.string(), fc.anything()), message: fc.anything() }),
      fc.anything()
    )
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 100, max: 599 }), fc.integer()), body, (status, json) => {
        const error = ErrorDecoder.decode({ status, body: JSON.stringify(json) ?? "" })
        assert.isString(error.message)
        assert.notStrictEqual(error.message.trim(), "", JSON.stringify(json))
      }),
      { numRuns: 3000 }
    )
  })
})
