/**
 * Every v3 operation of `@effect-heygen/api` and its route (rule M28): the groups' descriptors
 * and the handlers, checked to pair up — a group or operation without a handler does not
 * compile — and a routing table built once from the descriptors' path templates, literal
 * segments before parameters (`/v3/videos/statuses` before `/v3/videos/{video_id}`).
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
import type { Failure } from "../internal/env.ts"
import { badEncoding } from "../internal/http.ts"
import { decodeSegment } from "../internal/lookup.ts"
import { bodyDecoder, queryDecoder } from "../internal/validate.ts"
import * as AiClippingRoutes from "./AiClipping.ts"
import * as AssetsRoutes from "./Assets.ts"
import * as AudioRoutes from "./Audio.ts"
import * as AvatarsRoutes from "./Avatars.ts"
import * as BackgroundRemovalsRoutes from "./BackgroundRemovals.ts"
import * as BrandRoutes from "./Brand.ts"
import type { AnyHandler, Handlers } from "./handler.ts"
import * as LipsyncsRoutes from "./Lipsyncs.ts"
import * as TemplatesRoutes from "./Templates.ts"
import * as UsersRoutes from "./Users.ts"
import * as VideoAgentsRoutes from "./VideoAgents.ts"
import * as VideosRoutes from "./Videos.ts"
import * as VideoTranslationsRoutes from "./VideoTranslations.ts"
import * as VoicesRoutes from "./Voices.ts"
import * as WebhooksRoutes from "./Webhooks.ts"

/** The v3 API, by group: each group's operation descriptors. */
export const groups = {
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

type Groups = typeof groups

/** What the emulator must hold: a handler for every operation of every group. */
export type HandlerTable = { readonly [Group in keyof Groups]: Handlers<Groups[Group]> }

/** A handler for every operation of every group: a missing one is a compile error. */
const handlers = {
  AiClipping: AiClippingRoutes.handlers,
  Assets: AssetsRoutes.handlers,
  Audio: AudioRoutes.handlers,
  Avatars: AvatarsRoutes.handlers,
  BackgroundRemovals: BackgroundRemovalsRoutes.handlers,
  Brand: BrandRoutes.handlers,
  Lipsyncs: LipsyncsRoutes.handlers,
  Templates: TemplatesRoutes.handlers,
  Users: UsersRoutes.handlers,
  VideoAgents: VideoAgentsRoutes.handlers,
  Videos: VideosRoutes.handlers,
  VideoTranslations: VideoTranslationsRoutes.handlers,
  Voices: VoicesRoutes.handlers,
  Webhooks: WebhooksRoutes.handlers
} satisfies HandlerTable

/** One operation's route. */
export interface Route {
  /** `Videos.create`. */
  readonly name: string
  readonly operation: Operation.Any
  readonly handler: AnyHandler
  /** `POST /v3/videos`: the unit of a rate budget (a new id is no new budget, M4). */
  readonly template: string
  readonly query: ReturnType<typeof queryDecoder>
  readonly body: ReturnType<typeof bodyDecoder>
}

interface Node {
  readonly literal: Map<string, Node>
  param: Node | undefined
  readonly routes: Map<string, Route>
}

const node = (): Node => ({ literal: new Map(), param: undefined, routes: new Map() })

const root = node()
/** Every route, in the groups' order. */
export const routes: Array<Route> = []

for (const [group, operations] of Object.entries(groups)) {
  const groupHandlers = handlers[group as keyof Groups] as unknown as Readonly<Record<string, AnyHandler>>
  for (const [name, operation] of Object.entries(operations as Readonly<Record<string, Operation.Any>>)) {
    const route: Route = {
      name: `${group}.${name}`,
      operation,
      handler: groupHandlers[name]!,
      template: `${operation.method} ${operation.path}`,
      query: queryDecoder(operation),
      body: bodyDecoder(operation)
    }
    routes.push(route)
    let at = root
    for (const segment of operation.path.split("/").slice(1)) {
      if (segment.startsWith("{")) at = at.param ??= node()
      else {
        const next = at.literal.get(segment) ?? node()
        at.literal.set(segment, next)
        at = next
      }
    }
    at.routes.set(operation.method, route)
  }
}

/** The node a path's segments lead to, literal segments first, and the parameter values met. */
const walk = (
  at: Node,
  segments: ReadonlyArray<string>,
  i: number,
  values: Array<string>
): Node | undefined => {
  if (i === segments.length) return at.routes.size > 0 ? at : undefined
  const segment = segments[i]!
  const literal = at.literal.get(segment)
  if (literal !== undefined) {
    const found = walk(literal, segments, i + 1, values)
    if (found !== undefined) return found
  }
  if (at.param === undefined || segment === "") return undefined
  values.push(segment)
  const found = walk(at.param, segments, i + 1, values)
  if (found === undefined) values.pop()
  return found
}

/**
 * The route of `method` and `path` with its path parameters by name, percent-decoded;
 * `undefined` when no operation has this method and path, a failure when a parameter's
 * encoding is broken.
 */
export const match = (
  method: string,
  path: string
): { readonly route: Route; readonly params: Record<string, string> } | Failure | undefined => {
  const values: Array<string> = []
  const found = walk(root, path.split("/").slice(1), 0, values)
  const route = found?.routes.get(method)
  if (route === undefined) return undefined
  const params: Record<string, string> = {}
  for (const [i, name] of route.operation.pathParams.entries()) {
    const value = decodeSegment(values[i]!)
    if (value === undefined) return badEncoding(name)
    params[name] = value
  }
  return { route, params }
}
