/**
 * The state's tables are plain objects, so they serialize. Lookups by ids that come from
 * requests must find nothing for `constructor` or `__proto__` rather than a member every
 * object inherits (issue 10.10); insertions keep a table within its bound (issue 10.9).
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

/** Adds `value` under `id` and forgets the oldest entries past `max` (insertion order is age). */
export const admit = <A>(table: Record<string, A>, id: string, value: A, max: number): void => {
  table[id] = value
  let excess = Object.keys(table).length - max
  if (excess <= 0) return
  for (const old in table) {
    if (excess-- <= 0) break
    delete table[old]
  }
}

/** Appends `value` and drops the oldest entries past `max`. */
export const admitLast = <A>(list: Array<A>, value: A, max: number): void => {
  list.push(value)
  if (list.length > max) list.splice(0, list.length - max)
}
