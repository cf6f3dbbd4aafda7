/**
 * v3 list pages (rule M30): `{data, has_more, next_token}`, `limit` items (1–100, the
 * operation's default otherwise) in a stable order — newest first, ties by id — and an opaque
 * token naming the last item seen, so items created between pages neither repeat nor shift the
 * walk. A token that is not one of ours is `invalid_parameter` naming `token`.
 */
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import type { Failure } from "./env.ts"

/** Where an item sorts: by `[number, id]`, descending. */
export type Position = readonly [number, string]

export interface Page<A> {
  readonly data: ReadonlyArray<A>
  readonly has_more: boolean
  readonly next_token: string | null
}

const before = (a: Position, b: Position) => (a[0] !== b[0] ? a[0] > b[0] : a[1] > b[1])
const order = (a: { readonly at: Position }, b: { readonly at: Position }) =>
  a.at[0] !== b.at[0] ? b.at[0] - a.at[0] : a.at[1] > b.at[1] ? -1 : a.at[1] < b.at[1] ? 1 : 0

const encode = (position: Position): string =>
  btoa(JSON.stringify(position)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "")

const badToken = new HeyGenError.InvalidParameter({
  message: "Invalid parameter token: not a token this list gave out.",
  param: "token"
})

const decode = (token: string): Position | undefined => {
  try {
    const value: unknown = JSON.parse(atob(token.replaceAll("-", "+").replaceAll("_", "/")))
    return Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === "number" &&
      Number.isFinite(value[0]) &&
      typeof value[1] === "string"
      ? [value[0], value[1]]
      : undefined
  } catch {
    return undefined
  }
}

/** Sorts `items` by `position` (newest first) and cuts the page after `token`. */
export const page = <A>(
  items: ReadonlyArray<A>,
  position: (item: A) => Position,
  limit: number,
  token: string | undefined
): Page<A> | Failure => {
  const after = token === undefined || token === "" ? undefined : decode(token)
  if (token !== undefined && token !== "" && after === undefined) return badToken
  const sorted = items.map((item) => ({ item, at: position(item) })).sort(order)
  let start = 0
  if (after !== undefined) while (start < sorted.length && !before(after, sorted[start]!.at)) start++
  const slice = sorted.slice(start, start + limit)
  const has_more = start + limit < sorted.length
  return {
    data: slice.map((s) => s.item),
    has_more,
    next_token: has_more ? encode(slice[slice.length - 1]!.at) : null
  }
}

/** A catalog's fixed order: the first item first. */
export const catalogPosition = (index: number, id: string): Position => [-index, id]

/** A resource's order: the newest first. */
export const newest = (resource: { readonly createdAt?: number }, id: string): Position => [
  resource.createdAt ?? 0,
  id
]
