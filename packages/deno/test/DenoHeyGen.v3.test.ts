// Run by `deno test` (scripts/deno-test.mjs). Issue #12: the v3 API (`@effect-heygen/api`)
// over the Deno adapter's client in the real Deno runtime, against the emulator on Deno.serve.
import * as HeyGenTransport from "@effect-heygen/api/HeyGenTransport"
import * as Videos from "@effect-heygen/api/Videos"
import * as Emulator from "@effect-heygen/emulator/Emulator"
import { ids, keys } from "@effect-heygen/emulator/Fixtures"
import {
  controlToken,
  emulatorState,
  type RoundTrip,
  roundTripProblems,
  roundTripScripts,
  tooDearScript
} from "@effect-heygen/harness/adapter"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as DenoHeyGen from "../src/DenoHeyGen.ts"

/** The v3 transport over the Deno adapter's client, configured from `Deno.env` (and `apiKey` over it). */
const v3 = (apiKey?: string) =>
  HeyGenTransport.layer.pipe(
    Layer.provide(
      DenoHeyGen.layer({
        retry: { baseDelay: 1 },
        ...(apiKey === undefined ? {} : { apiKey: Redacted.make(apiKey) })
      })
    )
  )

const say = (script: string): Videos.CreateBody => ({
  type: "avatar",
  avatar_id: ids.publicAvatar,
  voice_id: ids.publicVoice,
  script
})

/** A create the broke account (2 credits) cannot pay for, caught by its tag. */
const tooDear = Videos.create(say(tooDearScript)).pipe(
  Effect.as({
    tag: "none",
    available: undefined as number | undefined,
    required: undefined as number | undefined
  }),
  Effect.catchTag("InsufficientCredit", (e) =>
    Effect.succeed({ tag: e._tag, available: e.available, required: e.required })
  )
)

/** The round trip as user code writes it: create, create again with the key, get, list, catch. */
const roundTrip = Effect.gen(function* () {
  const key = `deno-round-trip-${crypto.randomUUID()}`
  const created = yield* Videos.create(say(roundTripScripts[0]), { idempotencyKey: key })
  const repeated = yield* Videos.create(say(roundTripScripts[0]), { idempotencyKey: key })
  const got = yield* Videos.get(created.video_id)
  for (const script of roundTripScripts.slice(1)) yield* Videos.create(say(script))
  const listed: Array<string> = []
  let pages = 0
  let token: string | undefined
  do {
    const page = yield* Videos.list({ limit: 2, ...(token === undefined ? {} : { token }) })
    pages++
    listed.push(...page.data.map((video) => video.id))
    token = page.has_more === true ? (page.next_token ?? undefined) : undefined
  } while (token !== undefined && pages < 10)
  const streamed = yield* Stream.runCollect(Stream.map(Videos.listAll({ limit: 2 }), (video) => video.id))
  const notFound = yield* Videos.get("vid_never_made").pipe(
    Effect.as({ tag: "none", status: undefined as number | undefined }),
    Effect.catchTag("VideoNotFound", (e) => Effect.succeed({ tag: e._tag, status: e.status }))
  )
  return {
    key,
    created: created.video_id,
    repeated: repeated.video_id,
    got: { id: got.id, status: got.status },
    pages,
    listed,
    streamed,
    notFound
  }
})

Deno.test("issue #12: create → get → list round trip in Deno; the key charged once (M26); VideoNotFound and InsufficientCredit caught by tag", async () => {
  const problems = await Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const { url } = yield* DenoHeyGen.serve(yield* Emulator.make({ control: true, controlToken }))
        Deno.env.set("HEYGEN_API_KEY", keys.paid)
        Deno.env.set("HEYGEN_BASE_URL", url)
        const before = yield* Effect.promise(() => emulatorState(url))
        // Each program gets its own client: a nested provide would reuse the outer (memoized) layer.
        const trip: RoundTrip = {
          ...(yield* Effect.provide(roundTrip, v3())),
          broke: yield* Effect.provide(tooDear, v3(keys.broke))
        }
        const after = yield* Effect.promise(() => emulatorState(url))
        return roundTripProblems(trip, before, after)
      })
    )
  )
  if (problems.length > 0) throw new Error(problems.join("\n"))
})
