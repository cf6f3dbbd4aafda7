/**
 * The legacy (v1/v2) server cases: against any server (no key, unknown key, bodies, unknown
 * ids), forced errors, the fixture app's encoder, and each emulator condition (M1–M16).
 */
import * as Catalog from "@effect-heygen/core/Catalog"
import { type Check, check } from "./Result.ts"
import { secret } from "./ServerApp.ts"
import type { Context } from "./ServerHttp.ts"
import { answers, type Case, natural, stackFrame, times, wire } from "./WireChecks.ts"

// --- requests -------------------------------------------------------------------------

const paid = "hg_paid_0001"
const avatar = "Daisy-inskirt-20220818"
const voice = "2d5b0e6cf36f460aa7fc47e3eee4ba54"
const video = (
  overrides: {
    avatar_id?: string
    voice_id?: string
    text?: string
    test?: boolean
    width?: number
    background?: string
  } = {}
) => ({
  ...(overrides.test === false ? {} : { test: overrides.test ?? true }),
  ...(overrides.width === undefined ? {} : { dimension: { width: overrides.width, height: 1080 } }),
  video_inputs: [
    {
      character: { type: "avatar", avatar_id: overrides.avatar_id ?? avatar },
      voice: {
        type: "text",
        voice_id: overrides.voice_id ?? voice,
        input_text: overrides.text ?? "Hello from the conformance suite."
      },
      ...(overrides.background === undefined
        ? {}
        : { background: { type: "image", image_asset_id: overrides.background } })
    }
  ]
})
const generate = (ctx: Context, key: string, body: object) =>
  ctx.call("POST", "/v2/video/generate", { key, body })

// --- cases ----------------------------------------------------------------------------

export const anyServer: Array<Case> = [
  {
    id: "no-key",
    note: "a request without X-Api-Key",
    control: false,
    run: async (ctx) => {
      const answer = await ctx.call("GET", "/v2/avatars")
      return answers(ctx, "M1", answer, "unauthorized")
    }
  },
  {
    id: "unknown-key",
    note: "an unknown key answers the same body as no key",
    control: false,
    run: async (ctx) => {
      const [none, unknown] = [
        await ctx.call("GET", "/v2/avatars"),
        await ctx.call("GET", "/v2/avatars", { key: "conformance-unknown-key" })
      ]
      return [
        check("M1", JSON.stringify(unknown.body) === JSON.stringify(none.body), none.text, unknown.text),
        ...wire(ctx, unknown, "unauthorized")
      ]
    }
  },
  {
    id: "request-id-echo",
    note: "X-Request-Id is echoed on an error",
    control: false,
    run: async (ctx) =>
      wire(
        ctx,
        await ctx.call("GET", "/v2/avatars", { headers: { "x-request-id": "conformance-rid-1" } }),
        "unauthorized",
        "conformance-rid-1"
      )
  },
  {
    id: "non-json-body",
    note: "a body that is not JSON",
    control: false,
    needsKey: true,
    run: async (ctx) =>
      wire(
        ctx,
        await ctx.call("POST", "/v2/video/generate", { key: ctx.apiKey!, body: "{not json" }),
        "invalid_parameter"
      )
  },
  {
    id: "array-body",
    note: "a JSON body that is not an object",
    control: false,
    needsKey: true,
    run: async (ctx) => {
      const answer = await ctx.call("POST", "/v2/video/generate", { key: ctx.apiKey!, body: "[]" })
      return answers(ctx, "E6", answer, "invalid_parameter")
    }
  },
  {
    id: "missing-voice-id",
    note: "a video input without voice.voice_id",
    control: false,
    needsKey: true,
    run: async (ctx) => {
      const body = video() as { video_inputs: Array<{ voice: Record<string, unknown> }> }
      delete body.video_inputs[0]!.voice.voice_id
      const answer = await generate(ctx, ctx.apiKey!, body)
      const error = answer.body?.error
      return [
        check(
          "E6",
          error?.param === "video_inputs[0].voice.voice_id",
          "param video_inputs[0].voice.voice_id",
          error?.param
        ),
        check(
          "E6",
          typeof error?.message === "string" && error.message.includes("voice_id"),
          "a message naming the field",
          error?.message
        ),
        ...answers(ctx, "M14", answer, "invalid_parameter")
      ]
    }
  },
  {
    id: "unknown-video",
    note: "the status of a video that never existed",
    control: false,
    needsKey: true,
    run: async (ctx) => {
      const answer = await ctx.call("GET", "/v1/video_status.get?video_id=conformance-missing-video", {
        key: ctx.apiKey!
      })
      return answers(ctx, "M9", answer, "video_not_found")
    }
  },
  {
    id: "unknown-template",
    note: "a template that doesn't exist",
    control: false,
    needsKey: true,
    run: async (ctx) => {
      const answer = await ctx.call("GET", "/v2/template/conformance-missing-template", { key: ctx.apiKey! })
      return answers(ctx, "M12", answer, "template_not_found")
    }
  }
]

export const forced: Array<Case> = Catalog.entries.map((entry) => ({
  id: `forced-${entry.code}`,
  note: `X-Emulator-Error: ${entry.code}`,
  control: true,
  run: async (ctx) =>
    wire(
      ctx,
      await ctx.call("GET", "/v2/avatars", {
        key: paid,
        headers: { "x-emulator-error": entry.code, "x-request-id": `rid-${entry.code}` }
      }),
      entry.code,
      `rid-${entry.code}`
    )
}))

export const fixtureApp: Array<Case> = [
  ...Catalog.entries.map(
    (entry): Case => ({
      id: `fixture-${entry.code}`,
      note: `a user's app failing with ${entry.tag}, through HeyGenServer.middleware`,
      control: true,
      run: async (ctx) => {
        const answer = await ctx.call("GET", `/__fixture/code/${entry.code}`)
        const checks = wire(ctx, answer, entry.code)
        if (entry.code === "rate_limit_exceeded")
          checks.push(
            check(
              "E3",
              answer.headers.get("retry-after") === "3",
              "Retry-After 3 (2.5 s rounded up)",
              answer.headers.get("retry-after")
            )
          )
        if (entry.code === "insufficient_credit")
          checks.push(
            check(
              "E5",
              answer.body?.error?.message === "Your account has 2 credits but this video requires 4 credits.",
              "both numbers",
              answer.body?.error?.message
            )
          )
        return checks
      }
    })
  ),
  ...["defect", "foreign"].map(
    (kind): Case => ({
      id: `fixture-${kind}`,
      note: kind === "defect" ? "a handler that dies" : "a failure outside the union",
      control: true,
      run: async (ctx) => {
        const answer = await ctx.call("GET", `/__fixture/${kind}`)
        return [
          ...answers(ctx, "E7", answer, "internal_error"),
          check(
            "E7",
            !answer.text.includes(secret) && !stackFrame.test(answer.text),
            "a generic message",
            answer.body?.error?.message
          )
        ]
      }
    })
  ),
  {
    id: "fixture-validate",
    note: "decodeBody names the failing field",
    control: true,
    run: async (ctx) => {
      const answer = await ctx.call("POST", "/__fixture/validate", {
        body: { video_inputs: [{ voice: {} }] }
      })
      return [
        check(
          "E6",
          answer.body?.error?.param === "video_inputs[0].voice.voice_id",
          "param video_inputs[0].voice.voice_id",
          answer.body?.error?.param
        ),
        ...wire(ctx, answer, "invalid_parameter")
      ]
    }
  },
  {
    id: "fixture-oversized-body",
    note: "a 2 MiB body is refused",
    control: true,
    run: async (ctx) => {
      const answer = await ctx.call("POST", "/__fixture/validate", {
        body: `{"pad":"${"x".repeat(2 * 1024 * 1024)}"}`
      })
      return answers(ctx, "S2", answer, "invalid_parameter")
    }
  }
]

export const conditions: Array<Case> = [
  {
    id: "M1-expired-revoked",
    note: "expired and revoked keys answer the same body as no key",
    control: true,
    run: async (ctx) => {
      const none = await ctx.call("GET", "/v2/avatars")
      const checks: Array<Check> = []
      for (const key of ["hg_expired_0001", "hg_revoked_0001"]) {
        const answer = await ctx.call("GET", "/v2/avatars", { key })
        checks.push(
          check("M1", JSON.stringify(answer.body) === JSON.stringify(none.body), none.text, answer.text),
          ...wire(ctx, answer, "unauthorized")
        )
      }
      return checks
    }
  },
  natural("M2", "M2-member-key", "a member key on the organization endpoint", "forbidden", (ctx) =>
    ctx.call("GET", "/v2/organization/members", { key: "hg_org_member_0001" })
  ),
  natural("M3", "M3-other-video", "another account's video", "resource_access_denied", (ctx) =>
    ctx.call("GET", "/v1/video_status.get?video_id=vid_other_0001", { key: paid })
  ),
  natural(
    "M4",
    "M4-fourth-render",
    "a 4th render while 3 run: Retry-After is the time until a slot frees",
    "rate_limit_exceeded",
    (ctx) => times(4, () => generate(ctx, paid, video({ test: false }))),
    (answer) => {
      const seconds = Number(answer.headers.get("retry-after"))
      return [
        check(
          "M4",
          seconds >= 1 && seconds <= 30,
          "Retry-After within the render time (1..30 s)",
          answer.headers.get("retry-after")
        )
      ]
    }
  ),
  natural("M5", "M5-free-quota", "a 4th video-agent request on the free plan", "quota_exceeded", (ctx) =>
    times(4, () =>
      ctx.call("POST", "/v1/video_agent/generate", { key: "hg_free_0001", body: { prompt: "a short video" } })
    )
  ),
  natural(
    "M6",
    "M6-broke",
    "a 350-character script (4 credits) on a 2-credit balance",
    "insufficient_credit",
    (ctx) => generate(ctx, "hg_broke_0001", video({ test: false, text: "x".repeat(350) })),
    (answer) => [
      check(
        "M6",
        answer.body?.error?.message === "Your account has 2 credits but this video requires 4 credits.",
        "both numbers",
        answer.body?.error?.message
      )
    ]
  ),
  natural("M7", "M7-trial", "a 4th non-test video on the trial plan", "trial_limit_exceeded", (ctx) =>
    times(4, () => generate(ctx, "hg_trial_0001", video({ test: false })))
  ),
  natural("M8", "M8-premium-avatar", "a premium avatar on the paid plan", "plan_upgrade_required", (ctx) =>
    generate(ctx, paid, video({ avatar_id: "Premium-Ava-2024" }))
  ),
  natural("M8", "M8-resolution", "3840 wide on the paid plan", "plan_upgrade_required", (ctx) =>
    generate(ctx, paid, video({ width: 3840 }))
  ),
  natural("M9", "M9-deleted-video", "the status of a deleted video", "video_not_found", async (ctx) => {
    const created = await generate(ctx, paid, video())
    const id = (created.body as { data?: { video_id?: string } } | undefined)?.data?.video_id ?? "none"
    await ctx.call("POST", "/__emulator/clock", { body: { advance_ms: 60_000 } })
    await ctx.call("DELETE", `/v1/video.delete?video_id=${id}`, { key: paid })
    return ctx.call("GET", `/v1/video_status.get?video_id=${id}`, { key: paid })
  }),
  natural("M10", "M10-training-avatar", "an avatar still training", "avatar_not_found", (ctx) =>
    generate(ctx, paid, video({ avatar_id: "Instant-Me-training" }))
  ),
  natural("M11", "M11-processing-voice", "a cloned voice still processing", "voice_not_found", (ctx) =>
    generate(ctx, paid, video({ voice_id: "clone-processing-0001" }))
  ),
  natural(
    "M12",
    "M12-generate-missing-template",
    "generating from a template that doesn't exist",
    "template_not_found",
    (ctx) =>
      ctx.call("POST", "/v2/template/conformance-missing/generate", { key: paid, body: { variables: {} } })
  ),
  natural("M13", "M13-uploading-asset", "a background asset still uploading", "asset_not_found", (ctx) =>
    generate(ctx, paid, video({ background: "asset_paid_uploading" }))
  ),
  natural("M14", "M14-bad-type", "a voice_id that is a number", "invalid_parameter", (ctx) =>
    generate(ctx, paid, {
      ...video(),
      video_inputs: [
        {
          character: { type: "avatar", avatar_id: avatar },
          voice: { type: "text", voice_id: 7, input_text: "x" }
        }
      ]
    })
  ),
  natural(
    "M15",
    "M15-delete-rendering",
    "deleting a video while it renders",
    "video_delete_failed",
    async (ctx) => {
      const created = await generate(ctx, paid, video({ test: false }))
      const id = (created.body as { data?: { video_id?: string } } | undefined)?.data?.video_id ?? "none"
      return ctx.call("DELETE", `/v1/video.delete?video_id=${id}`, { key: paid })
    }
  ),
  natural("M16", "M16-defect", "a defect in a handler", "internal_error", (ctx) =>
    ctx.call("GET", "/v2/avatars", { key: paid, headers: { "x-emulator-fault": "defect" } })
  )
]
