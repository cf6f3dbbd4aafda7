/**
 * `/v3/avatars`: avatar groups and their looks — the public fixtures and the account's own.
 * A created avatar trains on the emulator's clock and ends completed, or failed when its name
 * or prompt asks (M29); a digital twin waits for consent first. A look still training,
 * awaiting consent or failed is `avatar_not_found` to a video (M10); another account's avatar
 * is not found either.
 */
import type * as Avatars from "@effect-heygen/api/Avatars"
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as EmulatorState from "../EmulatorState.ts"
import { lookOf, lookState, usableLook } from "../internal/access.ts"
import { type Ctx, clip, type Failure, isFailure, nextId, tx, view } from "../internal/env.ts"
import { fileUrl } from "../internal/files.ts"
import { requested, unix } from "../internal/jobs.ts"
import { admit, own } from "../internal/lookup.ts"
import { newest, page } from "../internal/pagination.ts"
import type * as Resources from "../Resources.ts"
import type { Handlers } from "./handler.ts"
import { checkRef, checkRefs } from "./refs.ts"

const wire = {
  ready: "completed",
  training: "processing",
  pending_consent: "pending_consent",
  failed: "failed"
} as const

const notFound = (id: string, param?: string) =>
  new HeyGenError.AvatarNotFound({
    message: `Avatar ${id} was not found.`,
    ...(param === undefined ? {} : { param })
  })

export const lookView = (ctx: Ctx, look: Resources.Avatar, at: number): Avatars.Look => {
  const state = lookState(look, at)
  return {
    id: look.avatar_id,
    name: look.avatar_name,
    avatar_type: look.avatar_type ?? "studio_avatar",
    group_id: look.group_id ?? null,
    gender: look.gender,
    status: wire[state],
    ...(state === "failed" && look.failure != null ? { error: look.failure } : {}),
    preview_image_url: fileUrl(ctx, at, `${look.avatar_id}.jpg`),
    ...(state === "ready" ? { preview_video_url: fileUrl(ctx, at, `${look.avatar_id}.mp4`) } : {}),
    preferred_orientation: "landscape",
    image_width: 1,
    image_height: 1,
    supported_api_engines: ["avatar_iv", "avatar_v"],
    tags: look.premium ? ["premium"] : []
  }
}

const looksOf = (s: EmulatorState.State, group: string) =>
  Object.values(s.avatars).filter((look) => look.group_id === group && look.deleted !== true)

export const groupView = (
  ctx: Ctx,
  s: EmulatorState.State,
  group: Resources.AvatarGroup,
  at: number
): Avatars.Avatar => {
  const looks = looksOf(s, group.id)
  const states = looks.map((look) => lookState(look, at))
  const status = states.includes("ready")
    ? "completed"
    : states.includes("pending_consent")
      ? "pending_consent"
      : states.includes("training")
        ? "processing"
        : "failed"
  const failed = status === "failed" ? looks.find((look) => look.failure != null)?.failure : undefined
  return {
    id: group.id,
    name: group.name,
    gender: group.gender,
    created_at: unix(group.createdAt),
    looks_count: looks.length,
    default_voice_id: group.default_voice_id,
    status,
    consent_status: group.consent,
    ...(failed == null ? {} : { error: failed }),
    ...(looks[0] === undefined ? {} : { preview_image_url: fileUrl(ctx, at, `${looks[0].avatar_id}.jpg`) })
  }
}

const visible = (owner: string | null, ctx: Ctx) => owner === null || owner === ctx.account.id

/** A group the caller can see; `own`: one it may change (a public one is denied). */
const groupOf = (
  s: EmulatorState.State,
  ctx: Ctx,
  id: string,
  mine: boolean,
  param?: string
): Resources.AvatarGroup | Failure => {
  const group = own(s.avatarGroups, id)
  if (group === undefined || group.deleted || !visible(group.owner, ctx)) return notFound(id, param)
  if (mine && group.owner !== ctx.account.id)
    return new HeyGenError.ResourceAccessDenied({
      message: `Avatar ${id} is public; only its owner may change it.`
    })
  return group
}

const ownLook = (s: EmulatorState.State, ctx: Ctx, id: string): Resources.Avatar | Failure => {
  const look = lookOf(s, ctx.account, id)
  if (look === undefined) return notFound(id)
  if (look.owner !== ctx.account.id)
    return new HeyGenError.ResourceAccessDenied({
      message: `Avatar ${id} is public; only its owner may change it.`
    })
  return look
}

const ownership = (owner: string | null, asked: "public" | "private" | undefined, ctx: Ctx) =>
  asked === undefined ? visible(owner, ctx) : asked === "public" ? owner === null : owner === ctx.account.id

export const handlers: Handlers<typeof Avatars.operations> = {
  list: ({ query }, ctx) =>
    view(ctx.env, (s, at) => {
      const groups = Object.values(s.avatarGroups).filter(
        (g) => !g.deleted && ownership(g.owner, query.ownership, ctx)
      )
      const found = page(groups, (g) => newest(g, g.id), query.limit ?? 20, query.token)
      return isFailure(found) ? found : { ...found, data: found.data.map((g) => groupView(ctx, s, g, at)) }
    }),
  create: ({ body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const refused =
        body.type === "prompt"
          ? (checkRefs(s, ctx.account, body.reference_images, "reference_images") ??
            (body.avatar_id == null
              ? undefined
              : usableLook(s, ctx.account, body.avatar_id, at, "avatar_id")))
          : checkRef(s, ctx.account, body.file, "file")
      if (refused !== undefined && isFailure(refused)) return refused
      const name = clip(body.name, EmulatorState.recordBounds.text)
      let group: Resources.AvatarGroup | Failure
      if (body.avatar_group_id != null) group = groupOf(s, ctx, body.avatar_group_id, true, "avatar_group_id")
      else {
        const id = nextId(s, "group")
        group = {
          id,
          owner: ctx.account.id,
          name,
          gender: "unknown",
          createdAt: at,
          default_voice_id: null,
          consent: body.type === "digital_twin" ? "pending" : "not_required",
          deleted: false
        }
        admit(s.avatarGroups, id, group, ctx.env.limits.avatarGroups)
      }
      if (isFailure(group)) return group
      const twin = body.type === "digital_twin" && group.consent !== "approved"
      const id = nextId(s, "look")
      const look: Resources.Avatar = {
        avatar_id: id,
        avatar_name: name,
        gender: group.gender,
        owner: ctx.account.id,
        premium: false,
        status: twin ? "pending_consent" : "training",
        group_id: group.id,
        avatar_type: body.type === "digital_twin" ? "digital_twin" : "photo_avatar",
        createdAt: at,
        ...(twin ? {} : { readyAt: at + ctx.env.renderMillis }),
        failure: requested("avatar", body.name, body.type === "prompt" ? body.prompt : undefined)
      }
      admit(s.avatars, id, look, ctx.env.limits.avatars)
      return { data: { avatar_group: groupView(ctx, s, group, at), avatar_item: lookView(ctx, look, at) } }
    }),
  get: ({ path }, ctx) =>
    view(ctx.env, (s, at) => {
      const group = groupOf(s, ctx, path.group_id!, false)
      return isFailure(group) ? group : { data: groupView(ctx, s, group, at) }
    }),
  remove: ({ path }, ctx) =>
    tx(ctx.env, (s) => {
      const group = groupOf(s, ctx, path.group_id!, true)
      if (isFailure(group)) return group
      group.deleted = true
      for (const look of looksOf(s, group.id)) look.deleted = true
      return { data: { id: group.id } }
    }),
  createConsent: ({ path, body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const group = groupOf(s, ctx, path.group_id!, true)
      if (isFailure(group)) return group
      if (body.consent_video != null) {
        const refused = checkRef(s, ctx.account, body.consent_video, "consent_video")
        if (refused !== undefined) return refused
      }
      // Consent given: the looks that waited for it start training now.
      group.consent = "approved"
      for (const look of looksOf(s, group.id))
        if (look.status === "pending_consent") {
          look.status = "training"
          look.readyAt = at + ctx.env.renderMillis
        }
      return {
        data: { avatar_group: groupView(ctx, s, group, at), url: `${ctx.origin}/consent/${group.id}` }
      }
    }),
  listLooks: ({ query }, ctx) =>
    view(ctx.env, (s, at) => {
      const looks = Object.values(s.avatars).filter(
        (look) =>
          look.deleted !== true &&
          ownership(look.owner, query.ownership, ctx) &&
          (query.group_id === undefined || look.group_id === query.group_id) &&
          (query.avatar_type === undefined || (look.avatar_type ?? "studio_avatar") === query.avatar_type)
      )
      const found = page(looks, (look) => newest(look, look.avatar_id), query.limit ?? 20, query.token)
      return isFailure(found) ? found : { ...found, data: found.data.map((look) => lookView(ctx, look, at)) }
    }),
  getLook: ({ path }, ctx) =>
    view(ctx.env, (s, at) => {
      const look = lookOf(s, ctx.account, path.look_id!)
      return look === undefined ? notFound(path.look_id!) : { data: lookView(ctx, look, at) }
    }),
  updateLook: ({ path, body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const look = ownLook(s, ctx, path.look_id!)
      if (isFailure(look)) return look
      if (body.name != null) look.avatar_name = clip(body.name, EmulatorState.recordBounds.text)
      return { data: lookView(ctx, look, at) }
    }),
  removeLook: ({ path }, ctx) =>
    tx(ctx.env, (s) => {
      const look = ownLook(s, ctx, path.look_id!)
      if (isFailure(look)) return look
      look.deleted = true
      return { data: { id: look.avatar_id } }
    })
}
