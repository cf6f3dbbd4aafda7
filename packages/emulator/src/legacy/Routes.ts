/**
 * The legacy v1/v2 routes, unchanged on the wire: `{"error":null,"data":…}` on v2,
 * `{"code":100,…}` on v1. They share the v3 routes' state, billing and access rules, so a
 * video made here is listed on v3 and the reverse; videos here are in `Videos`.
 */
import * as HeyGenApi from "@effect-heygen/core/HeyGenApi"
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as Effect from "effect/Effect"
import * as EmulatorState from "../EmulatorState.ts"
import { lookState, templateOf, voiceState } from "../internal/access.ts"
import { refuse, startVideo, templateCost } from "../internal/billing.ts"
import { accountIn, type Ctx, clip, isFailure, tx, unauthorized, view } from "../internal/env.ts"
import { badEncoding, decodeJson, type Handler, v2 } from "../internal/http.ts"
import { requested } from "../internal/jobs.ts"
import { decodeSegment, own } from "../internal/lookup.ts"
import * as Videos from "./Videos.ts"

const templatePath = /^\/v2\/template\/([^/]+)(\/generate)?$/
const translationPath = /^\/v2\/video_translate\/([^/]+)$/

/**
 * The route a request names, with `{id}` for its path ids: the unit of a rate budget, so
 * a new template id is no new budget (rule M4, issue 10.9).
 */
export const routeOf = (method: string, path: string): string => {
  const template = templatePath.exec(path)
  if (template !== null) return `${method} /v2/template/{id}${template[2] ?? ""}`
  return translationPath.test(path) ? `${method} /v2/video_translate/{id}` : `${method} ${path}`
}

/** The legacy route of `method` and `path`, or `undefined`. */
export const route = (ctx: Ctx, method: string, path: string): Handler | undefined => {
  const { env, account, key } = ctx
  const ownOrPublic = (owner: string | null) => owner === null || owner === account.id
  switch (`${method} ${path}`) {
    case "GET /v2/avatars":
      return view(env, (s, at) =>
        v2({
          avatars: Object.values(s.avatars)
            .filter((a) => ownOrPublic(a.owner) && a.deleted !== true && lookState(a, at) === "ready")
            .map((a) => ({
              avatar_id: a.avatar_id,
              avatar_name: a.avatar_name,
              gender: a.gender,
              premium: a.premium,
              preview_image_url: null
            })),
          talking_photos: []
        })
      )
    case "GET /v2/voices":
      return view(env, (s, at) =>
        v2({
          voices: Object.values(s.voices)
            .filter((v) => ownOrPublic(v.owner) && v.deleted !== true && voiceState(v, at) === "ready")
            .map((v) => ({ voice_id: v.voice_id, name: v.name, language: v.language }))
        })
      )
    case "GET /v2/templates":
      return view(env, (s) =>
        v2({
          templates: Object.values(s.templates)
            .filter((t) => t.visibility === "public" || t.owner === account.id)
            .map((t) => ({ template_id: t.template_id, name: t.name }))
        })
      )
    case "GET /v2/user/remaining_quota":
      return view(env, (s) => {
        const owner = own(s.accounts, account.id)
        return owner === undefined ? unauthorized : v2({ remaining_quota: owner.credits })
      })
    case "GET /v2/organization/members":
      if (account.organization === null || key.role !== "admin")
        return Effect.fail(
          new HeyGenError.Forbidden({ message: "Only organization admin keys may list members." })
        )
      return view(env, (s) =>
        v2({
          members: Object.values(s.keys)
            .filter(
              (k) =>
                own(s.accounts, k.account)?.organization === account.organization && k.status === "active"
            )
            .map((k) => ({ role: k.role, key_suffix: k.key.slice(-4) }))
        })
      )
    case "POST /v2/video/generate":
      return Videos.generate(ctx)
    case "GET /v1/video_status.get":
      return Videos.status(ctx)
    case "DELETE /v1/video.delete":
      return Videos.remove(ctx)
    case "POST /v1/asset":
      return Videos.upload(ctx)
    case "POST /v2/video_translate":
      return Videos.translate(ctx)
    case "POST /v1/video_agent/generate":
      return Videos.agent(ctx)
  }
  const template = templatePath.exec(path)
  if (template !== null) {
    const id = decodeSegment(template[1]!)
    if (id === undefined) return Effect.fail(badEncoding("template_id"))
    if (method === "GET" && template[2] === undefined)
      return view(env, (s) => {
        const found = templateOf(s, account, id)
        return isFailure(found)
          ? found
          : v2({ template_id: found.template_id, name: found.name, variables: found.variables })
      })
    if (method === "POST" && template[2] !== undefined)
      return Effect.flatMap(decodeJson(HeyGenApi.TemplateGenerateRequest), (body) =>
        tx(env, (s, at) => {
          const found = templateOf(s, account, id)
          if (isFailure(found)) return found
          const missing = Object.keys(found.variables).find((name) => !Object.hasOwn(body.variables, name))
          if (missing !== undefined)
            return new HeyGenError.InvalidParameter({
              message: `Invalid parameter variables.${missing}: the template needs it.`,
              param: `variables.${missing}`
            })
          const test = body.test === true
          const owner = accountIn(s, ctx)
          if (isFailure(owner)) return owner
          const refused = refuse(s, owner, templateCost, test, at)
          if (refused !== undefined) return refused
          const video = startVideo(env, s, owner, templateCost, test, at, {
            title: body.title === undefined ? found.name : clip(body.title, EmulatorState.recordBounds.text),
            failure: requested("video", body.title)
          })
          return v2({ video_id: video })
        })
      )
  }
  const translation = translationPath.exec(path)
  if (translation !== null && method === "GET") {
    const id = decodeSegment(translation[1]!)
    if (id === undefined) return Effect.fail(badEncoding("video_translate_id"))
    return Videos.translation(ctx, id)
  }
  return undefined
}
