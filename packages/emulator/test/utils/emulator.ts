import { createServer } from "node:http"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HeyGenClient from "@effect-heygen/core/HeyGenClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as HttpServer from "effect/http/HttpServer"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Emulator from "../../src/Emulator.ts"

/** The control token the tests' emulators use. */
export const testToken = "test-control-token"

/** The emulator served natively by node:http on 127.0.0.1 for the scope (rule M25); its base URL. */
export const serveEmulator = (options: Emulator.Options = {}) =>
  Effect.gen(function* () {
    const app = yield* Emulator.make({ control: true, controlToken: testToken, ...options })
    const server = createServer()
    const context = yield* Layer.build(
      HttpServer.serve(app).pipe(
        Layer.provideMerge(NodeHttpServer.layer(() => server, { port: 0, host: "127.0.0.1" }))
      )
    )
    // Runs before the server's own close: a hung test request must not hold the test open.
    yield* Effect.addFinalizer(() => Effect.sync(() => server.closeAllConnections()))
    const address = Context.get(context, HttpServer.HttpServer).address
    return `http://127.0.0.1:${"port" in address ? address.port : 0}`
  })

/** A HeyGenClient for `key` against the emulator, over undici, with the given retry options. */
export const clientFor = (url: string, key: string, options: Partial<HeyGenClient.Options> = {}) =>
  Effect.gen(function* () {
    // The undici dispatcher lives as long as the test's scope, not just the construction.
    const http = yield* Layer.build(NodeHttpClient.layerUndici)
    const options_ = {
      apiKey: Redacted.make(key),
      baseUrl: url,
      uploadUrl: url,
      retry: false,
      ...options
    } as const
    return yield* HeyGenClient.make(options_).pipe(Effect.provideContext(http))
  })

/** A raw request to the emulator. */
export const raw = (url: string, path: string, init: RequestInit = {}) =>
  Effect.promise(async () => {
    const response = await fetch(url + path, init)
    const text = await response.text()
    return {
      status: response.status,
      headers: response.headers,
      text,
      json: text === "" ? undefined : safeJson(text)
    }
  })

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** A control request (`/__emulator/*`) with the test token: a JSON body when given. */
export const control = (
  url: string,
  path: string,
  init: { readonly method?: string; readonly body?: unknown; readonly headers?: Record<string, string> } = {}
) =>
  raw(url, path, {
    method: init.method ?? "GET",
    headers: {
      "x-emulator-token": testToken,
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      ...init.headers
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) })
  })
