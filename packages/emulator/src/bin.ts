#!/usr/bin/env node
/**
 * `pnpm emulator`: the emulator on Node, served natively by node:http through
 * Effect's NodeHttpServer (no Request/Response conversion, rule M25), on
 * 127.0.0.1. Prints the port and the fixture keys. `--port N` picks the port;
 * `--no-control` turns the /__emulator/* endpoints off.
 */
import { createServer } from "node:http"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as HttpServer from "effect/http/HttpServer"
import * as Layer from "effect/Layer"
import * as Emulator from "./Emulator.ts"
import * as Fixtures from "./Fixtures.ts"

const arg = (name: string) => {
  const i = process.argv.indexOf(name)
  return i === -1 ? undefined : process.argv[i + 1]
}
const port = Number(arg("--port") ?? process.env.HEYGEN_EMULATOR_PORT ?? 0)
const control = !process.argv.includes("--no-control")

const announce = Effect.gen(function* () {
  const server = yield* HttpServer.HttpServer
  const address = server.address
  const url = `http://127.0.0.1:${"port" in address ? address.port : port}`
  console.log(
    `HeyGen emulator listening on ${url}${control ? ` (control: ${url}${Emulator.controlPrefix}*)` : ""}`
  )
  console.log("Send X-Api-Key with one of the fixture keys:")
  for (const [name, key] of Object.entries(Fixtures.keys)) console.log(`  ${name.padEnd(10)} ${key}`)
  console.log(`Point a client at it: HEYGEN_BASE_URL=${url} HEYGEN_UPLOAD_URL=${url}`)
})

const main = Layer.unwrap(
  Effect.map(Emulator.make({ control }), (app) =>
    // No middleware: no per-request logging (it would halve throughput) and the server's single-frame fast path.
    HttpServer.serve(app).pipe(Layer.provide(Layer.effectDiscard(announce)))
  )
).pipe(Layer.provide(NodeHttpServer.layer(createServer, { port, host: "127.0.0.1" })))

NodeRuntime.runMain(Layer.launch(main))
