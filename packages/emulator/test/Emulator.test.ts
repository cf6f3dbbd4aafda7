import * as fs from "node:fs"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import * as Catalog from "@effect-heygen/core/Catalog"
import type * as HeyGenApi from "@effect-heygen/core/HeyGenApi"
import type * as HeyGenClient from "@effect-heygen/core/HeyGenClient"
import type * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Emulator from "../src/Emulator.ts"
import { ids, keys } from "../src/Fixtures.ts"
import { clientFor, control, raw, serveEmulator } from "./utils/emulator.ts"

const say = (
  text: string,
  voice_id: string = ids.publicVoice
): HeyGenApi.VideoGenerateRequest["video_inputs"][number] => ({
  character: { type: "avatar", avatar_id: ids.publicAvatar },
  voice: { type: "text", voice_id, input_text: text }
})
const video = (overrides: Partial<HeyGenApi.VideoGenerateRequest> = {}): HeyGenApi.VideoGenerateRequest => ({
  video_inputs: [say("Hello from the emulator.")],
  ...overrides
})
const members = { method: "GET", path: "/v2/organization/members", success: Schema.Unknown } as const

/**
 * How to reach each documented error by behaving like a user (rules M1–M16). The
 * `doing` text is the README's "to get error X, do Y" row, word for word.
 */
interface HowTo {
  readonly code: Catalog.Code
  readonly rule: string
  readonly doing: string
  /** The error the behaviour ends in (failing the test when it succeeds). */
  readonly run: (url: string) => Effect.Effect<HeyGenError.HeyGenError, unknown, Scope.Scope>
}

const attempt = <A>(
  url: string,
  key: string,
  f: (client: HeyGenClient.Service) => Effect.Effect<A, HeyGenError.HeyGenError>
) => Effect.flatMap(clientFor(url, key), (client) => Effect.flip(f(client)))

/** Calls `f` up to `times` times, stopping at the first failure: that failure. */
const repeatUntilFailure = <A>(
  url: string,
  key: string,
  times: number,
  f: (client: HeyGenClient.Service) => Effect.Effect<A, HeyGenError.HeyGenError>
) =>
  Effect.flatMap(clientFor(url, key), (client) =>
    // The first call, then up to `times - 1` more while they succeed.
    Effect.flip(Effect.repeat(f(client), { times: times - 1 }))
  )

const howTo: ReadonlyArray<HowTo> = [
  {
    code: "unauthorized",
    rule: "M1",
    doing: "Send no `X-Api-Key`, an unknown one, or the `expired` / `revoked` fixture key.",
    run: (url) => attempt(url, keys.expired, (c) => c.listAvatars())
  },
  {
    code: "forbidden",
    rule: "M2",
    doing: "Call `GET /v2/organization/members` with the organization's `member` key.",
    run: (url) => attempt(url, keys.member, (c) => c.request(members))
  },
  {
    code: "resource_access_denied",
    rule: "M3",
    doing:
      'Ask for another account\'s video, asset or private template: `getVideoStatus("vid_other_0001")` with the `paid` key.',
    run: (url) => attempt(url, keys.paid, (c) => c.getVideoStatus(ids.otherVideo))
  },
  {
    code: "rate_limit_exceeded",
    rule: "M4",
    doing:
      "Call one endpoint more than 60 times a minute with one key, or start a 4th render while 3 run on the `paid` plan.",
    run: (url) => repeatUntilFailure(url, keys.paid, 61, (c) => c.listVoices())
  },
  {
    code: "quota_exceeded",
    rule: "M5",
    doing: "Make a 4th video-agent request in one period with the `free` key.",
    run: (url) =>
      repeatUntilFailure(url, keys.free, 4, (c) => c.generateVideoAgent({ prompt: "A launch teaser" }))
  },
  {
    code: "insufficient_credit",
    rule: "M6",
    doing:
      "Generate a non-test video whose script costs more than the balance: 350 characters (4 credits) with the `broke` key (2 credits).",
    run: (url) =>
      attempt(url, keys.broke, (c) => c.generateVideo(video({ video_inputs: [say("x".repeat(350))] })))
  },
  {
    code: "trial_limit_exceeded",
    rule: "M7",
    doing: "Generate a 4th non-test video with the `trial` key.",
    run: (url) => repeatUntilFailure(url, keys.trial, 4, (c) => c.generateVideo(video()))
  },
  {
    code: "plan_upgrade_required",
    rule: "M8",
    doing:
      "Use the premium avatar `Premium-Ava-2024`, or a dimension above the plan's maximum (e.g. 3840 wide on `paid`).",
    run: (url) =>
      attempt(url, keys.paid, (c) =>
        c.generateVideo(
          video({
            video_inputs: [{ ...say("Hi"), character: { type: "avatar", avatar_id: ids.premiumAvatar } }]
          })
        )
      )
  },
  {
    code: "video_not_found",
    rule: "M9",
    doing: "Ask for the status of an id that never existed, or of a deleted video.",
    run: (url) => attempt(url, keys.paid, (c) => c.getVideoStatus("vid_never_made"))
  },
  {
    code: "avatar_not_found",
    rule: "M10",
    doing:
      "Generate with an unknown avatar id, or the `paid` account's avatar `Instant-Me-training`, still training.",
    run: (url) =>
      attempt(url, keys.paid, (c) =>
        c.generateVideo(
          video({
            video_inputs: [{ ...say("Hi"), character: { type: "avatar", avatar_id: ids.trainingAvatar } }]
          })
        )
      )
  },
  {
    code: "voice_not_found",
    rule: "M11",
    doing:
      "Generate with an unknown voice id, or the `paid` account's clone `clone-processing-0001`, still processing.",
    run: (url) =>
      attempt(url, keys.paid, (c) =>
        c.generateVideo(video({ video_inputs: [say("Hi", ids.processingVoice)] }))
      )
  },
  {
    code: "template_not_found",
    rule: "M12",
    doing: "Get or generate from a template id that doesn't exist.",
    run: (url) => attempt(url, keys.paid, (c) => c.getTemplate("tpl_missing"))
  },
  {
    code: "asset_not_found",
    rule: "M13",
    doing:
      "Use an unknown asset id, or `asset_paid_uploading` (still uploading) / `asset_paid_deleted`, as a background.",
    run: (url) =>
      attempt(url, keys.paid, (c) =>
        c.generateVideo(
          video({
            video_inputs: [
              { ...say("Hi"), background: { type: "image", image_asset_id: ids.uploadingAsset } }
            ]
          })
        )
      )
  },
  {
    code: "invalid_parameter",
    rule: "M14",
    doing:
      "Send any invalid request: a video input without `voice.voice_id`, a non-JSON body, an empty or unsupported upload.",
    run: (url) =>
      attempt(url, keys.paid, (c) =>
        c.request({
          method: "POST",
          path: "/v2/video/generate",
          json: {
            video_inputs: [
              {
                character: { type: "avatar", avatar_id: ids.publicAvatar },
                voice: { type: "text", input_text: "hi" }
              }
            ]
          },
          success: Schema.Unknown
        })
      )
  },
  {
    code: "video_delete_failed",
    rule: "M15",
    doing: "Delete a video while it is still rendering (right after generating it).",
    run: (url) =>
      attempt(url, keys.paid, (c) =>
        Effect.flatMap(c.generateVideo(video({ test: true })), ({ video_id }) => c.deleteVideo(video_id))
      )
  },
  {
    code: "internal_error",
    rule: "M16",
    doing:
      "Hit a defect: send `X-Emulator-Fault: defect` (or force it with `X-Emulator-Error: internal_error`) with control on.",
    run: (url) =>
      attempt(url, keys.paid, (c) =>
        c.request({
          method: "GET",
          path: "/v2/avatars",
          headers: { "x-emulator-fault": "defect" },
          success: Schema.Unknown
        })
      )
  }
]

describe("Emulator: every documented error by natural behaviour, decoded by the client", () => {
  for (const step of howTo) {
    const { tag } = Catalog.get(step.code)
    it.effect(`${step.rule}: ${step.code} → ${tag}`, () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator()
        const error = yield* step.run(url)
        assert.strictEqual(error._tag, tag)
        assert.isFalse(
          error._tag !== "TransportError" && error._tag !== "UnexpectedResponse" && error.inferred === true
        )
      })
    )
  }

  it("the README's table has exactly these v1/v2 rows, word for word", () => {
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, "../README.md"), "utf8")
    const section = readme.slice(readme.indexOf("## To get error X, do Y"), readme.indexOf("## Fixtures"))
    const rows = [...section.matchAll(/^\| `(\w+)` \| (.+) \| (.+) \|$/gm)].map((m) => [m[1], m[2]])
    assert.deepStrictEqual(
      rows,
      howTo.map((h) => [h.code, h.doing])
    )
    assert.deepStrictEqual(howTo.map((h) => h.code).sort(), Catalog.seed.map((e) => e.code).sort())
  })
})

describe("Emulator: conditions in detail", () => {
  it.effect("M1: missing, unknown, expired and revoked keys get one identical body", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      const bodies = new Set<string>()
      for (const headers of [
        {},
        { "x-api-key": "nope" },
        { "x-api-key": keys.expired },
        { "x-api-key": keys.revoked }
      ]) {
        const answer = yield* raw(url, "/v2/avatars", { headers })
        assert.strictEqual(answer.status, 401)
        bodies.add(answer.text)
      }
      assert.strictEqual(bodies.size, 1)
    })
  )

  it.effect("M2: the organization's admin key may list members", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      const client = yield* clientFor(url, keys.admin)
      const answer = yield* client.request({
        ...members,
        success: Schema.Struct({ members: Schema.Array(Schema.Unknown) })
      })
      assert.strictEqual(answer.members.length, 2)
    })
  )

  it.effect("M3: another account's asset and private template are denied, the public template is not", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      const paid = yield* clientFor(url, keys.paid)
      const asset = yield* Effect.flip(
        paid.generateVideo(
          video({
            video_inputs: [{ ...say("Hi"), background: { type: "image", image_asset_id: ids.otherAsset } }]
          })
        )
      )
      assert.strictEqual(asset._tag, "ResourceAccessDenied")
      assert.strictEqual(
        (yield* Effect.flip(paid.getTemplate(ids.otherPrivateTemplate)))._tag,
        "ResourceAccessDenied"
      )
      assert.strictEqual((yield* paid.getTemplate(ids.publicTemplate)).name, "Product promo")
      assert.strictEqual((yield* paid.getTemplate(ids.privateTemplate)).name, "Paid's onboarding")
    })
  )

  it.effect(
    "M4: the 429 carries Retry-After equal to the time until a slot frees; renders are limited per plan",
    () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator({ rateLimit: { capacity: 2, refillPerSecond: 0.5 } })
        const paid = yield* clientFor(url, keys.paid)
        yield* paid.listVoices()
        yield* paid.listVoices()
        const limited = yield* Effect.flip(paid.listVoices())
        assert.strictEqual(limited._tag, "RateLimitExceeded")
        const wait = limited._tag === "RateLimitExceeded" ? Duration.toSeconds(limited.retryAfter!) : 0
        assert.strictEqual(wait, 2)

        const renders = yield* clientFor(yield* serveEmulator(), keys.paid)
        for (let i = 0; i < 3; i++) yield* renders.generateVideo(video())
        const busy = yield* Effect.flip(renders.generateVideo(video()))
        assert.strictEqual(busy._tag, "RateLimitExceeded")
        assert.strictEqual(busy._tag === "RateLimitExceeded" && Duration.toSeconds(busy.retryAfter!), 30)
      })
  )

  it.effect("M6: the message states both numbers; test videos cost nothing", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      const broke = yield* clientFor(url, keys.broke)
      const error = yield* Effect.flip(broke.generateVideo(video({ video_inputs: [say("x".repeat(350))] })))
      assert.strictEqual(error.message, "Your account has 2 credits but this video requires 4 credits.")
      assert.deepStrictEqual(error._tag === "InsufficientCredit" && [error.available, error.required], [2, 4])
      yield* broke.generateVideo(video({ test: true, video_inputs: [say("x".repeat(350))] }))
      assert.strictEqual((yield* broke.getRemainingQuota()).remaining_quota, 2)
    })
  )

  it.effect("M8: a resolution above the plan's maximum needs an upgrade", () =>
    Effect.gen(function* () {
      const paid = yield* clientFor(yield* serveEmulator(), keys.paid)
      const error = yield* Effect.flip(
        paid.generateVideo(video({ dimension: { width: 3840, height: 2160 } }))
      )
      assert.strictEqual(error._tag, "PlanUpgradeRequired")
      assert.strictEqual(error._tag === "PlanUpgradeRequired" && error.param, "dimension")
    })
  )

  it.effect("M9–M13: deleted videos, unknown avatars and voices, deleted assets are not found", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      const paid = yield* clientFor(url, keys.paid)
      const { video_id } = yield* paid.generateVideo(video({ test: true }))
      yield* control(url, "/__emulator/clock", { method: "POST", body: { advance_ms: 60_000 } })
      assert.strictEqual((yield* paid.getVideoStatus(video_id)).status, "completed")
      yield* paid.deleteVideo(video_id)
      assert.strictEqual((yield* Effect.flip(paid.getVideoStatus(video_id)))._tag, "VideoNotFound")
      const unknownAvatar = { ...say("Hi"), character: { type: "avatar" as const, avatar_id: "nobody" } }
      assert.strictEqual(
        (yield* Effect.flip(paid.generateVideo(video({ video_inputs: [unknownAvatar] }))))._tag,
        "AvatarNotFound"
      )
      assert.strictEqual(
        (yield* Effect.flip(paid.generateVideo(video({ video_inputs: [say("Hi", "nobody")] }))))._tag,
        "VoiceNotFound"
      )
      const deleted = {
        ...say("Hi"),
        background: { type: "image" as const, image_asset_id: ids.deletedAsset }
      }
      const error = yield* Effect.flip(paid.generateVideo(video({ video_inputs: [deleted] })))
      assert.strictEqual(error._tag, "AssetNotFound")
      assert.strictEqual(
        error._tag === "AssetNotFound" && error.param,
        "video_inputs[0].background.image_asset_id"
      )
      assert.strictEqual((yield* Effect.flip(paid.getVideoTranslation("tr_nope")))._tag, "VideoNotFound")
      assert.strictEqual(
        (yield* Effect.flip(
          paid.translateVideo({ video_url: "heygen:video/vid_nope", output_language: "French" })
        ))._tag,
        "VideoNotFound"
      )
    })
  )

  it.effect("M14: uploads that are empty, of an unsupported type or too large are invalid_parameter", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator({ maxAssetBytes: 16 })
      const paid = yield* clientFor(url, keys.paid)
      const upload = (data: Uint8Array, contentType: string) =>
        Effect.flip(paid.uploadAsset({ data, contentType }))
      const empty = yield* upload(new Uint8Array(0), "image/png")
      const wrongType = yield* upload(new Uint8Array([1]), "application/x-msdownload")
      const large = yield* upload(new Uint8Array(17), "image/png")
      for (const [error, param] of [
        [empty, "file"],
        [wrongType, "Content-Type"],
        [large, "file"]
      ] as const) {
        assert.strictEqual(error._tag, "InvalidParameter")
        assert.strictEqual(error._tag === "InvalidParameter" && error.param, param)
      }
      const asset = yield* paid.uploadAsset({ data: new Uint8Array([1, 2, 3]), contentType: "image/png" })
      const used = yield* paid.generateVideo(
        video({
          test: true,
          video_inputs: [{ ...say("Hi"), background: { type: "image", image_asset_id: asset.id } }]
        })
      )
      assert.match(used.video_id, /^vid_/)
    })
  )

  it.effect(
    "M20: every fixture key authenticates (except expired and revoked) and sees its plan's data",
    () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator()
        for (const [name, key] of Object.entries(keys)) {
          const answer = yield* raw(url, "/v2/user/remaining_quota", { headers: { "x-api-key": key } })
          assert.strictEqual(answer.status, name === "expired" || name === "revoked" ? 401 : 200, name)
        }
        const enterprise = yield* clientFor(url, keys.enterprise)
        const { avatars } = yield* enterprise.listAvatars()
        assert.includeMembers(
          avatars.map((a) => a.avatar_id),
          [ids.publicAvatar, ids.premiumAvatar]
        )
        assert.notInclude(
          avatars.map((a) => a.avatar_id),
          ids.otherAccountAvatar
        )
        yield* enterprise.generateVideo(
          video({
            video_inputs: [{ ...say("Hi"), character: { type: "avatar", avatar_id: ids.premiumAvatar } }]
          })
        )
      })
  )

  it.live("M21: an error forced by header, for the next N requests, and scripted sequences", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      const paid = yield* clientFor(url, keys.paid)
      const get = (headers: Record<string, string>) =>
        paid.request({ method: "GET", path: "/v2/avatars", headers, success: Schema.Unknown })
      const forced = (headers: Record<string, string>) => Effect.flip(get(headers))
      const credit = yield* forced({ "x-emulator-error": "insufficient_credit" })
      assert.deepStrictEqual(
        credit._tag === "InsufficientCredit" && [credit.available, credit.required],
        [1000, 1001]
      )
      assert.strictEqual(
        (yield* forced({ "x-emulator-error": "voice_not_found", "x-emulator-error-times": "3" }))._tag,
        "VoiceNotFound"
      )
      assert.strictEqual((yield* forced({}))._tag, "VoiceNotFound")
      assert.strictEqual((yield* forced({}))._tag, "VoiceNotFound")
      yield* get({})
      // State untouched by a forced error:
      assert.strictEqual((yield* paid.getRemainingQuota()).remaining_quota, 1000)

      // A scripted sequence: fail twice, then succeed — and the client's retries ride it out.
      yield* control(url, "/__emulator/script", {
        method: "POST",
        body: { code: "internal_error", times: 2, key: keys.paid, path: "/v2/voices" }
      })
      const retrying = yield* clientFor(url, keys.paid, { retry: { baseDelay: 1 } })
      const voices = yield* retrying.listVoices()
      assert.isAbove(voices.voices.length, 0)
    })
  )

  it.live("M22: added delay, a hung response, a dropped connection, a malformed body", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator()
      const paid = yield* clientFor(url, keys.paid, { timeout: "300 millis" })
      const get = (fault: Record<string, string>) =>
        paid.request({ method: "GET", path: "/v2/avatars", headers: fault, success: Schema.Unknown })
      const started = Date.now()
      yield* get({ "x-emulator-delay-ms": "120" })
      assert.isAtLeast(Date.now() - started, 120)
      const hung = yield* Effect.flip(get({ "x-emulator-fault": "hang" }))
      assert.strictEqual(hung._tag === "TransportError" && hung.reason, "Timeout")
      const dropped = yield* Effect.flip(get({ "x-emulator-fault": "drop" }))
      assert.strictEqual(dropped._tag, "TransportError")
      const malformed = yield* Effect.flip(get({ "x-emulator-fault": "malformed" }))
      assert.strictEqual(malformed._tag, "UnexpectedResponse")
    })
  )

  it.effect(
    "M23: control endpoints reset state, replace fixtures, advance the clock, count — and are off unless enabled",
    () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator()
        const paid = yield* clientFor(url, keys.paid)
        const { video_id } = yield* paid.generateVideo(video())
        assert.strictEqual((yield* paid.getVideoStatus(video_id)).status, "pending")
        yield* control(url, "/__emulator/clock", { method: "POST", body: { advance_ms: 5_000 } })
        assert.strictEqual((yield* paid.getVideoStatus(video_id)).status, "processing")
        yield* control(url, "/__emulator/clock", { method: "POST", body: { advance_ms: 30_000 } })
        assert.strictEqual((yield* paid.getVideoStatus(video_id)).status, "completed")
        const counters = (yield* control(url, "/__emulator/counters")).json as { data: { requests: number } }
        // API requests only: the generation and three status reads (control requests are not counted).
        assert.strictEqual(counters.data.requests, 4)
        yield* control(url, "/__emulator/reset", { method: "POST" })
        assert.strictEqual((yield* Effect.flip(paid.getVideoStatus(video_id)))._tag, "VideoNotFound")
        const state = (yield* control(url, "/__emulator/state")).json as {
          data: { accounts: Record<string, { credits: number }> }
        }
        state.data.accounts.acct_paid!.credits = 3
        yield* control(url, "/__emulator/state", {
          method: "PUT",
          body: { accounts: state.data.accounts }
        })
        assert.strictEqual((yield* paid.getRemainingQuota()).remaining_quota, 3)

        const closed = yield* serveEmulator({ control: false })
        const off = yield* control(closed, "/__emulator/reset", { method: "POST" })
        assert.strictEqual(off.status, 404)
      })
  )

  it.effect(
    "M24: 200 parallel paid generations against a balance for 50 give exactly 50 successes and an exact balance",
    () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator({
          renderSeconds: 0,
          rateLimit: { capacity: 1000, refillPerSecond: 0 }
        })
        const state = (yield* control(url, "/__emulator/state")).json as {
          data: { accounts: Record<string, { credits: number }> }
        }
        state.data.accounts.acct_paid!.credits = 50
        yield* control(url, "/__emulator/state", {
          method: "PUT",
          body: { accounts: state.data.accounts }
        })
        const paid = yield* clientFor(url, keys.paid)
        const results = yield* Effect.all(
          Array.from({ length: 200 }, () =>
            Effect.result(paid.generateVideo(video({ video_inputs: [say("One credit.")] })))
          ),
          { concurrency: "unbounded" }
        )
        assert.strictEqual(results.filter(Result.isSuccess).length, 50)
        assert.strictEqual(
          results.filter((r) => Result.isFailure(r) && r.failure._tag === "InsufficientCredit").length,
          150
        )
        assert.strictEqual((yield* paid.getRemainingQuota()).remaining_quota, 0)
      })
  )

  it.effect("M24: rate limits admit exactly their budget under 200 parallel requests", () =>
    Effect.gen(function* () {
      const url = yield* serveEmulator({ rateLimit: { capacity: 37, refillPerSecond: 0 } })
      const paid = yield* clientFor(url, keys.paid)
      const results = yield* Effect.all(
        Array.from({ length: 200 }, () => Effect.result(paid.listTemplates())),
        { concurrency: "unbounded" }
      )
      assert.strictEqual(results.filter(Result.isSuccess).length, 37)
      assert.strictEqual(
        results.filter((r) => Result.isFailure(r) && r.failure._tag === "RateLimitExceeded").length,
        163
      )
    })
  )

  it.effect("M25: the same app answers as a web handler (Request → Response)", () =>
    Effect.gen(function* () {
      const handler = yield* Effect.promise(() => Emulator.toWebHandler())
      const response = yield* Effect.promise(() =>
        handler(new Request("http://emulator.test/v2/avatars", { headers: { "x-api-key": keys.paid } }))
      )
      assert.strictEqual(response.status, 200)
      const unknown = yield* Effect.promise(() =>
        handler(new Request("http://emulator.test/v9/nothing", { headers: { "x-api-key": keys.paid } }))
      )
      assert.strictEqual(unknown.status, 404)
      assert.strictEqual(
        ((yield* Effect.promise(() => unknown.json())) as { error: { code: string } }).error.code,
        "not_found"
      )
    })
  )
})
