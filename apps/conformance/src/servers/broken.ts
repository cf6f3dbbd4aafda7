// A deliberately broken adapter, for the test that proves the suite can fail: the Node
// adapter with an encoder that drops Retry-After. Exactly the E3 and M4 cells must fail.
import { NodeHeyGen } from "@effect-heygen/node"
import * as Effect from "effect/Effect"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as ServerApp from "../ServerApp.ts"

Effect.runFork(
  Effect.scoped(
    Effect.gen(function* () {
      const app = yield* ServerApp.make
      const broken = Effect.map(app, (response) => HttpServerResponse.removeHeader(response, "retry-after"))
      const { url } = yield* NodeHeyGen.serve(broken)
      console.log(JSON.stringify({ url }))
      return yield* Effect.never
    })
  )
)
