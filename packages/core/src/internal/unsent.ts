/**
 * Whether a transport's failure shows the request never left the client: the connection
 * was refused or never made, or the host was not found. Node (fetch, undici, node:http)
 * carries a `code` on the error or its causes; Deno says so in the message. Anything else,
 * a reset or a timeout included, may have come after the request was sent.
 */
const unsentCodes: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_NONAME",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT"
])
const unsentMessage =
  /\b(?:ECONNREFUSED|ENOTFOUND|EAI_AGAIN)\b|connection refused|dns error|failed to lookup address/i

const get = (u: unknown, key: string): unknown => {
  try {
    return typeof u === "object" && u !== null ? (u as Readonly<Record<string, unknown>>)[key] : undefined
  } catch {
    return undefined
  }
}

export const neverSent = (cause: unknown, depth = 0): boolean => {
  if (depth > 4 || typeof cause !== "object" || cause === null) return false
  const code = get(cause, "code")
  if (typeof code === "string" && unsentCodes.has(code)) return true
  const message = get(cause, "message")
  if (typeof message === "string" && unsentMessage.test(message)) return true
  // Dual-stack connects fail with one error per address: unsent only if every one is.
  const errors = get(cause, "errors")
  if (Array.isArray(errors) && errors.length > 0 && errors.every((e) => neverSent(e, depth + 1))) return true
  return neverSent(get(cause, "cause"), depth + 1)
}
