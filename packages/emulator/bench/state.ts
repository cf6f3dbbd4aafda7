/**
 * The state the emulator benches serve: the fixtures, with the paid account holding ten
 * finished videos, so `GET /v3/videos` answers a full page of ten with presigned file URLs.
 */
import type * as EmulatorState from "../src/EmulatorState.ts"
import * as Fixtures from "../src/Fixtures.ts"

export const benchState = (now: number): EmulatorState.State => {
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
  return state
}

/** The scenarios every emulator bench runs: an error path and a success path, legacy and v3. */
export const scenarios = [
  {
    name: "legacy error path: GET /v2/avatars, no key (401)",
    path: "/v2/avatars",
    key: undefined,
    status: 401
  },
  { name: "legacy success path: GET /v2/avatars", path: "/v2/avatars", key: "hg_paid_0001", status: 200 },
  { name: "v3 error path: GET /v3/videos, no key (401)", path: "/v3/videos", key: undefined, status: 401 },
  {
    name: "v3 success path: GET /v3/videos, a page of 10",
    path: "/v3/videos",
    key: "hg_paid_0001",
    status: 200
  }
] as const
