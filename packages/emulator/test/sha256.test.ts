import * as crypto from "node:crypto"
import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import { hex, hmac, sha256 } from "../src/internal/sha256.ts"

describe("M31: the signing primitives are SHA-256 and HMAC-SHA256 exactly", () => {
  it("SHA-256 matches node:crypto on the standard vectors and on random inputs of every padding length", () => {
    assert.strictEqual(
      hex(sha256(new Uint8Array(0))),
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )
    assert.strictEqual(
      hex(sha256(new TextEncoder().encode("abc"))),
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        assert.strictEqual(hex(sha256(bytes)), crypto.createHash("sha256").update(bytes).digest("hex"))
      }),
      { numRuns: 500 }
    )
  })

  it("HMAC-SHA256 matches node:crypto for keys shorter and longer than a block", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.string({ maxLength: 200 }), (key, message) => {
        assert.strictEqual(
          hex(hmac(key)(message)),
          crypto.createHmac("sha256", key).update(message).digest("hex")
        )
      }),
      { numRuns: 300 }
    )
  })
})
