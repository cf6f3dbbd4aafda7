import * as Effect from "effect/Effect"
import * as HttpBody from "effect/http/HttpBody"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type * as HeyGenError from "../HeyGenError.ts"
import { concat } from "./bytes.ts"
import { type Read, readStream } from "./readStream.ts"
import type { Call } from "./transport.ts"

export type { Read } from "./readStream.ts"

const none = /* @__PURE__ */ Option.none<unknown>()

/** A body with no web stream (undici's, node:http's): its Effect stream, stopped past the bound. */
const readEffectStream = (
  response: HttpClientResponse.HttpClientResponse,
  max: number
): Effect.Effect<Read> =>
  Effect.suspend(() => {
    const chunks: Array<Uint8Array> = []
    let size = 0
    return Stream.runForEachWhile(response.stream, (chunk) =>
      Effect.sync(() => {
        if (chunk.byteLength > 0) {
          chunks.push(chunk)
          size += chunk.byteLength
        }
        return size <= max
      })
    ).pipe(
      // Whatever ends the stream (an error, even a defect), what arrived is kept.
      Effect.exit,
      Effect.map((exit) => ({
        bytes: concat(chunks, Math.min(size, max)),
        cut: size > max,
        failure: exit._tag === "Failure" ? Option.some<unknown>(exit.cause) : none
      }))
    )
  })

/**
 * Reads a response body until more than `max` bytes arrived, counted after any
 * `Content-Encoding` is undone, then stops it, which closes the connection. Never
 * fails: a failing body reports its failure beside what arrived. fetch's bodies go
 * through the one web reader (about what `arrayBuffer` costs); others through their stream.
 */
export const readBody = (
  response: HttpClientResponse.HttpClientResponse,
  max: number
): Effect.Effect<Read> => {
  const web = HttpClientResponse.toWeb(response)
  if (Option.isNone(web)) return readEffectStream(response, max)
  const body = web.value.body
  return body === null
    ? Effect.succeed({ bytes: new Uint8Array(0), cut: false, failure: none })
    : readStream(body, { maxBytes: max, detectOverflow: true })
}

/** Stops a body without reading it, which closes the connection. */
export const discardBody = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<void> => {
  const web = HttpClientResponse.toWeb(response)
  if (Option.isSome(web)) {
    return Effect.sync(() => {
      web.value.body?.cancel().catch(() => {})
    })
  }
  // The read is started, so the transport owns a reader to cancel, and interrupted at once.
  return Effect.ignore(Effect.timeoutOption(Stream.runDrain(response.stream), 0))
}

/** A streamed request body, as `HeyGenClient.StreamBody` describes it. */
export interface StreamSource {
  readonly body: ReadableStream<Uint8Array> | Stream.Stream<Uint8Array, unknown>
  readonly contentType: string
  readonly contentLength?: number | undefined
  readonly replayable?: boolean | undefined
}

const isReadableStream = (u: unknown): u is ReadableStream<Uint8Array> =>
  typeof ReadableStream !== "undefined" && u instanceof ReadableStream

/**
 * A streamed request body for `effect/http` (every transport sends an `HttpBody.Stream` as it
 * is read), whether it may be sent again, and `blame`: an attempt that failed because the
 * body itself failed fails with `Encode` naming that, not with what the transport made of it.
 */
export const streamBody = (source: StreamSource) => {
  let failed: { readonly cause: unknown } | undefined
  const web = isReadableStream(source.body)
  const stream: Stream.Stream<Uint8Array, unknown> = web
    ? Stream.fromReadableStream({
        evaluate: () => source.body as ReadableStream<Uint8Array>,
        onError: (e) => e
      })
    : (source.body as Stream.Stream<Uint8Array, unknown>)
  const watched = Stream.mapError(stream, (cause) => {
    failed = { cause }
    return cause
  })
  const length = source.contentLength
  return {
    body: HttpBody.stream(
      watched,
      source.contentType,
      length !== undefined && Number.isSafeInteger(length) && length >= 0 ? length : undefined
    ),
    replayable: !web && source.replayable === true,
    blame:
      (
        call: Call,
        transportFailure: (
          call: Call,
          reason: HeyGenError.TransportReason,
          cause: unknown
        ) => HeyGenError.TransportError
      ) =>
      <A>(attempt: Effect.Effect<A, HeyGenError.HeyGenError>): Effect.Effect<A, HeyGenError.HeyGenError> =>
        Effect.suspend(() => {
          failed = undefined
          return Effect.mapError(attempt, (error) =>
            failed === undefined
              ? error
              : transportFailure(
                  call,
                  "Encode",
                  new Error("the request body failed", { cause: failed.cause })
                )
          )
        })
  }
}
