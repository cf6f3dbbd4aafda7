// The client direction in Deno: the probe with the Deno adapter's client (fetch, Deno.env),
// then the v3 probe over the same adapter against the emulator.
import { DenoHeyGen } from "@effect-heygen/deno"
import * as Effect from "effect/Effect"
import * as Probe from "../Probe.ts"
import * as V3Probe from "../V3Probe.ts"
import type * as V3Report from "../V3Report.ts"

const replayUrl = Deno.args[0]!
const targets = JSON.parse(Deno.args[1]!) as V3Report.Targets
Deno.env.set("HEYGEN_BASE_URL", replayUrl)
Deno.env.set("HEYGEN_API_KEY", Probe.apiKey)
const report = await Effect.runPromise(Probe.run(replayUrl, "deno").pipe(Effect.provide(DenoHeyGen.layer())))
const v3 = await Effect.runPromise(V3Probe.run(targets, DenoHeyGen.layer, "deno"))
console.log(JSON.stringify({ ...report, v3 }))
