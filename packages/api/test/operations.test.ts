/**
 * Every one of the 85 operations, called once through its generated function over a real
 * HTTP server that checks the request against the spec and answers a response generated
 * from the spec's schema (with members and enum values the spec lacks); the answer must
 * come back decoded, whole.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as fc from "fast-check"
import { arbitrary } from "./utils/arbitrary.ts"
import { answersEnvelope, argumentsOf, functionOf, transport } from "./utils/client.ts"
import { replayServer } from "./utils/replay.ts"
import { envelope, type Operation, spec } from "./utils/spec.ts"

const sample = <A>(arb: fc.Arbitrary<A>, seed: number): A => fc.sample(arb, { seed, numRuns: 1 })[0]!

const queryObject = (operation: Operation) => ({
  type: "object" as const,
  properties: Object.fromEntries(operation.query.map((p) => [p.name, p.schema])),
  required: operation.query.filter((p) => p.required).map((p) => p.name)
})

/** A path parameter that needs encoding: a space and a slash must arrive as they were sent. */
const pathValue = (name: string, i: number) => `${name} ${i}/x`

describe("the 85 operations over HTTP", () => {
  it("the spec has 85 operations on 59 paths", () => {
    assert.strictEqual(spec.length, 85)
    assert.strictEqual(new Set(spec.map((op) => op.path)).size, 59)
  })

  spec.forEach((operation, i) => {
    it.effect(`${operation.group}.${operation.name}: ${operation.method} ${operation.path}`, () =>
      Effect.gen(function* () {
        const answer =
          operation.response === undefined
            ? { data: { job_id: "j_1" } }
            : sample(arbitrary(envelope(operation.response), { additions: true }), i)
        const { url, requests } = yield* replayServer(() => ({ body: answer }))
        const path = operation.pathParams.map(pathValue)
        const body =
          operation.body === undefined
            ? undefined
            : sample(arbitrary(operation.body, { additions: false }), i)
        const query =
          operation.query.length === 0
            ? undefined
            : (sample(arbitrary(queryObject(operation), { additions: false }), i) as Record<string, unknown>)

        const result = yield* functionOf(operation)(...argumentsOf(operation, { path, body, query })).pipe(
          Effect.provide(transport(url))
        )

        assert.strictEqual(requests.length, 1)
        const [request] = requests
        assert.deepStrictEqual(request!.problems, [])
        assert.strictEqual(request!.operation?.id, operation.id)
        assert.deepStrictEqual(
          request!.pathParams,
          Object.fromEntries(operation.pathParams.map((name, j) => [name, pathValue(name, j)]))
        )
        if (operation.bodyKind === "json") assert.deepStrictEqual(request!.body, body)
        if (query !== undefined) {
          assert.deepStrictEqual(
            Object.fromEntries(request!.url.searchParams),
            Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)]))
          )
        }
        const expected = answersEnvelope(operation) ? answer : (answer as { readonly data: unknown }).data
        assert.deepStrictEqual(result, expected)
      }).pipe(Effect.scoped)
    )
  })
})
