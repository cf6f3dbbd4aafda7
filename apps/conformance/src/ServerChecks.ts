/**
 * The server direction: requests made over HTTP to a HeyGen-compatible server, and the
 * wire rules its answers must keep (E1–E7, S2, C2) plus the emulator's conditions
 * (M1–M16 on v1/v2 and v3, M26, M28–M31 on v3). Cases marked `control` need our emulator's
 * fixtures, control endpoints or the fixture app; the rest run against any server
 * (`--target`). The parts: `ServerHttp` (calls), `WireChecks` (the rules every error keeps),
 * `ServerCases` (v1/v2), `V3Cases` (v3).
 */

import { type Check, check } from "./Result.ts"
import { anyServer, conditions, fixtureApp, forced } from "./ServerCases.ts"
import type { Context } from "./ServerHttp.ts"
import * as V3Cases from "./V3Cases.ts"
import type { Case } from "./WireChecks.ts"

export { type Answer, type Context, makeContext } from "./ServerHttp.ts"
export { type Case, wire } from "./WireChecks.ts"

export const cases: ReadonlyArray<Case> = [
  ...anyServer,
  ...forced,
  ...fixtureApp,
  ...conditions,
  ...V3Cases.cases
]

/** Runs the cases against one server; a case that throws is a failed result, not a crash. */
export const runAll = async (
  ctx: Context,
  selected: ReadonlyArray<Case>
): Promise<Array<Check & { readonly case: string }>> => {
  const results: Array<Check & { readonly case: string }> = []
  for (const c of selected) {
    if (c.needsKey && ctx.apiKey === undefined) continue
    try {
      for (const r of await c.run(ctx)) results.push({ ...r, case: c.id })
    } catch (error) {
      results.push({
        ...check(c.id.match(/\bM\d+/)?.[0] ?? "E1", false, "an answer", String(error)),
        case: c.id
      })
    }
  }
  return results
}
