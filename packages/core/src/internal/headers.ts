/** Response headers as web `Headers` or a plain record (node:http's `IncomingHttpHeaders` fits). */
export type HeadersInput = Headers | Readonly<Record<string, string | ReadonlyArray<string> | undefined>>

/** A header's value; repeated headers keep their first value. Names are case-insensitive. */
export const header = (headers: HeadersInput | undefined, name: string): string | undefined => {
  if (headers === undefined) return undefined
  if (headers instanceof Headers) return headers.get(name) ?? undefined
  let value = Object.hasOwn(headers, name) ? headers[name] : undefined
  if (value === undefined) {
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === name) {
        value = headers[key]
        break
      }
    }
  }
  if (typeof value === "string") return value
  const first = value?.[0]
  return typeof first === "string" ? first : undefined
}
