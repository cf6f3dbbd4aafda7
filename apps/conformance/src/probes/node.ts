// The client direction on Node: the probe with the Node adapter's client (undici, process.env),
// then the v3 probe over the same adapter against the emulator.
import { NodeHeyGen } from "@effect-heygen/node"
import * as Effect from "effect/Effect"
import * as Probe from "../Probe.ts"
import * as V3Probe from "../V3Probe.ts"
import type * as V3Report from "../V3Report.ts"

const replayUrl = process.argv[2]!
const targets = JSON.parse(process.argv[3]!) as V3Report.Targets
process.env.HEYGEN_BASE_URL = replayUrl
process.env.HEYGEN_API_KEY = Probe.apiKey
const report = await Effect.runPromise(Probe.run(replayUrl, "node").pipe(Effect.provide(NodeHeyGen.layer())))
const v3 = await Effect.runPromise(V3Probe.run(targets, NodeHeyGen.layer, "node"))
console.log(JSON.stringify({ ...report, v3 }))
