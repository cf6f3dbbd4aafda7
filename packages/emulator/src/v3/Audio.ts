/**
 * `GET /v3/audio/sounds`: music and sound effects matching a query, each scored by how many of
 * the query's words it matches, with an audio file to download (M31).
 */
import type * as Audio from "@effect-heygen/api/Audio"
import { isFailure, view } from "../internal/env.ts"
import { fileUrl } from "../internal/files.ts"
import { catalogPosition, page } from "../internal/pagination.ts"
import { sounds } from "./catalog.ts"
import type { Handlers } from "./handler.ts"

export const handlers: Handlers<typeof Audio.operations> = {
  listSounds: ({ query }, ctx) =>
    view(ctx.env, (_, at) => {
      const words = query.query
        .toLowerCase()
        .split(/\s+/)
        .filter((w) => w !== "")
      const minScore = query.min_score ?? 0.7
      const scored = sounds
        .map((sound, index) => {
          const text = `${sound.name} ${sound.description}`.toLowerCase()
          const hits = words.filter((w) => text.includes(w)).length
          return { sound, index, score: words.length === 0 ? 1 : hits / words.length }
        })
        .filter(
          ({ sound, score }) => score >= minScore && (query.type === undefined || sound.type === query.type)
        )
      const found = page(
        scored,
        ({ sound, index }) => catalogPosition(index, sound.id),
        query.limit ?? 10,
        query.token
      )
      if (isFailure(found)) return found
      return {
        ...found,
        data: found.data.map(({ sound, score }) => ({
          id: sound.id,
          name: sound.name,
          description: sound.description,
          type: sound.type,
          duration: sound.duration,
          score,
          audio_url: fileUrl(ctx, at, `${sound.id}.mp3`)
        }))
      }
    })
}
