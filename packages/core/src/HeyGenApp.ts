/**
 * What the adapters serve, and how: the type of a HeyGen-compatible app and the
 * options every adapter's `serve` shares. Types only. Each adapter
 * (`@effect-heygen/node`, `/edge`, `/deno`) exports the same names — `layer` for the
 * client, `serve` for the server entry — each with its runtime's natural signature.
 *
 * @since 0.1.0
 */
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as HttpServerRequest from "effect/http/HttpServerRequest"
import type * as HttpServerResponse from "effect/http/HttpServerResponse"
import type * as Scope from "effect/Scope"

/**
 * An app a server entry can serve: the emulator, or a HeyGen-compatible app behind
 * `HeyGenServer.middleware`. It never fails; errors are responses.
 *
 * @since 0.1.0
 */
export type HeyGenApp = Effect.Effect<
  HttpServerResponse.HttpServerResponse,
  never,
  HttpServerRequest.HttpServerRequest | Scope.Scope
>

/**
 * Options of the adapters that listen themselves (Node, Deno).
 *
 * @since 0.1.0
 */
export interface ServeOptions {
  /** Default 0: any free port. */
  readonly port?: number | undefined
  /** Default `127.0.0.1`. */
  readonly host?: string | undefined
  /** How long in-flight requests may finish after a shutdown signal. Default 10 s. */
  readonly shutdownTimeout?: Duration.Input | undefined
}

/**
 * A running server: where it listens.
 *
 * @since 0.1.0
 */
export interface Listening {
  readonly url: string
}
