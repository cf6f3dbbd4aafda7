/**
 * The Deno adapter: `HeyGenClient` over `fetch`, configured from `Deno.env` — a
 * missing `--allow-env` is a typed error that names it, and a missing
 * `--allow-net` surfaces as a `TransportError` whose message names it — and
 * `serve`, which runs an app on `Deno.serve` for the scope's life, shutting down
 * through an abort signal.
 *
 * @since 0.1.0
 */

import type * as HeyGenApp from "@effect-heygen/core/HeyGenApp"
import * as HeyGenClient from "@effect-heygen/core/HeyGenClient"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpEffect from "effect/http/HttpEffect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"

// The few Deno APIs used here, declared so the package type-checks without Deno's lib.
interface DenoServer {
  readonly finished: Promise<void>
  readonly addr: { readonly hostname: string; readonly port: number }
}
interface DenoNamespace {
  readonly env: { toObject(): Record<string, string> }
  serve(
    options: {
      readonly port: number
      readonly hostname: string
      readonly signal: AbortSignal
      readonly onListen?: (addr: { readonly hostname: string; readonly port: number }) => void
    },
    handler: (request: Request) => Promise<Response>
  ): DenoServer
}
declare const Deno: DenoNamespace

/**
 * The process's environment, or a `ConfigError` that says to grant `--allow-env`.
 *
 * @since 0.1.0
 */
export const environment: Effect.Effect<Record<string, string>, Config.ConfigError> = Effect.try({
  try: () => Deno.env.toObject(),
  catch: (cause) =>
    new Config.ConfigError(
      new ConfigProvider.SourceError({
        message: `Reading HEYGEN_* from the environment needs the --allow-env permission (${cause instanceof Error ? cause.message : String(cause)})`
      })
    )
})

// fetch follows redirects by default, carrying X-Api-Key to wherever Location points; the
// client already asks for "manual" on its calls, and the transport it is given says so too.
const noRedirects = FetchHttpClient.layer.pipe(
  Layer.provide(Layer.succeed(FetchHttpClient.RequestInit, { redirect: "manual" }))
)

/**
 * `HeyGenClient` over `fetch`, configured from `HEYGEN_*` in `Deno.env` (`HEYGEN_API_KEY` or
 * `HEYGEN_ACCESS_TOKEN`, exactly one), with `overrides` on top. Redirects are never followed: a 3xx fails the call with
 * `UnexpectedResponse`.
 *
 * @since 0.1.0
 */
export const layer = (
  overrides?: Partial<HeyGenClient.Options>
): Layer.Layer<HeyGenClient.HeyGenClient, Config.ConfigError> =>
  Layer.unwrap(
    Effect.map(environment, (env) =>
      HeyGenClient.layerConfig(HeyGenClient.configWith(overrides)).pipe(
        Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env })))
      )
    )
  ).pipe(Layer.provide(noRedirects))

/**
 * Serves `app` on `Deno.serve` for the scope's life; closing the scope aborts the
 * server and waits for in-flight requests to finish.
 *
 * @since 0.1.0
 */
export const serve = (
  app: HeyGenApp.HeyGenApp,
  options: HeyGenApp.ServeOptions = {}
): Effect.Effect<HeyGenApp.Listening, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const handler = HttpEffect.toWebHandler(app)
      const controller = new AbortController()
      let listening: (url: string) => void = () => {}
      const url = new Promise<string>((resolve) => {
        listening = resolve
      })
      const server = Deno.serve(
        {
          port: options.port ?? 0,
          hostname: options.host ?? "127.0.0.1",
          signal: controller.signal,
          onListen: (addr) => listening(`http://${addr.hostname}:${addr.port}`)
        },
        (request) => handler(request)
      )
      return { server, controller, url }
    }),
    ({ server, controller }) =>
      Effect.promise(() => {
        controller.abort()
        return server.finished
      }).pipe(Effect.timeoutOption(options.shutdownTimeout ?? "10 seconds"))
  ).pipe(
    Effect.flatMap(({ url }) => Effect.promise(() => url)),
    Effect.map((url) => ({ url }))
  )
