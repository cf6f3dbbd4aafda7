/**
 * Jobs that live (rule M29): every asynchronous resource is pending for its first second,
 * runs until `readyAt` on the emulator's clock (which `POST /__emulator/clock` moves), then
 * ends completed — or failed, when its input asked for it: `[[fail]]` (or
 * `[[fail:<code>]]`) in a text field of the create, or a fixture that always fails.
 */
import type * as Resources from "../Resources.ts"

export type Phase = "pending" | "running" | "completed" | "failed"

/** Where a job is at emulator time `at`. */
export const phase = (
  job: { readonly createdAt: number; readonly readyAt: number; readonly failure?: Resources.Failure | null },
  at: number
): Phase =>
  at >= job.readyAt
    ? job.failure == null
      ? "completed"
      : "failed"
    : at < Math.min(job.createdAt + 1000, job.readyAt)
      ? "pending"
      : "running"

/** How far along a job is, 0–100. */
export const progress = (
  job: { readonly createdAt: number; readonly readyAt: number },
  at: number
): number =>
  at >= job.readyAt
    ? 100
    : Math.max(0, Math.floor(((at - job.createdAt) / (job.readyAt - job.createdAt)) * 100))

const marker = /\[\[fail(?::([a-z0-9_]{1,40}))?\]\]/

/** The failure code a job fails with when nothing more precise is asked for. */
export const requestedCode = "requested_failure"

/**
 * The failure `texts` ask for, if one does: `[[fail]]` fails with `requested_failure`,
 * `[[fail:moderation_rejected]]` with that code.
 */
export const requested = (
  what: string,
  ...texts: ReadonlyArray<string | null | undefined>
): Resources.Failure | null => {
  for (const text of texts) {
    if (typeof text !== "string") continue
    const match = marker.exec(text)
    if (match !== null)
      return {
        code: match[1] ?? requestedCode,
        message: `The ${what} failed, as its input asked (${match[0]}).`
      }
  }
  return null
}

/** The seconds of emulator time a job with these times takes (its output's duration). */
export const seconds = (job: { readonly createdAt: number; readonly readyAt: number }): number =>
  Math.max(1, Math.round((job.readyAt - job.createdAt) / 1000))

/** Unix seconds, as v3 answers times. */
export const unix = (millis: number): number => Math.floor(millis / 1000)

/** An ISO-8601 timestamp, as the webhook routes answer times. */
export const iso = (millis: number): string => new Date(millis).toISOString()
