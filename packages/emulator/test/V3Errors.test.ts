import * as fs from "node:fs"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"
import type { HeyGenTransport } from "@effect-heygen/api/HeyGenTransport"
import * as Templates from "@effect-heygen/api/Templates"
import * as Users from "@effect-heygen/api/Users"
import * as VideoAgents from "@effect-heygen/api/VideoAgents"
import * as Videos from "@effect-heygen/api/Videos"
import * as Webhooks from "@effect-heygen/api/Webhooks"
import * as Catalog from "@effect-heygen/core/Catalog"
import * as ErrorDecoder from "@effect-heygen/core/ErrorDecoder"
import type * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { ids, keys } from "../src/Fixtures.ts"
import { raw, serveEmulator } from "./utils/emulator.ts"
import { as } from "./utils/v3.ts"

const say = (script: string, overrides: Partial<Videos.CreateVideoFromAvatar> = {}): Videos.CreateBody => ({
  type: "avatar",
  avatar_id: ids.publicAvatar,
  voice_id: ids.publicVoice,
  script,
  ...overrides
})

/**
 * How to reach each documented error on the v3 API by behaving like a user (rules M1–M16 on
 * v3 routes). `doing` is the README's v3 column, word for word.
 */
interface HowTo {
  readonly code: Catalog.Code
  readonly rule: string
  readonly doing: string
  readonly run: (url: string) => Effect.Effect<HeyGenError.HeyGenError | undefined, unknown, Scope.Scope>
}

const attempt = <A>(
  url: string,
  key: string,
  call: Effect.Effect<A, HeyGenError.HeyGenError, HeyGenTransport>
) => Effect.flip(as(url, key)(call))

const repeat = <A>(
  url: string,
  key: string,
  times: number,
  call: () => Effect.Effect<A, HeyGenError.HeyGenError, HeyGenTransport>
) =>
  // Each run a fresh call (a fresh Idempotency-Key), until the first failure: that one.
  Effect.flip(Effect.repeat(as(url, key)(Effect.suspend(call)), { times: times - 1 }))

const v3HowTo: ReadonlyArray<HowTo> = [
  {
    code: "unauthorized",
    rule: "M1",
    doing: "Call `GET /v3/users/me` without `X-Api-Key`, or with an unknown, `expired` or `revoked` key.",
    run: (url) => attempt(url, keys.revoked, Users.getMe())
  },
  {
    code: "forbidden",
    rule: "M2",
    doing: "Manage webhook endpoints (`POST /v3/webhooks/endpoints`) with the organization's `member` key.",
    run: (url) => attempt(url, keys.member, Webhooks.createEndpoint({ url: "https://hooks.example.com/x" }))
  },
  {
    code: "resource_access_denied",
    rule: "M3",
    doing:
      "Read another account's video, asset, template or job: `GET /v3/videos/vid_other_0001` with the `paid` key.",
    run: (url) => attempt(url, keys.paid, Videos.get(ids.otherVideo))
  },
  {
    code: "rate_limit_exceeded",
    rule: "M4",
    doing:
      "Call one v3 route more than 60 times a minute with one key (a new id is no new budget), or create a 4th video while 3 render on `paid`.",
    run: (url) => repeat(url, keys.paid, 4, () => Videos.create(say("Busy.")))
  },
  {
    code: "quota_exceeded",
    rule: "M5",
    doing: "Start a 4th video-agent session (`POST /v3/video-agents`) in one period with the `free` key.",
    run: (url) => repeat(url, keys.free, 4, () => VideoAgents.create({ prompt: "A teaser" }))
  },
  {
    code: "insufficient_credit",
    rule: "M6",
    doing:
      "Create a video whose script costs more than the balance: 350 characters (4 credits) with the `broke` key.",
    run: (url) => attempt(url, keys.broke, Videos.create(say("x".repeat(350))))
  },
  {
    code: "trial_limit_exceeded",
    rule: "M7",
    doing: "Create a 4th video with the `trial` key.",
    run: (url) => repeat(url, keys.trial, 4, () => Videos.create(say("Trial.")))
  },
  {
    code: "plan_upgrade_required",
    rule: "M8",
    doing:
      'Create a video with the premium avatar `Premium-Ava-2024`, or `"resolution": "4k"`, with the `paid` key.',
    run: (url) => attempt(url, keys.paid, Videos.create(say("Hi", { resolution: "4k" })))
  },
  {
    code: "video_not_found",
    rule: "M9",
    doing:
      "Read a video, translation, lipsync or other job that never existed or was deleted: `GET /v3/videos/vid_never_made`.",
    run: (url) => attempt(url, keys.paid, Videos.get("vid_never_made"))
  },
  {
    code: "avatar_not_found",
    rule: "M10",
    doing:
      "Create a video with an unknown `avatar_id`, or with `Instant-Me-training`, still training, on the `paid` key.",
    run: (url) => attempt(url, keys.paid, Videos.create(say("Hi", { avatar_id: ids.trainingAvatar })))
  },
  {
    code: "voice_not_found",
    rule: "M11",
    doing:
      "Create a video or speech with an unknown `voice_id`, or with `clone-processing-0001`, still processing, on the `paid` key.",
    run: (url) => attempt(url, keys.paid, Videos.create(say("Hi", { voice_id: ids.processingVoice })))
  },
  {
    code: "template_not_found",
    rule: "M12",
    doing: "Get or generate from a template that doesn't exist: `GET /v3/templates/tpl_missing`.",
    run: (url) => attempt(url, keys.paid, Templates.get("tpl_missing"))
  },
  {
    code: "asset_not_found",
    rule: "M13",
    doing:
      'Name `asset_paid_uploading` (still uploading), a deleted or an unknown asset as input, e.g. `{"type": "asset_id", "asset_id": "asset_paid_deleted"}`.',
    run: (url) =>
      attempt(
        url,
        keys.paid,
        Videos.create({
          type: "image",
          image: { type: "asset_id", asset_id: ids.uploadingAsset },
          audio_url: "https://example.com/a.mp3"
        })
      )
  },
  {
    code: "invalid_parameter",
    rule: "M14",
    doing:
      "Send a body the spec rejects, e.g. `POST /v3/videos` of `type` `avatar` without `avatar_id`: `param` names the field.",
    run: (url) =>
      Effect.map(
        raw(url, "/v3/videos", {
          method: "POST",
          headers: { "x-api-key": keys.paid, "content-type": "application/json" },
          body: JSON.stringify({ type: "avatar", script: "Hi" })
        }),
        (answer) =>
          ErrorDecoder.decode({
            status: answer.status,
            headers: Object.fromEntries(answer.headers),
            body: answer.text
          })
      )
  },
  {
    code: "video_delete_failed",
    rule: "M15",
    doing: "Delete a video while it renders: `DELETE /v3/videos/{video_id}` right after creating it.",
    run: (url) =>
      attempt(
        url,
        keys.paid,
        Effect.flatMap(Videos.create(say("Rendering.")), ({ video_id }) => Videos.remove(video_id))
      )
  },
  {
    code: "internal_error",
    rule: "M16",
    doing:
      "Hit a defect: send `X-Emulator-Fault: defect` (or `X-Emulator-Error: internal_error`) to any v3 route with control on.",
    run: (url) =>
      Effect.map(
        raw(url, "/v3/users/me", { headers: { "x-api-key": keys.paid, "x-emulator-fault": "defect" } }),
        (answer) =>
          ErrorDecoder.decode({
            status: answer.status,
            headers: Object.fromEntries(answer.headers),
            body: answer.text
          })
      )
  }
]

describe("Emulator v3: every documented error by natural behaviour, decoded by the client", () => {
  for (const step of v3HowTo) {
    const { tag } = Catalog.get(step.code)
    it.effect(`${step.rule} on v3: ${step.code} → ${tag}`, () =>
      Effect.gen(function* () {
        const url = yield* serveEmulator()
        const error = yield* step.run(url)
        assert.strictEqual(error?._tag, tag, String(error?.message))
        assert.isFalse(
          error?._tag !== "TransportError" && error?._tag !== "UnexpectedResponse" && error?.inferred === true
        )
      })
    )
  }

  it("the README's table has exactly these v3 rows, word for word", () => {
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, "../README.md"), "utf8")
    const section = readme.slice(readme.indexOf("## To get error X, do Y"), readme.indexOf("## Fixtures"))
    const rows = [...section.matchAll(/^\| `(\w+)` \| (.+) \| (.+) \|$/gm)].map((m) => [m[1], m[3]])
    assert.deepStrictEqual(
      rows,
      v3HowTo.map((h) => [h.code, h.doing])
    )
    assert.deepStrictEqual(v3HowTo.map((h) => h.code).sort(), Catalog.seed.map((e) => e.code).sort())
  })
})
