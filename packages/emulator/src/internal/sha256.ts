/**
 * SHA-256 and HMAC-SHA256, synchronous and in plain JavaScript: file URLs are signed while a
 * response is built, in every runtime (WebCrypto is asynchronous, node:crypto is Node's).
 * HMAC starts from the key's pads already hashed, so a short message costs two blocks.
 */

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2
])

const initial = new Uint32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
])

const w = new Uint32Array(64)

/** Hashes the 64-byte block of `data` at `at` into `h`. */
const compress = (h: Uint32Array, data: Uint8Array, at: number): void => {
  for (let i = 0; i < 16; i++, at += 4)
    w[i] = ((data[at]! << 24) | (data[at + 1]! << 16) | (data[at + 2]! << 8) | data[at + 3]!) >>> 0
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15]!
    const b = w[i - 2]!
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3)
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10)
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) >>> 0
  }
  let a = h[0]!
  let b = h[1]!
  let c = h[2]!
  let d = h[3]!
  let e = h[4]!
  let f = h[5]!
  let g = h[6]!
  let k = h[7]!
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
    const t1 = (k + s1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0
    k = g
    g = f
    f = e
    e = (d + t1) | 0
    d = c
    c = b
    b = a
    a = (t1 + t2) | 0
  }
  h[0] = (h[0]! + a) >>> 0
  h[1] = (h[1]! + b) >>> 0
  h[2] = (h[2]! + c) >>> 0
  h[3] = (h[3]! + d) >>> 0
  h[4] = (h[4]! + e) >>> 0
  h[5] = (h[5]! + f) >>> 0
  h[6] = (h[6]! + g) >>> 0
  h[7] = (h[7]! + k) >>> 0
}

/** The digest of `data` hashed on from `state` (which has already taken `before` bytes). */
const finish = (state: Uint32Array, before: number, data: Uint8Array): Uint8Array => {
  const h = state.slice()
  const whole = data.length - (data.length % 64)
  for (let at = 0; at < whole; at += 64) compress(h, data, at)
  const rest = data.length - whole
  const tail = new Uint8Array(rest < 56 ? 64 : 128)
  tail.set(data.subarray(whole))
  tail[rest] = 0x80
  const bits = (before + data.length) * 8
  const end = tail.length
  const high = Math.floor(bits / 2 ** 32)
  for (let i = 0; i < 4; i++) {
    tail[end - 1 - i] = (bits >>> (8 * i)) & 0xff
    tail[end - 5 - i] = (high >>> (8 * i)) & 0xff
  }
  for (let at = 0; at < tail.length; at += 64) compress(h, tail, at)
  const out = new Uint8Array(32)
  for (let i = 0; i < 8; i++) {
    out[i * 4] = h[i]! >>> 24
    out[i * 4 + 1] = (h[i]! >>> 16) & 0xff
    out[i * 4 + 2] = (h[i]! >>> 8) & 0xff
    out[i * 4 + 3] = h[i]! & 0xff
  }
  return out
}

/** The SHA-256 digest of `data`. */
export const sha256 = (data: Uint8Array): Uint8Array => finish(initial, 0, data)

const encoder = new TextEncoder()

/** HMAC-SHA256 under `key` (RFC 2104): the key's two pads are hashed once. */
export const hmac = (key: Uint8Array) => {
  const block = new Uint8Array(64)
  block.set(key.length > 64 ? sha256(key) : key)
  const inner = initial.slice()
  const outer = initial.slice()
  compress(
    inner,
    block.map((b) => b ^ 0x36),
    0
  )
  compress(
    outer,
    block.map((b) => b ^ 0x5c),
    0
  )
  return (message: string): Uint8Array => finish(outer, 64, finish(inner, 64, encoder.encode(message)))
}

/** Lower-case hex. */
export const hex = (bytes: Uint8Array): string => {
  let out = ""
  for (const b of bytes) out += b.toString(16).padStart(2, "0")
  return out
}

/** base64url without padding. */
export const base64url = (bytes: Uint8Array): string => {
  let binary = ""
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "")
}
