import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as HeyGenClient from "../../src/HeyGenClient.ts"
import { KEY } from "./client.ts"

/** The transports a client runs on: fetch (edge, Deno, browsers), undici (the Node adapter's), node:http. */
export const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["fetch", FetchHttpClient.layer],
  ["undici", NodeHttpClient.layerUndici],
  ["node:http", NodeHttpClient.layerNodeHttp]
]

/** A client over `transport`, built in the test's scope (undici's dispatcher must outlive it). */
export const clientOver = (
  transport: Layer.Layer<HttpClient.HttpClient>,
  baseUrl: string,
  options: Partial<HeyGenClient.Options> = {}
) =>
  Effect.flatMap(Layer.build(transport), (context) =>
    HeyGenClient.make({
      apiKey: Redacted.make(KEY),
      baseUrl,
      retry: { baseDelay: 1, maxDelay: 5 },
      ...options
    }).pipe(Effect.provideContext(context))
  )
