import { assert, describe, it } from "@effect/vitest"
import * as Catalog from "@effect-heygen/core/Catalog"
import * as fc from "fast-check"
import * as Emulator from "../src/Emulator.ts"
import { ids, keys } from "../src/Fixtures.ts"

const paths = [
  "/v2/video/generate",
  "/v1/video_status.get",
  "/v1/video.delete",
  "/v2/avatars",
  "/v2/voices",
  "/v2/templates",
  `/v2/template/${ids.publicTemplate}`,
  `/v2/template/${ids.otherPrivateTemplate}/generate`,
  "/v1/asset",
  "/v2/video_translate",
  "/v2/video_translate/tr_x",
  "/v1/video_agent/generate",
  "/v2/user/remaining_quota",
  "/v2/organization/members",
  "/__emulator/state"
]
const headerNames = [
  "x-api-key",
  "content-type",
  "x-emulator-error",
  "x-request-id",
  "x-emulator-fault",
  "retry-after"
]
const headerValues = fc.oneof(
  fc.constantFrom(
    ...Object.values(keys),
    ...Catalog.entries.map((e) => e.code),
    "malformed",
    "defect",
    "application/json"
  ),
  fc.string({ maxLength: 40 })
)
const request = fc.record({
  method: fc.constantFrom("GET", "POST", "DELETE", "PUT", "PATCH"),
  path: fc.oneof(fc.constantFrom(...paths), fc.webPath()),
  query: fc.oneof(
    fc.constant(""),
    fc.constantFrom("?video_id=vid_other_0001", "?video_id=", "?video_id=%00"),
    fc.webQueryParameters().map((q) => `?${q}`)
  ),
  headers: fc.dictionary(fc.constantFrom(...headerNames), headerValues, { maxKeys: 4 }),
  body: fc.oneof(
    fc.constant(undefined),
    fc.json({ maxDepth: 3 }),
    fc.string({ maxLength: 200 }),
    fc.jsonValue().map((v) => JSON.stringify({ video_inputs: [v] }))
  )
})

const envelopeKeys = (error: Record<string, unknown>) => Object.keys(error).filter((k) => k !== "param")

describe("Emulator properties", () => {
  it("E1–E4/S2: every non-2xx answer to a random request is a contract envelope, with no stack or internal detail", async () => {
    const handler = await Emulator.toWebHandler({
      control: false,
      rateLimit: { capacity: 10_000, refillPerSecond: 0 }
    })
    await fc.assert(
      fc.asyncProperty(request, async ({ method, path, query, headers, body }) => {
        if (headers["x-emulator-fault"] === "hang") return
        const withBody = method !== "GET" && body !== undefined
        const response = await handler(
          new Request(`http://emulator.test${path.startsWith("/") ? path : `/${path}`}${query}`, {
            method,
            headers,
            ...(withBody ? { body } : {})
          })
        )
        const text = await response.text().catch(() => "")
        if (response.status < 300 && response.status >= 200) return
        assert.strictEqual(response.headers.get("content-type"), "application/json; charset=utf-8")
        assert.isNotNull(response.headers.get("x-request-id"))
        const envelope = JSON.parse(text) as { error: Record<string, unknown> }
        assert.deepStrictEqual(Object.keys(envelope), ["error"])
        assert.deepStrictEqual(envelopeKeys(envelope.error), ["code", "message", "doc_url"])
        const code = String(envelope.error.code)
        const entry = Catalog.get(code)
        // Unknown routes answer 404 `not_found`; a forced code outside the catalog answers 400.
        assert.strictEqual(response.status, entry?.status ?? (code === "not_found" ? 404 : 400), code)
        // A 500 only where one was asked for: no request may reach a defect by itself (rule E7).
        if (code === "internal_error") {
          assert.isTrue(
            headers["x-emulator-fault"] === "defect" || headers["x-emulator-error"] === "internal_error",
            text
          )
        }
        if (code === "rate_limit_exceeded")
          assert.match(response.headers.get("retry-after") ?? "", /^[1-9]\d*$/)
        for (const leak of ["Error:", "node_modules", ".ts:", "stack", "forced defect"]) {
          assert.notInclude(text, leak)
        }
        // A stack frame, not the words " at " (E6 messages may quote the random input back).
        assert.notMatch(text, /\bat (?:\S+ \()?(?:file:|node:|\/)\S*:\d+:\d+/)
      }),
      { numRuns: 400 }
    )
  })
})
