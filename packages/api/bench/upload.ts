/**
 * `pnpm bench` for uploads: 100 MB through `AssetUpload.upload` (an Effect `Stream`, direct
 * upload) against the same three calls made by hand — create, `PUT` the same bytes with plain
 * `fetch` or node:http, complete — to the same emulator, in its own process on 127.0.0.1.
 * Every upload runs in a fresh Node process (`--expose-gc`) that makes its bytes lazily and
 * samples its RSS; contenders rotate within each round. Prints a markdown table.
 */
import { startEmulator, uploadInChild } from "../test/utils/emulator.ts"

const MB = 1024 * 1024
const size = 100 * MB
const rounds = Number(process.env.UPLOAD_BENCH_ROUNDS ?? 5)

const contenders = [
  ["AssetUpload.upload over undici (Node adapter's transport)", "ours"],
  ["AssetUpload.upload over fetch", "ours-fetch"],
  ["by hand: PUT with fetch (duplex: half)", "fetch"],
  ["by hand: PUT with node:http", "http"]
] as const

type Mode = (typeof contenders)[number][1]

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

const { url, child } = await startEmulator("")
const millis = new Map<Mode, Array<number>>(contenders.map(([, mode]) => [mode, []]))
const growth = new Map<Mode, Array<number>>(contenders.map(([, mode]) => [mode, []]))
try {
  // One warm-up each: the emulator's JIT, the first connection.
  for (const [, mode] of contenders) await uploadInChild(url, 8 * MB, mode)
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < contenders.length; i++) {
      const [, mode] = contenders[(i + round) % contenders.length]!
      const measured = await uploadInChild(url, size, mode)
      if (measured.asset.size_bytes !== size)
        throw new Error(`${mode} stored ${measured.asset.size_bytes} bytes`)
      millis.get(mode)!.push(measured.millis)
      growth.get(mode)!.push(measured.growth)
    }
  }
} finally {
  child.kill()
}

const rate = (mode: Mode) => size / MB / (median(millis.get(mode)!) / 1000)
const baseline = rate("http")
console.log(
  `## @effect-heygen/api upload — Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, ` +
    `100 MiB, medians of ${rounds} rotated rounds\n`
)
console.log("| contender | throughput | × node:http by hand | peak RSS growth (median / max) |")
console.log("|---|---|---|---|")
for (const [name, mode] of contenders) {
  const grown = growth.get(mode)!
  console.log(
    `| ${name} | ${rate(mode).toFixed(1)} MiB/s | ${(rate(mode) / baseline).toFixed(2)} | ` +
      `${(median(grown) / MB).toFixed(1)} / ${(Math.max(...grown) / MB).toFixed(1)} MiB |`
  )
}
const ours = Math.max(...growth.get("ours")!) / MB
console.log(
  `\nours over undici / fetch by hand = ${(rate("ours") / rate("fetch")).toFixed(2)}×; ` +
    `peak RSS growth ${ours.toFixed(1)} MiB (target ≤ 64 MB): ${ours <= 64 ? "met" : "NOT met"}`
)
