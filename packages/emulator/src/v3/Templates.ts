/**
 * `/v3/templates`: the public templates and the account's private ones (another account's
 * private template is `resource_access_denied`, M3); generating one bills like v2's (M6, M7)
 * and answers the video it starts.
 */
import type * as Templates from "@effect-heygen/api/Templates"
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as EmulatorState from "../EmulatorState.ts"
import { templateOf } from "../internal/access.ts"
import { refuse, startVideo, templateCost } from "../internal/billing.ts"
import { accountIn, type Ctx, clip, isFailure, tx, view } from "../internal/env.ts"
import { fileUrl } from "../internal/files.ts"
import { requested } from "../internal/jobs.ts"
import { newest, page } from "../internal/pagination.ts"
import type * as Resources from "../Resources.ts"
import type { Handlers } from "./handler.ts"
import { videoView } from "./Videos.ts"

const summary = (ctx: Ctx, template: Resources.Template, at: number): Templates.Template => ({
  id: template.template_id,
  name: template.name,
  aspect_ratio: "16:9",
  thumbnail_url: fileUrl(ctx, at, `${template.template_id}.jpg`)
})

const details = (ctx: Ctx, template: Resources.Template, at: number): Templates.TemplateDetails => {
  const names = Object.keys(template.variables)
  return {
    ...summary(ctx, template, at),
    variables: Object.fromEntries(names.map((name) => [name, { name, type: "text" }])),
    scene_ids: ["scene_1"],
    scenes: [
      {
        scene_id: "scene_1",
        script: names.map((name) => `{{${name}}}`).join(" "),
        variables: names.map((name) => ({ name, variable_type: "text" }))
      }
    ]
  }
}

export const handlers: Handlers<typeof Templates.operations> = {
  list: ({ query }, ctx) =>
    view(ctx.env, (s, at) => {
      const visible = Object.values(s.templates).filter(
        (t) => t.visibility === "public" || t.owner === ctx.account.id
      )
      const found = page(visible, (t) => newest({}, t.template_id), query.limit ?? 10, query.token)
      return isFailure(found) ? found : { ...found, data: found.data.map((t) => summary(ctx, t, at)) }
    }),
  get: ({ path }, ctx) =>
    view(ctx.env, (s, at) => {
      const template = templateOf(s, ctx.account, path.template_id!)
      return isFailure(template) ? template : { data: details(ctx, template, at) }
    }),
  generate: ({ path, body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const template = templateOf(s, ctx.account, path.template_id!)
      if (isFailure(template)) return template
      // A variable named like a prototype member must be sent, not inherited.
      const missing = Object.keys(template.variables).find((name) => !Object.hasOwn(body.variables, name))
      if (missing !== undefined)
        return new HeyGenError.InvalidParameter({
          message: `Invalid parameter variables.${missing}: the template needs it.`,
          param: `variables.${missing}`
        })
      const account = accountIn(s, ctx)
      if (isFailure(account)) return account
      const side = Math.max(body.dimension?.width ?? 0, body.dimension?.height ?? 0)
      const maxSide = EmulatorState.plans[account.plan].maxSide
      if (side > maxSide)
        return new HeyGenError.PlanUpgradeRequired({
          message: `Your plan renders at most ${maxSide}px; ${side}px needs a higher plan.`,
          param: "dimension"
        })
      const refused = refuse(s, account, templateCost, false, at)
      if (refused !== undefined) return refused
      const texts = Object.values(body.variables).map((v) => (typeof v === "string" ? v : JSON.stringify(v)))
      const id = startVideo(ctx.env, s, account, templateCost, false, at, {
        title: body.title == null ? template.name : clip(body.title, EmulatorState.recordBounds.text),
        failure: requested("video", body.title, ...texts),
        captioned: body.caption === true,
        gif: body.include_gif === true,
        folder_id: body.folder_id == null ? null : clip(body.folder_id, EmulatorState.recordBounds.text),
        callback_url:
          body.callback_url == null ? null : clip(body.callback_url, EmulatorState.recordBounds.url),
        callback_id: body.callback_id == null ? null : clip(body.callback_id, EmulatorState.recordBounds.text)
      })
      return { data: videoView(ctx, s.videos[id]!, at) }
    })
}
