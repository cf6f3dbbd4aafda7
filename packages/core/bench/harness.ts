/** A small benchmark harness: interleaved timed rounds, median rate, printed as a markdown table. */

export interface Case {
  readonly name: string
  /** One operation; its result is folded into a sink so the work can't be optimised away. */
  readonly run: () => unknown
}

export interface Result {
  readonly name: string
  readonly opsPerSecond: number
}

let sink = 0
const consume = (value: unknown) => {
  sink = (sink + (value === undefined ? 0 : 1)) | 0
}

const timeRound = (c: Case, millis: number): number => {
  let ops = 0
  const start = performance.now()
  let now = start
  while (now - start < millis) {
    for (let i = 0; i < 256; i++) consume(c.run())
    ops += 256
    now = performance.now()
  }
  return (ops * 1000) / (now - start)
}

const median = (xs: ReadonlyArray<number>): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

/** Warms every case, then runs `rounds` interleaved rounds of `millis` each and keeps the median. */
export const compare = (cases: ReadonlyArray<Case>, options: { rounds?: number; millis?: number } = {}) => {
  const rounds = options.rounds ?? 5
  const millis = options.millis ?? 400
  for (const c of cases) timeRound(c, 200)
  const samples = cases.map(() => [] as Array<number>)
  for (let r = 0; r < rounds; r++) {
    for (const [i, c] of cases.entries()) samples[i]!.push(timeRound(c, millis))
  }
  if (sink === 42) console.log("")
  return cases.map((c, i): Result => ({ name: c.name, opsPerSecond: median(samples[i]!) }))
}

export const formatRate = (n: number): string =>
  n >= 1e6 ? `${(n / 1e6).toFixed(2)} M/s` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k/s` : `${n.toFixed(0)} /s`

export const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string =>
  [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`)
  ].join("\n")
