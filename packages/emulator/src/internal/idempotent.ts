/**
 * Runs a keyed mutation once (rule M26): the key is claimed before the body is read, the
 * answer remembered for replay, a repeat while it runs answered `409 request_in_progress`.
 * The table's rules are the public `Idempotency` module's.
 */
import * as ErrorEncoder from "@effect-heygen/core/ErrorEncoder"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Idempotency from "../Idempotency.ts"
import { type Env, tx } from "./env.ts"
import { bodyText, type Handler, jsonContentType } from "./http.ts"

/** Which requests honor a key: v3 mutations, and the legacy routes' POSTs. */
export const honors = (method: string, v3: boolean): boolean =>
  method === "POST" || (v3 && (method === "PUT" || method === "PATCH" || method === "DELETE"))

export const idempotent = (
  env: Env,
  key: string,
  account: string,
  method: string,
  path: string,
  handler: Handler
): Handler => {
  const invalid = Idempotency.checkKey(key)
  if (invalid !== undefined) return Effect.fail(invalid)
  const id = Idempotency.scope(account, method, path, key)
  const settle = (response: { readonly status: number; readonly body: string } | undefined) =>
    env.store.transact((s) => Effect.sync(() => Idempotency.settle(s.idempotency, id, response)))
  return tx(env, (s, at) => Idempotency.claim(s.idempotency, id, at, env.limits.idempotencyKeys)).pipe(
    Effect.flatMap((claim): Handler => {
      if (claim._tag === "InFlight") return Effect.fail(Idempotency.inProgress)
      if (claim._tag === "Replay")
        return Effect.succeed(
          HttpServerResponse.text(claim.body, { status: claim.status, contentType: jsonContentType })
        )
      return handler.pipe(
        Effect.onExit((exit) => {
          if (Exit.isSuccess(exit)) return settle({ status: exit.value.status, body: bodyText(exit.value) })
          const failure = Exit.findErrorOption(exit)
          if (failure._tag === "None") return settle(undefined)
          const { status, body } = ErrorEncoder.encode(failure.value, { requestId: "" })
          return settle({ status, body })
        })
      )
    })
  )
}
