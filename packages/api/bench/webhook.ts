/**
 * Webhook verifications per second: `Webhook.make(...).verify` (signature over the raw
 * bytes, JSON decode, typed event, duplicate lookup) against a hand-written check with
 * crypto.subtle (hex-decode the header, `subtle.verify`, `JSON.parse`) over the same
 * deliveries. Interleaved rounds, so load on the shared machine hits both alike; the
 * median of the per-round ratios is reported. Run: `node bench/webhook.ts` (in packages/api).
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Webhook from "../src/Webhook.ts"

const rounds = Number(process.env.ROUNDS ?? 15)
const perRound = Number(process.env.PER_ROUND ?? 2000)
const secret = "whsec_bench_0123456789abcdef0123456789"

const encoder = new TextEncoder()
const key = await crypto.subtle.importKey(
  "raw",
  encoder.encode(secret),
  { name: "HMAC", hash: "SHA-256" },
  false,
  ["sign", "verify"]
)
const hexOf = (bytes: ArrayBuffer) =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("")

// 64 distinct deliveries of a realistic size (~300 bytes), as raw bytes with their header.
const deliveries = await Promise.all(
  Array.from({ length: 64 }, async (_, i) => {
    const body = encoder.encode(
      JSON.stringify({
        event_id: `evt_vid_${i.toString().padStart(6, "0")}_success`,
        event_type: "avatar_video.success",
        event_data: {
          video_id: `vid_${i}`,
          url: `https://resource.heygen.ai/video/${i}/output.mp4?Expires=1790000000&Signature=abcdef0123456789`,
          callback_id: `order-${i}`
        }
      })
    )
    return { body, signature: hexOf(await crypto.subtle.sign("HMAC", key, body)) }
  })
)

/** The baseline: what a careful hand-written receiver does. */
const handWritten = async (body: Uint8Array<ArrayBuffer>, header: string) => {
  const signature = new Uint8Array(32)
  for (let i = 0; i < 32; i++) signature[i] = Number.parseInt(header.slice(2 * i, 2 * i + 2), 16)
  if (!(await crypto.subtle.verify("HMAC", key, signature, body))) throw new Error("bad signature")
  return JSON.parse(new TextDecoder().decode(body))
}

const verifier = Webhook.make({ secrets: Redacted.make(secret) })
const library = (body: Uint8Array, header: string) =>
  Effect.runPromise(verifier.verify(body, { signature: header }))

const time = async (f: (body: Uint8Array<ArrayBuffer>, header: string) => Promise<unknown>) => {
  const started = performance.now()
  for (let i = 0; i < perRound; i++) {
    const d = deliveries[i % deliveries.length]!
    await f(d.body, d.signature)
  }
  return perRound / ((performance.now() - started) / 1000)
}

// Warm both paths (JIT, key import) before measuring.
await time(handWritten)
await time(library)
const ratios: Array<number> = []
const rates = { handWritten: [] as Array<number>, library: [] as Array<number> }
for (let r = 0; r < rounds; r++) {
  // Alternate which goes first, so neither always follows the other's garbage.
  const [a, b] = r % 2 === 0 ? [await time(handWritten), await time(library)] : [0, 0]
  const [c, d] = r % 2 === 1 ? [await time(library), await time(handWritten)] : [0, 0]
  const hand = a || d
  const lib = b || c
  rates.handWritten.push(hand)
  rates.library.push(lib)
  ratios.push(lib / hand)
}
const median = (xs: Array<number>) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!
const result = {
  rounds,
  perRound,
  handWrittenPerSecond: Math.round(median(rates.handWritten)),
  libraryPerSecond: Math.round(median(rates.library)),
  ratio: Number(median(ratios).toFixed(3)),
  target: 0.8
}
console.log(JSON.stringify(result, null, 2))
if (result.ratio < result.target) process.exitCode = 1
