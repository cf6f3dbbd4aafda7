// The webhook direction in workerd: EdgeWebhook's fetch handler, its secret from the
// HEYGEN_WEBHOOK_SECRET binding; GET /seen lists the events its handler ran on.
import { EdgeWebhook } from "@effect-heygen/edge"
import * as Effect from "effect/Effect"
import type { Seen } from "./app.ts"

const seen: Array<Seen> = []
const receive = EdgeWebhook.webhook({}, (verified) =>
  Effect.sync(() => seen.push({ id: verified.id, tag: verified.event._tag }))
)

export default {
  fetch: (request: Request, env: Record<string, unknown>, ctx: unknown): Promise<Response> =>
    new URL(request.url).pathname === "/seen"
      ? Promise.resolve(Response.json(seen))
      : receive(request, env, ctx)
}
