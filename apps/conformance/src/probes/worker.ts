// The client direction in workerd: the probe with the edge adapter's client (fetch, env bindings).
import { EdgeHeyGen } from "@effect-heygen/edge"
import * as Effect from "effect/Effect"
import * as Probe from "../Probe.ts"

export default {
  fetch: (_request: Request, env: EdgeHeyGen.Env & { readonly HEYGEN_BASE_URL: string }) =>
    Effect.runPromise(
      Probe.run(env.HEYGEN_BASE_URL, "workerd").pipe(
        Effect.map((report) => Response.json(report)),
        Effect.provide(EdgeHeyGen.layer(env)),
        Effect.catch((e) => Effect.succeed(Response.json({ defect: String(e) }, { status: 500 })))
      )
    )
}
