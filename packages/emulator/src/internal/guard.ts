/**
 * What protects the control surface (issue 10.12): the Host a request names (against DNS
 * rebinding, a page on another name must not reach it), the control token (a custom header
 * no cross-site request can carry without a CORS preflight, which the emulator never
 * grants), and JSON-only bodies (a cross-site form can post `text/plain`).
 */
import type * as HttpServerRequest from "effect/http/HttpServerRequest"

/** The header that carries the control token. */
export const tokenHeader = "x-emulator-token"

/** The host name a request names, lower-cased and without its port: its Host, else its URL's host. */
export const hostName = (request: HttpServerRequest.HttpServerRequest): string => {
  let host = request.headers.host ?? ""
  // A web Request built in code carries no Host header; its URL names the host.
  if (host === "" && /^https?:\/\//i.test(request.originalUrl)) {
    try {
      host = new URL(request.originalUrl).host
    } catch {
      host = ""
    }
  }
  host = host.toLowerCase()
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1)
  const colon = host.indexOf(":")
  return colon === -1 ? host : host.slice(0, colon)
}

/** `localhost`, a `*.localhost` name, an address in 127.0.0.0/8, or IPv6 loopback. */
export const isLoopback = (name: string): boolean =>
  name === "localhost" ||
  name.endsWith(".localhost") ||
  /^127(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(name) ||
  name === "[::1]" ||
  name === "::1" ||
  name === "[::ffff:127.0.0.1]"

/** Compares in time that does not depend on where the strings differ. */
export const sameToken = (given: string, expected: string): boolean => {
  if (given.length !== expected.length) return false
  let diff = 0
  for (let i = 0; i < given.length; i++) diff |= given.charCodeAt(i) ^ expected.charCodeAt(i)
  return diff === 0
}

/** `application/json` or a `+json` type, with any parameters. */
export const isJson = (contentType: string): boolean => {
  const type = contentType.split(";")[0]!.trim().toLowerCase()
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"))
}
