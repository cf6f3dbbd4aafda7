/**
 * `pnpm bench` for the edge adapter: the budgeted workers' bundles (esbuild, minified,
 * gzip) — the legacy client worker, the v3 worker (`Videos.create` + `Videos.get` +
 * `catchTags`) and the whole v3 surface for scale — against the same worker's Effect modules
 * alone, and workerd cold start (spawn → first response) of the two workers against a plain
 * fetch-handler worker, rounds interleaved. Every worker is bundled from the packed tarballs
 * installed in a scratch project, as users get them — never from `src/`.
 *
 * `BENCH_ROUNDS` sets the cold-start rounds (default 15).
 */
import * as fs from "node:fs"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import * as path from "node:path"
import * as zlib from "node:zlib"
import { installPacked } from "@effect-heygen/harness/packed"
import { bundle, freePort, startWorkerd, workerdVersion } from "@effect-heygen/harness/workerd"

const names = ["worker-client", "worker-v3", "v3-surface", "worker-effect-floor", "worker-plain"]
const budget: Record<string, number> = JSON.parse(
  fs.readFileSync(path.resolve(import.meta.dirname, "budget.json"), "utf8")
)
const { dir } = installPacked({
  files: Object.fromEntries(
    names.map((name) => [
      `${name}.ts`,
      fs.readFileSync(path.resolve(import.meta.dirname, `fixtures/${name}.ts`), "utf8")
    ])
  )
})
const gzip = (file: string) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).byteLength
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`

const sizes: Array<[string, number, number]> = []
for (const name of names) {
  const out = path.join(dir, `${name}.js`)
  const minified = await bundle(path.join(dir, `${name}.ts`), out)
  sizes.push([name, minified, gzip(out)])
}

// Upstream for the workers: a raw node:http server on 127.0.0.1, HeyGen's answers to their calls.
const video = {
  id: "v_1",
  title: "Hello",
  status: "completed",
  created_at: 1764000000,
  completed_at: 1764000300,
  duration: 3.2,
  video_url: "https://files.heygen.ai/v_1/video.mp4?Expires=1764003600&Signature=abc",
  thumbnail_url: "https://files.heygen.ai/v_1/thumbnail.jpg?Expires=1764003600&Signature=abc"
}
const answers: Record<string, string> = {
  "GET /v2/avatars": '{"error":null,"data":{"avatars":[]}}',
  "POST /v3/videos": JSON.stringify({ data: { video_id: "v_1", status: "pending", output_format: "mp4" } }),
  "GET /v3/videos/v_1": JSON.stringify({ data: video })
}
const upstream = http.createServer((req, res) => {
  req.resume()
  const body = answers[`${req.method} ${req.url}`]
  if (body === undefined) res.writeHead(404).end()
  else res.writeHead(200, { "content-type": "application/json" }).end(body)
})
await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve))
const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`

const rounds = Number(process.env.BENCH_ROUNDS ?? 15)
const bindings = { HEYGEN_API_KEY: "k", HEYGEN_BASE_URL: upstreamUrl }
const coldStart = async (script: string, expected: string) => {
  const port = await freePort()
  const started = performance.now()
  const workerd = await startWorkerd([{ name: "w", script, port, bindings }], dir)
  const millis = performance.now() - started
  // The first response must be the worker's real answer (startWorkerd waits for any response).
  const check = await (await fetch(`http://127.0.0.1:${port}/`)).text()
  if (check !== expected) throw new Error(`${script} answered ${check}`)
  workerd.stop()
  await new Promise((resolve) => workerd.child.once("exit", resolve))
  return millis
}
// Interleaved, so a change in machine load shifts both workers alike.
const workers = [
  { name: "worker-v3", expected: '{"id":"v_1","status":"completed"}' },
  { name: "worker-client", expected: '{"avatars":[]}' },
  // Effect's modules alone, doing the same kind of call: how much of a cold start is Effect's.
  { name: "worker-effect-floor", expected: '{"data":{"avatars":[]}}' },
  { name: "worker-plain", expected: '{"error":null,"data":{"avatars":[]}}' }
]
const samples = workers.map(() => [] as Array<number>)
for (let i = 0; i < rounds; i++) {
  // Rotate which worker starts first, so none always meets the machine's next burst.
  for (let k = 0; k < workers.length; k++) {
    const w = (k + i) % workers.length
    samples[w]!.push(await coldStart(`${workers[w]!.name}.js`, workers[w]!.expected))
  }
}
const median = (xs: Array<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const colds = samples.map(median)
const plain = colds[workers.findIndex((w) => w.name === "worker-plain")]!
const effectFloor = colds[workers.findIndex((w) => w.name === "worker-effect-floor")]!
upstream.closeAllConnections()
upstream.close()

const size = (name: string) => sizes.find(([n]) => n === name)!
const floor = size("worker-effect-floor")
console.log(`## @effect-heygen/edge — workerd ${workerdVersion}, ${new Date().toISOString().slice(0, 10)}\n`)
console.log("### Worker bundles from the packed tarballs (esbuild, minified, ESM, workerd conditions)\n")
console.log("| bundle | minified | gzip | ceiling (budget.json) |\n|---|---|---|---|")
for (const [name, min, gz] of sizes)
  console.log(`| ${name} | ${kb(min)} | ${kb(gz)} | ${budget[name] === undefined ? "" : kb(budget[name])} |`)
for (const name of ["worker-client", "worker-v3"]) {
  const [, min, gz] = size(name)
  console.log(`| ${name} − effect floor | ${kb(min - floor[1])} | ${kb(gz - floor[2])} |  |`)
}
console.log("")
for (const [name, , gz] of sizes) {
  if (budget[name] === undefined) continue
  console.log(
    `${name} gzip ${kb(gz)} (ceiling ${kb(budget[name])}): ${gz <= budget[name] ? "met" : "NOT met"}`
  )
}
// Issue 12's target for the v3 worker, apart from the ceiling that holds today's size.
const v3gz = size("worker-v3")[2]
console.log(`worker-v3 gzip ${kb(v3gz)} (issue 12 target ≤ 60 KB): ${v3gz <= 60 * 1024 ? "met" : "NOT met"}`)
console.log(`v3-surface gzip ${kb(size("v3-surface")[2])} (all 85 operations, for scale)`)
console.log(`\n### workerd cold start: spawn → first response, median of ${rounds} interleaved rounds\n`)
console.log("| worker | cold start | × plain | × effect floor | rounds (ms) |\n|---|---|---|---|---|")
for (const [i, w] of workers.entries())
  console.log(
    `| ${w.name} | ${colds[i]!.toFixed(0)} ms | ${(colds[i]! / plain).toFixed(2)} | ${(colds[i]! / effectFloor).toFixed(2)} | ${samples[i]!.map((x) => x.toFixed(0)).join(", ")} |`
  )
console.log("")
for (const [i, w] of workers.entries()) {
  if (w.name === "worker-plain" || w.name === "worker-effect-floor") continue
  const ratio = colds[i]! / plain
  console.log(
    `${w.name} cold start ${ratio.toFixed(2)}× plain (target ≤ 2×): ${ratio <= 2 ? "met" : "NOT met"}`
  )
}
fs.rmSync(path.dirname(dir), { recursive: true, force: true })
