/**
 * What a runtime reports about a decoded error: plain JSON, the same fields in every
 * runtime, so the checker can compare them with a vector's expectation.
 */
import * as Duration from "effect/Duration"
import type * as Vectors from "./Vectors.ts"

export interface Summary {
  readonly tag: string
  readonly code: string
  readonly status?: number
  readonly message: string
  readonly param?: string
  readonly docUrl?: string
  readonly requestId?: string
  readonly retryable: boolean
  readonly retryAfterMs?: number
  readonly inferred?: boolean
  readonly legacyCode?: number
  readonly available?: number
  readonly required?: number
  readonly bodySnippetLength?: number
}

type Decoded = {
  readonly _tag: string
  readonly code: string
  readonly message: string
  readonly retryable: boolean
  readonly status?: number
  readonly param?: string
  readonly docUrl?: string
  readonly requestId?: string
  readonly retryAfter?: Duration.Duration
  readonly inferred?: boolean
  readonly legacyCode?: number
  readonly available?: number
  readonly required?: number
  readonly bodySnippet?: string
}

/** Drops the undefined members, as the JSON report will. */
const defined = (value: { readonly [K in keyof Summary]-?: Summary[K] | undefined }): Summary =>
  JSON.parse(JSON.stringify(value))

export const summarize = (error: Decoded): Summary =>
  defined({
    tag: error._tag,
    code: error.code,
    status: error.status,
    message: error.message,
    param: error.param,
    docUrl: error.docUrl,
    requestId: error.requestId,
    retryable: error.retryable,
    retryAfterMs: error.retryAfter === undefined ? undefined : Duration.toMillis(error.retryAfter),
    inferred: error.inferred,
    legacyCode: error.legacyCode,
    available: error.available,
    required: error.required,
    bodySnippetLength: error.bodySnippet?.length
  })

/** Where `got` differs from `expected`: one line per field, empty when it matches. */
export const mismatches = (expected: Vectors.Expected, got: Summary | undefined): Array<string> => {
  if (got === undefined) return ["nothing was decoded"]
  const problems: Array<string> = []
  for (const [field, want] of Object.entries(expected)) {
    if (field === "bodySnippetMax") {
      const length = got.bodySnippetLength ?? 0
      if (length > (want as number)) problems.push(`bodySnippet: ${length} characters, more than ${want}`)
      continue
    }
    const have: unknown = got[field as keyof Summary]
    if (want === null) {
      if (have !== undefined) problems.push(`${field}: expected absent, got ${JSON.stringify(have)}`)
    } else if (typeof want === "object") {
      const range = want as Vectors.Range
      if (typeof have !== "number" || have < range.min || have > range.max)
        problems.push(`${field}: expected ${range.min}..${range.max}, got ${JSON.stringify(have)}`)
    } else if (have !== want) {
      problems.push(`${field}: expected ${JSON.stringify(want)}, got ${JSON.stringify(have)}`)
    }
  }
  return problems
}
