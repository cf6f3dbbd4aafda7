// M28: the v3 routes cannot miss an operation — checked by the type checker (`tsc`), not at run time.
import type * as Videos from "@effect-heygen/api/Videos"
import * as Effect from "effect/Effect"
import type { Handlers } from "../src/v3/handler.ts"
import type { HandlerTable } from "../src/v3/Routes.ts"
import * as VideosRoutes from "../src/v3/Videos.ts"

const { listStatuses: _, ...withoutOne } = VideosRoutes.handlers

// @ts-expect-error a group without one of its operations' handlers does not compile
export const incompleteGroup: Handlers<typeof Videos.operations> = withoutOne

// @ts-expect-error a table without one of the groups does not compile
export const incompleteTable: HandlerTable = { Videos: VideosRoutes.handlers }

// A handler answers the operation's response: a video without its `id` does not compile.
export const wrongAnswer: Handlers<typeof Videos.operations>["get"] = () =>
  // @ts-expect-error Videos.get answers a video, and a video has an `id`
  Effect.succeed({ data: { status: "completed" } })
