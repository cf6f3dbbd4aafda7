/**
 * Decodes per second over the 16 documented error bodies: a hand-written
 * JSON.parse + switch baseline, our decoder, openai-node's APIError.generate and
 * stripe-node's error generation, each given the same status, Headers and body text.
 */
import { APIError } from "openai/error"
import Stripe from "stripe"
import * as Catalog from "../src/Catalog.ts"
import * as ErrorDecoder from "../src/ErrorDecoder.ts"
import { compare, formatRate, table } from "./harness.ts"

const inputs = Catalog.entries.map((e) => ({
  status: e.status,
  headers: new Headers({ "content-type": "application/json", "x-request-id": "req_123", "retry-after": "2" }),
  body: JSON.stringify({
    error: {
      code: e.code,
      message:
        e.code === "insufficient_credit"
          ? "Your account has 5 credits but this video requires 10 credits."
          : `Something about ${e.code}.`,
      ...(e.code === "invalid_parameter" ? { param: "video_inputs[0].voice.voice_id" } : {}),
      doc_url: Catalog.docUrl(e.code)
    }
  })
}))

// What a careful hand-written client does: parse, switch on the code, build a plain object.
const handWritten = (status: number, headers: Headers, body: string) => {
  let json: { error?: { code?: unknown; message?: unknown; param?: unknown; doc_url?: unknown } }
  try {
    json = JSON.parse(body)
  } catch {
    return { tag: "Unexpected", status }
  }
  const e = json.error
  const requestId = headers.get("x-request-id")
  switch (e?.code) {
    case "unauthorized":
    case "forbidden":
    case "resource_access_denied":
    case "rate_limit_exceeded":
    case "quota_exceeded":
    case "insufficient_credit":
    case "trial_limit_exceeded":
    case "plan_upgrade_required":
    case "video_not_found":
    case "avatar_not_found":
    case "voice_not_found":
    case "template_not_found":
    case "asset_not_found":
    case "invalid_parameter":
    case "video_delete_failed":
    case "internal_error":
      return { tag: e.code, status, message: e.message, param: e.param, docUrl: e.doc_url, requestId }
    default:
      return { tag: "Unknown", status, requestId }
  }
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

// stripe-node's response handler: parse, attach status, headers and request id, generate.
const stripeGenerate = Stripe.errors.StripeError.generate
const headerRecord = (headers: Headers) => Object.fromEntries(headers)

let i = 0
const next = () => inputs[i++ & 15]!

export const run = () => {
  const results = compare([
    {
      name: "hand-written JSON.parse + switch",
      run: () => {
        const x = next()
        return handWritten(x.status, x.headers, x.body)
      }
    },
    {
      name: "@effect-heygen/core ErrorDecoder.decode",
      run: () => ErrorDecoder.decode(next())
    },
    {
      name: "openai-node APIError.generate",
      run: () => {
        const x = next()
        const json = safeJson(x.body)
        return APIError.generate(
          x.status,
          json as object | undefined,
          json === undefined ? x.body : undefined,
          x.headers
        )
      }
    },
    {
      name: "stripe-node StripeError.generate",
      run: () => {
        const x = next()
        const json = safeJson(x.body) as { error: Record<string, unknown> }
        const headers = headerRecord(x.headers)
        return stripeGenerate({
          ...json.error,
          headers,
          statusCode: x.status,
          requestId: headers["x-request-id"]
        } as Parameters<typeof stripeGenerate>[0])
      }
    }
  ])
  const openai = results.find((r) => r.name.startsWith("openai"))!.opsPerSecond
  const ours = results.find((r) => r.name.startsWith("@effect-heygen"))!.opsPerSecond
  const baseline = results[0]!.opsPerSecond
  console.log("\n### Decode: 16 documented error bodies, round-robin\n")
  console.log(
    table(
      ["decoder", "rate", "× hand-written", "× openai-node"],
      results.map((r) => [
        r.name,
        formatRate(r.opsPerSecond),
        (r.opsPerSecond / baseline).toFixed(2),
        (r.opsPerSecond / openai).toFixed(2)
      ])
    )
  )
  const ratio = ours / openai
  console.log(`\nours / openai-node = ${ratio.toFixed(2)}× (target ≥ 2×): ${ratio >= 2 ? "met" : "NOT met"}`)
  return { ratio }
}
