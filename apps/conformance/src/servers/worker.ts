// The server direction in workerd: the conformance app as a module worker.
import { EdgeHeyGen } from "@effect-heygen/edge"
import * as Effect from "effect/Effect"
import * as ServerApp from "../ServerApp.ts"

export default EdgeHeyGen.serve(() => Effect.runPromise(ServerApp.make))
