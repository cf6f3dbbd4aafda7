import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Redacted from "effect/Redacted"
import * as HeyGenClient from "../../src/HeyGenClient.ts"
import { type Handler, type Recorded, serveNode } from "./server.ts"

export const KEY = "hg_test_KEY_d41d8cd98f00b204"

/** A client against a real node:http server on 127.0.0.1, over the fetch HttpClient. */
export const withClient = <A, E>(
  handler: Handler,
  use: (client: HeyGenClient.Service, requests: ReadonlyArray<Recorded>, url: string) => Effect.Effect<A, E>,
  options: Partial<HeyGenClient.Options> = {}
) =>
  Effect.gen(function* () {
    const server = yield* serveNode(handler)
    const client = yield* HeyGenClient.make({
      apiKey: Redacted.make(KEY),
      baseUrl: server.url,
      uploadUrl: `${server.url}/upload-host`,
      retry: { baseDelay: 1, maxDelay: 5 },
      ...options
    }).pipe(Effect.provide(FetchHttpClient.layer))
    return yield* use(client, server.requests, server.url)
  })
