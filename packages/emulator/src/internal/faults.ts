/**
 * A tester's tools (rules M21, M22): errors forced by header or scripted rule, latency, a hung
 * answer, a dropped connection, a malformed body, a defect. Honored only with control on.
 */
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Stream from "effect/Stream"
import type * as EmulatorState from "../EmulatorState.ts"
import type { Env, Failure } from "./env.ts"
import { admitLast } from "./lookup.ts"

/** The longest `X-Emulator-Delay-Ms` honored. */
export const maxDelayMs = 60_000

/** A failure for a code named by a tester (rule M21). */
export const forcedError = (code: string, account: EmulatorState.Account | undefined): Failure => {
  const Class = HeyGenError.classOf(code)
  if (Class === undefined)
    return new HeyGenError.UnknownApiError({ code, status: 400, message: `Forced ${code}` })
  if (Class === HeyGenError.InsufficientCredit) {
    const available = account?.credits ?? 0
    return new HeyGenError.InsufficientCredit({ available, required: available + 1 })
  }
  if (Class === HeyGenError.RateLimitExceeded)
    return new HeyGenError.RateLimitExceeded({ retryAfter: Duration.seconds(1) })
  return new Class({ message: `Forced ${code}.` })
}

/** A forced failure for this request, from its headers or a scripted rule (rule M21). */
export const forced = (
  env: Env,
  request: HttpServerRequest.HttpServerRequest,
  key: string,
  method: string,
  path: string,
  account: EmulatorState.Account
): Effect.Effect<Failure | undefined> => {
  const { store, limits } = env
  const header = env.control.on ? request.headers["x-emulator-error"] : undefined
  if (header !== undefined && header !== "") {
    const asked = Math.floor(Number(request.headers["x-emulator-error-times"] ?? 1))
    const times = Number.isFinite(asked) ? Math.min(asked, limits.forcedTimes) : 1
    return store
      .transact((s) =>
        Effect.sync(() => {
          if (times <= 1) return
          // One rule per key, method and path: a repeated header updates it rather than piling up.
          const rule = s.forced.find((r) => r.key === key && r.method === method && r.path === path)
          if (rule === undefined)
            admitLast(s.forced, { key, method, path, code: header, remaining: times - 1 }, limits.forcedRules)
          else {
            rule.code = header
            rule.remaining = times - 1
          }
        })
      )
      .pipe(Effect.as(forcedError(header, account)))
  }
  // Most requests meet no rule: skip the lock when there are none.
  return Effect.flatMap(
    store.read((s) => s.forced.length > 0),
    (any) =>
      any
        ? store.transact((s) =>
            Effect.sync(() => {
              const rule = s.forced.find(
                (r) =>
                  r.remaining > 0 &&
                  (r.key ?? key) === key &&
                  (r.method ?? method) === method &&
                  (r.path ?? path) === path
              )
              if (rule === undefined) return undefined
              rule.remaining -= 1
              if (rule.remaining === 0) s.forced.splice(s.forced.indexOf(rule), 1)
              return forcedError(rule.code, account)
            })
          )
        : Effect.undefined
  )
}

interface NodeSocket {
  readonly destroy: () => void
  readonly once: (event: "close", listener: () => void) => void
}

/** The connection's socket when the request came through node:http (faults need it, rule M22). */
const nodeSocket = (request: HttpServerRequest.HttpServerRequest): NodeSocket | undefined => {
  const socket: unknown = (request.source as { readonly socket?: unknown }).socket
  return typeof socket === "object" && socket !== null && "destroy" in socket && "once" in socket
    ? (socket as NodeSocket)
    : undefined
}

/** Latency and faults on request (rule M22): the answer that replaces the real one, if any. */
export const fault = (
  request: HttpServerRequest.HttpServerRequest
): Effect.Effect<HttpServerResponse.HttpServerResponse> | undefined => {
  switch (request.headers["x-emulator-fault"]) {
    case "hang": {
      // Never answers; on Node it ends when the client gives up and closes the socket.
      const socket = nodeSocket(request)
      if (socket === undefined) return Effect.never
      return Effect.callback<never>((resume) => {
        socket.once("close", () => resume(Effect.interrupt))
      })
    }
    case "drop": {
      // On Node the socket itself is cut; elsewhere the body breaks off mid-stream.
      const socket = nodeSocket(request)
      if (socket !== undefined)
        return Effect.andThen(
          Effect.sync(() => socket.destroy()),
          Effect.interrupt
        )
      return Effect.succeed(
        HttpServerResponse.stream(
          Stream.concat(
            Stream.make(new TextEncoder().encode('{"error":null,"data":{"vid')),
            Stream.fail("connection dropped")
          ),
          { contentType: "application/json" }
        )
      )
    }
    case "malformed":
      return Effect.succeed(
        HttpServerResponse.text('{"error":null,"data":{"video_id":', { contentType: "application/json" })
      )
    case "defect":
      return Effect.die(new Error("emulator: forced defect"))
    default:
      return undefined
  }
}

/** `X-Emulator-Delay-Ms`, capped at `maxDelayMs`. */
export const delay = (request: HttpServerRequest.HttpServerRequest): Effect.Effect<void> => {
  const ms = Number(request.headers["x-emulator-delay-ms"] ?? 0)
  return ms > 0 ? Effect.sleep(Math.min(ms, maxDelayMs)) : Effect.void
}
