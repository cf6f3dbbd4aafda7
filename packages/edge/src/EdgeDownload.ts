/**
 * Passing a download (`Download.download`, or any stream of bytes) through a worker as its
 * `Response`, without holding the file: each chunk is read from storage only when the client
 * reading the response asks for more. A failure before the first byte (storage refused the
 * URL even after its refresh) fails the effect, so the worker can answer an error status
 * instead of a broken `200`; a failure later aborts the response body.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Pull from "effect/Pull"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"

/**
 * The response's status and headers. Default: `200`, `content-type:
 * application/octet-stream`.
 *
 * @since 0.1.0
 */
export interface ResponseOptions {
  readonly status?: number | undefined
  readonly headers?: HeadersInit | undefined
}

/**
 * The bytes of `stream` as a `Response` body, once its first chunk arrived. Cancelling the
 * body (the client went away) interrupts the stream and cancels its download.
 *
 * @since 0.1.0
 */
export const toResponse = <E, R>(
  stream: Stream.Stream<Uint8Array, E, R>,
  options: ResponseOptions = {}
): Effect.Effect<Response, E, R> =>
  Effect.gen(function* () {
    // The stream outlives this effect (the body is read after it returns): its own scope.
    const scope = yield* Scope.make()
    const pull = yield* Scope.provide(Stream.toPull(stream), scope)
    const first = yield* pull.pipe(
      Pull.catchDone(() => Effect.succeed([] as ReadonlyArray<Uint8Array>)),
      Effect.onError((cause) => Scope.close(scope, Exit.failCause(cause)))
    )
    const rest = Stream.fromPull(Effect.succeed(pull)).pipe(Stream.ensuring(Scope.close(scope, Exit.void)))
    const body = yield* Stream.toReadableStreamEffect(
      first.length === 0
        ? Stream.ensuring(Stream.empty, Scope.close(scope, Exit.void))
        : Stream.concat(Stream.fromIterable(first), rest)
    )
    const headers = new Headers(options.headers)
    if (!headers.has("content-type")) headers.set("content-type", "application/octet-stream")
    return new Response(body, { status: options.status ?? 200, headers })
  }).pipe(Effect.withSpan("EdgeDownload.toResponse"))
