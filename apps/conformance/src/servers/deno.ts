// The server direction in Deno: the conformance app on Deno.serve. Prints {"url"}.
import { DenoHeyGen } from "@effect-heygen/deno"
import * as Effect from "effect/Effect"
import * as ServerApp from "../ServerApp.ts"

Effect.runFork(
  Effect.scoped(
    Effect.gen(function* () {
      const { url } = yield* DenoHeyGen.serve(yield* ServerApp.make)
      console.log(JSON.stringify({ url }))
      return yield* Effect.never
    })
  )
)
