import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as Schema from "effect/Schema"
class Failed extends Schema.TaggedError<Failed>()("Failed", { status: Schema.Number, message: Schema.String, retryAfter: Schema.optionalKey(Schema.Duration) }) {}
export default { fetch: (r: Request) => Effect.runPromise(HttpClient.get(r.url).pipe(Effect.flatMap((res) => res.status > 400 ? Effect.fail(new Failed({status: res.status, message: "x"})) : res.text), Effect.map((t) => new Response(t)), Effect.catch((e) => Effect.succeed(new Response(String(e)))), Effect.provide(FetchHttpClient.layer))) }
