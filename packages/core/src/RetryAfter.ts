/**
 * The `Retry-After` header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date in
 * any of its three forms (rule D7), and the whole-seconds form servers send (rule E3).
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
const shortDays = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
const longDays = "(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
const month = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
const time = "(\\d{2}):(\\d{2}):(\\d{2})"

// Sun, 06 Nov 1994 08:49:37 GMT
const imfFixdate = /* @__PURE__ */ new RegExp(`^${shortDays}, (\\d{2}) ${month} (\\d{4}) ${time} GMT$`)
// Sunday, 06-Nov-94 08:49:37 GMT
const rfc850 = new RegExp(`^${longDays}, (\\d{2})-${month}-(\\d{2}) ${time} GMT$`)
// Sun Nov  6 08:49:37 1994
const asctime = /* @__PURE__ */ new RegExp(`^${shortDays} ${month} ([ \\d]\\d) ${time} (\\d{4})$`)
const delaySeconds = /^\d+$/

const utc = (year: number, mon: string, day: number, h: number, m: number, s: number): number | undefined => {
  const monthIndex = months.indexOf(mon)
  // A leap second (60) is valid on the wire; count it as the next second.
  if (h > 23 || m > 59 || s > 60 || day < 1) return undefined
  const ms = Date.UTC(year, monthIndex, day, h, m, s)
  // Date.UTC rolls 31 Feb over into March: reject dates that don't exist.
  return new Date(Date.UTC(year, monthIndex, day)).getUTCDate() === day ? ms : undefined
}

/** RFC 9110: a two-digit year more than 50 years ahead is the most recent past year ending so. */
const fullYear = (yy: number, now: number): number => {
  const current = new Date(now).getUTCFullYear()
  let year = Math.floor(current / 100) * 100 + yy
  if (year > current + 50) year -= 100
  return year
}

/**
 * The instant an HTTP-date names, in epoch milliseconds, or `undefined` when the
 * text is in none of RFC 9110's three forms.
 *
 * @since 0.1.0
 */
export const parseHttpDate = (text: string, now: number = Date.now()): number | undefined => {
  let m = imfFixdate.exec(text)
  if (m !== null) return utc(Number(m[4]), m[3]!, Number(m[2]), Number(m[5]), Number(m[6]), Number(m[7]))
  m = rfc850.exec(text)
  if (m !== null) {
    return utc(fullYear(Number(m[4]), now), m[3]!, Number(m[2]), Number(m[5]), Number(m[6]), Number(m[7]))
  }
  m = asctime.exec(text)
  if (m !== null) return utc(Number(m[7]), m[2]!, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))
  return undefined
}

/**
 * Reads a `Retry-After` value: the wait it asks for, zero for a date in the past,
 * `undefined` for anything that isn't a valid value (rule D7).
 *
 * @since 0.1.0
 */
export const parse = (
  value: string | null | undefined,
  now: number = Date.now()
): Duration.Duration | undefined => {
  if (value === null || value === undefined) return undefined
  const text = value.trim()
  if (delaySeconds.test(text)) {
    const seconds = Number(text)
    return Number.isSafeInteger(seconds) ? Duration.seconds(seconds) : Duration.infinity
  }
  const at = parseHttpDate(text, now)
  return at === undefined ? undefined : Duration.millis(Math.max(0, at - now))
}

/**
 * The header value for a wait: whole seconds, rounded up, at least 1 (rule E3).
 *
 * @since 0.1.0
 */
export const format = (wait: Duration.Input | undefined): string => {
  if (wait === undefined) return "1"
  const millis = Duration.toMillis(Duration.fromInputUnsafe(wait))
  if (!Number.isFinite(millis)) return String(Number.MAX_SAFE_INTEGER)
  return String(Math.max(1, Math.ceil(millis / 1000)))
}
