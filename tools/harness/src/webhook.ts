/**
 * The webhook checks every adapter's suite runs against its receiver in its runtime (Node,
 * workerd, Deno), and the conformance app reuses: genuine, tampered, wrong-secret, unsigned,
 * rotated, duplicate, unknown-type, oversized and non-POST deliveries and HeyGen's OPTIONS probe, each with the answer
 * and the handler runs it must cause. Signs with its own few lines of WebCrypto, so a broken
 * signer in the library cannot agree with itself. Web APIs only.
 */

/** The secrets the receivers under test are configured with: the new one and the one before it. */
export const webhookSecrets = {
  current: "whsec_suite_current_0123456789",
  previous: "whsec_suite_previous_9876543210"
} as const

/** Lowercase hex HMAC-SHA256 of `body` under `secret`: HeyGen's `Signature` header. */
export const signBody = async (secret: string, body: string | Uint8Array): Promise<string> => {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"]
  )
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, bytes as Uint8Array<ArrayBuffer>))
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("")
}

const post = (url: string, body: string, headers: Record<string, string>) =>
  fetch(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } })

/**
 * Delivers each case to the receiver at `url` and lists how the outcome differs from what is
 * required: empty when every case holds. `handled` reads how many times the user's handler
 * has run so far.
 */
export const webhookProblems = async (
  url: string,
  handled: () => Promise<number>
): Promise<Array<string>> => {
  const problems: Array<string> = []
  const run = Math.random().toString(36).slice(2)
  const event = (id: string, type = "avatar_video.success") =>
    JSON.stringify({
      event_id: `${run}_${id}`,
      event_type: type,
      event_data: { video_id: `v_${id}`, callback_id: null }
    })
  const expect = async (
    name: string,
    send: () => Promise<Response>,
    status: number,
    ran: number,
    body?: Record<string, unknown>
  ) => {
    const before = await handled()
    const answer = await send()
    const text = await answer.text()
    const after = await handled()
    if (answer.status !== status)
      problems.push(`${name}: status ${answer.status}, expected ${status} (${text})`)
    if (after - before !== ran)
      problems.push(`${name}: the handler ran ${after - before} times, expected ${ran}`)
    for (const secret of Object.values(webhookSecrets))
      if (text.includes(secret)) problems.push(`${name}: the answer names a secret`)
    if (body !== undefined) {
      let json: Record<string, unknown> = {}
      try {
        json = JSON.parse(text)
      } catch {}
      for (const [k, v] of Object.entries(body))
        if (json[k] !== v)
          problems.push(`${name}: ${k} is ${JSON.stringify(json[k])}, expected ${JSON.stringify(v)}`)
    }
  }
  const valid = event("valid")
  const signature = await signBody(webhookSecrets.current, valid)
  // W1: a genuine delivery is handled once.
  await expect("valid", () => post(url, valid, { signature }), 200, 1, { received: true })
  // W2: tampered body, wrong secret, no signature: 401, nothing handled.
  await expect(
    "tampered body",
    () => post(url, valid.replace("v_valid", "v_forged"), { signature }),
    401,
    0,
    {
      reason: "BadSignature"
    }
  )
  const forged = event("forged")
  await expect(
    "wrong secret",
    async () => post(url, forged, { signature: await signBody("whsec_attacker", forged) }),
    401,
    0
  )
  await expect("no signature", () => post(url, forged, {}), 401, 0, { reason: "MissingHeader" })
  // W3: during a rotation the previous secret still verifies.
  const rotated = event("rotated")
  await expect(
    "previous secret",
    async () => post(url, rotated, { signature: await signBody(webhookSecrets.previous, rotated) }),
    200,
    1
  )
  // W6: the same event again is acknowledged, not handled again.
  await expect("duplicate", () => post(url, valid, { signature }), 200, 0, { duplicate: true })
  // W5: an event type the library doesn't know is still handled.
  const unknown = event("unknown", "avatar_video.teleported")
  await expect(
    "unknown type",
    async () => post(url, unknown, { signature: await signBody(webhookSecrets.current, unknown) }),
    200,
    1
  )
  // W4: a body over the bound (256 KiB) is refused unread.
  const big = JSON.stringify({
    event_type: "avatar_video.success",
    event_data: { video_id: "x".repeat(300 * 1024) }
  })
  await expect(
    "oversized",
    async () => post(url, big, { signature: await signBody(webhookSecrets.current, big) }),
    413,
    0
  )
  await expect("GET", () => fetch(url), 405, 0)
  // HeyGen probes an endpoint with OPTIONS when it is registered: answered, nothing handled.
  await expect("OPTIONS", () => fetch(url, { method: "OPTIONS" }), 200, 0)
  return problems
}
