/**
 * Forward-compatible decoding, per operation, over random responses from the spec's own
 * schema: a valid one — with members, enum values and union variants the spec lacks —
 * decodes to itself, nothing dropped; a broken one (a required member removed, or a member
 * of the wrong type) fails with `UnexpectedResponse` naming where.
 */

import { assert, describe, it } from "@effect/vitest"
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as Effect from "effect/Effect"
import * as fc from "fast-check"
import { formatPath } from "../src/internal/issue.ts"
import { applyBreak, arbitrary, breaks } from "./utils/arbitrary.ts"
import { answersEnvelope, argumentsOf, functionOf, stub } from "./utils/client.ts"
import { envelope, type Operation, spec } from "./utils/spec.ts"

const numRuns = 20

/** Valid arguments for a call, so only the answer varies. */
const validCall = (operation: Operation, seed: number) => {
  const sample = (schema: Parameters<typeof arbitrary>[0]) =>
    fc.sample(arbitrary(schema, { additions: false }), { seed, numRuns: 1 })[0]
  const query = {
    type: "object" as const,
    properties: Object.fromEntries(operation.query.map((p) => [p.name, p.schema])),
    required: operation.query.filter((p) => p.required).map((p) => p.name)
  }
  const args = argumentsOf(operation, {
    path: operation.pathParams.map((p) => `${p}-1`),
    body: operation.body === undefined ? undefined : sample(operation.body),
    query: operation.query.length === 0 ? undefined : sample(query)
  })
  return (answer: Record<string, unknown>) =>
    functionOf(operation)(...args).pipe(Effect.provide(stub(answer)))
}

describe("decoding, per operation", () => {
  spec.forEach((operation, i) => {
    const response = operation.response
    if (response === undefined) return
    const schema = envelope(response)
    const call = validCall(operation, i)

    it(`${operation.group}.${operation.name}: valid answers decode whole`, () => {
      fc.assert(
        fc.property(arbitrary(schema, { additions: true }), (answer) => {
          // Throws, with the failure, unless it succeeds.
          const decoded = Effect.runSync(call(answer as Record<string, unknown>))
          const expected = answersEnvelope(operation) ? answer : (answer as { readonly data: unknown }).data
          assert.deepStrictEqual(decoded, expected)
        }),
        { numRuns, seed: i }
      )
    })

    it(`${operation.group}.${operation.name}: broken answers fail with UnexpectedResponse at the field`, () => {
      fc.assert(
        fc.property(arbitrary(schema, { additions: false }), fc.nat(), (answer, pick) => {
          const candidates = breaks(schema, answer)
          fc.pre(candidates.length > 0)
          const broken = candidates[pick % candidates.length]!
          const error = Effect.runSync(
            Effect.flip(call(applyBreak(answer, broken) as Record<string, unknown>))
          )
          assert.instanceOf(error, HeyGenError.UnexpectedResponse, `${broken.how} ${formatPath(broken.path)}`)
          const field = (error as HeyGenError.UnexpectedResponse).field ?? ""
          const where = formatPath(broken.path)
          // Inside a union the decoder may stop at the union; elsewhere it names the member itself.
          if (broken.inUnion)
            assert.isTrue(where.startsWith(field) && field.startsWith("data"), `${field} for ${where}`)
          else assert.strictEqual(field, where)
        }),
        { numRuns, seed: i }
      )
    })
  })
})
