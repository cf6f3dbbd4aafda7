/**
 * Lookups by ids that come from requests. State tables are plain objects (so they
 * serialize), and an id such as `constructor` or `__proto__` must find nothing rather
 * than a member every object inherits (issue 10.10).
 */

/** The table's own entry for `id`, never an inherited member. */
export const own = <A>(table: Readonly<Record<string, A>>, id: string): A | undefined =>
  Object.hasOwn(table, id) ? table[id] : undefined

/** A path segment percent-decoded, or `undefined` when its encoding is broken (`%ZZ`, a cut-off `%E0%A4%A`). */
export const decodeSegment = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}
