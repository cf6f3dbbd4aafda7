#!/usr/bin/env node
/**
 * `pnpm emulator`: the emulator on Node, served natively by node:http through
 * Effect's NodeHttpServer (no Request/Response conversion, rule M25), on
 * 127.0.0.1. Prints the port, the control token and the fixture keys.
 *
 * `--port N` picks the port; `--host ADDRESS` another interface (with a warning: the
 * fixture keys are public); `--token T` (or HEYGEN_EMULATOR_TOKEN) fixes the control
 * token instead of a random one; `--allow-host NAME` (repeatable) lets control requests
 * name a host besides loopback ones; `--no-control` turns the control surface off;
 * `--webhooks` delivers signed webhook events to registered endpoints (M33–M37).
 */
import { randomBytes } from "node:crypto"
import { createServer } from "node:http"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as HttpServer from "effect/http/HttpServer"
import * as Layer from "effect/Layer"
import * as Emulator from "./Emulator.ts"
import * as Fixtures from "./Fixtures.ts"
import { isLoopback } from "./internal/guard.ts"

const arg = (name: string) => {
  const i = process.argv.indexOf(name)
  return i === -1 ? undefined : process.argv[i + 1]
}
const args = (name: string) => process.argv.flatMap((a, i) => (a === name ? [process.argv[i + 1] ?? ""] : []))
const port = Number(arg("--port") ?? process.env.HEYGEN_EMULATOR_PORT ?? 0)
const host = arg("--host") ?? "127.0.0.1"
const control = !process.argv.includes("--no-control")
const controlToken =
  arg("--token") || process.env.HEYGEN_EMULATOR_TOKEN || randomBytes(24).toString("base64url")
const allowedHosts = args("--allow-host")
const webhooks = process.argv.includes("--webhooks")

if (!isLoopback(host.includes(":") && !host.startsWith("[") ? `[${host}]` : host)) {
  console.error(
    `WARNING: the HeyGen emulator listens on ${host}, not a loopback address. Anyone who can reach this port ` +
      "can use its public fixture keys" +
      (control ? "; control requests still need the token and a loopback or --allow-host Host." : ".")
  )
}

const announce = Effect.gen(function* () {
  const server = yield* HttpServer.HttpServer
  const address = server.address
  const shown = host.includes(":") ? `[${host}]` : host
  const url = `http://${shown}:${"port" in address ? address.port : port}`
  console.log(
    `HeyGen emulator listening on ${url}${control ? ` (control: ${url}${Emulator.controlPrefix}*)` : ""}`
  )
  if (control) console.log(`Control token (send it as X-Emulator-Token): ${controlToken}`)
  if (webhooks) console.log("Webhook events are delivered to registered endpoints (--webhooks).")
  console.log("Send X-Api-Key with one of the fixture keys:")
  for (const [name, key] of Object.entries(Fixtures.keys)) console.log(`  ${name.padEnd(10)} ${key}`)
  console.log(`Point a client at it: HEYGEN_BASE_URL=${url} HEYGEN_UPLOAD_URL=${url}`)
})

const main = Layer.unwrap(
  Effect.map(Emulator.make({ control, controlToken, allowedHosts, webhooks }), (app) =>
    // No middleware: no per-request logging (it would halve throughput) and the server's single-frame fast path.
    HttpServer.serve(app).pipe(Layer.provide(Layer.effectDiscard(announce)))
  )
).pipe(Layer.provide(NodeHttpServer.layer(createServer, { port, host })))

NodeRuntime.runMain(Layer.launch(main))
