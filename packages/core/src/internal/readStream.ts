import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { concat } from "./bytes.ts"

// A stream whose reads resolve at once never lets a timer fire: bound the reads themselves,
// and hand the event loop a turn this often (ms of real time), so timers and signals run.
const maxReads = 8192
const yieldEveryMillis = 8

const encoder = /* @__PURE__ */ new TextEncoder()
const turn = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

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
 * Reads at most `maxBytes` of any web `ReadableStream`-like value, for at most `timeoutMillis`
 * by the `Clock`, and at most `maxReads` reads, then cancels it. Never fails: a stream that
 * errors, stalls, sends a chunk that is neither bytes nor text, or isn't a stream at all
 * ends the read with what arrived.
 */
export const readStream = (
  stream: unknown,
  maxBytes: number,
  timeoutMillis: number
): Effect.Effect<Uint8Array> =>
  Clock.clockWith((clock) => {
    const chunks: Array<Uint8Array> = []
    let size = 0
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
    const deadline = clock.currentTimeMillisUnsafe() + timeoutMillis
    const pull = Effect.promise(async (signal) => {
      try {
        reader = (stream as { readonly getReader: () => Reader }).getReader()
        let lastTurn = performance.now()
        for (let reads = 0; reads < maxReads && size < maxBytes && !signal.aborted; reads++) {
          const result = await reader.read()
          if (signal.aborted || result.done) return
          const bytes = bytesOf(result.value, maxBytes - size)
          if (bytes === undefined) return
          if (bytes.byteLength > 0) {
            chunks.push(bytes)
            size += bytes.byteLength
          }
          if (clock.currentTimeMillisUnsafe() >= deadline) return
          if (performance.now() - lastTurn >= yieldEveryMillis) {
            await turn()
            lastTurn = performance.now()
          }
        }
      } catch {
        // An erroring, locked or malformed stream ends the read; what arrived is still decoded.
      } finally {
        cancel()
      }
    })
    return pull.pipe(
      Effect.timeoutOption(timeoutMillis),
      Effect.ensuring(Effect.sync(cancel)),
      Effect.map(() => concat(chunks, Math.min(size, maxBytes)))
    )
  })
