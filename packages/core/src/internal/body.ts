import * as Effect from "effect/Effect"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { concat } from "./bytes.ts"

/** What a bounded read of a response body got. */
export interface Read {
  /** At most the bound's worth of what arrived. */
  readonly bytes: Uint8Array
  /** More than the bound arrived: the read stopped there and the body was cancelled. */
  readonly cut: boolean
  /** The body failed (a reset mid-body) with this; `bytes` is what arrived before. */
  readonly failure: Option.Option<unknown>
}

// A body whose reads resolve at once must not starve the attempt's timer: a turn of the
// event loop this often (ms of reading).
const yieldEveryMillis = 8
const turn = () => new Promise<void>((resolve) => setTimeout(resolve, 0))
const none = /* @__PURE__ */ Option.none<unknown>()

/** A web body (fetch's): read with its own reader, which costs about what `arrayBuffer` does. */
const readWeb = (body: ReadableStream<Uint8Array>, max: number): Effect.Effect<Read> =>
  Effect.promise(async (signal) => {
    const chunks: Array<Uint8Array> = []
    let size = 0
    const reader = body.getReader()
    const cancel = () => {
      reader.cancel().catch(() => {})
    }
    signal.addEventListener("abort", cancel, { once: true })
    try {
      let lastTurn = performance.now()
      for (;;) {
        const { done, value } = await reader.read()
        if (done || signal.aborted) return { bytes: concat(chunks, size), cut: false, failure: none }
        // Bytes are all fetch gives; anything else ends the body.
        if (!(value instanceof Uint8Array)) {
          cancel()
          return { bytes: concat(chunks, size), cut: false, failure: none }
        }
        if (value.byteLength > 0) {
          chunks.push(value)
          size += value.byteLength
        }
        if (size > max) {
          cancel()
          return { bytes: concat(chunks, max), cut: true, failure: none }
        }
        if (performance.now() - lastTurn >= yieldEveryMillis) {
          await turn()
          lastTurn = performance.now()
        }
      }
    } catch (cause) {
      return { bytes: concat(chunks, Math.min(size, max)), cut: false, failure: Option.some(cause) }
    } finally {
      signal.removeEventListener("abort", cancel)
    }
  })

/** Any other body (undici's, node:http's): the response's Effect stream, stopped past the bound. */
const readStream = (response: HttpClientResponse.HttpClientResponse, max: number): Effect.Effect<Read> =>
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
 * fails: a failing body reports its failure beside what arrived.
 */
export const readBody = (
  response: HttpClientResponse.HttpClientResponse,
  max: number
): Effect.Effect<Read> => {
  const web = HttpClientResponse.toWeb(response)
  if (Option.isNone(web)) return readStream(response, max)
  const body = web.value.body
  return body === null
    ? Effect.succeed({ bytes: new Uint8Array(0), cut: false, failure: none })
    : readWeb(body, max)
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
