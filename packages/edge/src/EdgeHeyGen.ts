/**
 * The edge adapter (Cloudflare Workers / workerd, Vercel Edge): `HeyGenClient`
 * over the runtime's `fetch`, configured from the `env` bindings a worker is
 * given on each request; and `serve`, which turns an app into a module worker
 * `{ fetch(request, env, ctx) }`. Web-standard APIs only: no Node built-in is
 * reachable from here.
 *
 * @since 0.1.0
 */

import type * as HeyGenApp from "@effect-heygen/core/HeyGenApp"
import * as HeyGenClient from "@effect-heygen/core/HeyGenClient"
import type * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpEffect from "effect/http/HttpEffect"
import * as Layer from "effect/Layer"

/**
 * A worker's `env` bindings: `HEYGEN_API_KEY` or `HEYGEN_ACCESS_TOKEN` (an OAuth access
 * token; a secret either way, exactly one of them) and optionally the other `HEYGEN_*`
 * settings, as strings.
 *
 * @since 0.1.0
 */
export type Env = Readonly<Record<string, unknown>>

/**
 * A module worker, as Workers and Vercel Edge load it.
 *
 * @since 0.1.0
 */
export interface Worker {
  readonly fetch: (request: Request, env?: Env, ctx?: unknown) => Promise<Response>
}

// fetch follows redirects by default, carrying X-Api-Key to wherever Location points; the
// client already asks for "manual" on its calls, and the transport it is given says so too.
const noRedirects = FetchHttpClient.layer.pipe(
  Layer.provide(Layer.succeed(FetchHttpClient.RequestInit, { redirect: "manual" }))
)

/**
 * `HeyGenClient` over `fetch`, configured from the `env` bindings, with `overrides`
 * on top. Neither (or both) of `HEYGEN_API_KEY` and `HEYGEN_ACCESS_TOKEN` is a `ConfigError`
 * naming them; a token is sent as `Authorization: Bearer`. Redirects
 * are never followed: a 3xx fails the call with `UnexpectedResponse`.
 *
 * @since 0.1.0
 */
export const layer = (
  env: Env,
  overrides?: Partial<HeyGenClient.Options>
): Layer.Layer<HeyGenClient.HeyGenClient, Config.ConfigError> =>
  // The bindings are read as `HeyGenClient.configWith(overrides)` reads them, without effect/Config's
  // reader: same options, same errors, ~3.5 KB gzip less in every worker.
  Layer.effect(
    HeyGenClient.HeyGenClient,
    Effect.flatMap(HeyGenClient.optionsFromEnv(env, overrides), HeyGenClient.make)
  ).pipe(Layer.provide(noRedirects))

/**
 * A module worker serving `app`. Pass the app, the promise of one, or a function
 * that makes it (such as `() => Effect.runPromise(Emulator.make())`): Workers allow
 * no timers or I/O at module scope, so it is built on the first request.
 *
 * @since 0.1.0
 */
export const serve = (
  app:
    | HeyGenApp.HeyGenApp
    | PromiseLike<HeyGenApp.HeyGenApp>
    | (() => HeyGenApp.HeyGenApp | PromiseLike<HeyGenApp.HeyGenApp>)
): Worker => {
  let handler: Promise<(request: Request) => Promise<Response>> | undefined
  return {
    fetch: async (request) => {
      handler ??= Promise.resolve(typeof app === "function" ? app() : app).then((built) =>
        HttpEffect.toWebHandler(built)
      )
      return (await handler)(request)
    }
  }
}
