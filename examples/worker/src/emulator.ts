/** The emulator as a module worker on the edge adapter. */
import { EdgeHeyGen } from "@effect-heygen/edge"
import { Emulator } from "@effect-heygen/emulator"
import * as Effect from "effect/Effect"

export default EdgeHeyGen.serve(() => Effect.runPromise(Emulator.make()))
