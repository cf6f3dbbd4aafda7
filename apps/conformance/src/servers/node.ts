// The server direction on Node: the conformance app on the Node adapter. Prints {"url"}.
import { NodeHeyGen } from "@effect-heygen/node"
import * as Effect from "effect/Effect"
import * as ServerApp from "../ServerApp.ts"

Effect.runFork(
  Effect.scoped(
    Effect.gen(function* () {
      const { url } = yield* NodeHeyGen.serve(yield* ServerApp.make)
      console.log(JSON.stringify({ url }))
      return yield* Effect.never
    })
  )
)
