/**
 * What a v3 route is: a function from the operation's decoded input (path parameters, query,
 * body — typed by the `@effect-heygen/api` descriptor) and the caller to the operation's
 * answer, typed by the same descriptor. `Handlers<typeof Videos.operations>` needs one
 * handler per operation of the group, so an operation without one does not compile (M28).
 */
import type * as Operation from "@effect-heygen/api/Operation"
import type * as Effect from "effect/Effect"
import type { Ctx, Failure } from "../internal/env.ts"

export type { Ctx, Failure } from "../internal/env.ts"

/** A request's decoded parts. */
export interface Input<Query, Body> {
  /** Path parameters by name, percent-decoded. */
  readonly path: Readonly<Record<string, string>>
  readonly query: Query
  readonly body: Body
}

/** The route of one operation: its input in, its whole answer (envelope included) out. */
export type Handler<O> =
  O extends Operation.Operation<infer Query, infer Body, infer Response>
    ? (input: Input<Query, Body>, ctx: Ctx) => Effect.Effect<Response, Failure>
    : never

/** A handler for every operation of a group, by the group's names. */
export type Handlers<Operations> = { readonly [Name in keyof Operations]: Handler<Operations[Name]> }

/** Any handler, as the router calls it. */
export type AnyHandler = (input: Input<unknown, unknown>, ctx: Ctx) => Effect.Effect<unknown, Failure>
