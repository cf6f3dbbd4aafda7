import * as Duration from "effect/Duration"
import * as Option from "effect/Option"

/** A member of an options object of unknown shape; a throwing getter or Proxy reads as absent. */
export const field = (options: unknown, key: string): unknown => {
  try {
    return typeof options === "object" && options !== null
      ? (options as Readonly<Record<string, unknown>>)[key]
      : undefined
  } catch {
    return undefined
  }
}

/** A byte count: not a number → `fallback`; otherwise a whole number within [0, `max`]. */
export const byteCount = (value: unknown, fallback: number, max: number): number =>
  typeof value !== "number" || Number.isNaN(value) ? fallback : Math.min(max, Math.max(0, Math.floor(value)))

/** Milliseconds from any `Duration.Input`: invalid → `fallback`; otherwise within [0, `max`]. */
export const millis = (value: unknown, fallback: number, max: number): number => {
  if (value === undefined) return fallback
  const duration = Duration.fromInput(value as Duration.Input)
  const ms = Option.isSome(duration) ? Duration.toMillis(duration.value) : Number.NaN
  return Number.isNaN(ms) ? fallback : Math.min(max, Math.max(0, ms))
}

/** A duration for a message: `250 ms`, `30 s`, `1.5 s` (Duration.format would add its whole formatter to every bundle). */
export const formatMillis = (millis: number): string =>
  millis < 1000 ? `${Math.round(millis)} ms` : `${Number((millis / 1000).toFixed(3))} s`
