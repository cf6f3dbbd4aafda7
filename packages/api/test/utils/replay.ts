/**
 * A spec-driven replay server: a real node:http server on 127.0.0.1 that routes each request
 * to its operation by method and path template, checks it against the spec — `X-Api-Key`,
 * `Idempotency-Key` on mutations (and only there), content type, query, body — and answers
 * what the test scripted. Every problem is recorded and answered with a 400, so a test sees
 * both.
 */
import type * as http from "node:http"
import { serveNode } from "@effect-heygen/harness/node"
import * as Effect from "effect/Effect"
import { type Operation, spec } from "./spec.ts"
import { validate, validateQuery } from "./validate.ts"

export const apiKey = "test-key-7f3a"

export interface Recorded {
  readonly operation: Operation | undefined
  readonly method: string
  readonly url: URL
  readonly pathParams: Readonly<Record<string, string>>
  readonly headers: http.IncomingHttpHeaders
  readonly body: unknown
  readonly problems: ReadonlyArray<string>
}

export interface Answer {
  readonly status?: number
  readonly body: unknown
  readonly headers?: Readonly<Record<string, string>>
}

const routes = spec
  .map((operation) => ({
    operation,
    pattern: new RegExp(`^${operation.path.replace(/\{\w+\}/g, "([^/]+)")}$`)
  }))
  // A literal segment wins over a parameter: `/v3/videos/statuses` is not a video id.
  .sort((a, b) => a.operation.pathParams.length - b.operation.pathParams.length)

const route = (method: string, pathname: string) => {
  for (const { operation, pattern } of routes) {
    if (operation.method !== method) continue
    const match = pattern.exec(pathname)
    if (match === null) continue
    const pathParams = Object.fromEntries(
      operation.pathParams.map((name, i) => [name, decodeURIComponent(match[i + 1]!)])
    )
    return { operation, pathParams }
  }
  return undefined
}

const readBody = async (
  operation: Operation,
  headers: http.IncomingHttpHeaders,
  bytes: Buffer,
  problems: Array<string>
): Promise<unknown> => {
  const contentType = headers["content-type"] ?? ""
  if (operation.bodyKind === "none") {
    if (bytes.length > 0) problems.push("a body on an operation that takes none")
    return undefined
  }
  if (operation.bodyKind === "multipart") {
    if (!contentType.startsWith("multipart/form-data; boundary="))
      problems.push(`content-type ${contentType}`)
    const form = await new Response(new Uint8Array(bytes), {
      headers: { "content-type": contentType }
    }).formData()
    const parts = Object.fromEntries(form.entries())
    for (const name of operation.body?.required ?? []) {
      if (!(parts[name] instanceof Blob)) problems.push(`multipart part ${name} missing or not a file`)
    }
    return parts
  }
  if (contentType !== "application/json") problems.push(`content-type ${contentType}`)
  try {
    const body = JSON.parse(bytes.toString("utf8"))
    problems.push(...validate(operation.body!, body))
    return body
  } catch {
    problems.push("the body is not JSON")
    return undefined
  }
}

const check = (
  operation: Operation,
  url: URL,
  headers: http.IncomingHttpHeaders,
  problems: Array<string>
) => {
  if (headers["x-api-key"] !== apiKey) problems.push("X-Api-Key missing or wrong")
  const key = headers["idempotency-key"]
  if (operation.method === "GET") {
    if (key !== undefined) problems.push("Idempotency-Key on a read")
  } else if (typeof key !== "string" || !/^[A-Za-z0-9_:.-]{1,255}$/.test(key)) {
    problems.push(`Idempotency-Key missing or malformed on a mutation: ${String(key)}`)
  }
  problems.push(...validateQuery(operation, url.searchParams))
}

/** The server for the scope; `answer` scripts each response (the default: an empty success). */
export const replayServer = (answer: (request: Recorded) => Answer) =>
  Effect.gen(function* () {
    const requests: Array<Recorded> = []
    const { url } = yield* serveNode(async (received, res) => {
      const found = route(received.method, received.url.pathname)
      const problems: Array<string> = []
      let body: unknown
      if (found === undefined) problems.push(`no operation for ${received.method} ${received.url.pathname}`)
      else {
        check(found.operation, received.url, received.headers, problems)
        body = await readBody(found.operation, received.headers, received.body, problems)
      }
      const recorded: Recorded = {
        operation: found?.operation,
        method: received.method,
        url: received.url,
        pathParams: found?.pathParams ?? {},
        headers: received.headers,
        body,
        problems
      }
      requests.push(recorded)
      const reply: Answer =
        problems.length > 0
          ? {
              status: 400,
              body: { error: { code: "invalid_parameter", message: problems.join("; "), doc_url: "" } }
            }
          : answer(recorded)
      res
        .writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers })
        .end(JSON.stringify(reply.body))
    })
    return { url, requests: requests as ReadonlyArray<Recorded> }
  })
