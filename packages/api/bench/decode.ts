/**
 * `pnpm bench` for the v3 client's decoding: a 100-item `GET /v3/videos` page (finished
 * videos with every member the spec lists, as HeyGen answers them) decoded with the generated
 * schema, against `JSON.parse` alone of the same text. Rounds interleave the contenders (the
 * machine is shared: a burst of load lands on all of them), and each reports its median round.
 *
 * Contenders:
 * - `JSON.parse` alone: the floor every client pays.
 * - `JSON.parse` + the schema, as `Operation` decodes a 2xx body: the operation's memoized
 *   response schema, checked in place first (`src/internal/decode.ts`).
 * - `JSON.parse` + the schema through Effect's `SchemaParser.decodeUnknownExit` alone: how
 *   `Operation` decoded before, measured in the same run (A/B).
 * - `Videos.list` whole: `Operation.envelope` over an in-memory transport whose `execute`
 *   parses the text — input check, span, decode, in one `Effect.runSync` per page.
 */
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as SchemaParser from "effect/SchemaParser"
import { HeyGenTransport } from "../src/HeyGenTransport.ts"
import { decodeUnknownExit } from "../src/internal/decode.ts"
import * as Videos from "../src/Videos.ts"

const items = Number(process.env.BENCH_ITEMS ?? 100)
const rounds = Number(process.env.BENCH_ROUNDS ?? 9)
const millis = Number(process.env.BENCH_MILLIS ?? 300)

const base = 1_764_000_000
const files = (id: string, what: string) =>
  `https://files.heygen.ai/${id}/${what}?Expires=1764003600&Signature=${"a1b2c3d4".repeat(8)}&Key-Pair-Id=K2ABCDEF`
const page = JSON.stringify({
  data: Array.from({ length: items }, (_, i) => {
    const id = `8f2c7a${String(i).padStart(26, "0")}`
    return {
      id,
      title: `Quarterly update ${i}`,
      status: i % 10 === 9 ? "processing" : "completed",
      created_at: base + i,
      completed_at: i % 10 === 9 ? null : base + i + 300,
      duration: i % 10 === 9 ? null : 31.2 + i,
      folder_id: null,
      output_language: "en",
      video_url: i % 10 === 9 ? null : files(id, "video.mp4"),
      captioned_video_url: null,
      subtitle_url: i % 10 === 9 ? null : files(id, "subtitle.srt"),
      thumbnail_url: i % 10 === 9 ? null : files(id, "thumbnail.jpg"),
      gif_url: null,
      video_page_url: `https://app.heygen.com/videos/${id}`,
      failure_code: null,
      failure_message: null
    }
  }),
  has_more: true,
  next_token: "eyJvZmZzZXQiOjEwMH0"
})

const schema = Videos.listOperation.response()
const parserExit = SchemaParser.decodeUnknownExit(schema)
const operationExit = decodeUnknownExit(schema)

// The whole operation, over a transport that answers the page text parsed.
const transport = Layer.succeed(HeyGenTransport, {
  execute: () => Effect.sync(() => ({ status: 200, body: JSON.parse(page), headers: {} }))
})
const listed = Videos.list({ limit: items }).pipe(Effect.provide(transport))

interface Case {
  readonly name: string
  readonly run: () => unknown
}
const cases: ReadonlyArray<Case> = [
  { name: "JSON.parse alone", run: () => JSON.parse(page) },
  {
    name: "JSON.parse + generated schema, Operation's decode (checked in place)",
    run: () => {
      const exit = operationExit(JSON.parse(page))
      if (!Exit.isSuccess(exit)) throw new Error("the page did not decode")
      return exit.value
    }
  },
  {
    name: "JSON.parse + generated schema, Effect's parser alone (before)",
    run: () => {
      const exit = parserExit(JSON.parse(page))
      if (!Exit.isSuccess(exit)) throw new Error("the page did not decode")
      return exit.value
    }
  },
  { name: "Videos.list whole (in-memory transport)", run: () => Effect.runSync(listed) }
]

// Every contender must produce the page, or the comparison means nothing.
for (const c of cases.slice(1)) {
  const value = c.run() as { data: ReadonlyArray<{ id: string }> }
  if (value.data.length !== items || value.data[items - 1]!.id !== JSON.parse(page).data[items - 1].id)
    throw new Error(`${c.name} decoded something else`)
}

let sink = 0
const timeRound = (c: Case, ms: number): number => {
  let ops = 0
  const start = performance.now()
  let now = start
  while (now - start < ms) {
    for (let i = 0; i < 16; i++) sink = (sink + (c.run() === undefined ? 0 : 1)) | 0
    ops += 16
    now = performance.now()
  }
  return ((now - start) * 1000) / ops // µs per page
}
const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

for (const c of cases) timeRound(c, 300)
const samples = cases.map(() => [] as Array<number>)
for (let r = 0; r < rounds; r++) {
  // Rotate the order, so no contender always runs right after the same one.
  for (let k = 0; k < cases.length; k++) {
    const i = (k + r) % cases.length
    samples[i]!.push(timeRound(cases[i]!, millis))
  }
}
if (sink === 42) console.log("")

// Each round's ratio is taken against JSON.parse in that same round: load that shifts between
// rounds cancels out; the median of those ratios is the figure.
const ratios = samples.map((xs) => median(xs.map((x, r) => x / samples[0]![r]!)))
console.log(`## @effect-heygen/api — Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`)
console.log(
  `### Decoding a ${items}-item \`GET /v3/videos\` page (${(page.length / 1024).toFixed(1)} KB), median of ${rounds} interleaved rounds of ${millis} ms\n`
)
console.log("| contender | µs per page | × JSON.parse (median of per-round ratios) |\n|---|---|---|")
for (const [i, c] of cases.entries()) {
  console.log(`| ${c.name} | ${median(samples[i]!).toFixed(1)} | ${ratios[i]!.toFixed(2)} |`)
}
const ratio = ratios[1]!
console.log(
  `\ndecode ${items}-item page: ${ratio.toFixed(2)}× JSON.parse alone (target ≤ 3×): ${ratio <= 3 ? "met" : "NOT met"}`
)
