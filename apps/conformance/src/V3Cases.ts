/**
 * The v3 server cases: HeyGen's v3 API as the emulator serves it in each runtime — every
 * operation routed (M28), bodies checked with the field's path (E6), each error under its
 * natural condition on v3 routes (M1–M16), idempotent replays and the in-flight 409 (M26), a
 * job that fails (M29), a pagination walk (M30), presigned files and uploads (M31).
 */
import * as AiClipping from "@effect-heygen/api/AiClipping"
import * as Assets from "@effect-heygen/api/Assets"
import * as Audio from "@effect-heygen/api/Audio"
import * as Avatars from "@effect-heygen/api/Avatars"
import * as BackgroundRemovals from "@effect-heygen/api/BackgroundRemovals"
import * as Brand from "@effect-heygen/api/Brand"
import * as Lipsyncs from "@effect-heygen/api/Lipsyncs"
import type * as Operation from "@effect-heygen/api/Operation"
import * as Templates from "@effect-heygen/api/Templates"
import * as Users from "@effect-heygen/api/Users"
import * as VideoAgents from "@effect-heygen/api/VideoAgents"
import * as Videos from "@effect-heygen/api/Videos"
import * as VideoTranslations from "@effect-heygen/api/VideoTranslations"
import * as Voices from "@effect-heygen/api/Voices"
import * as Webhooks from "@effect-heygen/api/Webhooks"
import { type Check, check } from "./Result.ts"
import { type Answer, type Context, slowRequest } from "./ServerHttp.ts"
import { answers, type Case, natural, times, wire } from "./WireChecks.ts"

const paid = "hg_paid_0001"
const avatar = "Daisy-inskirt-20220818"
const voice = "2d5b0e6cf36f460aa7fc47e3eee4ba54"
const source = { type: "url", url: "https://example.com/source.mp4" }

const say = (script: string, extra: Record<string, unknown> = {}) => ({
  type: "avatar",
  avatar_id: avatar,
  voice_id: voice,
  script,
  ...extra
})
const create = (ctx: Context, key: string, body: object, headers?: Record<string, string>) =>
  ctx.call("POST", "/v3/videos", { key, body, ...(headers === undefined ? {} : { headers }) })
const advance = (ctx: Context, ms: number) =>
  ctx.call("POST", "/__emulator/clock", { body: { advance_ms: ms } })
const reset = (ctx: Context) => ctx.call("POST", "/__emulator/reset")
const dataOf = <A>(answer: Answer) => (answer.body as { data?: A } | undefined)?.data
const videoId = (answer: Answer) => dataOf<{ video_id?: string }>(answer)?.video_id ?? "none"

/** A case that resets the emulator, then checks what `run` finds. */
const control = (id: string, note: string, run: (ctx: Context) => Promise<Array<Check>>): Case => ({
  id,
  note,
  control: true,
  run: async (ctx) => {
    await reset(ctx)
    return run(ctx)
  }
})

const groups = {
  AiClipping: AiClipping.operations,
  Assets: Assets.operations,
  Audio: Audio.operations,
  Avatars: Avatars.operations,
  BackgroundRemovals: BackgroundRemovals.operations,
  Brand: Brand.operations,
  Lipsyncs: Lipsyncs.operations,
  Templates: Templates.operations,
  Users: Users.operations,
  VideoAgents: VideoAgents.operations,
  Videos: Videos.operations,
  VideoTranslations: VideoTranslations.operations,
  Voices: Voices.operations,
  Webhooks: Webhooks.operations
}

/** Every operation of the v3 API, from `@effect-heygen/api`'s descriptors. */
export const operations: ReadonlyArray<Operation.Any> = Object.values(groups).flatMap((group) =>
  Object.values(group as Readonly<Record<string, Operation.Any>>)
)

const anyServer: Array<Case> = [
  {
    id: "v3-no-key",
    note: "a v3 request without X-Api-Key",
    control: false,
    run: async (ctx) => answers(ctx, "M1", await ctx.call("GET", "/v3/users/me"), "unauthorized")
  },
  {
    id: "v3-unknown-video",
    note: "a v3 video that never existed",
    control: false,
    needsKey: true,
    run: async (ctx) =>
      answers(
        ctx,
        "M9",
        await ctx.call("GET", "/v3/videos/conformance-missing-video", { key: ctx.apiKey! }),
        "video_not_found"
      )
  },
  {
    id: "v3-missing-avatar-id",
    note: "POST /v3/videos of type avatar without avatar_id",
    control: false,
    needsKey: true,
    run: async (ctx) => {
      const answer = await create(ctx, ctx.apiKey!, { type: "avatar", script: "Hi" })
      return [
        check("E6", answer.body?.error?.param === "avatar_id", "param avatar_id", answer.body?.error?.param),
        ...answers(ctx, "M14", answer, "invalid_parameter")
      ]
    }
  }
]

const notFound: ReadonlyArray<readonly [string, string, string]> = [
  ["M9", "/v3/videos/conformance-x", "video_not_found"],
  ["M9", "/v3/videos/batches/conformance-x", "video_not_found"],
  ["M9", "/v3/video-translations/conformance-x", "video_not_found"],
  ["M9", "/v3/video-translations/proofreads/conformance-x", "video_not_found"],
  ["M9", "/v3/lipsyncs/conformance-x", "video_not_found"],
  ["M9", "/v3/background-removals/conformance-x", "video_not_found"],
  ["M9", "/v3/ai-clipping/conformance-x", "video_not_found"],
  ["M9", "/v3/video-agents/conformance-x", "video_not_found"],
  ["M10", "/v3/avatars/conformance-x", "avatar_not_found"],
  ["M10", "/v3/avatars/looks/conformance-x", "avatar_not_found"],
  ["M11", "/v3/voices/conformance-x", "voice_not_found"],
  ["M12", "/v3/templates/conformance-x", "template_not_found"],
  ["M13", "/v3/assets/conformance-x", "asset_not_found"],
  ["M13", "/v3/assets/batches/conformance-x", "asset_not_found"]
]

const conditions: Array<Case> = [
  natural("M2", "v3-M2-member-webhooks", "a member key managing v3 webhook endpoints", "forbidden", (ctx) =>
    ctx.call("POST", "/v3/webhooks/endpoints", {
      key: "hg_org_member_0001",
      body: { url: "https://hooks.example.com/c" }
    })
  ),
  natural("M3", "v3-M3-other-video", "another account's video on v3", "resource_access_denied", (ctx) =>
    ctx.call("GET", "/v3/videos/vid_other_0001", { key: paid })
  ),
  natural(
    "M4",
    "v3-M4-fourth-render",
    "a 4th v3 render while 3 run: Retry-After is the time until a slot frees",
    "rate_limit_exceeded",
    (ctx) => times(4, () => create(ctx, paid, say("Busy."))),
    (answer) => {
      const seconds = Number(answer.headers.get("retry-after"))
      return [
        check("M4", seconds >= 1 && seconds <= 30, "Retry-After within the render time (1..30 s)", seconds)
      ]
    }
  ),
  natural("M5", "v3-M5-free-quota", "a 4th video-agent session on the free plan", "quota_exceeded", (ctx) =>
    times(4, () =>
      ctx.call("POST", "/v3/video-agents", { key: "hg_free_0001", body: { prompt: "A teaser" } })
    )
  ),
  natural(
    "M6",
    "v3-M6-broke",
    "a 350-character v3 script (4 credits) on a 2-credit balance",
    "insufficient_credit",
    (ctx) => create(ctx, "hg_broke_0001", say("x".repeat(350))),
    (answer) => [
      check(
        "M6",
        answer.body?.error?.message === "Your account has 2 credits but this video requires 4 credits.",
        "both numbers",
        answer.body?.error?.message
      )
    ]
  ),
  natural("M7", "v3-M7-trial", "a 4th v3 video on the trial plan", "trial_limit_exceeded", (ctx) =>
    times(4, () => create(ctx, "hg_trial_0001", say("Trial.")))
  ),
  natural("M8", "v3-M8-4k", "resolution 4k on the paid plan", "plan_upgrade_required", (ctx) =>
    create(ctx, paid, say("Hi", { resolution: "4k" }))
  ),
  ...notFound.map(([rule, path, code]) =>
    natural(rule, `v3-${rule}-${path.slice(4).replaceAll("/", "-")}`, `GET ${path}`, code, (ctx) =>
      ctx.call("GET", path, { key: paid })
    )
  ),
  natural(
    "M10",
    "v3-M10-training-avatar",
    "a v3 video with an avatar still training",
    "avatar_not_found",
    (ctx) => create(ctx, paid, say("Hi", { avatar_id: "Instant-Me-training" }))
  ),
  natural(
    "M11",
    "v3-M11-processing-voice",
    "v3 speech with a clone still processing",
    "voice_not_found",
    (ctx) =>
      ctx.call("POST", "/v3/voices/speech", {
        key: paid,
        body: { voice_id: "clone-processing-0001", text: "Hi" }
      })
  ),
  natural(
    "M13",
    "v3-M13-uploading-asset",
    "an asset still uploading as a v3 input",
    "asset_not_found",
    (ctx) =>
      ctx.call("POST", "/v3/lipsyncs", {
        key: paid,
        body: { video: { type: "asset_id", asset_id: "asset_paid_uploading" }, audio: source }
      })
  ),
  natural(
    "M14",
    "v3-M14-union-tag",
    "a studio scene of an unknown type",
    "invalid_parameter",
    (ctx) => create(ctx, paid, { type: "studio", scenes: [{ type: "avatar" }] }),
    (answer) => [
      check(
        "M28",
        answer.body?.error?.param === "scenes[0].type",
        "param scenes[0].type",
        answer.body?.error?.param
      )
    ]
  ),
  natural(
    "M15",
    "v3-M15-delete-rendering",
    "deleting a v3 video while it renders",
    "video_delete_failed",
    async (ctx) => {
      const created = await create(ctx, paid, say("Rendering."))
      return ctx.call("DELETE", `/v3/videos/${videoId(created)}`, { key: paid })
    }
  ),
  natural("M16", "v3-M16-defect", "a defect in a v3 handler", "internal_error", (ctx) =>
    ctx.call("GET", "/v3/users/me", { key: paid, headers: { "x-emulator-fault": "defect" } })
  )
]

const balance = async (ctx: Context) =>
  dataOf<{ wallet?: { remaining_balance?: number } }>(await ctx.call("GET", "/v3/users/me", { key: paid }))
    ?.wallet?.remaining_balance

const behaviour: Array<Case> = [
  control(
    "v3-M28-every-operation",
    "all 85 v3 operations are routed: none answers No route, none a 5xx",
    async (ctx) => {
      const checks: Array<Check> = [
        check("M28", operations.length === 85, "85 operations", operations.length)
      ]
      for (const operation of operations) {
        const path = operation.path.replace(/\{\w+\}/g, "conformance-missing")
        const answer = await ctx.call(operation.method, path, {
          key: "hg_enterprise_0001",
          ...(operation.bodyKind === "json" ? { body: {} } : {})
        })
        const message = String(answer.body?.error?.message ?? "")
        checks.push(
          check(
            "M28",
            answer.status < 500 && !message.startsWith("No route"),
            `${operation.method} ${operation.path} routed`,
            `${answer.status} ${message}`
          )
        )
      }
      return checks
    }
  ),
  control(
    "v3-M26-replay",
    "a v3 create repeated with one Idempotency-Key: one video, charged once",
    async (ctx) => {
      const key = { "idempotency-key": "conformance-order-1" }
      const first = await create(ctx, paid, say("Once."), key)
      const second = await create(ctx, paid, say("Once, slightly different."), key)
      return [
        check("M26", first.status === 200, "the first runs", first.text.slice(0, 200)),
        check(
          "M26",
          second.status === first.status && second.text === first.text,
          "the repeat replays it",
          second.text.slice(0, 200)
        ),
        check("M26", (await balance(ctx)) === 999, "charged once (999 credits left)", await balance(ctx))
      ]
    }
  ),
  control(
    "v3-M26-in-flight",
    "a repeat while the first still runs is 409 request_in_progress",
    async (ctx) => {
      const headers = { "x-api-key": paid, "idempotency-key": "conformance-slow-1" }
      const body = JSON.stringify(say("Slow."))
      const first = slowRequest(ctx.baseUrl, "POST", "/v3/videos", headers, body)
      let claimed = false
      for (let i = 0; i < 200 && !claimed; i++) {
        const state = dataOf<{ idempotency?: Record<string, { status: number | null }> }>(
          await ctx.call("GET", "/__emulator/state")
        )
        claimed = Object.values(state?.idempotency ?? {}).some((r) => r.status === null)
        if (!claimed) await new Promise((resolve) => setTimeout(resolve, 10))
      }
      const during = await create(ctx, paid, say("Slow."), { "idempotency-key": "conformance-slow-1" })
      const original = await first.finish()
      const after = await create(ctx, paid, say("Slow."), { "idempotency-key": "conformance-slow-1" })
      return [
        check("M26", claimed, "the key is claimed while the body arrives", claimed),
        check("M26", during.status === 409, "409", during.status),
        check(
          "M26",
          during.body?.error?.code === "request_in_progress",
          "request_in_progress",
          during.body?.error?.code
        ),
        check(
          "E2",
          Object.keys(during.body?.error ?? {}).join() === "code,message,doc_url",
          "the envelope",
          during.text.slice(0, 200)
        ),
        check("M26", original.status === 200, "the first completes", original.text.slice(0, 200)),
        check("M26", after.text === original.text, "then replays", after.text.slice(0, 200))
      ]
    }
  ),
  control(
    "v3-M29-failed-job",
    "a render whose script asks to fail, and one with the failing avatar",
    async (ctx) => {
      const asked = videoId(await create(ctx, paid, say("This one [[fail]]s.")))
      const fred = videoId(await create(ctx, paid, say("Fine.", { avatar_id: "Failing-Fred-2024" })))
      const pending = dataOf<{ status?: string }>(
        await ctx.call("GET", `/v3/videos/${asked}`, { key: paid })
      )?.status
      await advance(ctx, 31_000)
      type Video = { status?: string; failure_code?: string; failure_message?: string; video_url?: string }
      const failed = dataOf<Video>(await ctx.call("GET", `/v3/videos/${asked}`, { key: paid }))
      const fredFailed = dataOf<Video>(await ctx.call("GET", `/v3/videos/${fred}`, { key: paid }))
      return [
        check("M29", pending === "pending", "pending at first", pending),
        check("M29", failed?.status === "failed", "then failed", failed?.status),
        check(
          "M29",
          failed?.failure_code === "requested_failure",
          "failure_code requested_failure",
          failed?.failure_code
        ),
        check(
          "M29",
          typeof failed?.failure_message === "string",
          "a failure_message",
          failed?.failure_message
        ),
        check("M29", failed?.video_url === undefined, "no file", failed?.video_url),
        check(
          "M29",
          fredFailed?.failure_code === "avatar_render_failed",
          "avatar_render_failed",
          fredFailed?.failure_code
        )
      ]
    }
  ),
  control("v3-M30-walk", "12 lipsyncs walked 5 at a time: 5, 5, 2, newest first, none twice", async (ctx) => {
    const made: Array<string> = []
    for (let i = 0; i < 12; i++) {
      const answer = await ctx.call("POST", "/v3/lipsyncs", {
        key: paid,
        body: { video: source, audio: source }
      })
      made.push(dataOf<{ lipsync_id: string }>(answer)?.lipsync_id ?? "none")
    }
    const pages: Array<{ data?: Array<{ id: string }>; has_more?: boolean; next_token?: string | null }> = []
    let token: string | null | undefined
    for (let i = 0; i < 5; i++) {
      const answer = await ctx.call(
        "GET",
        `/v3/lipsyncs?limit=5${token ? `&token=${encodeURIComponent(token)}` : ""}`,
        {
          key: paid
        }
      )
      const page = answer.body as (typeof pages)[number]
      pages.push(page)
      token = page.next_token
      if (!page.has_more) break
    }
    const ids = pages.flatMap((p) => (p.data ?? []).map((l) => l.id))
    const bad = await ctx.call("GET", "/v3/lipsyncs?token=conformance-forged", { key: paid })
    return [
      check(
        "M30",
        pages.map((p) => p.data?.length).join() === "5,5,2",
        "pages of 5, 5, 2",
        pages.map((p) => p.data?.length).join()
      ),
      check("M30", ids.join() === [...made].reverse().join(), "newest first, each once", ids.join()),
      check(
        "M30",
        pages.at(-1)?.next_token == null,
        "no token after the last page",
        pages.at(-1)?.next_token
      ),
      check(
        "M30",
        bad.body?.error?.param === "token",
        "a forged token is invalid_parameter naming token",
        bad.body?.error?.param
      ),
      ...wire(ctx, bad, "invalid_parameter")
    ]
  }),
  control(
    "v3-M31-files",
    "a finished video's files: presigned, on the emulator's origin, without the key; expired and forged ones 403",
    async (ctx) => {
      const id = videoId(await create(ctx, paid, say("Files.")))
      await advance(ctx, 31_000)
      const url =
        dataOf<{ video_url?: string }>(await ctx.call("GET", `/v3/videos/${id}`, { key: paid }))?.video_url ??
        ""
      const fetched = await fetch(url)
      const bytes = new Uint8Array(await fetched.arrayBuffer())
      const forged = await fetch(url.replace(/Signature=([\w-]{4})/, "Signature=AAAA"))
      const forgedText = await forged.text()
      await advance(ctx, 7 * 24 * 3600 * 1000 + 2000)
      const expired = await fetch(url)
      const expiredText = await expired.text()
      const fresh =
        dataOf<{ video_url?: string }>(await ctx.call("GET", `/v3/videos/${id}`, { key: paid }))?.video_url ??
        ""
      const again = await fetch(fresh)
      await again.arrayBuffer()
      return [
        check("M31", url.startsWith(`${ctx.baseUrl}/files/`), `on ${ctx.baseUrl}`, url),
        check("M31", fetched.status === 200, "200 without an API key", fetched.status),
        check(
          "M31",
          fetched.headers.get("content-type") === "video/mp4",
          "video/mp4",
          fetched.headers.get("content-type")
        ),
        check(
          "M31",
          Number(fetched.headers.get("content-length")) === bytes.length && bytes.length > 0,
          "Content-Length is the body's",
          `${fetched.headers.get("content-length")} / ${bytes.length}`
        ),
        check(
          "M31",
          forged.status === 403 && forgedText.includes("<Code>SignatureDoesNotMatch</Code>"),
          "a forged signature: 403 SignatureDoesNotMatch",
          `${forged.status} ${forgedText.slice(0, 120)}`
        ),
        check(
          "M31",
          expired.status === 403 &&
            expiredText.includes("<Code>AccessDenied</Code>") &&
            !expiredText.includes('"error"'),
          "expired: 403 with storage's XML, not HeyGen's envelope",
          `${expired.status} ${expiredText.slice(0, 120)}`
        ),
        check(
          "M31",
          fresh !== url && again.status === 200,
          "reading the video again signs a fresh URL",
          again.status
        )
      ]
    }
  ),
  control(
    "v3-M31-direct-upload",
    "a direct upload: create, PUT to the presigned URL, complete",
    async (ctx) => {
      const created = dataOf<{ asset_id: string; upload_url: string }>(
        await ctx.call("POST", "/v3/assets/direct-uploads", {
          key: paid,
          body: { filename: "c.png", content_type: "image/png", size_bytes: 4 }
        })
      )
      const put = await fetch(created?.upload_url ?? "", {
        method: "PUT",
        headers: { "content-type": "image/png" },
        body: new Uint8Array([1, 2, 3, 4])
      })
      await put.arrayBuffer()
      const done = await ctx.call("POST", `/v3/assets/${created?.asset_id}/complete`, { key: paid, body: {} })
      return [
        check(
          "M31",
          created?.upload_url.startsWith(`${ctx.baseUrl}/uploads/`) === true,
          "an upload URL on the emulator",
          created?.upload_url
        ),
        check("M31", put.status === 200, "the PUT is taken without an API key", put.status),
        check(
          "M31",
          dataOf<{ status?: string }>(done)?.status === "completed",
          "completed",
          done.text.slice(0, 200)
        )
      ]
    }
  )
]

export const cases: ReadonlyArray<Case> = [...anyServer, ...conditions, ...behaviour]
