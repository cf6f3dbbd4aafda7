/**
 * `/__emulator/*` (rule M23): reset, read or replace the state, move the clock, read the
 * counters, script failures. Closed unless control is on; then each request needs the
 * control token, a loopback or allowed Host, and a JSON body.
 */
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as HeyGenServer from "@effect-heygen/core/HeyGenServer"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as Schema from "effect/Schema"
import * as SchemaParser from "effect/SchemaParser"
import * as Struct from "effect/Struct"
import * as EmulatorState from "../EmulatorState.ts"
import * as Fixtures from "../Fixtures.ts"
import type { Env } from "./env.ts"
import { hostName, isJson, isLoopback, sameToken, tokenHeader } from "./guard.ts"
import { decodeJson, type Handler, notFound, notJson, requireJson, v2 } from "./http.ts"
import { admitLast } from "./lookup.ts"

export const prefix = "/__emulator/"

/** `PUT /__emulator/state`: any subset of the state's members, each checked whole. */
const decodeStatePart = SchemaParser.decodeUnknownExit(
  EmulatorState.State.mapFields(Struct.map(Schema.optionalKey))
)

/** How far one `POST /__emulator/clock` may move time: forward, at most ten years. */
const AdvanceMillis = Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 3650 * 24 * 3600 * 1000 }))

/** Why a control request is refused, if it is (issue 10.12): the checks read no state. */
const refuse = (env: Env, request: HttpServerRequest.HttpServerRequest, readsBody: boolean) => {
  const name = hostName(request)
  if (!isLoopback(name) && !env.control.allowedHosts.has(name))
    return new HeyGenError.Forbidden({
      message: "Control requests must name a loopback host, or one in the emulator's allowedHosts."
    })
  if (!sameToken(request.headers[tokenHeader] ?? "", env.control.token))
    return new HeyGenError.Unauthorized({
      message: "Control requests need the emulator's control token in X-Emulator-Token."
    })
  const contentType = request.headers["content-type"]
  if (contentType === undefined ? readsBody : !isJson(contentType)) return notJson
  return undefined
}

const replaceState = (env: Env): Handler =>
  // Every table is checked before anything is replaced: a bad state is refused, never stored (issue 10.11).
  Effect.flatMap(Effect.andThen(requireJson, HeyGenServer.readJsonObject), (json) => {
    const exit = decodeStatePart(json, { errors: "first", onExcessProperty: "error" })
    if (Exit.isFailure(exit)) {
      const issue = Exit.findErrorOption(exit)
      return Effect.fail(
        issue._tag === "Some"
          ? HeyGenServer.fromIssue(issue.value)
          : new HeyGenError.InvalidParameter({ message: "The state is invalid." })
      )
    }
    for (const [table, limit] of Object.entries(EmulatorState.boundedTables)) {
      const value = exit.value[table as keyof typeof EmulatorState.boundedTables]
      if (value !== undefined && EmulatorState.sizeOf(value) > env.limits[limit])
        return Effect.fail(
          new HeyGenError.InvalidParameter({
            message: `Invalid parameter ${table}: at most ${env.limits[limit]} entries (limits.${limit}).`,
            param: table
          })
        )
    }
    return Effect.flatMap(Clock.currentTimeMillis, (at) =>
      env.store.replace({ ...Fixtures.seed(at), ...exit.value })
    )
  }).pipe(Effect.as(v2({ replaced: true })))

const script = (env: Env): Handler =>
  Effect.flatMap(
    decodeJson(
      Schema.Struct({
        code: Schema.NonEmptyString,
        times: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: env.limits.forcedTimes })),
        key: Schema.optionalKey(Schema.String),
        method: Schema.optionalKey(Schema.String),
        path: Schema.optionalKey(Schema.String)
      })
    ),
    (rule) =>
      env.store.transact((s) =>
        Effect.sync(() => {
          admitLast(
            s.forced,
            {
              key: rule.key ?? null,
              method: rule.method ?? null,
              path: rule.path ?? null,
              code: rule.code,
              remaining: rule.times
            },
            env.limits.forcedRules
          )
          return v2({ scripted: s.forced.length })
        })
      )
  )

/** `POST /__emulator/webhooks`: what the next delivery does wrong (M35). */
const webhooks = (env: Env): Handler =>
  Effect.flatMap(
    decodeJson(Schema.Struct({ next: Schema.Literals(["bad_signature", "duplicate"]) })),
    ({ next }) => {
      if (env.deliveries === undefined)
        return Effect.fail(
          new HeyGenError.InvalidParameter({
            message: "Webhook delivery is off: make the emulator with `webhooks: true`.",
            param: "next"
          })
        )
      env.deliveries.misbehave(next)
      return Effect.succeed(v2({ next }))
    }
  )

/** A control request, behind `refuse`. */
export const handle = (
  env: Env,
  request: HttpServerRequest.HttpServerRequest,
  method: string,
  path: string
): Handler => {
  const command = `${method} ${path.slice(prefix.length)}`
  const refused = refuse(
    env,
    request,
    command === "PUT state" ||
      command === "POST clock" ||
      command === "POST script" ||
      command === "POST webhooks"
  )
  if (refused !== undefined) return Effect.fail(refused)
  const { store } = env
  switch (command) {
    case "POST reset":
      return Effect.flatMap(Clock.currentTimeMillis, (at) => store.replace(Fixtures.seed(at))).pipe(
        Effect.as(v2({ reset: true }))
      )
    case "PUT state":
      return replaceState(env)
    case "GET state":
      return store.read((s) => v2(s))
    case "POST clock":
      return Effect.flatMap(decodeJson(Schema.Struct({ advance_ms: AdvanceMillis })), ({ advance_ms }) =>
        store.transact((s) =>
          Effect.sync(() => {
            s.clockOffset += advance_ms
            return v2({ offset_ms: s.clockOffset })
          })
        )
      )
    case "GET counters":
      return store.read((s) => v2(s.counters))
    case "POST script":
      return script(env)
    case "POST webhooks":
      return webhooks(env)
    case "GET webhooks":
      return Effect.succeed(v2(env.deliveries?.report() ?? { attempts: [], dropped: 0, off: true }))
  }
  return Effect.fail(notFound(method, path))
}
