/**
 * The checks every adapter's own test suite runs in its runtime (Node, workerd, Deno):
 * the emulator's 16 forced errors served exactly, the 16 decoded by the adapter's client,
 * and a scripted rate limit to retry through. Web APIs only, so a worker bundle and a
 * Deno test can import it as well as vitest.
 */
import * as Catalog from "@effect-heygen/core/Catalog"
import { HeyGenClient } from "@effect-heygen/core/HeyGenClient"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"

/**
 * The emulator's fixture key of the paid account (`Fixtures.keys.paid`), spelled out: the
 * harness builds before the emulator, which depends on the api package, whose tests use the
 * harness.
 */
const keys = { paid: "hg_paid_0001" } as const

/** The control token the adapter suites' emulators are made with (`X-Emulator-Token`). */
export const controlToken = "adapter-suite-control-token"

/** Each code's tag, as the client must decode it. */
export const expectedTags: Readonly<Record<string, string>> = Object.fromEntries(
  Catalog.entries.map((entry) => [entry.code, entry.tag])
)

/**
 * Asks the emulator at `url` for each code (`X-Emulator-Error`) and lists every way an
 * answer differs from the exact status, headers and body: empty when all 16 are exact.
 */
export const servedProblems = async (url: string): Promise<Array<string>> => {
  const problems: Array<string> = []
  const expect = (code: string, what: string, got: unknown, want: unknown) => {
    if (JSON.stringify(got) !== JSON.stringify(want))
      problems.push(`${code} ${what}: ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`)
  }
  for (const entry of Catalog.entries) {
    const response = await fetch(`${url}/v2/avatars`, {
      headers: { "x-api-key": keys.paid, "x-emulator-error": entry.code, "x-request-id": "rid-adapter" }
    })
    const body = (await response.json()) as { error: Record<string, string> }
    expect(entry.code, "status", response.status, entry.status)
    expect(
      entry.code,
      "content-type",
      response.headers.get("content-type"),
      "application/json; charset=utf-8"
    )
    expect(entry.code, "x-request-id", response.headers.get("x-request-id"), "rid-adapter")
    expect(
      entry.code,
      "retry-after",
      response.headers.get("retry-after"),
      entry.code === "rate_limit_exceeded" ? "1" : null
    )
    expect(entry.code, "members", Object.keys(body.error), ["code", "message", "doc_url"])
    expect(entry.code, "code", body.error.code, entry.code)
    expect(entry.code, "doc_url", body.error.doc_url, Catalog.docUrl(entry.code))
  }
  return problems
}

/** Each code forced on the emulator, decoded by the client in context: code → tag. */
export const decodedTags: Effect.Effect<Record<string, string>, never, HeyGenClient> = Effect.gen(
  function* () {
    const client = yield* HeyGenClient
    const tags: Record<string, string> = {}
    for (const entry of Catalog.entries) {
      const exit = yield* Effect.exit(
        client.request({
          method: "GET",
          path: "/v2/avatars",
          headers: { "x-emulator-error": entry.code },
          success: Schema.Unknown,
          retry: false
        })
      )
      const error = Exit.isFailure(exit) ? Exit.findErrorOption(exit) : undefined
      tags[entry.code] = error?._tag === "Some" ? error.value._tag : "none"
    }
    return tags
  }
)

/** Makes the emulator at `url` answer the paid key's next quota request with a 429 (Retry-After: 1). */
export const scriptRateLimit = (url: string): Promise<unknown> =>
  fetch(`${url}/__emulator/script`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-emulator-token": controlToken },
    body: JSON.stringify({
      code: "rate_limit_exceeded",
      times: 1,
      key: keys.paid,
      path: "/v2/user/remaining_quota"
    })
  }).then((response) => response.text())

/**
 * A call through the client in context to a server that answers with a redirect: how it
 * failed (the client must not follow it: `UnexpectedResponse` with the 3xx status).
 */
export const redirectOutcome: Effect.Effect<{ tag?: string; status?: number }, never, HeyGenClient> =
  Effect.gen(function* () {
    const client = yield* HeyGenClient
    const exit = yield* Effect.exit(
      client.request({ method: "GET", path: "/v2/avatars", success: Schema.Unknown, retry: false })
    )
    const error = Exit.isFailure(exit) ? Exit.findErrorOption(exit) : undefined
    if (error?._tag !== "Some") return {}
    return { tag: error.value._tag, ...("status" in error.value ? { status: error.value.status } : {}) }
  })

/** What the adapters' v3 round trips read back from the emulator's state. */
export interface EmulatorState {
  readonly accounts: Readonly<Record<string, { readonly credits: number }>>
  /** Remembered `Idempotency-Key`s by `account method path key`; `status` is `null` while in flight. */
  readonly idempotency: Readonly<Record<string, { readonly status: number | null; readonly body: string }>>
}

/** The state of the emulator at `url` (`GET /__emulator/state`, with the suites' control token). */
export const emulatorState = async (url: string): Promise<EmulatorState> => {
  const response = await fetch(`${url}/__emulator/state`, { headers: { "x-emulator-token": controlToken } })
  if (!response.ok) throw new Error(`GET /__emulator/state: ${response.status} ${await response.text()}`)
  return ((await response.json()) as { data: EmulatorState }).data
}

/**
 * The emulator's record of one `POST /v3/videos` for the paid account: the key as the
 * emulator saw it, with the answer it will replay (`undefined` when it saw no such key).
 */
export const videoCreateRecord = (state: EmulatorState, key: string) =>
  state.idempotency[`acct_paid POST /v3/videos ${key}`]

/** The paid account's balance. */
export const paidCredits = (state: EmulatorState): number => state.accounts.acct_paid?.credits ?? Number.NaN

/**
 * What an adapter's v3 round trip reports from inside its runtime (plain JSON): a video
 * created with a given `Idempotency-Key` and created again with it, got back, found by a
 * list walked two at a time (page by page and as a stream), and two natural errors caught
 * by tag.
 */
export interface RoundTrip {
  readonly key: string
  readonly created: string
  readonly repeated: string
  readonly got: { readonly id: string; readonly status: string }
  readonly pages: number
  readonly listed: ReadonlyArray<string>
  readonly streamed: ReadonlyArray<string>
  /** `Videos.get` of a missing id, caught with `catchTag("VideoNotFound")`. */
  readonly notFound: { readonly tag: string; readonly status: number | undefined }
  /** A create with the broke key, caught with `catchTag("InsufficientCredit")`. */
  readonly broke: {
    readonly tag: string
    readonly available: number | undefined
    readonly required: number | undefined
  }
}

/** The three videos a round trip creates, in order (1 credit each: scripts under 100 characters). */
export const roundTripScripts = ["The round trip.", "A second video.", "A third video."] as const

/** The script a broke account (2 credits) cannot pay for: 4 credits. */
export const tooDearScript = "x".repeat(350)

/**
 * Every way a round trip differs from what the emulator at `before`/`after` says happened:
 * empty when the video was made once (one key remembered, three credits spent for three
 * videos, the repeat replayed), got back, listed on two pages, and both errors caught.
 */
export const roundTripProblems = (trip: RoundTrip, before: EmulatorState, after: EmulatorState) => {
  const problems: Array<string> = []
  const expect = (what: string, got: unknown, want: unknown) => {
    if (JSON.stringify(got) !== JSON.stringify(want))
      problems.push(`${what}: ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`)
  }
  const record = videoCreateRecord(after, trip.key)
  expect("the key's record: status", record?.status, 200)
  expect("the key's record names the video", record?.body.includes(`"${trip.created}"`), true)
  expect("the repeat with the same key", trip.repeated, trip.created)
  expect("credits spent (three videos, the repeat free)", paidCredits(before) - paidCredits(after), 3)
  expect("got back", trip.got.id, trip.created)
  expect("its status is known", ["pending", "processing", "completed"].includes(trip.got.status), true)
  expect("pages of 2", trip.pages, 2)
  expect("listed: three videos, each once", new Set(trip.listed).size === 3 && trip.listed.length === 3, true)
  expect("listed: the created one", trip.listed.includes(trip.created), true)
  expect("streamed as listed", trip.streamed, trip.listed)
  expect("not found", trip.notFound, { tag: "VideoNotFound", status: 404 })
  expect("broke", trip.broke, { tag: "InsufficientCredit", available: 2, required: 4 })
  return problems
}
