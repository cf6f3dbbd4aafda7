// Download throughput: `Download.fromUrl` (the stream `Download.download` reads a file with)
// against raw `fetch` reading the same bytes from the same local server, in interleaved rounds
// so a loaded machine slows both alike; and the process's peak RSS growth while each runs.
// `node bench/download.ts [MiB per round] [rounds]` (defaults 128 and 7). Target: ≥ 0.8×.
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Download from "../src/Download.ts"

const mib = Number(process.argv[2] ?? 128)
const rounds = Number(process.argv[3] ?? 7)
const total = mib * 1024 * 1024

// Bytes sent as the client reads them: one 64 KiB block written again and again.
const block = Buffer.alloc(64 * 1024, 0x5a)
const server = http.createServer((_, res) => {
  res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(total) })
  let sent = 0
  const pump = () => {
    while (sent < total) {
      const n = Math.min(block.length, total - sent)
      sent += n
      if (!res.write(n === block.length ? block : block.subarray(0, n))) return void res.once("drain", pump)
    }
    res.end()
  }
  pump()
})
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/file`

const raw = async () => {
  const response = await fetch(url)
  const reader = response.body!.getReader()
  let bytes = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return bytes
    bytes += value.byteLength
  }
}

const ours = () => {
  let bytes = 0
  return Effect.runPromise(
    Stream.runForEachArray(Download.fromUrl(url), (chunks) =>
      Effect.sync(() => {
        for (const chunk of chunks) bytes += chunk.byteLength
      })
    )
  ).then(() => bytes)
}

/** Runs `f`, sampling RSS every 5 ms: MiB/s and the peak RSS growth (MiB) over the start. */
const measure = async (f: () => Promise<number>) => {
  globalThis.gc?.()
  const start = process.memoryUsage.rss()
  let peak = start
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, 5)
  const began = performance.now()
  const bytes = await f()
  const seconds = (performance.now() - began) / 1000
  clearInterval(timer)
  if (bytes !== total) throw new Error(`read ${bytes} of ${total} bytes`)
  return {
    mibPerSecond: mib / seconds,
    rssGrowth: (Math.max(peak, process.memoryUsage.rss()) - start) / 1048576
  }
}

const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

await raw()
await ours()
const results = { raw: [] as Array<number>, ours: [] as Array<number>, ratio: [] as Array<number> }
let peakRaw = 0
let peakOurs = 0
for (let round = 0; round < rounds; round++) {
  // Alternate which goes first: neither always gets the warmer machine.
  const order = round % 2 === 0 ? (["raw", "ours"] as const) : (["ours", "raw"] as const)
  const got: Record<string, { mibPerSecond: number; rssGrowth: number }> = {}
  for (const which of order) got[which] = await measure(which === "raw" ? raw : ours)
  results.raw.push(got.raw!.mibPerSecond)
  results.ours.push(got.ours!.mibPerSecond)
  results.ratio.push(got.ours!.mibPerSecond / got.raw!.mibPerSecond)
  peakRaw = Math.max(peakRaw, got.raw!.rssGrowth)
  peakOurs = Math.max(peakOurs, got.ours!.rssGrowth)
}
server.close()
server.closeAllConnections()

const ratio = median(results.ratio)
console.log(`download ${mib} MiB × ${rounds} interleaved rounds (median)`)
console.log(
  `  raw fetch        ${median(results.raw).toFixed(0)} MiB/s, peak RSS growth ${peakRaw.toFixed(1)} MiB`
)
console.log(
  `  Download.fromUrl ${median(results.ours).toFixed(0)} MiB/s, peak RSS growth ${peakOurs.toFixed(1)} MiB`
)
console.log(`  ratio ${ratio.toFixed(2)}× (target ≥ 0.8×) ${ratio >= 0.8 ? "met" : "NOT met"}`)
console.log(`  per round: ${results.ratio.map((r) => r.toFixed(2)).join(", ")}`)
