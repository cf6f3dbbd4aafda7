/**
 * `pnpm bench` for the emulator: requests per second and p99 latency on Node, driven by
 * autocannon from this process against servers in child processes on 127.0.0.1 —
 * (a) an error path (401), (b) a success path (GET /v2/avatars) — with a raw node:http
 * server answering the same bytes as the floor, in the same run.
 */
import { type ChildProcess, fork } from "node:child_process"
import * as path from "node:path"
import autocannon from "autocannon"

const here = import.meta.dirname
const duration = Number(process.env.BENCH_SECONDS ?? 5)

const start = (script: string, args: ReadonlyArray<string>) =>
  new Promise<{ child: ChildProcess; url: string }>((resolve, reject) => {
    const child = fork(script, [...args], { stdio: ["ignore", "pipe", "inherit", "ipc"] })
    child.once("error", reject)
    let out = ""
    child.stdout!.on("data", (chunk: Buffer) => {
      out += String(chunk)
      const port = /127\.0\.0\.1:(\d+)/.exec(out)?.[1] ?? /^(\d+)\s*$/m.exec(out)?.[1]
      if (port !== undefined) resolve({ child, url: `http://127.0.0.1:${port}` })
    })
  })

const load = (url: string, headers: Record<string, string>) =>
  new Promise<{ rps: number; p99: number }>((resolve, reject) => {
    autocannon({ url, headers, connections: 16, duration, pipelining: 1 }, (error, result) =>
      error ? reject(error) : resolve({ rps: result.requests.average, p99: result.latency.p99 })
    )
  })

const scenarios = [
  { name: "error path: 401 (no key)", path: "/v2/avatars", headers: {} },
  { name: "success path: GET /v2/avatars", path: "/v2/avatars", headers: { "x-api-key": "hg_paid_0001" } }
] as const

const emulator = await start(path.resolve(here, "../src/bin.ts"), ["--port", "0", "--no-control"])
try {
  // The floor answers the emulator's own bytes for each scenario.
  const answers: Record<string, { status: number; headers: Record<string, string>; body: string }> = {}
  for (const s of scenarios) {
    const response = await fetch(emulator.url + s.path, { headers: s.headers })
    const key = `${s.path}#${s.name.startsWith("error") ? "error" : "ok"}`
    answers[key] = {
      status: response.status,
      headers: { "content-type": response.headers.get("content-type")!, "x-request-id": "bench" },
      body: await response.text()
    }
  }
  const floorAnswers = Object.fromEntries(
    scenarios.map((s) => [
      s.name.startsWith("error") ? "/error" : "/ok",
      answers[`${s.path}#${s.name.startsWith("error") ? "error" : "ok"}`]!
    ])
  )
  const floor = await start(path.resolve(here, "floor.ts"), [JSON.stringify(floorAnswers)])
  try {
    const rows: Array<Array<string>> = []
    let errorRatio = 0
    for (const s of scenarios) {
      await load(emulator.url + s.path, s.headers) // warm-up
      const ours = await load(emulator.url + s.path, s.headers)
      const raw = await load(floor.url + (s.name.startsWith("error") ? "/error" : "/ok"), {})
      const ratio = ours.rps / raw.rps
      if (s.name.startsWith("error")) errorRatio = ratio
      rows.push([
        s.name,
        ours.rps.toFixed(0),
        `${ours.p99} ms`,
        raw.rps.toFixed(0),
        `${raw.p99} ms`,
        ratio.toFixed(2)
      ])
    }
    console.log(
      `## @effect-heygen/emulator — Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`
    )
    console.log(
      `### Emulator on NodeHttpServer vs raw node:http, autocannon 16 connections, ${duration} s each\n`
    )
    console.log("| scenario | emulator req/s | emulator p99 | raw node:http req/s | raw p99 | × floor |")
    console.log("|---|---|---|---|---|---|")
    for (const row of rows) console.log(`| ${row.join(" | ")} |`)
    console.log(
      `\nerror path = ${errorRatio.toFixed(2)}× the floor (target ≥ 0.5×): ${errorRatio >= 0.5 ? "met" : "NOT met"}`
    )
  } finally {
    floor.child.kill()
  }
} finally {
  emulator.child.kill()
}
