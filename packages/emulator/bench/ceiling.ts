/**
 * The ceiling: Effect's NodeHttpServer answering exactly the emulator's bytes (argv[2], as for
 * the floor) from a bare app — no middleware, no state. What any app served this way can reach
 * on this machine; the emulator's distance to it is the emulator's own cost. Prints its port.
 */
import { createServer } from "node:http"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as HttpServer from "effect/http/HttpServer"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Layer from "effect/Layer"

const answers: Record<string, { status: number; headers: Record<string, string>; body: string }> = JSON.parse(
  process.argv[2]!
)
const responses = new Map(
  Object.entries(answers).map(([path, a]) => [
    path,
    HttpServerResponse.text(a.body, {
      status: a.status,
      headers: a.headers,
      contentType: a.headers["content-type"]
    })
  ])
)
const app = Effect.map(HttpServerRequest.HttpServerRequest, (request) => responses.get(request.url)!)

const announce = Effect.gen(function* () {
  const address = (yield* HttpServer.HttpServer).address
  console.log(`${"port" in address ? address.port : 0}`)
})

NodeRuntime.runMain(
  Layer.launch(
    HttpServer.serve(app).pipe(
      Layer.provide(Layer.effectDiscard(announce)),
      Layer.provide(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
    )
  )
)
process.on("disconnect", () => process.exit(0))
