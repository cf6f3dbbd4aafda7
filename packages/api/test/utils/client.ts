/** The package's operations, called by their spec entry, over the test transport or a stub. */

import * as HeyGenClient from "@effect-heygen/core/HeyGenClient"
import type * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Transport from "../../src/HeyGenTransport.ts"
import { HeyGenTransport, type Response } from "../../src/HeyGenTransport.ts"
import * as Api from "../../src/index.ts"
import { apiKey } from "./replay.ts"
import type { Operation } from "./spec.ts"

/** The production transport — core's HeyGenClient behind `HeyGenTransport.layer` — against a local server, one attempt. */
export const transport = (baseUrl: string) =>
  Transport.layer.pipe(
    Layer.provide(HeyGenClient.layer({ apiKey: Redacted.make(apiKey), baseUrl, retry: false })),
    Layer.provide(FetchHttpClient.layer)
  )

/** A transport that answers every request with `body`, in memory. */
export const stub = (body: Response["body"], status = 200) =>
  Layer.succeed(HeyGenTransport, {
    execute: () => Effect.succeed({ status, body, headers: {} })
  })

type Call = (
  ...args: ReadonlyArray<unknown>
) => Effect.Effect<unknown, HeyGenError.HeyGenError, HeyGenTransport>

const modules = new Map<string, Readonly<Record<string, unknown>>>(Object.entries(Api))
const moduleOf = (operation: Operation) => {
  const module = modules.get(operation.group)
  if (module === undefined) throw new Error(`no module ${operation.group}`)
  return module
}

/** The generated function of a spec operation (looked up by name: the test drives all 85 alike). */
export const functionOf = (operation: Operation): Call => {
  const fn = moduleOf(operation)[operation.name]
  if (typeof fn !== "function") throw new Error(`${operation.group}.${operation.name} is not generated`)
  return fn as Call
}

/** The descriptor the generator made for a spec operation. */
export const descriptorOf = (operation: Operation): Api.Operation.Any => {
  return moduleOf(operation)[`${operation.name}Operation`] as Api.Operation.Any
}

/** Whether the function answers the whole body (a page) rather than its `data`. */
export const answersEnvelope = (operation: Operation) =>
  operation.paginated?.items === "data" || operation.response?.properties?.has_more !== undefined

/** The function's arguments: path parameters, body, query, in the generator's order. */
export const argumentsOf = (
  operation: Operation,
  input: { readonly path: ReadonlyArray<string>; readonly body?: unknown; readonly query?: unknown }
): ReadonlyArray<unknown> => [
  ...input.path,
  ...(operation.body === undefined ? [] : [input.body]),
  ...(operation.query.length === 0 ? [] : [input.query])
]
