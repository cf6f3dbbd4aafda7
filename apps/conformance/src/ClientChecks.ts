/** The client direction's verdicts: a runtime's probe report against the vectors and scenarios. */
import * as Probe from "./Probe.ts"
import { type Check, check } from "./Result.ts"
import { scenarios } from "./Scenarios.ts"
import { mismatches, type Summary } from "./Summary.ts"
import * as V3ClientChecks from "./V3ClientChecks.ts"
import type * as Vectors from "./Vectors.ts"

const show = (expected: object) => JSON.stringify(expected)

export const evaluate = (
  report: Probe.Report,
  vectors: ReadonlyArray<Vectors.Vector>
): Array<Check & { readonly case: string }> => {
  const results: Array<Check & { readonly case: string }> = []
  for (const vector of vectors) {
    for (const path of ["decoder", "client"] as const) {
      const got = report[path][vector.id]
      const problems =
        got === undefined || "defect" in got
          ? [`no decoded error: ${got === undefined ? "missing" : (got as { defect: string }).defect}`]
          : mismatches(vector.expected, got as Summary)
      for (const rule of vector.rules)
        results.push({
          ...check(
            rule,
            problems.length === 0,
            show(vector.expected),
            problems.length === 0 ? JSON.stringify(got) : problems.join("; ")
          ),
          case: `${path}:${vector.id}`
        })
    }
  }
  const leaked = JSON.stringify(report).includes(Probe.apiKey)
  results.push({
    ...check(
      "S1",
      !leaked,
      "the API key nowhere in what the runtime decoded",
      leaked ? "in the report" : "absent"
    ),
    case: "api-key"
  })
  results.push({
    ...check("D9", report.prototypeClean, "Object.prototype untouched", report.prototypeClean),
    case: "prototype"
  })
  for (const [name, scenario] of Object.entries(scenarios)) {
    const got = report.scenarios[name]
    const want = scenario.expected
    const problems: Array<string> = []
    if (got === undefined || "defect" in got) problems.push(`no outcome: ${JSON.stringify(got)}`)
    else {
      if (want.outcome === "failure" ? got.outcome === "success" : got.outcome !== want.outcome)
        problems.push(`outcome ${got.outcome}, expected ${want.outcome}`)
      if (got.attempts !== want.attempts) problems.push(`${got.attempts} attempts, expected ${want.attempts}`)
      if (want.minElapsedMs !== undefined && got.elapsedMs < want.minElapsedMs)
        problems.push(`${got.elapsedMs} ms, expected ≥ ${want.minElapsedMs}`)
      if (want.maxElapsedMs !== undefined && got.elapsedMs > want.maxElapsedMs)
        problems.push(`${got.elapsedMs} ms, expected ≤ ${want.maxElapsedMs}`)
      if (want.retryAfterMs !== undefined && got.summary?.retryAfterMs !== want.retryAfterMs)
        problems.push(`retryAfter ${got.summary?.retryAfterMs} ms, expected ${want.retryAfterMs}`)
      if (want.sameKey && (got.keys.length < 2 || got.keys.some((k) => k === null || k !== got.keys[0])))
        problems.push(`Idempotency-Keys ${JSON.stringify(got.keys)}, expected one key on every attempt`)
    }
    for (const rule of scenario.rules)
      results.push({
        ...check(
          rule,
          problems.length === 0,
          `${scenario.note}: ${show(want)}`,
          problems.length === 0 ? JSON.stringify(got) : problems.join("; ")
        ),
        case: `retry:${name}`
      })
  }
  results.push(...V3ClientChecks.evaluate(report.v3))
  return results
}
