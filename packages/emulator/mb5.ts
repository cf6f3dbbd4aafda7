import * as Effect from "effect/Effect"
import * as HttpEffect from "effect/http/HttpEffect"
import * as Emulator from "./src/Emulator.ts"
import * as EmulatorStore from "./src/EmulatorStore.ts"
import * as Fixtures from "./src/Fixtures.ts"

const now = Date.now()
const state = Fixtures.seed(now)
for (let i = 0; i < 10; i++) {
  const id = `vid_bench_${String(i).padStart(2, "0")}`
  state.videos[id] = {
    id,
    owner: "acct_paid",
    createdAt: now - 60_000 + i,
    readyAt: now - 30_000 + i,
    test: false,
    deleted: false,
    title: `Bench video ${i}`
  }
}
const app = await Effect.runPromise(
  Emulator.make({ rateLimit: { capacity: 1e12, refillPerSecond: 1e12 } }).pipe(
    Effect.provide(EmulatorStore.layerMemory(state))
  )
)
const handler = HttpEffect.toWebHandler(app)
const req = (p: string) => new Request("http://127.0.0.1:1" + p, { headers: { "x-api-key": "hg_paid_0001" } })
const run = async (p: string, n = 2000) => {
  const t = performance.now()
  for (let i = 0; i < n; i++) await (await handler(req(p))).text()
  return ((performance.now() - t) * 1000) / n
}
const paths = ["/v2/avatars", "/v3/users/me", "/v3/videos?limit=1", "/v3/videos", "/v3/templates"]
const res: Record<string, number[]> = {}
for (let k = 0; k < 9; k++) for (const p of paths) (res[p] ??= []).push(await run(p))
for (const [p, v] of Object.entries(res))
  console.log(p.padEnd(22), v.sort((a, b) => a - b)[4]!.toFixed(1), "µs")
