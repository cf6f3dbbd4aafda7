/**
 * `pnpm bench` for the emulator: requests per second and p99 latency on Node, driven by
 * autocannon from this process against servers in child processes on 127.0.0.1 — the
 * emulator (`bench/server.ts`), the floor (raw node:http answering the emulator's own bytes,
 * `bench/floor.ts`) and the ceiling of any app on Effect's NodeHttpServer (the same bytes from
 * a bare app, `bench/ceiling.ts`) — for an error path (401, no key) and a success path, on the
 * legacy API (`GET /v2/avatars`) and on v3 (`GET /v3/videos`, a page of ten finished videos
 * with presigned file URLs). Rounds interleave the servers (the machine is shared: a burst of
 * load lands on all of them), and the table reports each scenario's median round.
 */
import { type ChildProcess, fork } from "node:child_process"
import * as path from "node:path"
import autocannon from "autocannon"
import { scenarios } from "./state.ts"

const here = import.meta.dirname
const duration = Number(process.env.BENCH_SECONDS ?? 5)
const rounds = Number(process.env.BENCH_ROUNDS ?? 3)

const start = (script: string, args: ReadonlyArray<string>) =>
  new Promise<{ child: ChildProcess; url: string }>((resolve, reject) => {
    const child = fork(script, [...args], { stdio: ["ignore", "pipe", "inherit", "ipc"] })
    child.once("error", reject)
    let out = ""
    child.stdout!.on("data", (chunk: Buffer) => {
      out += String(chunk)
      const port = /^(\d+)\s*$/m.exec(out)?.[1]
      if (port !== undefined) resolve({ child, url: `http://127.0.0.1:${port}` })
    })
  })

interface Load {
  readonly rps: number
  readonly p99: number
  /** The share of answers with the scenario's status. */
  readonly expected: number
}

const load = (url: string, headers: Record<string, string>, status: number, seconds = duration) =>
  new Promise<Load>((resolve, reject) => {
    autocannon({ url, headers, connections: 16, duration: seconds, pipelining: 1 }, (error, result) => {
      if (error) return reject(error)
      const total = result.requests.total || 1
      const expected = status === 200 ? result["2xx"] / total : (result.non2xx ?? 0) / total
      resolve({ rps: result.requests.average, p99: result.latency.p99, expected })
    })
  })

const targets: Record<string, number> = { error: 0.5, success: 0.35 }
const median = (values: ReadonlyArray<number>) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

const emulator = await start(path.resolve(here, "server.ts"), [])
try {
  // The floor answers the emulator's own bytes for each scenario, captured now.
  const answers: Record<string, { status: number; headers: Record<string, string>; body: string }> = {}
  for (const [i, s] of scenarios.entries()) {
    const response = await fetch(emulator.url + s.path, {
      headers: s.key === undefined ? {} : { "x-api-key": s.key }
    })
    if (response.status !== s.status) throw new Error(`${s.name}: got ${response.status}`)
    answers[`/${i}`] = {
      status: response.status,
      headers: { "content-type": response.headers.get("content-type")!, "x-request-id": "bench" },
      body: await response.text()
    }
  }
  const floor = await start(path.resolve(here, "floor.ts"), [JSON.stringify(answers)])
  const ceiling = await start(path.resolve(here, "ceiling.ts"), [JSON.stringify(answers)])
  try {
    const runs = scenarios.map(() => ({
      ours: [] as Array<Load>,
      raw: [] as Array<Load>,
      bare: [] as Array<Load>
    }))
    for (const [i, s] of scenarios.entries()) {
      const headers = s.key === undefined ? {} : { "x-api-key": s.key }
      await load(emulator.url + s.path, headers, s.status) // warm-up
      await load(`${floor.url}/${i}`, {}, s.status)
      await load(`${ceiling.url}/${i}`, {}, s.status)
    }
    for (let round = 0; round < rounds; round++) {
      for (const [i, s] of scenarios.entries()) {
        const headers = s.key === undefined ? {} : { "x-api-key": s.key }
        // Rotate which server goes first, so none always meets the machine's next burst.
        const measures = [
          () => load(emulator.url + s.path, headers, s.status).then((r) => runs[i]!.ours.push(r)),
          () => load(`${floor.url}/${i}`, {}, s.status).then((r) => runs[i]!.raw.push(r)),
          () => load(`${ceiling.url}/${i}`, {}, s.status).then((r) => runs[i]!.bare.push(r))
        ]
        for (let m = 0; m < measures.length; m++) await measures[(m + round) % measures.length]!()
      }
    }
    console.log(
      `## @effect-heygen/emulator — Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`
    )
    console.log(
      `### Emulator on NodeHttpServer vs raw node:http, autocannon 16 connections, ${rounds} interleaved rounds of ${duration} s, median round\n`
    )
    console.log(
      "| scenario | emulator req/s | emulator p99 | raw node:http req/s | raw p99 | × floor | rounds × floor | target | bare Effect app × floor | emulator × bare app |"
    )
    console.log("|---|---|---|---|---|---|---|---|---|---|")
    const verdicts: Array<string> = []
    for (const [i, s] of scenarios.entries()) {
      const { ours, raw, bare } = runs[i]!
      const ratios = ours.map((o, r) => o.rps / raw[r]!.rps)
      const bareRatio = median(bare.map((b, r) => b.rps / raw[r]!.rps))
      const ofBare = median(ours.map((o, r) => o.rps / bare[r]!.rps))
      const ratio = median(ratios)
      const target = targets[s.status === 200 ? "success" : "error"]!
      const wrong = ours.find((o) => o.expected < 0.999)
      if (wrong !== undefined)
        verdicts.push(`${s.name}: only ${(wrong.expected * 100).toFixed(1)}% answered ${s.status}`)
      verdicts.push(
        `${s.name} = ${ratio.toFixed(2)}× the floor (target ≥ ${target}×): ${ratio >= target ? "met" : "NOT met"}`
      )
      console.log(
        `| ${s.name} | ${median(ours.map((o) => o.rps)).toFixed(0)} | ${median(ours.map((o) => o.p99))} ms | ${median(raw.map((o) => o.rps)).toFixed(0)} | ${median(raw.map((o) => o.p99))} ms | ${ratio.toFixed(2)} | ${ratios.map((r) => r.toFixed(2)).join(", ")} | ≥ ${target} | ${bareRatio.toFixed(2)} | ${ofBare.toFixed(2)} |`
      )
    }
    console.log(`\n${verdicts.join("\n")}`)
  } finally {
    floor.child.kill()
    ceiling.child.kill()
  }
} finally {
  emulator.child.kill()
}
