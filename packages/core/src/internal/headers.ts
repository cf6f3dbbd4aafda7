/**
 * Response headers, read structurally: any `Headers` class (the runtime's, the npm
 * `undici` package's, a polyfill's: anything with a `get` method), an iterable of
 * `[name, value]` pairs (a `Map`, an array), or a plain record (node:http's
 * `IncomingHttpHeaders` fits).
 */
export type HeadersInput =
  | Headers
  | { readonly get: (name: string) => string | null | undefined }
  | Iterable<readonly [string, string]>
  | Readonly<Record<string, string | ReadonlyArray<string> | undefined>>

// Entries looked at before giving up on a header: an iterable may never end.
const maxEntries = 1000

const textOf = (value: unknown): string | undefined => {
  if (typeof value === "string") return value
  if (typeof value === "number" && Number.isFinite(value)) return String(value)
  if (Array.isArray(value)) {
    const first: unknown = value[0]
    return typeof first === "string" ? first : undefined
  }
  return undefined
}

const read = (headers: object, name: string): string | undefined => {
  const get: unknown = (headers as { readonly get?: unknown }).get
  if (typeof get === "function") {
    const value = textOf(Reflect.apply(get, headers, [name]))
    if (value !== undefined) return value
  }
  const iterate: unknown = (headers as { readonly [Symbol.iterator]?: unknown })[Symbol.iterator]
  if (typeof iterate === "function") {
    let seen = 0
    for (const entry of headers as Iterable<unknown>) {
      if (++seen > maxEntries) break
      if (!Array.isArray(entry)) continue
      const key: unknown = entry[0]
      if (typeof key === "string" && key.toLowerCase() === name) return textOf(entry[1])
    }
    return undefined
  }
  const record = headers as Readonly<Record<string, unknown>>
  if (Object.hasOwn(record, name)) return textOf(record[name])
  let seen = 0
  for (const key of Object.keys(record)) {
    if (++seen > maxEntries) break
    if (key.toLowerCase() === name) return textOf(record[key])
  }
  return undefined
}

/**
 * A header's value (`name` in lower case; names match in any case); repeated headers keep
 * their first value. Total: a getter or Proxy trap that throws reads as absent.
 */
export const header = (headers: HeadersInput | null | undefined, name: string): string | undefined => {
  if (headers === undefined || headers === null) return undefined
  try {
    if (typeof Headers === "function" && headers instanceof Headers) return headers.get(name) ?? undefined
    return typeof headers === "object" || typeof headers === "function" ? read(headers, name) : undefined
  } catch {
    return undefined
  }
}
