/**
 * `/v3/brand-kits` and `/v3/brand-glossaries`: the account's brand kits and glossaries (fixture
 * data; translations name a glossary, video agents a kit).
 */
import type * as Brand from "@effect-heygen/api/Brand"
import { isFailure, view } from "../internal/env.ts"
import { fileUrl } from "../internal/files.ts"
import { iso } from "../internal/jobs.ts"
import { newest, page } from "../internal/pagination.ts"
import type { Handlers } from "./handler.ts"

export const handlers: Handlers<typeof Brand.operations> = {
  listKits: ({ query }, ctx) =>
    view(ctx.env, (s, at) => {
      const mine = Object.values(s.brandKits).filter((k) => k.owner === ctx.account.id)
      const found = page(mine, (k) => newest({}, k.id), query.limit ?? 20, query.token)
      if (isFailure(found)) return found
      return {
        ...found,
        data: found.data.map((k) => ({
          brand_kit_id: k.id,
          name: k.name,
          colors: k.colors,
          logo_url: fileUrl(ctx, at, `${k.id}.png`)
        }))
      }
    }),
  listGlossaries: ({ query }, ctx) =>
    view(ctx.env, (s) => {
      const mine = Object.values(s.brandGlossaries).filter((g) => g.owner === ctx.account.id)
      const found = page(mine, (g) => newest(g, g.id), query.limit ?? 10, query.token)
      if (isFailure(found)) return found
      return {
        ...found,
        data: found.data.map((g) => ({
          brand_glossary_id: g.id,
          name: g.name,
          created_at: iso(g.createdAt),
          updated_at: iso(g.createdAt)
        }))
      }
    })
}
