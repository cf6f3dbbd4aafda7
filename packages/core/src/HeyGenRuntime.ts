/**
 * The shape every runtime adapter implements, declared once (as Hono declares its
 * adapters'): `@effect-heygen/node`, `/edge` and `/deno` each export these names,
 * each a thin implementation for its runtime.
 *
 * @since 0.1.0
 */
import type * as Config from "effect/Config"
import type * as Effect from "effect/Effect"
import type * as HttpServerRequest from "effect/http/HttpServerRequest"
import type * as HttpServerResponse from "effect/http/HttpServerResponse"
import type * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import type * as HeyGenClient from "./HeyGenClient.ts"

/**
 * An app a server entry can serve: the emulator, or a HeyGen-compatible app behind
 * `HeyGenServer.middleware`. It never fails; errors are responses.
 *
 * @since 0.1.0
 */
export type App = Effect.Effect<
  HttpServerResponse.HttpServerResponse,
  never,
  HttpServerRequest.HttpServerRequest | Scope.Scope
>

/** @since 0.1.0 */
export interface ServeOptions {
  /** Default 0: any free port (Node, Deno). */
  readonly port?: number | undefined
  /** Default `127.0.0.1`. */
  readonly host?: string | undefined
  /** How long in-flight requests may finish after a shutdown signal. Default 10 s. */
  readonly shutdownTimeout?: number | undefined
}

/**
 * A running server: where it listens.
 *
 * @since 0.1.0
 */
export interface Listening {
  readonly url: string
}

/**
 * What every adapter provides, by the same names: `layer` (the client) and `serve`
 * (the server entry). `Source` is where configuration comes from (nothing on Node
 * and Deno, which read their environment; the `env` bindings on Workers); `Served`
 * is the runtime's native way to serve (a scoped listener on Node and Deno, an
 * exported `{ fetch }` handler on Workers).
 *
 * @since 0.1.0
 */
export interface Adapter<Source, Served> {
  /**
   * `HeyGenClient` on the runtime's best transport, configured from the runtime's
   * natural source, with `overrides` on top.
   */
  readonly layer: (
    source: Source,
    overrides?: Partial<HeyGenClient.Options>
  ) => Layer.Layer<HeyGenClient.HeyGenClient, Config.ConfigError>
  /** Serves an app the runtime's native way. */
  readonly serve: (app: App, options?: ServeOptions) => Served
}

/**
 * A served app on a runtime that listens itself (Node, Deno): where, for the scope's life.
 *
 * @since 0.1.0
 */
export type Listen = Effect.Effect<Listening, unknown, Scope.Scope>
