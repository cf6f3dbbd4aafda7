/**
 * The emulator's own cost per request, without sockets: the app run in this process on a
 * constructed `HttpServerRequest` (from a web `Request`, made fresh for every request), against a
 * bare app answering the emulator's own bytes for the same request (as `ceiling.ts` does over
 * HTTP). Both pay the request's construction and Effect's running of an app; the difference is
 * the emulator's routes, store, middleware and encoding. Less sensitive to the machine's load
 * than the autocannon figures (no other process in the measure), so an emulator change shows
 * here first. Rounds interleave the two apps; the table reports medians of per-round figures.
 *
 * `node bench/inprocess.ts` (also part of `pnpm bench` in this package); `BENCH_ROUNDS` (7) and
 * `BENCH_REQUESTS` (2000 per round) set the work.
 */
import * as Effect from "effect/Effect"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Emulator from "../src/Emulator.ts"
import * as EmulatorStore from "../src/EmulatorStore.ts"
import { benchState, scenarios } from "./state.ts"

const rounds = Number(process.env.BENCH_ROUNDS ?? 7)
const requests = Number(process.env.BENCH_REQUESTS ?? 2000)

const emulator = await Effect.runPromise(
  Emulator.make({ rateLimit: { capacity: 1e12, refillPerSecond: 1e12 } }).pipe(
    Effect.provide(EmulatorStore.layerMemory(benchState(Date.now())))
  )
)
type App = typeof emulator

const requestOf = (path: string, key: string | undefined) => () =>
  HttpServerRequest.fromWeb(
    new Request(`http://127.0.0.1:8080${path}`, { headers: key === undefined ? {} : { "x-api-key": key } })
  )

const answer = (app: App, request: HttpServerRequest.HttpServerRequest) =>
  Effect.provideService(app, HttpServerRequest.HttpServerRequest, request)

// The bare app answers the emulator's bytes for each scenario, captured now.
const bare: Array<App> = []
for (const s of scenarios) {
  const response = await Effect.runPromise(answer(emulator, requestOf(s.path, s.key)()))
  if (response.status !== s.status) throw new Error(`${s.name}: got ${response.status}`)
  const body = response.body as { readonly text?: string }
  if (typeof body.text !== "string") throw new Error(`${s.name}: the answer is not text`)
  const constant = HttpServerResponse.text(body.text, {
    status: response.status,
    headers: { "x-request-id": "bench" },
    contentType: "application/json"
  })
  bare.push(Effect.succeed(constant))
}

/** µs per request of `app` over `n` fresh requests, every answer checked. */
const time = (app: App, make: () => HttpServerRequest.HttpServerRequest, status: number, n: number) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const start = performance.now()
      for (let i = 0; i < n; i++) {
        const response = yield* answer(app, make())
        if (response.status !== status) return yield* Effect.die(new Error(`answered ${response.status}`))
      }
      return ((performance.now() - start) * 1000) / n
    })
  )

const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const rows: Array<string> = []
for (const [i, s] of scenarios.entries()) {
  const make = requestOf(s.path, s.key)
  await time(emulator, make, s.status, requests)
  await time(bare[i]!, make, s.status, requests)
  const ours: Array<number> = []
  const floor: Array<number> = []
  for (let r = 0; r < rounds; r++) {
    const pair = [
      async () => ours.push(await time(emulator, make, s.status, requests)),
      async () => floor.push(await time(bare[i]!, make, s.status, requests))
    ]
    for (let k = 0; k < 2; k++) await pair[(k + r) % 2]!()
  }
  const own = median(ours.map((o, r) => o - floor[r]!))
  const ratio = median(ours.map((o, r) => o / floor[r]!))
  rows.push(
    `| ${s.name} | ${median(ours).toFixed(1)} | ${median(floor).toFixed(1)} | ${own.toFixed(1)} | ${ratio.toFixed(2)} |`
  )
}
console.log(
  `### In process, no sockets: µs per request, median of ${rounds} interleaved rounds of ${requests}\n`
)
console.log("| scenario | emulator | bare app, same bytes | the emulator's own | × bare app |")
console.log("|---|---|---|---|---|")
for (const row of rows) console.log(row)
