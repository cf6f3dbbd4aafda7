/**
 * The Node adapter: `HeyGenClient` over undici (`NodeHttpClient.layerUndici`,
 * ~1× raw fetch), configured from `process.env`; and a server entry that serves
 * an app natively on node:http through `NodeHttpServer` — no Request/Response
 * conversion — with a body limit and graceful shutdown on SIGTERM/SIGINT.
 *
 * @since 0.1.0
 */
import { createServer } from "node:http"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import type * as HeyGenApp from "@effect-heygen/core/HeyGenApp"
import * as HeyGenClient from "@effect-heygen/core/HeyGenClient"
import * as ByteSize from "effect/ByteSize"
import type * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as HttpIncomingMessage from "effect/http/HttpIncomingMessage"
import * as HttpServer from "effect/http/HttpServer"
import type * as HttpServerError from "effect/http/HttpServerError"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"

/** @since 0.1.0 */
export interface ServeOptions extends HeyGenApp.ServeOptions {
  /** The largest request body read (rule S2). Default 1 MiB. */
  readonly maxBodyBytes?: number | undefined
}

/**
 * `HeyGenClient` over undici, configured from `HEYGEN_*` in `process.env`, with
 * `overrides` on top. Neither (or both) of `HEYGEN_API_KEY` and `HEYGEN_ACCESS_TOKEN` (an
 * OAuth access token, sent as `Authorization: Bearer`) is a `ConfigError` naming them.
 *
 * @since 0.1.0
 */
export const layer = (
  overrides?: Partial<HeyGenClient.Options>
): Layer.Layer<HeyGenClient.HeyGenClient, Config.ConfigError> =>
  HeyGenClient.layerConfig(HeyGenClient.configWith(overrides)).pipe(Layer.provide(NodeHttpClient.layerUndici))

const limitBodies = (app: HeyGenApp.HeyGenApp, maxBodyBytes: number): HeyGenApp.HeyGenApp =>
  Effect.provideService(app, HttpIncomingMessage.MaxBodySize, ByteSize.bytes(maxBodyBytes))

/**
 * The server as a layer: node:http on `host:port` serving `app`. Closing it stops
 * accepting connections and lets in-flight requests finish, for at most
 * `shutdownTimeout`.
 *
 * @since 0.1.0
 */
export const layerServer = (app: HeyGenApp.HeyGenApp, options: ServeOptions = {}) =>
  // No middleware argument: Effect's single-frame fast path, and no per-request logger.
  HttpServer.serve(limitBodies(app, options.maxBodyBytes ?? 1024 * 1024)).pipe(
    Layer.provideMerge(
      NodeHttpServer.layer(createServer, {
        port: options.port ?? 0,
        host: options.host ?? "127.0.0.1",
        gracefulShutdownTimeout: options.shutdownTimeout ?? "10 seconds"
      })
    )
  )

/** Where an `HttpServer` listens, as a URL. */
const urlOf = Effect.map(Effect.service(HttpServer.HttpServer), (server) =>
  HttpServer.formatAddress(server.address)
)

/**
 * Serves `app` for the scope's life; its URL.
 *
 * @since 0.1.0
 */
export const serve = (
  app: HeyGenApp.HeyGenApp,
  options?: ServeOptions
): Effect.Effect<HeyGenApp.Listening, HttpServerError.ServeError, Scope.Scope> =>
  Effect.flatMap(Layer.build(layerServer(app, options)), (context) =>
    Effect.map(Effect.provideContext(urlOf, context), (url) => ({ url }))
  )

/**
 * The main entry of a Node server process: serves `app` until SIGTERM or SIGINT,
 * then shuts down gracefully. `onListening` is told the URL.
 *
 * @since 0.1.0
 */
export const run = (
  app: HeyGenApp.HeyGenApp,
  options: ServeOptions & { readonly onListening?: (url: string) => void } = {}
): void =>
  NodeRuntime.runMain(
    Layer.launch(
      Layer.effectDiscard(Effect.map(urlOf, (url) => options.onListening?.(url))).pipe(
        Layer.provideMerge(layerServer(app, options))
      )
    )
  )
