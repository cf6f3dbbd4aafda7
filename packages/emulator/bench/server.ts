/**
 * The emulator as the bench serves it: `HttpServer.serve(app)` on NodeHttpServer (as `pnpm
 * emulator` does), control off, rate limits out of the way (a bench measures the path, not the
 * budget), and the paid account holding ten finished videos, so `GET /v3/videos` answers a full
 * page of ten with presigned file URLs. Prints its port.
 */
import { createServer } from "node:http"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as HttpServer from "effect/http/HttpServer"
import * as Layer from "effect/Layer"
import * as Emulator from "../src/Emulator.ts"
import * as EmulatorStore from "../src/EmulatorStore.ts"
import { benchState } from "./state.ts"

const state = benchState(Date.now())

const announce = Effect.gen(function* () {
  const address = (yield* HttpServer.HttpServer).address
  console.log(`${"port" in address ? address.port : 0}`)
})

const main = Layer.unwrap(
  Effect.map(Emulator.make({ rateLimit: { capacity: 1e12, refillPerSecond: 1e12 } }), (app) =>
    HttpServer.serve(app).pipe(Layer.provide(Layer.effectDiscard(announce)))
  )
).pipe(
  Layer.provide(EmulatorStore.layerMemory(state)),
  Layer.provide(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
)

NodeRuntime.runMain(Layer.launch(main))
process.on("disconnect", () => process.exit(0))
