/**
 * One run of the suite: for each selected runtime, the server direction (the conformance
 * app served by the adapter in that runtime, checked over HTTP) and the client direction
 * (the probe inside that runtime against the replay server); or, with `target`, the
 * control-free server cases against any HeyGen-compatible server.
 */
import * as ClientChecks from "./ClientChecks.ts"
import * as ReplayServer from "./ReplayServer.ts"
import type { Report } from "./Report.ts"
import type { Result } from "./Result.ts"
import * as Rules from "./Rules.ts"
import * as Runtimes from "./Runtimes.ts"
import * as ServerApp from "./ServerApp.ts"
import * as ServerChecks from "./ServerChecks.ts"
import * as V3Emulator from "./V3Emulator.ts"
import * as Vectors from "./Vectors.ts"
import * as WebhookChecks from "./WebhookChecks.ts"

export interface Options {
  readonly runtimes?: ReadonlyArray<string> | undefined
  readonly directions?: ReadonlyArray<"server" | "client" | "webhook"> | undefined
  readonly target?: string | undefined
  readonly apiKey?: string | undefined
  readonly onProgress?: ((line: string) => void) | undefined
}

export const runtimeNames = Runtimes.all.filter((r) => !r.hidden).map((r) => r.name)

export const run = async (options: Options = {}): Promise<Report> => {
  const started = Date.now()
  const progress = options.onProgress ?? (() => {})
  const results: Array<Result> = []
  const step = async (
    label: string,
    direction: Result["direction"],
    runtime: string,
    f: () => Promise<Array<Omit<Result, "runtime" | "direction">>>
  ) => {
    const t0 = Date.now()
    progress(`▸ ${label} …`)
    let found: Array<Omit<Result, "runtime" | "direction">>
    try {
      found = await f()
    } catch (error) {
      // A step that could not run says so as its own rule; no wire rule failed.
      found = [
        {
          rule: Rules.crashed,
          case: "start",
          pass: false,
          expected: `${label} to run`,
          got: String(error).slice(0, 2000)
        }
      ]
    }
    for (const r of found) results.push({ ...r, runtime, direction })
    const failed = found.filter((r) => !r.pass).length
    progress(
      `${failed === 0 ? "✓" : "✗"} ${label}: ${found.length - failed} passed, ${failed} failed (${((Date.now() - t0) / 1000).toFixed(1)} s)`
    )
  }

  if (options.target !== undefined) {
    const ctx = ServerChecks.makeContext(options.target.replace(/\/$/, ""), options.apiKey, false)
    const cases = ServerChecks.cases.filter((c) => !c.control)
    await step(`target ${options.target}`, "target", "target", () => ServerChecks.runAll(ctx, cases))
    return finish(results, ["target"], started)
  }

  const selected = (options.runtimes ?? runtimeNames).map((name) => {
    const runtime = Runtimes.all.find((r) => r.name === name)
    if (runtime === undefined)
      throw new Error(`unknown runtime ${name} (known: ${Runtimes.all.map((r) => r.name).join(", ")})`)
    return runtime
  })
  const directions = options.directions ?? ["server", "client", "webhook"]
  const { vectors } = Vectors.make()
  const replay = directions.includes("client") ? await ReplayServer.start(vectors) : undefined
  try {
    for (const runtime of selected) {
      if (directions.includes("server")) {
        await step(`${runtime.name} server`, "server", runtime.name, async () => {
          const server = await runtime.server()
          try {
            return await ServerChecks.runAll(
              ServerChecks.makeContext(server.url, "hg_paid_0001", true, ServerApp.controlToken),
              ServerChecks.cases
            )
          } finally {
            server.stop()
          }
        })
      }
      if (directions.includes("client") && runtime.probe !== undefined && replay !== undefined) {
        const probe = runtime.probe
        await step(`${runtime.name} client`, "client", runtime.name, async () => {
          // A fresh emulator per runtime: each probe starts from the fixtures.
          const v3 = await V3Emulator.start()
          try {
            return ClientChecks.evaluate(await probe(replay.url, v3), vectors)
          } finally {
            await v3.close()
          }
        })
      }
      if (directions.includes("webhook") && runtime.name in WebhookChecks.receivers)
        await step(`${runtime.name} webhook`, "webhook", runtime.name, () => WebhookChecks.run(runtime.name))
    }
  } finally {
    await replay?.close()
  }
  return finish(
    results,
    selected.map((r) => r.name),
    started
  )
}

const finish = (results: Array<Result>, runtimes: Array<string>, started: number): Report => ({
  version: 1,
  startedAt: new Date(started).toISOString(),
  durationMs: Date.now() - started,
  runtimes,
  passed: results.filter((r) => r.pass).length,
  failed: results.filter((r) => !r.pass).length,
  results
})
