/**
 * The client's per-request cost against raw `fetch` + `JSON.parse` on loopback, in one
 * run, against the same raw node:http server in a second process: (a) a 200, (b) a 429
 * with `Retry-After: 0` followed by a 200. Wall time per completed call, sequential.
 */
import { fork } from "node:child_process"
import * as path from "node:path"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as HeyGenClient from "../src/HeyGenClient.ts"
import { table } from "./harness.ts"

interface AsyncCase {
  readonly name: string
  readonly run: () => Promise<unknown>
}

const timeCalls = async (c: AsyncCase, calls: number): Promise<number> => {
  const start = performance.now()
  for (let i = 0; i < calls; i++) await c.run()
  return ((performance.now() - start) * 1000) / calls
}

const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** Interleaved rounds; the median microseconds per call of each case. */
const compareAsync = async (cases: ReadonlyArray<AsyncCase>, rounds = 9, calls = 500) => {
  for (const c of cases) await timeCalls(c, 1500)
  const samples = cases.map(() => [] as Array<number>)
  for (let r = 0; r < rounds; r++) {
    for (const [i, c] of cases.entries()) samples[i]!.push(await timeCalls(c, calls))
  }
  return cases.map((c, i) => ({ name: c.name, micros: median(samples[i]!) }))
}

const startServer = () =>
  new Promise<{ url: string; stop: () => void }>((resolve, reject) => {
    const child = fork(path.resolve(import.meta.dirname, "server.ts"), {
      stdio: ["ignore", "pipe", "inherit", "ipc"]
    })
    child.once("error", reject)
    child.stdout!.once("data", (port: Buffer) =>
      resolve({ url: `http://127.0.0.1:${String(port).trim()}`, stop: () => child.kill() })
    )
  })

const clientRuntime = (http: Layer.Layer<HttpClient.HttpClient>, baseUrl: string) =>
  ManagedRuntime.make(
    HeyGenClient.layer({
      apiKey: Redacted.make("bench-key"),
      baseUrl,
      // No backoff: the 429 case measures the client's work, not a sleep.
      retry: { baseDelay: 0, jitter: 0 }
    }).pipe(Layer.provide(http))
  )

const rawFetch = async (url: string) => {
  const response = await fetch(url, { headers: { "x-api-key": "bench-key", accept: "application/json" } })
  return {
    status: response.status,
    retryAfter: response.headers.get("retry-after"),
    json: JSON.parse(await response.text())
  }
}

// The hand-written equivalent of one retry on 429: read Retry-After, wait, call again.
const rawFetchRetrying = async (url: string): Promise<unknown> => {
  const first = await rawFetch(url)
  if (first.status !== 429) return first.json.data
  const wait = Number(first.retryAfter) * 1000
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
  return (await rawFetch(url)).json.data
}

export const run = async () => {
  const server = await startServer()
  const runtimes = {
    undiciOk: clientRuntime(NodeHttpClient.layerUndici, `${server.url}/ok`),
    fetchOk: clientRuntime(FetchHttpClient.layer, `${server.url}/ok`),
    undiciLimited: clientRuntime(NodeHttpClient.layerUndici, `${server.url}/rate-limited`),
    fetchLimited: clientRuntime(FetchHttpClient.layer, `${server.url}/rate-limited`)
  }
  // Each client is built once; a call is its effect run to a promise, as an app's handler would.
  const clients = Object.fromEntries(
    await Promise.all(
      Object.entries(runtimes).map(async ([name, runtime]) => [
        name,
        await runtime.runPromise(HeyGenClient.HeyGenClient.use(Effect.succeed))
      ])
    )
  ) as Record<keyof typeof runtimes, HeyGenClient.Service>
  const quota = (client: HeyGenClient.Service) => () => Effect.runPromise(client.getRemainingQuota())
  try {
    const ok = await compareAsync([
      { name: "raw fetch + JSON.parse", run: () => rawFetch(`${server.url}/ok/v2/user/remaining_quota`) },
      { name: "HeyGenClient over undici (NodeHttpClient.layerUndici)", run: quota(clients.undiciOk) },
      { name: "HeyGenClient over FetchHttpClient", run: quota(clients.fetchOk) }
    ])
    const limited = await compareAsync([
      {
        name: "raw fetch, hand-written retry",
        run: () => rawFetchRetrying(`${server.url}/rate-limited/v2/user/remaining_quota`)
      },
      { name: "HeyGenClient over undici (NodeHttpClient.layerUndici)", run: quota(clients.undiciLimited) },
      { name: "HeyGenClient over FetchHttpClient", run: quota(clients.fetchLimited) }
    ])
    for (const [title, results] of [
      ["200", ok],
      ["429 (Retry-After: 0), then 200", limited]
    ] as const) {
      const base = results[0]!.micros
      console.log(`\n### Client: ${title}, sequential calls on loopback\n`)
      console.log(
        table(
          ["client", "µs per call", "× raw fetch"],
          results.map((r) => [r.name, r.micros.toFixed(0), (r.micros / base).toFixed(2)])
        )
      )
    }
    const ratio = ok[1]!.micros / ok[0]!.micros
    console.log(
      `\n200 case: undici client / raw fetch = ${ratio.toFixed(2)}× (target ≤ 1.3×): ${ratio <= 1.3 ? "met" : "NOT met"}`
    )
    return { ratio }
  } finally {
    await Promise.all(Object.values(runtimes).map((runtime) => runtime.dispose()))
    server.stop()
  }
}
