/**
 * The v3 client of `@effect-heygen/api` against the emulator: a `HeyGenTransport` over fetch
 * that records which operations it sent, so a test can say it called every one.
 */
import { HeyGenTransport } from "@effect-heygen/api/HeyGenTransport"
import * as ErrorDecoder from "@effect-heygen/core/ErrorDecoder"
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/** Operation ids sent through any transport made here, with the status each got. */
export const sent: Array<{ readonly id: string; readonly status: number }> = []

const fillPath = (template: string, params: Readonly<Record<string, string>>) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ""))

/** A transport for `key` against `url`: one attempt, errors decoded by core's decoder. */
export const transport = (url: string, key: string) =>
  Layer.succeed(HeyGenTransport, {
    execute: (request) =>
      Effect.tryPromise({
        try: async () => {
          const query = new URLSearchParams(request.query).toString()
          const headers: Record<string, string> = { "x-api-key": key }
          if (request.idempotencyKey !== undefined) headers["idempotency-key"] = request.idempotencyKey
          let body: BodyInit | undefined
          if (request.body._tag === "Json") {
            headers["content-type"] = "application/json"
            body = JSON.stringify(request.body.value)
          } else if (request.body._tag === "Multipart") body = request.body.form
          const response = await fetch(
            `${url}${fillPath(request.operation.path, request.pathParams)}${query === "" ? "" : `?${query}`}`,
            { method: request.operation.method, headers, ...(body === undefined ? {} : { body }) }
          )
          sent.push({ id: request.operation.id, status: response.status })
          return {
            status: response.status,
            headers: Object.fromEntries(response.headers),
            text: await response.text()
          }
        },
        catch: (cause) =>
          new HeyGenError.TransportError({
            reason: "Connection",
            message: String(cause),
            method: "",
            path: ""
          })
      }).pipe(
        Effect.flatMap((answer) =>
          answer.status >= 200 && answer.status < 300
            ? Effect.succeed({
                status: answer.status,
                headers: answer.headers,
                body: JSON.parse(answer.text) as Record<string, unknown>
              })
            : Effect.fail(
                ErrorDecoder.decode({ status: answer.status, headers: answer.headers, body: answer.text })
              )
        )
      )
  })

/** Runs a v3 call for `key` against `url`. */
export const as =
  (url: string, key: string) =>
  <A, E>(effect: Effect.Effect<A, E, HeyGenTransport>): Effect.Effect<A, E> =>
    Effect.provide(effect, transport(url, key))
