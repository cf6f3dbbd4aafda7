/**
 * `pnpm bench` for the edge adapter: the budgeted worker's bundle (esbuild, minified,
 * gzip) against the same worker's Effect modules alone, and workerd cold start
 * (spawn → first response) of that worker against a plain fetch-handler worker.
 */
import * as fs from "node:fs"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import * as path from "node:path"
import * as zlib from "node:zlib"
import { bundle, freePort, startWorkerd, tempDir, workerdVersion } from "@effect-heygen/harness/workerd"

const dir = tempDir()
const gzip = (file: string) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).byteLength
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`

const sizes: Array<[string, number, number]> = []
for (const name of ["worker-client", "worker-effect-floor", "worker-plain"]) {
  const out = path.join(dir, `${name}.js`)
  const minified = await bundle(path.resolve(import.meta.dirname, `fixtures/${name}.ts`), out)
  sizes.push([name, minified, gzip(out)])
}

// Upstream for both workers: a raw node:http server on 127.0.0.1.
const upstream = http.createServer((_, res) =>
  res.writeHead(200, { "content-type": "application/json" }).end('{"error":null,"data":{"avatars":[]}}')
)
await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve))
const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`

const coldStart = async (script: string, bindings: Record<string, string>) => {
  const samples: Array<number> = []
  for (let i = 0; i < 7; i++) {
    const port = await freePort()
    const started = performance.now()
    const workerd = await startWorkerd([{ name: "w", script, port, bindings }], dir)
    samples.push(performance.now() - started)
    workerd.stop()
    await new Promise((resolve) => workerd.child.once("exit", resolve))
  }
  return samples.sort((a, b) => a - b)[3]!
}
const client = await coldStart("worker-client.js", { HEYGEN_API_KEY: "k", HEYGEN_BASE_URL: upstreamUrl })
const plain = await coldStart("worker-plain.js", {})
upstream.closeAllConnections()
upstream.close()

const [ours, floor] = [sizes[0]!, sizes[1]!]
console.log(`## @effect-heygen/edge — workerd ${workerdVersion}, ${new Date().toISOString().slice(0, 10)}\n`)
console.log("### Worker bundle (esbuild, minified, ESM, workerd conditions)\n")
console.log("| bundle | minified | gzip |\n|---|---|---|")
for (const [name, min, gz] of sizes) console.log(`| ${name} | ${kb(min)} | ${kb(gz)} |`)
console.log(`| our share (client − floor) | ${kb(ours[1] - floor[1])} | ${kb(ours[2] - floor[2])} |`)
console.log(
  `\ngzip ${kb(ours[2])} (target ≤ 45 KB, stretch ≤ 40 KB): ${ours[2] <= 45 * 1024 ? "met" : "NOT met"}`
)
console.log("\n### workerd cold start: spawn → first response, median of 7\n")
console.log(
  `| worker | cold start |\n|---|---|\n| worker-client | ${client.toFixed(0)} ms |\n| worker-plain | ${plain.toFixed(0)} ms |`
)
console.log(
  `\nratio ${(client / plain).toFixed(2)}× (target ≤ 2×): ${client / plain <= 2 ? "met" : "NOT met"}`
)
