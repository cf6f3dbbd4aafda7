/**
 * `/v3/video-agents`: sessions in which an agent makes videos from prompts. Each create and
 * each message that starts a run is a video-agent request — the free plan's quota (M5),
 * credits on the others (M6) — and each run renders a video on the emulator's clock, so the
 * session goes thinking → generating → completed, or failed when the prompt asks (M29); `stop`
 * cancels the run. An unknown session is `video_not_found`.
 */
import type * as VideoAgents from "@effect-heygen/api/VideoAgents"
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as EmulatorState from "../EmulatorState.ts"
import { assetNotFound, ownedBy, usableLook, usableVoice, videoNotFound } from "../internal/access.ts"
import { agentRequest, startVideo } from "../internal/billing.ts"
import { accountIn, type Ctx, clip, type Failure, isFailure, nextId, tx, view } from "../internal/env.ts"
import { fileUrl } from "../internal/files.ts"
import { phase, progress, requested, unix } from "../internal/jobs.ts"
import { admit, admitLast, own } from "../internal/lookup.ts"
import { catalogPosition, newest, page } from "../internal/pagination.ts"
import type * as Jobs from "../Jobs.ts"
import type * as Resources from "../Resources.ts"
import { styles } from "./catalog.ts"
import type { Handlers } from "./handler.ts"
import { checkRef, lookFailure, type Ref } from "./refs.ts"
import { videoView } from "./Videos.ts"

const { agentMessages, agentResources, text } = EmulatorState.recordBounds

/** The failure code of a run `stop` cancelled. */
const cancelled = "cancelled"

const statusOf = (s: EmulatorState.State, session: Jobs.AgentSession, at: number) => {
  const video = session.video === null ? undefined : own(s.videos, session.video)
  if (video === undefined) return at < session.createdAt + 1000 ? "thinking" : "waiting_for_input"
  if (video.failure?.code === cancelled) return "waiting_for_input"
  const p = phase(video, at)
  return p === "pending" ? "thinking" : p === "running" ? "generating" : p
}

const details = (
  s: EmulatorState.State,
  session: Jobs.AgentSession,
  at: number
): VideoAgents.VideoAgentDetails => {
  const status = statusOf(s, session, at)
  const video = session.video === null ? undefined : own(s.videos, session.video)
  // The run's outcome is a message of its own once the run has ended.
  const outcome =
    video === undefined || (status !== "completed" && status !== "failed")
      ? []
      : [
          status === "completed"
            ? {
                role: "assistant",
                type: "resource",
                content: "Your video is ready.",
                resource_ids: [`res_${video.id}`]
              }
            : {
                role: "assistant",
                type: "error",
                content: video.failure?.message ?? "The run failed.",
                resource_ids: []
              }
        ].map((m) => ({ ...m, created_at: unix(video.readyAt) }))
  return {
    session_id: session.id,
    created_at: unix(session.createdAt),
    title: session.title,
    status,
    progress: video === undefined ? 0 : progress(video, at),
    video_id: session.video,
    messages: [...session.messages.map((m) => ({ ...m, created_at: unix(m.created_at) })), ...outcome]
  }
}

const sessionOf = (s: EmulatorState.State, ctx: Ctx, id: string) =>
  ownedBy(s.agentSessions, ctx.account, id, "Video agent session", videoNotFound)

/** What a prompt may name: a usable avatar and voice, files, a style, the caller's brand kit. */
const checkInputs = (
  s: EmulatorState.State,
  ctx: Ctx,
  at: number,
  body: {
    readonly avatar_id?: string | null
    readonly voice_id?: string | null
    readonly files?: ReadonlyArray<Ref> | null
    readonly brand_kit_id?: string | null
    readonly style_id?: string | null
  }
): { readonly look: Resources.Avatar | undefined } | Failure => {
  const look =
    body.avatar_id == null ? undefined : usableLook(s, ctx.account, body.avatar_id, at, "avatar_id")
  if (look !== undefined && isFailure(look)) return look
  if (body.voice_id != null) {
    const voice = usableVoice(s, ctx.account, body.voice_id, at, "voice_id")
    if (isFailure(voice)) return voice
  }
  for (const [i, file] of (body.files ?? []).entries()) {
    const refused = checkRef(s, ctx.account, file, `files[${i}]`)
    if (refused !== undefined) return refused
  }
  const invalid = (param: string, id: string) =>
    new HeyGenError.InvalidParameter({
      message: `Invalid parameter ${param}: no ${param.replace("_id", "")} ${id}.`,
      param
    })
  if (body.brand_kit_id != null && own(s.brandKits, body.brand_kit_id)?.owner !== ctx.account.id)
    return invalid("brand_kit_id", body.brand_kit_id)
  if (body.style_id != null && !styles.some((style) => style.style_id === body.style_id))
    return invalid("style_id", body.style_id)
  return { look }
}

/** The files a message brings become the session's resources (the oldest go past the bound). */
const addFiles = (
  s: EmulatorState.State,
  session: Jobs.AgentSession,
  files: ReadonlyArray<Ref>,
  at: number
) =>
  files.map((file) => {
    const id = nextId(s, "res")
    const source =
      file.type === "url"
        ? clip(file.url, text)
        : file.type === "asset_id"
          ? `asset:${file.asset_id}`
          : "base64"
    const type = /\.(png|jpe?g|gif|webp)$/i.test(source)
      ? "image"
      : /\.(mp4|webm|mov)$/i.test(source)
        ? "video"
        : "file"
    admitLast(session.resources, { id, type, source, createdAt: at }, agentResources)
    return id
  })

/** A new run: a video-agent request (quota or credits) and the video it renders. */
const run = (
  ctx: Ctx,
  s: EmulatorState.State,
  session: Jobs.AgentSession,
  prompt: string,
  look: Resources.Avatar | undefined,
  at: number
): Failure | undefined => {
  const account = accountIn(s, ctx)
  if (isFailure(account)) return account
  const cost = agentRequest(ctx.env, s, account, at)
  if (isFailure(cost)) return cost
  const id = startVideo(ctx.env, s, account, cost, false, at, {
    title: session.title,
    failure: requested("video agent run", prompt) ?? (look === undefined ? null : lookFailure(look))
  })
  session.video = id
  session.runs += 1
  admitLast(session.videos, id, agentResources)
  return undefined
}

const say = (
  session: Jobs.AgentSession,
  role: "user" | "assistant",
  content: string,
  at: number,
  ids: ReadonlyArray<string> = []
) =>
  admitLast(
    session.messages,
    {
      role,
      type: ids.length > 0 ? "resource" : "text",
      content: clip(content, text),
      created_at: at,
      resource_ids: ids
    },
    agentMessages
  )

export const handlers: Handlers<typeof VideoAgents.operations> = {
  list: ({ query }, ctx) =>
    view(ctx.env, (s) => {
      const mine = Object.values(s.agentSessions).filter((session) => session.owner === ctx.account.id)
      const found = page(mine, (session) => newest(session, session.id), query.limit ?? 20, query.token)
      if (isFailure(found)) return found
      return {
        ...found,
        data: found.data.map((session) => ({
          session_id: session.id,
          created_at: unix(session.createdAt),
          title: session.title
        }))
      }
    }),
  create: ({ body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const inputs = checkInputs(s, ctx, at, body)
      if (isFailure(inputs)) return inputs
      const id = nextId(s, "session")
      const session: Jobs.AgentSession = {
        id,
        owner: ctx.account.id,
        createdAt: at,
        title: clip(body.prompt, 80),
        mode: body.mode ?? "generate",
        video: null,
        videos: [],
        messages: [],
        resources: [],
        runs: 0,
        callback_url:
          body.callback_url == null ? null : clip(body.callback_url, EmulatorState.recordBounds.url),
        callback_id: body.callback_id == null ? null : clip(body.callback_id, EmulatorState.recordBounds.text)
      }
      // A chat waits for the next message; a generation starts its run now. Either is one request.
      if (session.mode === "chat") {
        const account = accountIn(s, ctx)
        if (isFailure(account)) return account
        const cost = agentRequest(ctx.env, s, account, at)
        if (isFailure(cost)) return cost
        account.credits -= cost
      } else {
        const refused = run(ctx, s, session, body.prompt, inputs.look, at)
        if (refused !== undefined) return refused
      }
      say(session, "user", body.prompt, at, addFiles(s, session, body.files ?? [], at))
      admit(s.agentSessions, id, session, ctx.env.limits.agentSessions)
      const status = statusOf(s, session, at)
      return {
        data: {
          session_id: id,
          created_at: unix(at),
          status: status === "waiting_for_input" ? "thinking" : status,
          video_id: session.video
        }
      }
    }),
  get: ({ path }, ctx) =>
    view(ctx.env, (s, at) => {
      const session = sessionOf(s, ctx, path.session_id!)
      return isFailure(session) ? session : { data: details(s, session, at) }
    }),
  send: ({ path, body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const session = sessionOf(s, ctx, path.session_id!)
      if (isFailure(session)) return session
      const inputs = checkInputs(s, ctx, at, body)
      if (isFailure(inputs)) return inputs
      const status = statusOf(s, session, at)
      // A message during a run joins it; otherwise it starts the next run.
      if (status !== "thinking" && status !== "generating") {
        const refused = run(ctx, s, session, body.message, inputs.look, at)
        if (refused !== undefined) return refused
      }
      say(session, "user", body.message, at, addFiles(s, session, body.files ?? [], at))
      return {
        data: { run_id: `${session.id}_run${session.runs}`, session_id: session.id, title: session.title }
      }
    }),
  getResource: ({ path }, ctx) =>
    view(ctx.env, (s, at) => {
      const session = sessionOf(s, ctx, path.session_id!)
      if (isFailure(session)) return session
      const id = path.resource_id!
      const file = session.resources.find((r) => r.id === id)
      if (file !== undefined)
        return {
          data: {
            resource_id: id,
            resource_type: file.type,
            source_type: file.source.startsWith("asset:")
              ? "asset"
              : file.source === "base64"
                ? "upload"
                : "url",
            created_at: unix(file.createdAt),
            ...(file.source.startsWith("http") ? { url: file.source } : {})
          }
        }
      const videoId = id.startsWith("res_") ? id.slice(4) : ""
      const video = session.videos.includes(videoId) ? own(s.videos, videoId) : undefined
      if (video === undefined) return assetNotFound(`Resource ${id} not found in session ${session.id}.`)
      const done = phase(video, at) === "completed"
      return {
        data: {
          resource_id: id,
          resource_type: "video",
          source_type: "generated",
          created_at: unix(video.createdAt),
          ...(done
            ? { url: fileUrl(ctx, at, `${video.id}.mp4`), thumbnail_url: fileUrl(ctx, at, `${video.id}.jpg`) }
            : {})
        }
      }
    }),
  stop: ({ path }, ctx) =>
    tx(ctx.env, (s, at) => {
      const session = sessionOf(s, ctx, path.session_id!)
      if (isFailure(session)) return session
      const video = session.video === null ? undefined : own(s.videos, session.video)
      // The run ends now, cancelled: its render slot frees and the session waits for input.
      if (video !== undefined && at < video.readyAt) {
        video.failure = { code: cancelled, message: "The run was stopped." }
        video.readyAt = at
      }
      return { data: { session_id: session.id } }
    }),
  listVideos: ({ path }, ctx) =>
    view(ctx.env, (s, at) => {
      const session = sessionOf(s, ctx, path.session_id!)
      if (isFailure(session)) return session
      const videos = session.videos.flatMap((id) => {
        const video = own(s.videos, id)
        return video === undefined || video.deleted ? [] : [videoView(ctx, video, at)]
      })
      return { data: videos, has_more: false, next_token: null }
    }),
  listStyles: ({ query }, ctx) =>
    view(ctx.env, (_, at) => {
      const matching = styles
        .map((style, index) => ({ style, index }))
        .filter(({ style }) => query.tag === undefined || style.tags.includes(query.tag))
      const found = page(
        matching,
        ({ style, index }) => catalogPosition(index, style.style_id),
        query.limit ?? 20,
        query.token
      )
      if (isFailure(found)) return found
      return {
        ...found,
        data: found.data.map(({ style }) => ({
          style_id: style.style_id,
          name: style.name,
          tags: style.tags,
          aspect_ratio: "16:9",
          thumbnail_url: fileUrl(ctx, at, `${style.style_id}.jpg`),
          preview_video_url: fileUrl(ctx, at, `${style.style_id}.mp4`)
        }))
      }
    })
}
