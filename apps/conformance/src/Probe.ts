/**
 * The client direction, run inside a runtime: for every vector the replay server serves,
 * decode it with `ErrorDecoder.fromResponse` and with `HeyGenClient` (the adapter's layer,
 * provided by the runtime's entry), then run the retry scenarios. Reports plain JSON.
 * Web APIs only: it runs in Node, workerd and Deno alike.
 */
import * as ErrorDecoder from "@effect-heygen/core/ErrorDecoder"
import { HeyGenClient } from "@effect-heygen/core/HeyGenClient"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import { scenarios } from "./Scenarios.ts"
import { type Summary, summarize } from "./Summary.ts"
import type * as V3Report from "./V3Report.ts"

/** The key every probe's client sends; it must not appear anywhere in a report (S1). */
export const apiKey = "conformance-key-5d1e9b"

export interface Outcome {
  readonly outcome: string
  readonly summary?: Summary
  readonly elapsedMs: number
  readonly attempts: number
  readonly keys: ReadonlyArray<string | null>
}

export interface Report {
  readonly runtime: string
  readonly decoder: Record<string, Summary | { readonly defect: string }>
  readonly client: Record<string, Summary | { readonly defect: string }>
  readonly scenarios: Record<string, Outcome | { readonly defect: string }>
  /** No vector's `__proto__` or `constructor` member reached `Object.prototype` (D9). */
  readonly prototypeClean: boolean
  /** The v3 client against the emulator (`V3Probe`), added by the runtime's entry. */
  readonly v3?: V3Report.Report
}

const failureOf = <A, E>(exit: Exit.Exit<A, E>): { readonly summary?: Summary; readonly defect?: string } => {
  if (Exit.isSuccess(exit)) return { defect: "succeeded" }
  const error = Exit.findErrorOption(exit)
  return error._tag === "Some"
    ? { summary: summarize(error.value as Parameters<typeof summarize>[0]) }
    : { defect: String(exit.cause) }
}

export const run = (replayUrl: string, runtime: string): Effect.Effect<Report, never, HeyGenClient> =>
  Effect.gen(function* () {
    const client = yield* HeyGenClient
    const ids = yield* Effect.promise(() =>
      fetch(`${replayUrl}/__vectors`).then((r) => r.json() as Promise<Array<string>>)
    )
    const decoder: Report["decoder"] = {}
    const viaClient: Report["client"] = {}
    for (const id of ids) {
      const decoded = yield* Effect.exit(
        Effect.flatMap(
          Effect.promise(() => fetch(`${replayUrl}/v/${id}`)),
          (response) => ErrorDecoder.fromResponse(response)
        )
      )
      decoder[id] = Exit.isSuccess(decoded) ? summarize(decoded.value) : { defect: String(decoded.cause) }
      const failure = failureOf(
        yield* Effect.exit(
          client.request({ method: "GET", path: `/v/${id}`, success: Schema.Unknown, retry: false })
        )
      )
      viaClient[id] = failure.summary ?? { defect: failure.defect ?? "" }
    }
    const run = crypto.randomUUID()
    const outcomes = yield* Effect.forEach(
      Object.entries(scenarios),
      ([name, scenario]) =>
        Effect.gen(function* () {
          const started = Date.now()
          const exit = yield* Effect.exit(
            client.request({
              method: scenario.method,
              path: `${scenario.route ?? ""}/s/${run}/${name}`,
              success: Schema.Unknown,
              ...(scenario.retry === undefined ? {} : { retry: scenario.retry }),
              ...(scenario.method === "POST"
                ? { json: {}, idempotencyKey: scenario.idempotencyKey ?? false }
                : {})
            })
          )
          const elapsedMs = Date.now() - started
          const seen = yield* Effect.promise(() =>
            fetch(`${replayUrl}/__seen/${run}/${name}`).then(
              (r) => r.json() as Promise<{ attempts: number; keys: Array<string | null> }>
            )
          )
          const failure = Exit.isSuccess(exit) ? undefined : failureOf(exit)
          const outcome: Outcome = {
            outcome:
              failure === undefined ? "success" : (failure.summary?.tag ?? `defect: ${failure.defect}`),
            ...(failure?.summary === undefined ? {} : { summary: failure.summary }),
            elapsedMs,
            attempts: seen.attempts,
            keys: seen.keys
          }
          return [name, outcome] as const
        }),
      { concurrency: "unbounded" }
    )
    const probe = {} as Record<string, unknown>
    return {
      runtime,
      decoder,
      client: viaClient,
      scenarios: Object.fromEntries(outcomes),
      prototypeClean:
        probe.polluted === undefined && probe.code === undefined && Object.keys(Object.prototype).length === 0
    }
  })
