import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { concat } from "./bytes.ts"

/** What a bounded read of a body got. */
export interface Read {
  /** At most the bound's worth of what arrived. */
  readonly bytes: Uint8Array
  /** More than the bound arrived: the read stopped there and the body was cancelled. */
  readonly cut: boolean
  /** The body failed (a reset mid-body) with this; `bytes` is what arrived before. */
  readonly failure: Option.Option<unknown>
}

export interface Bounds {
  /** Past this many bytes the read stops (`cut`). */
  readonly maxBytes: number
  /** The most reads: a stream whose reads resolve at once is bounded by them too. */
  readonly maxReads?: number | undefined
  /** The most time the read may take, by the `Clock`; it then ends with what arrived. */
  readonly timeoutMillis?: number | undefined
  /**
   * Read on past `maxBytes` until a byte more arrives or the body ends, so `cut` tells a
   * body of exactly `maxBytes` from a longer one (a success body must be whole or fail).
   * Without it the read stops at `maxBytes`: a decoder needs no more.
   */
  readonly detectOverflow?: boolean | undefined
}

// A body whose reads resolve at once must not starve timers and signals: a turn of the
// event loop this often (ms of real time).
const yieldEveryMillis = 8
const turn = () => new Promise<void>((resolve) => setTimeout(resolve, 0))
const none = /* @__PURE__ */ Option.none<unknown>()
const encoder = /* @__PURE__ */ new TextEncoder()

/** A chunk as bytes, at most about `room` of them for text; `undefined` for anything else. */
const bytesOf = (value: unknown, room: number): Uint8Array | undefined => {
  if (value instanceof Uint8Array) return value
  // A UTF-16 unit is at least one UTF-8 byte: `room` units cover `room` bytes.
  if (typeof value === "string") return encoder.encode(value.length > room ? value.slice(0, room) : value)
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
  if (value instanceof ArrayBuffer) return new Uint8Array(value)
  return undefined
}

interface Reader {
  readonly read: () => PromiseLike<{ readonly done?: unknown; readonly value?: unknown }>
  readonly cancel: (reason?: unknown) => unknown
}

/**
 * The one bounded reader of web `ReadableStream`-like values (fetch's bodies, and any
 * stream handed to `ErrorDecoder.fromStream`): reads until more than `maxBytes` arrived,
 * or `maxReads` reads, or `timeoutMillis`, then cancels the stream. Never fails: a stream
 * that errors reports it in `failure`; one that stalls, sends a chunk that is neither bytes
 * nor text, or isn't a stream at all ends the read with what arrived.
 */
export const readStream = (stream: unknown, bounds: Bounds): Effect.Effect<Read> =>
  Clock.clockWith((clock) => {
    const { maxBytes, maxReads = Number.POSITIVE_INFINITY, timeoutMillis, detectOverflow = false } = bounds
    const chunks: Array<Uint8Array> = []
    let size = 0
    let cut = false
    let failure = none
    let reader: Reader | undefined
    let cancelled = false
    const cancel = () => {
      if (cancelled || reader === undefined) return
      cancelled = true
      try {
        const done = reader.cancel()
        if (typeof (done as PromiseLike<unknown> | undefined)?.then === "function") {
          ;(done as PromiseLike<unknown>).then(undefined, () => {})
        }
      } catch {
        // A stream that can't be cancelled is left to its owner.
      }
    }
    const deadline =
      timeoutMillis === undefined ? Number.POSITIVE_INFINITY : clock.currentTimeMillisUnsafe() + timeoutMillis
    const pull = Effect.promise(async (signal) => {
      try {
        reader = (stream as { readonly getReader: () => Reader }).getReader()
        let lastTurn = performance.now()
        for (
          let reads = 0;
          reads < maxReads && (detectOverflow || size < maxBytes) && !signal.aborted;
          reads++
        ) {
          const result = await reader.read()
          if (signal.aborted || result.done) return
          const bytes = bytesOf(result.value, maxBytes + 1 - size)
          if (bytes === undefined) return
          if (bytes.byteLength > 0) {
            chunks.push(bytes)
            size += bytes.byteLength
          }
          if (size > maxBytes || (!detectOverflow && size >= maxBytes)) {
            cut = size > maxBytes
            return
          }
          if (clock.currentTimeMillisUnsafe() >= deadline) return
          if (performance.now() - lastTurn >= yieldEveryMillis) {
            await turn()
            lastTurn = performance.now()
          }
        }
      } catch (cause) {
        // A locked or malformed stream throws before any read: no failure of the body itself.
        if (reader !== undefined) failure = Option.some(cause)
      } finally {
        cancel()
      }
    })
    return (
      timeoutMillis === undefined ? pull : Effect.asVoid(Effect.timeoutOption(pull, timeoutMillis))
    ).pipe(
      Effect.ensuring(Effect.sync(cancel)),
      Effect.map((): Read => ({ bytes: concat(chunks, Math.min(size, maxBytes)), cut, failure }))
    )
  })
