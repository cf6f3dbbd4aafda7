/**
 * HeyGen's webhook signature, in one place (see docs/spec/HEYGEN-V3.md, "webhooks"): the
 * `Signature` header carries the lowercase hex HMAC-SHA256 of the raw request body, keyed
 * with the endpoint's secret (the whole `whsec_…` string, UTF-8). No timestamp is signed.
 *
 * If HeyGen's page says otherwise, this module is the one to change: the verifier, the
 * adapters, the emulator and the bench all sign and check through it.
 */

/** The header the signature travels in (lowercase: how `Headers` and node:http name it). */
export const header = "signature"

/**
 * Where a receiver looks for it, in order: `Signature`, then `X-HeyGen-Signature` — the name
 * several public receivers of HeyGen's webhooks read (HEYGEN-V3.md, "webhooks": the header's
 * name is not confirmed). Both carry the same HMAC, so accepting either weakens nothing.
 */
export const headers = ["signature", "x-heygen-signature"] as const

const encoder = /* @__PURE__ */ new TextEncoder()

/** The bytes HMAC is computed over: the body exactly as it came. */
export const bytesOf = (body: Uint8Array | string): Uint8Array<ArrayBuffer> =>
  typeof body === "string" ? encoder.encode(body) : (body as Uint8Array<ArrayBuffer>)

/** An HMAC-SHA256 key for `secret`, able to sign and verify. */
export const importKey = (secret: string): Promise<CryptoKey> =>
  crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify"
  ])

const hexDigits = "0123456789abcdef"

/** Lowercase hex of `bytes`. */
export const toHex = (bytes: Uint8Array): string => {
  let out = ""
  for (let i = 0; i < bytes.length; i++) out += hexDigits[bytes[i]! >> 4]! + hexDigits[bytes[i]! & 15]!
  return out
}

/** 32 bytes from 64 hex digits (either case); `undefined` for anything else. */
export const fromHex = (hex: string): Uint8Array<ArrayBuffer> | undefined => {
  if (hex.length !== 64) return undefined
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i++) {
    const hi = nibble(hex.charCodeAt(2 * i))
    const lo = nibble(hex.charCodeAt(2 * i + 1))
    if (hi < 0 || lo < 0) return undefined
    out[i] = (hi << 4) | lo
  }
  return out
}

const nibble = (c: number): number =>
  c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1

/** The signature of `body` under `key`, as the header carries it. */
export const sign = async (key: CryptoKey, body: Uint8Array | string): Promise<string> =>
  toHex(new Uint8Array(await crypto.subtle.sign("HMAC", key, bytesOf(body))))

/**
 * Whether `signature` (the header's bytes) is `body`'s under `key`. WebCrypto's HMAC verify
 * compares in constant time, so nothing about a near miss leaks through timing.
 */
export const verify = (key: CryptoKey, body: Uint8Array<ArrayBuffer>, signature: Uint8Array<ArrayBuffer>) =>
  crypto.subtle.verify("HMAC", key, signature, body)
