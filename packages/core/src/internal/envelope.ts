/** The envelopes of HeyGen's success bodies: v1 `{code:100,data}`, v2 `{error:null,data}`, v3 `{data}`. */
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Option from "effect/Option"
import type * as SchemaIssue from "effect/SchemaIssue"
import * as HeyGenError from "../HeyGenError.ts"
import { isRecord, own } from "./json.ts"
import { firstProblem } from "./path.ts"
import { snippet, snippetScrubLength, type Transport } from "./transport.ts"

/**
 * A 2xx body: unwrap the v1/v2/v3 envelope and decode its `data`; an error inside the
 * envelope fails the call with that error (rule D3), a body that is no envelope or data
 * that doesn't match fails with `UnexpectedResponse` naming the field.
 */
export const unwrap = <A>(
  transport: Transport,
  response: HttpClientResponse.HttpClientResponse,
  text: string,
  decodeData: (u: unknown) => Exit.Exit<A, SchemaIssue.Issue>,
  whole = false
): Effect.Effect<A, HeyGenError.HeyGenError> => {
  const { clean, scrub, scrubCut, failWith } = transport
  const unexpected = (message: string, field?: string) =>
    Effect.fail(
      clean(
        new HeyGenError.UnexpectedResponse({
          status: response.status,
          message,
          // Scrubbed before it is cut to a snippet, so no key straddles the cut.
          bodySnippet: snippet(scrubCut(text.slice(0, snippetScrubLength))),
          ...(field === undefined ? {} : { field })
        })
      )
    )
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return unexpected(`HTTP ${response.status} success body is not JSON`)
  }
  if (!isRecord(json)) return unexpected(`HTTP ${response.status} success body is not a JSON object`)
  const error = own(json, "error")
  const code = own(json, "code")
  if ((error !== undefined && error !== null) || (code !== undefined && code !== 100)) {
    return failWith(response.status, response.headers, scrub(text))
  }
  if (!Object.hasOwn(json, "data")) return unexpected("The success body has no `data` member", "data")
  const decoded = decodeData(whole ? json : own(json, "data"))
  if (Exit.isSuccess(decoded)) return Effect.succeed(decoded.value)
  const problem = Option.getOrUndefined(Exit.findErrorOption(decoded))
  const { field, message } = firstProblem(problem, whole ? undefined : "data")
  return unexpected(`Response data does not match at ${field}: ${message ?? "invalid"}`, field)
}
