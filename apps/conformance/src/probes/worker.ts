// The client direction in workerd: the probe with the edge adapter's client (fetch, env bindings),
// then the v3 probe over the same adapter against the emulator (`CONFORMANCE_V3`: its targets, as JSON).
import { EdgeHeyGen } from "@effect-heygen/edge"
import * as Effect from "effect/Effect"
import * as Probe from "../Probe.ts"
import * as V3Probe from "../V3Probe.ts"
import type * as V3Report from "../V3Report.ts"

type Env = EdgeHeyGen.Env & { readonly HEYGEN_BASE_URL: string; readonly CONFORMANCE_V3: string }

export default {
  fetch: (request: Request, env: Env) => {
    // Only on its route: the harness's readiness probe (`GET /`) must not run the suite.
    if (new URL(request.url).pathname !== "/probe") return new Response("not found", { status: 404 })
    const targets = JSON.parse(env.CONFORMANCE_V3) as V3Report.Targets
    return Effect.runPromise(
      Probe.run(env.HEYGEN_BASE_URL, "workerd").pipe(
        Effect.provide(EdgeHeyGen.layer(env)),
        Effect.flatMap((report) =>
          Effect.map(
            V3Probe.run(targets, (overrides) => EdgeHeyGen.layer(env, overrides), "workerd"),
            (v3) => Response.json({ ...report, v3 })
          )
        ),
        Effect.catch((e) => Effect.succeed(Response.json({ defect: String(e) }, { status: 500 })))
      )
    )
  }
}
