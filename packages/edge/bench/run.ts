/**
 * `pnpm bench` for the edge adapter: the budgeted worker's bundle (esbuild, minified,
 * gzip) against the same worker's Effect modules alone, and workerd cold start
 * (spawn → first response) of that worker against a plain fetch-handler worker, rounds
 * interleaved. Every worker is bundled from the packed tarballs installed in a scratch
 * project, as users get them — never from `src/`.
 */
import * as fs from "node:fs"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import * as path from "node:path"
import * as zlib from "node:zlib"
import { installPacked } from "@effect-heygen/harness/packed"
import { bundle, freePort, startWorkerd, workerdVersion } from "@effect-heygen/harness/workerd"

const names = ["worker-client", "worker-effect-floor", "worker-plain"]
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

// Upstream for both workers: a raw node:http server on 127.0.0.1.
const upstream = http.createServer((_, res) =>
  res.writeHead(200, { "content-type": "application/json" }).end('{"error":null,"data":{"avatars":[]}}')
)
await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve))
const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`

const rounds = 15
const coldStart = async (script: string, bindings: Record<string, string>) => {
  const port = await freePort()
  const started = performance.now()
  const workerd = await startWorkerd([{ name: "w", script, port, bindings }], dir)
  const millis = performance.now() - started
  workerd.stop()
  await new Promise((resolve) => workerd.child.once("exit", resolve))
  return millis
}
// Interleaved, so a change in machine load shifts both workers alike.
const samples = { client: [] as Array<number>, plain: [] as Array<number> }
for (let i = 0; i < rounds; i++) {
  samples.client.push(
    await coldStart("worker-client.js", { HEYGEN_API_KEY: "k", HEYGEN_BASE_URL: upstreamUrl })
  )
  samples.plain.push(await coldStart("worker-plain.js", {}))
}
const median = (xs: Array<number>) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const client = median(samples.client)
const plain = median(samples.plain)
upstream.closeAllConnections()
upstream.close()

const [ours, floor] = [sizes[0]!, sizes[1]!]
console.log(`## @effect-heygen/edge — workerd ${workerdVersion}, ${new Date().toISOString().slice(0, 10)}\n`)
console.log("### Worker bundle from the packed tarballs (esbuild, minified, ESM, workerd conditions)\n")
console.log("| bundle | minified | gzip |\n|---|---|---|")
for (const [name, min, gz] of sizes) console.log(`| ${name} | ${kb(min)} | ${kb(gz)} |`)
console.log(`| our share (client − floor) | ${kb(ours[1] - floor[1])} | ${kb(ours[2] - floor[2])} |`)
console.log(
  `\ngzip ${kb(ours[2])} (target ≤ 45 KB, stretch ≤ 40 KB): ${ours[2] <= 45 * 1024 ? "met" : "NOT met"}`
)
console.log(`\n### workerd cold start: spawn → first response, median of ${rounds} interleaved rounds\n`)
console.log(
  `| worker | cold start |\n|---|---|\n| worker-client | ${client.toFixed(0)} ms |\n| worker-plain | ${plain.toFixed(0)} ms |`
)
console.log(
  `\nratio ${(client / plain).toFixed(2)}× (target ≤ 2×): ${client / plain <= 2 ? "met" : "NOT met"}`
)
fs.rmSync(path.dirname(dir), { recursive: true, force: true })
