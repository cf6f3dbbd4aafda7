// The client direction in Deno: the probe with the Deno adapter's client (fetch, Deno.env).
import { DenoHeyGen } from "@effect-heygen/deno"
import * as Effect from "effect/Effect"
import * as Probe from "../Probe.ts"

const replayUrl = Deno.args[0]!
Deno.env.set("HEYGEN_BASE_URL", replayUrl)
Deno.env.set("HEYGEN_API_KEY", Probe.apiKey)
const report = await Effect.runPromise(Probe.run(replayUrl, "deno").pipe(Effect.provide(DenoHeyGen.layer())))
console.log(JSON.stringify(report))
