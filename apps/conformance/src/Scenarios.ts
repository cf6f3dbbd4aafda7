/**
 * Retry scenarios (the R rules, with short real waits): the replay server answers a
 * scenario's requests with its responses in turn (the last one repeats); the probe calls it
 * through the client with the default policy and reports the outcome.
 */
export interface Reply {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

export interface Scenario {
  readonly rules: ReadonlyArray<string>
  readonly note: string
  readonly method: "GET" | "POST"
  readonly idempotencyKey?: true
  /** `/v3`: the scenario's path is under v3, whose mutations honor `Idempotency-Key`. */
  readonly route?: "/v3"
  /** Per-call retry options, as plain data (milliseconds). */
  readonly retry?: { readonly deadline?: number }
  readonly replies: ReadonlyArray<Reply>
  readonly expected: {
    /** `success`, the tag it fails with, or `failure` for any tag. */
    readonly outcome: string
    readonly attempts: number
    readonly minElapsedMs?: number
    readonly maxElapsedMs?: number
    readonly retryAfterMs?: number
    /** Every attempt carried the same, non-empty Idempotency-Key. */
    readonly sameKey?: true
  }
}

const json = { "content-type": "application/json" }
const error = (status: number, code: string, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { ...json, ...headers },
  body: JSON.stringify({ error: { code, message: `conformance ${code}` } })
})
const ok: Reply = { status: 200, headers: json, body: '{"error":null,"data":{"ok":true}}' }
const rateLimited = (seconds: number) => error(429, "rate_limit_exceeded", { "retry-after": String(seconds) })
const internal = error(500, "internal_error")

export const scenarios: Readonly<Record<string, Scenario>> = {
  "after-wait": {
    rules: ["R2", "C3"],
    note: "429 with Retry-After: 1, then 200: retried after at least a second",
    method: "GET",
    replies: [rateLimited(1), ok],
    expected: { outcome: "success", attempts: 2, minElapsedMs: 950 }
  },
  "after-wait-post": {
    rules: ["C3"],
    note: "after-wait retries any method, a POST without a key included",
    method: "POST",
    replies: [rateLimited(1), ok],
    expected: { outcome: "success", attempts: 2, minElapsedMs: 950 }
  },
  "transient-get": {
    rules: ["R1", "C3"],
    note: "500 twice, then 200, on a GET: three attempts",
    method: "GET",
    replies: [internal, internal, ok],
    expected: { outcome: "success", attempts: 3 }
  },
  "transient-exhausted": {
    rules: ["R1"],
    note: "500 every time: at most 2 retries",
    method: "GET",
    replies: [internal],
    expected: { outcome: "InternalError", attempts: 3 }
  },
  never: {
    rules: ["R1", "C3"],
    note: "insufficient_credit is never retried",
    method: "GET",
    replies: [error(402, "insufficient_credit"), ok],
    expected: { outcome: "InsufficientCredit", attempts: 1 }
  },
  "post-without-key": {
    rules: ["R4", "C3"],
    note: "a POST without an Idempotency-Key is not retried on a transient error",
    method: "POST",
    replies: [internal, ok],
    expected: { outcome: "InternalError", attempts: 1 }
  },
  "post-with-key": {
    rules: ["R4"],
    note: "a v3 POST with an Idempotency-Key (v3 honors it) is retried, with the same key",
    method: "POST",
    idempotencyKey: true,
    route: "/v3",
    replies: [internal, ok],
    expected: { outcome: "success", attempts: 2, sameKey: true }
  },
  "post-with-key-legacy": {
    rules: ["R4"],
    note: "a v1/v2 POST with an Idempotency-Key is not retried on a transient error: nothing says v1/v2 honor it",
    method: "POST",
    idempotencyKey: true,
    replies: [internal, ok],
    expected: { outcome: "InternalError", attempts: 1 }
  },
  deadline: {
    rules: ["R3"],
    note: "500 every time with a 1 s deadline: attempts and waits stop within it",
    method: "GET",
    retry: { deadline: 1000 },
    replies: [internal],
    expected: { outcome: "failure", attempts: 2, maxElapsedMs: 1400 }
  },
  "retry-after-too-long": {
    rules: ["R2"],
    note: "Retry-After above maxRetryAfter (60 s): fail at once, retryAfter says how long",
    method: "GET",
    replies: [rateLimited(120), ok],
    expected: { outcome: "RateLimitExceeded", attempts: 1, maxElapsedMs: 1000, retryAfterMs: 120_000 }
  }
}
