import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import { scrubber } from "../../src/internal/scrub.ts"

const hex = (n: number, width: number, upper: boolean) => {
  const text = n.toString(16).padStart(width, "0")
  return upper ? text.toUpperCase() : text
}

// One character in one of the forms a server may echo it in.
const encodings: ReadonlyArray<(c: string, upper: boolean) => string> = [
  (c) => c,
  (c, upper) => `\\u${hex(c.charCodeAt(0), 4, upper)}`,
  (c, upper) => `%${hex(c.charCodeAt(0), 2, upper)}`,
  (c, upper) => `&#x${hex(c.charCodeAt(0), 1, upper)};`,
  (c) => `&#${c.charCodeAt(0)};`
]

const keyChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-."
/** A secret of `chars`, and the same secret echoed with each character in one of `forms`. */
const echoedSecret = (
  chars: string,
  length: { readonly min: number; readonly max: number },
  forms: ReadonlyArray<(c: string, upper: boolean) => string>
) =>
  fc
    .tuple(
      fc.array(fc.constantFrom(...chars), { minLength: length.min, maxLength: length.max }),
      fc.array(fc.tuple(fc.nat({ max: forms.length - 1 }), fc.boolean()), {
        minLength: length.max,
        maxLength: length.max
      })
    )
    .map(([secret, choices]) => ({
      secret: secret.join(""),
      echoed: secret.map((c, i) => forms[choices[i]![0]]!(c, choices[i]![1])).join("")
    }))

describe("issue 10.3 scrubbing every form of the key (S1)", () => {
  it("S1: a key with each character raw, JSON-escaped, percent-encoded or an HTML reference is scrubbed (property)", () => {
    fc.assert(
      fc.property(
        echoedSecret(keyChars, { min: 8, max: 48 }, encodings),
        fc.string({ maxLength: 20 }),
        fc.string({ maxLength: 20 }),
        ({ secret, echoed }, before, after) => {
          const { scrub } = scrubber([secret])
          const out = scrub(`${before}${echoed}${after}`)
          assert.notInclude(out, echoed)
          assert.include(out, "<redacted>")
        }
      ),
      { numRuns: 2000 }
    )
    // 2,000 random keys: ~7 s on a quiet machine, several times that beside other builds.
  }, 120_000)

  it("S4: an OAuth access token (base64url and JWT characters, / + = ~, up to 1 KiB) in any form is scrubbed (property)", () => {
    const forms = [...encodings, (c: string) => (c === "/" ? "\\/" : c)]
    fc.assert(
      fc.property(
        echoedSecret(`${keyChars}/+=~`, { min: 16, max: 1024 }, forms),
        fc.string({ maxLength: 20 }),
        ({ secret, echoed }, before) => {
          const { scrub, scrubCut } = scrubber([secret])
          const out = scrub(`${before}Bearer ${echoed} rejected`)
          assert.notInclude(out, echoed)
          assert.notInclude(out, secret)
          assert.include(out, "Bearer <redacted> rejected")
          // Cut inside the token: its start goes too.
          assert.notInclude(scrubCut(`${before}Bearer ${secret.slice(0, 12)}`), secret.slice(0, 12))
        }
      ),
      { numRuns: 150 }
    )
  }, 120_000)

  it("S1: a text cut inside the key loses the key's start too; plain text is left alone", () => {
    const { scrub, scrubCut } = scrubber(["hg_test_KEY_d41d8cd98f00b204"])
    assert.strictEqual(scrubCut("body hg_test_K"), "body <redacted>")
    assert.strictEqual(scrubCut("body %68%67_t"), "body <redacted>")
    assert.strictEqual(scrubCut("body hg_"), "body hg_")
    assert.strictEqual(scrub("body hg_test_K"), "body hg_test_K")
    assert.strictEqual(scrub("a plain 100% text \\n"), "a plain 100% text \\n")
  })
})
