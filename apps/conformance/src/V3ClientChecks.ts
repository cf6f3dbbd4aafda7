/**
 * The client direction's verdicts on the v3 API (rules V1–V9): a runtime's `V3Probe` report
 * against what the emulator's fixtures and rules make the right answer.
 */
import { type Check, check } from "./Result.ts"
import type { Summary } from "./Summary.ts"
import {
  dropIdPrefix,
  futureMember,
  futureStatusSuffix,
  keys,
  type Outcome,
  type Report
} from "./V3Report.ts"

type Result = Check & { readonly case: string }

const show = (u: unknown) => JSON.stringify(u) ?? "undefined"

/** The error a part failed with, as the check wants it: each field of `want` equal. */
const failedWith = (
  rule: string,
  name: string,
  got: Outcome<unknown> | undefined,
  want: Partial<Summary> & { readonly messageIncludes?: string }
): Result => {
  const { messageIncludes, ...fields } = want
  const error = got !== undefined && "error" in got ? got.error : undefined
  const problems =
    error === undefined
      ? [`no error: ${show(got).slice(0, 300)}`]
      : [
          ...Object.entries(fields)
            .filter(([field, value]) => error[field as keyof Summary] !== value)
            .map(
              ([field, value]) => `${field}: ${show(error[field as keyof Summary])}, expected ${show(value)}`
            ),
          ...(messageIncludes !== undefined && !error.message.includes(messageIncludes)
            ? [`message ${show(error.message)} does not name ${messageIncludes}`]
            : [])
        ]
  return {
    ...check(
      rule,
      problems.length === 0,
      show(want),
      problems.length === 0 ? show(error) : problems.join("; ")
    ),
    case: `v3:${name}`
  }
}

/** A part that must succeed, judged by `problemsOf` (one line per problem, none when right). */
const succeeded = <A>(
  rule: string,
  name: string,
  expected: string,
  got: Outcome<A> | undefined,
  problemsOf: (value: A) => Array<string>
): Result => {
  const problems =
    got !== undefined && "ok" in got ? problemsOf(got.ok) : [`failed: ${show(got).slice(0, 500)}`]
  return {
    ...check(
      rule,
      problems.length === 0,
      expected,
      problems.length === 0 ? show(got).slice(0, 500) : problems.join("; ")
    ),
    case: `v3:${name}`
  }
}

const when = (condition: boolean, problem: string) => (condition ? [] : [problem])

/** The tag each resource's not-found is (M9–M13, and the jobs' `video_not_found`). */
export const notFoundTags: Readonly<Record<string, readonly [tag: string, code: string]>> = {
  videos: ["VideoNotFound", "video_not_found"],
  avatarLooks: ["AvatarNotFound", "avatar_not_found"],
  voices: ["VoiceNotFound", "voice_not_found"],
  templates: ["TemplateNotFound", "template_not_found"],
  assets: ["AssetNotFound", "asset_not_found"],
  videoTranslations: ["VideoNotFound", "video_not_found"]
}

const known = ["pending", "processing", "completed", "failed"]

export const evaluate = (report: Report | undefined): Array<Result> => {
  if (report === undefined)
    return [{ ...check("V1", false, "a v3 report from the probe", "none"), case: "v3:report" }]
  const results: Array<Result> = []
  results.push(
    succeeded("V1", "round-trip", "create → get → listed", report.roundTrip, (r) => [
      ...when(r.got === r.created, `got ${r.got}, created ${r.created}`),
      ...when(r.found, "not in the list")
    ])
  )
  for (const [resource, [tag, code]] of Object.entries(notFoundTags))
    results.push(
      failedWith("V2", `not-found:${resource}`, report.notFound[resource], { tag, code, status: 404 })
    )
  results.push(
    failedWith("V3", "invalid-body", report.invalid.body, {
      tag: "InvalidParameter",
      status: 400,
      param: "scenes[0].input.voice_id"
    }),
    failedWith("V3", "invalid-token", report.invalid.token, {
      tag: "InvalidParameter",
      status: 400,
      param: "token"
    }),
    failedWith("V4", "auth:unknown-key", report.auth.unknown, { tag: "Unauthorized", status: 401 }),
    failedWith("V4", "auth:expired-key", report.auth.expired, { tag: "Unauthorized", status: 401 }),
    failedWith("V4", "auth:member-key", report.auth.member, { tag: "Forbidden", status: 403 }),
    failedWith("V5", "insufficient-credit", report.credit, {
      tag: "InsufficientCredit",
      status: 402,
      available: 2,
      required: 4
    })
  )
  results.push(
    succeeded(
      "V6",
      "idempotency:replay",
      "a repeat with the caller's key replays the first (the same video)",
      report.idempotency,
      (r) => when(r.repeat === r.first, `repeat ${r.repeat}, first ${r.first}`)
    ),
    succeeded(
      "V6",
      "idempotency:in-flight",
      "409 request_in_progress waited out and retried with the same key: the original's video",
      report.idempotency,
      (r) => [
        ...when(r.conflicts >= 1, `${r.conflicts} 409s seen`),
        ...when(
          r.retriedKeys.length >= 2 && r.retriedKeys.every((k) => k !== null && k === r.retriedKeys[0]),
          `attempts' keys ${show(r.retriedKeys)}`
        ),
        ...when(r.retriedKeys[0] === `${r.key}-slow`, `the caller's key ${show(`${r.key}-slow`)} not sent`),
        ...when(r.retried === r.original, `retried ${r.retried}, original ${r.original}`)
      ]
    ),
    succeeded(
      "V6",
      "idempotency:after-fault",
      "a 500 retried with the key generated for the call, the same on both attempts",
      report.idempotency,
      (r) => [
        ...when(r.faults === 1, `${r.faults} scripted 500s answered`),
        ...when(
          r.afterFaultKeys.length === 2 &&
            r.afterFaultKeys[0] !== null &&
            r.afterFaultKeys[0] === r.afterFaultKeys[1] &&
            /^[A-Za-z0-9_:.-]{1,255}$/.test(r.afterFaultKeys[0] ?? ""),
          `attempts' keys ${show(r.afterFaultKeys)}`
        )
      ]
    ),
    succeeded(
      "V6",
      "idempotency:charged-once",
      "3 credits for the 3 videos its 7 or more create attempts made",
      report.idempotency,
      (r) => [
        ...when(new Set([r.first, r.original, r.afterFault]).size === 3, "3 distinct videos"),
        ...when(r.creditsSpent === 3, `${r.creditsSpent} credits spent`)
      ]
    ),
    succeeded(
      "V7",
      "pagination",
      "≥ 3 pages of 2, walked and streamed, as one page of 100",
      report.pagination,
      (r) => [
        ...when(r.pages >= 3, `${r.pages} pages`),
        ...when(new Set(r.walked).size === r.walked.length, "an item walked twice"),
        ...when(show(r.walked) === show(r.whole), `walked ${show(r.walked)}, one page ${show(r.whole)}`),
        ...when(
          show(r.streamed) === show(r.whole),
          `streamed ${show(r.streamed)}, one page ${show(r.whole)}`
        ),
        ...when(
          r.created.every((id) => r.whole.includes(id)),
          "a created video is missing"
        )
      ]
    ),
    succeeded(
      "V8",
      "failed-job",
      "status failed, failure_code avatar_render_failed, a failure_message",
      report.failedJob,
      (r) => [
        ...when(r.status === "failed", `status ${r.status}`),
        ...when(r.failureCode === "avatar_render_failed", `failure_code ${r.failureCode}`),
        ...when(typeof r.failureMessage === "string" && r.failureMessage.length > 0, "no failure_message")
      ]
    ),
    succeeded(
      "V9",
      "forward-compatible:members",
      `${futureMember.name} kept on a got and a listed video`,
      report.forwardCompatible,
      (r) => [
        ...when(show(r.got[futureMember.name]) === show(futureMember.value), `got ${show(r.got)}`),
        ...when(show(r.listed[futureMember.name]) === show(futureMember.value), `listed ${show(r.listed)}`)
      ]
    ),
    succeeded(
      "V9",
      "forward-compatible:enum",
      `a status the spec lacks (…${futureStatusSuffix}) decoded and kept`,
      report.forwardCompatible,
      (r) =>
        [r.got.status, r.listed.status].flatMap((status) =>
          when(
            typeof status === "string" && status.endsWith(futureStatusSuffix) && !known.includes(status),
            `status ${show(status)}`
          )
        )
    ),
    succeeded(
      "V9",
      "forward-compatible:missing",
      `GET /v3/videos/${dropIdPrefix}<id> (no id): UnexpectedResponse naming data.id`,
      report.forwardCompatible,
      (r) => {
        const error = "error" in r.missingId ? r.missingId.error : undefined
        return [
          ...when(error?.tag === "UnexpectedResponse", `got ${show(r.missingId).slice(0, 300)}`),
          ...when(error?.message.includes("data.id") === true, `message ${show(error?.message)}`)
        ]
      }
    )
  )
  // S1 on v3: no key the probe's clients held appears in what they reported.
  const text = show(report)
  const leaked = Object.entries(keys).filter(([, key]) => text.includes(key))
  results.push({
    ...check(
      "S1",
      leaked.length === 0,
      "no API key in what the v3 client reported",
      leaked.length === 0 ? "absent" : leaked.map(([name]) => name).join(", ")
    ),
    case: "v3:api-keys"
  })
  return results
}
