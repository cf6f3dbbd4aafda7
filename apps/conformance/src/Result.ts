/** One checked expectation: a cell of the report. */
export interface Result {
  readonly runtime: string
  readonly direction: "server" | "client" | "target" | "webhook"
  readonly rule: string
  readonly case: string
  readonly pass: boolean
  readonly expected: string
  readonly got: string
}

/** A result without its runtime and direction, as checks produce them. */
export type Check = Omit<Result, "runtime" | "direction" | "case">

export const check = (rule: string, pass: boolean, expected: string, got: unknown): Check => ({
  rule,
  pass,
  expected,
  got: typeof got === "string" ? got : String(JSON.stringify(got))
})
