// The client direction on Node: the probe with the Node adapter's client (undici, process.env).
import { NodeHeyGen } from "@effect-heygen/node"
import * as Effect from "effect/Effect"
import * as Probe from "../Probe.ts"

const replayUrl = process.argv[2]!
process.env.HEYGEN_BASE_URL = replayUrl
process.env.HEYGEN_API_KEY = Probe.apiKey
const report = await Effect.runPromise(Probe.run(replayUrl, "node").pipe(Effect.provide(NodeHeyGen.layer())))
console.log(JSON.stringify(report))
