/**
 * The wire rules every error answer keeps (E1–E7, C2), and the shape of a case that checks an
 * emulator condition: reset, act, expect a code.
 */
import * as Catalog from "@effect-heygen/core/Catalog"
import { type Check, check } from "./Result.ts"
import { secret } from "./ServerApp.ts"
import type { Answer, Context } from "./ServerHttp.ts"

export interface Case {
  readonly id: string
  readonly note: string
  /** Needs the emulator's fixtures, control endpoints, forced errors or the fixture app. */
  readonly control: boolean
  readonly needsKey?: boolean
  readonly run: (ctx: Context) => Promise<Array<Check>>
}

export const stackFrame = /\bat .+:\d+:\d+/
const creditShape = /^Your account has [\d.,]+ credits? but this video requires [\d.,]+ credits?\.$/

/** The rules every error answer keeps, for an answer that should carry `code`. */
export const wire = (ctx: Context, answer: Answer, code: string, sentRequestId?: string): Array<Check> => {
  const entry = Catalog.entries.find((e) => e.code === code)!
  const error = answer.body?.error
  const keys = error === undefined ? [] : Object.keys(error)
  const expectedKeys = ["code", "message", ...(error?.param !== undefined ? ["param"] : []), "doc_url"]
  const docUrl = error?.doc_url
  const anchor = `#${code.replaceAll("_", "-")}`
  const checks = [
    check("E1", answer.status === entry.status, `status ${entry.status}`, answer.status),
    check(
      "E1",
      answer.headers.get("content-type") === "application/json; charset=utf-8",
      "content-type application/json; charset=utf-8",
      answer.headers.get("content-type")
    ),
    check("E2", error?.code === code, `code ${code}`, error?.code ?? answer.text.slice(0, 200)),
    check(
      "E2",
      answer.body !== undefined &&
        Object.keys(answer.body).join() === "error" &&
        keys.join() === expectedKeys.join(),
      `{"error":{${expectedKeys.join(",")}}} exactly`,
      answer.text.slice(0, 300)
    ),
    check("E2", typeof error?.message === "string" && error.message.length > 0, "a message", error?.message),
    check(
      "E2",
      error?.param === undefined || (typeof error.param === "string" && error.param.length > 0),
      "param only when set",
      error?.param
    ),
    check(
      "E2",
      !stackFrame.test(answer.text) && !answer.text.includes(secret),
      "no stack or internal detail",
      answer.text.slice(0, 300)
    ),
    check(
      "C2",
      ctx.ours ? docUrl === Catalog.docUrl(code) : typeof docUrl === "string" && docUrl.endsWith(anchor),
      ctx.ours ? Catalog.docUrl(code) : `a doc_url ending ${anchor}`,
      docUrl
    ),
    check(
      "E4",
      sentRequestId === undefined
        ? (answer.headers.get("x-request-id") ?? "") !== ""
        : answer.headers.get("x-request-id") === sentRequestId,
      sentRequestId === undefined ? "an X-Request-Id" : `X-Request-Id ${sentRequestId}`,
      answer.headers.get("x-request-id")
    )
  ]
  if (code === "rate_limit_exceeded") {
    const retryAfter = answer.headers.get("retry-after")
    checks.push(
      check(
        "E3",
        retryAfter !== null && /^[1-9]\d*$/.test(retryAfter),
        "Retry-After: whole seconds ≥ 1",
        retryAfter
      )
    )
  }
  if (code === "insufficient_credit") {
    checks.push(
      check(
        "E5",
        typeof error?.message === "string" && creditShape.test(error.message),
        "the E5 message shape",
        error?.message
      )
    )
  }
  return checks
}

const reset = (ctx: Context) => ctx.call("POST", "/__emulator/reset")

/** `answer` must carry `code` (checked under `rule`) and keep every wire rule. */
export const answers = (ctx: Context, rule: string, answer: Answer, code: string): Array<Check> => [
  check(rule, answer.body?.error?.code === code, code, answer.body?.error?.code ?? answer.text.slice(0, 200)),
  ...wire(ctx, answer, code)
]

/** A natural-condition case: reset the emulator, then `steps` must end in `code`. */
export const natural = (
  rule: string,
  id: string,
  note: string,
  code: string,
  steps: (ctx: Context) => Promise<Answer>,
  extra: (answer: Answer) => Array<Check> = () => []
): Case => ({
  id,
  note,
  control: true,
  run: async (ctx) => {
    await reset(ctx)
    const answer = await steps(ctx)
    return [...answers(ctx, rule, answer, code), ...extra(answer)]
  }
})

export const times = async (n: number, f: () => Promise<Answer>) => {
  let last: Answer | undefined
  for (let i = 0; i < n; i++) last = await f()
  return last!
}
