/**
 * Waiting for HeyGen's asynchronous jobs: videos, translations, lipsyncs, background
 * removals, AI clipping, video-agent sessions and batches. `waitFor(kind, id)` reads the
 * resource on a `Schedule` (by default 2 s growing to 30 s, for at most 10 minutes) until
 * its status is final, and answers the finished resource — or fails with `JobFailed` or
 * `JobTimeout`. A rate limit or a transient failure while polling does not end the wait: the
 * next read waits out the `Retry-After` (or the schedule's delay, if longer).
 *
 * @since 0.1.0
 */
import type * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Pull from "effect/Pull"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as AiClipping from "./AiClipping.ts"
import * as BackgroundRemovals from "./BackgroundRemovals.ts"
import type { HeyGenTransport } from "./HeyGenTransport.ts"
import * as Lipsyncs from "./Lipsyncs.ts"
import type * as Operation from "./Operation.ts"
import * as VideoAgents from "./VideoAgents.ts"
import * as Videos from "./Videos.ts"
import * as VideoTranslations from "./VideoTranslations.ts"

/**
 * The brand of this module's errors: a string, as core's `HeyGenError.TypeId`, so an error
 * made by another copy of the package is still recognized.
 *
 * @since 0.1.0
 */
export const TypeId = "~@effect-heygen/api/Jobs" as const

/** @since 0.1.0 */
export type TypeId = typeof TypeId

/**
 * A kind of asynchronous resource: how to read one, where its status is, which statuses are
 * final.
 *
 * @since 0.1.0
 * @category kinds
 */
export interface Kind<A> {
  /** What the resource is, as errors name it: `video`, `lipsync`, `video_batch`, … */
  readonly name: string
  readonly get: (id: string) => Effect.Effect<A, HeyGenError.HeyGenError, HeyGenTransport>
  readonly status: (resource: A) => string
  /** The statuses of a job that finished well. */
  readonly terminalOk: ReadonlyArray<string>
  /** The statuses of a job that will never finish well. */
  readonly terminalFail: ReadonlyArray<string>
}

const statusOf = (resource: { readonly status: string }) => resource.status
const done = ["completed"] as const
const failed = ["failed"] as const

/** A video: `GET /v3/videos/{video_id}`. @since 0.1.0 @category kinds */
export const video: Kind<Videos.Video> = {
  name: "video",
  get: (id) => Videos.get(id),
  status: statusOf,
  terminalOk: done,
  terminalFail: failed
}

/** A video translation: `GET /v3/video-translations/{id}`. @since 0.1.0 @category kinds */
export const videoTranslation: Kind<VideoTranslations.VideoTranslation> = {
  name: "video_translation",
  get: (id) => VideoTranslations.get(id),
  status: statusOf,
  terminalOk: done,
  terminalFail: failed
}

/** A lipsync: `GET /v3/lipsyncs/{lipsync_id}`. @since 0.1.0 @category kinds */
export const lipsync: Kind<Lipsyncs.Lipsync> = {
  name: "lipsync",
  get: (id) => Lipsyncs.get(id),
  status: statusOf,
  terminalOk: done,
  terminalFail: failed
}

/** A background removal: `GET /v3/background-removals/{id}`. @since 0.1.0 @category kinds */
export const backgroundRemoval: Kind<BackgroundRemovals.BackgroundRemoval> = {
  name: "background_removal",
  get: (id) => BackgroundRemovals.get(id),
  status: statusOf,
  terminalOk: done,
  terminalFail: failed
}

/**
 * An AI clipping job: `GET /v3/ai-clipping/{job_id}`; a `cancelled` job is a failure too.
 *
 * @since 0.1.0
 * @category kinds
 */
export const aiClipping: Kind<AiClipping.AiClipping> = {
  name: "ai_clipping",
  get: (id) => AiClipping.get(id),
  status: statusOf,
  terminalOk: done,
  terminalFail: ["failed", "cancelled"]
}

/**
 * A video-agent session: `GET /v3/video-agents/{session_id}`, done when its run completed
 * (its `video_id` then names the video). A session `waiting_for_input` (stopped, or asking
 * a question) will not go on by itself: that ends the wait too, as a `JobFailed`.
 *
 * @since 0.1.0
 * @category kinds
 */
export const videoAgent: Kind<VideoAgents.VideoAgentDetails> = {
  name: "video_agent",
  get: (id) => VideoAgents.get(id),
  status: statusOf,
  terminalOk: done,
  terminalFail: ["failed", "waiting_for_input"]
}

/**
 * A batch of videos: its first page of items, once the batch as a whole is final (an item
 * may still have failed alone: see `items` and `counts_by_status`).
 *
 * @since 0.1.0
 * @category kinds
 */
export const videoBatch: Kind<Videos.Batch> = {
  name: "video_batch",
  get: (id) => Videos.getBatch(id),
  status: statusOf,
  terminalOk: done,
  terminalFail: failed
}

/** A batch of video translations, as {@link videoBatch}. @since 0.1.0 @category kinds */
export const videoTranslationBatch: Kind<VideoTranslations.Batch> = {
  name: "video_translation_batch",
  get: (id) => VideoTranslations.getBatch(id),
  status: statusOf,
  terminalOk: done,
  terminalFail: failed
}

/** A batch of lipsyncs, as {@link videoBatch}. @since 0.1.0 @category kinds */
export const lipsyncBatch: Kind<Lipsyncs.Batch> = {
  name: "lipsync_batch",
  get: (id) => Lipsyncs.getBatch(id),
  status: statusOf,
  terminalOk: done,
  terminalFail: failed
}

/**
 * The job finished, and not well: its kind, id, final status and what HeyGen said about it
 * (`failure_code` and `failure_message` of a video; `failure_message` or `error` of others).
 *
 * @since 0.1.0
 * @category errors
 */
export class JobFailed extends /* @__PURE__ */ Schema.TaggedError<JobFailed>()("JobFailed", {
  kind: Schema.String,
  id: Schema.String,
  status: Schema.String,
  failure_code: Schema.optionalKey(Schema.String),
  failure_message: Schema.optionalKey(Schema.String),
  message: Schema.String
}) {
  get [TypeId](): TypeId {
    return TypeId
  }
}

/**
 * The wait ended before the job did — its time limit passed, or its schedule ended — with
 * the last status read (none if no read succeeded).
 *
 * @since 0.1.0
 * @category errors
 */
export class JobTimeout extends /* @__PURE__ */ Schema.TaggedError<JobTimeout>()("JobTimeout", {
  kind: Schema.String,
  id: Schema.String,
  lastStatus: Schema.optionalKey(Schema.String),
  message: Schema.String
}) {
  get [TypeId](): TypeId {
    return TypeId
  }
}

/** @since 0.1.0 @category errors */
export type JobError = JobFailed | JobTimeout

/**
 * Whether `u` is a `JobFailed` or `JobTimeout` from any copy of this package.
 *
 * @since 0.1.0
 * @category errors
 */
export const isJobError = (u: unknown): u is JobError =>
  typeof u === "object" && u !== null && (u as { readonly [TypeId]?: unknown })[TypeId] === TypeId

/**
 * The delays between reads when none is given, as HeyGen's CLI waits: 2 s, growing by half
 * each time, never more than 30 s.
 *
 * @since 0.1.0
 */
export const defaultSchedule: Schedule.Schedule<Duration.Duration> = /* @__PURE__ */ Schedule.modifyDelay(
  /* @__PURE__ */ Schedule.exponential("2 seconds", 1.5),
  ({ duration }) => Effect.succeed(Duration.min(duration, Duration.seconds(30)))
)

/**
 * How long a wait may take when no `timeout` is given: 10 minutes.
 *
 * @since 0.1.0
 */
export const defaultTimeout: Duration.Duration = /* @__PURE__ */ Duration.minutes(10)

/**
 * How to wait.
 *
 * @since 0.1.0
 */
export interface WaitOptions {
  /**
   * The delays between reads (its output is ignored; its input is each read's `Result`).
   * When it ends, so does the wait, with `JobTimeout`. Default {@link defaultSchedule}.
   */
  readonly schedule?: Schedule.Schedule<unknown, unknown> | undefined
  /** The most the whole wait may take, reads included. Default 10 minutes. */
  readonly timeout?: Duration.Input | undefined
}

const member = (resource: unknown, key: string): string | undefined => {
  const value = typeof resource === "object" && resource !== null ? Reflect.get(resource, key) : undefined
  return typeof value === "string" && value !== "" ? value : undefined
}

/** What the resource says about its failure: HeyGen names it differently by kind. */
const failureOf = (resource: unknown) => {
  const error = typeof resource === "object" && resource !== null ? Reflect.get(resource, "error") : undefined
  const code = member(resource, "failure_code") ?? member(error, "code")
  const message =
    member(resource, "failure_message") ?? (typeof error === "string" ? error : member(error, "message"))
  return {
    ...(code === undefined ? {} : { failure_code: code.slice(0, 200) }),
    ...(message === undefined ? {} : { failure_message: message.slice(0, 1000) })
  }
}

const limitOf = (timeout: Duration.Input | undefined) =>
  timeout === undefined ? defaultTimeout : Option.getOrElse(Duration.fromInput(timeout), () => defaultTimeout)

/**
 * Reads the job `id` of `kind` until its status is final: the finished resource, or
 * `JobFailed` (a final failure status), or `JobTimeout` (time limit or schedule ended).
 * A read that fails with a retryable error (a 429, a 5xx, a timeout) waits — at least its
 * `Retry-After` — and reads again; any other error ends the wait with that error.
 * Interrupting it interrupts the read in flight.
 *
 * @since 0.1.0
 * @category waiting
 */
export const waitFor = <A>(
  kind: Kind<A>,
  id: string,
  options: WaitOptions = {}
): Effect.Effect<A, JobError | HeyGenError.HeyGenError, HeyGenTransport> =>
  Effect.suspend(() => {
    const limit = limitOf(options.timeout)
    let lastStatus: string | undefined
    const timedOut = (why: string) =>
      new JobTimeout({
        kind: kind.name,
        id,
        ...(lastStatus === undefined ? {} : { lastStatus }),
        message: `The ${kind.name} ${id} did not finish ${why} (last status: ${lastStatus ?? "none read"})`
      })
    const poll = Effect.gen(function* () {
      const step = yield* Schedule.toStep(options.schedule ?? defaultSchedule)
      while (true) {
        const read = yield* Effect.result(kind.get(id))
        let floor = Duration.zero
        if (read._tag === "Success") {
          const status = kind.status(read.success)
          lastStatus = status
          if (kind.terminalOk.includes(status)) return read.success
          if (kind.terminalFail.includes(status)) {
            const failure = failureOf(read.success)
            return yield* Effect.fail(
              new JobFailed({
                kind: kind.name,
                id,
                status,
                ...failure,
                message: `The ${kind.name} ${id} ${status}${
                  failure.failure_code === undefined ? "" : ` (${failure.failure_code})`
                }${failure.failure_message === undefined ? "" : `: ${failure.failure_message}`}`
              })
            )
          }
        } else {
          // A read is safe to repeat: a 429 or a transient failure only delays the next one.
          if (!read.failure.retryable) return yield* Effect.fail(read.failure)
          floor =
            "retryAfter" in read.failure && read.failure.retryAfter !== undefined
              ? read.failure.retryAfter
              : floor
        }
        const now = yield* Clock.currentTimeMillis
        const next = yield* step(now, read).pipe(
          Effect.map((out) => out[1]),
          Pull.catchDone(() => Effect.succeed(undefined))
        )
        if (next === undefined) return yield* Effect.fail(timedOut("before its schedule ended"))
        yield* Effect.sleep(Duration.max(next, floor))
      }
    })
    return Effect.timeoutOrElse(poll, {
      duration: limit,
      orElse: () => Effect.fail(timedOut(`within ${Duration.format(limit)}`))
    })
  }).pipe(
    Effect.withSpan("Jobs.waitFor", { attributes: { "heygen.job.kind": kind.name, "heygen.job.id": id } })
  )

/**
 * How a `create…AndWait` creates and waits.
 *
 * @since 0.1.0
 */
export interface AndWaitOptions {
  /** The create's options: its `Idempotency-Key`, its timeout. */
  readonly create?: Operation.CallOptions | undefined
  readonly wait?: WaitOptions | undefined
}

/**
 * Creates a video and waits for it (HeyGen's CLI `video create --wait`).
 *
 * @since 0.1.0
 * @category create and wait
 */
export const createVideoAndWait = (
  body: Videos.CreateBody,
  options: AndWaitOptions = {}
): Effect.Effect<Videos.Video, JobError | HeyGenError.HeyGenError, HeyGenTransport> =>
  Effect.flatMap(Videos.create(body, options.create), (created) =>
    waitFor(video, created.video_id, options.wait)
  ).pipe(Effect.withSpan("Jobs.createVideoAndWait"))

/**
 * Creates a video translation and waits for every translation it started (one per output
 * language), four at a time; the first failure ends the wait.
 *
 * @since 0.1.0
 * @category create and wait
 */
export const createVideoTranslationAndWait = (
  body: VideoTranslations.CreateBody,
  options: AndWaitOptions = {}
): Effect.Effect<
  ReadonlyArray<VideoTranslations.VideoTranslation>,
  JobError | HeyGenError.HeyGenError,
  HeyGenTransport
> =>
  Effect.flatMap(VideoTranslations.create(body, options.create), (created) =>
    Effect.forEach(created.video_translation_ids, (id) => waitFor(videoTranslation, id, options.wait), {
      concurrency: 4
    })
  ).pipe(Effect.withSpan("Jobs.createVideoTranslationAndWait"))

/**
 * Creates a lipsync and waits for it.
 *
 * @since 0.1.0
 * @category create and wait
 */
export const createLipsyncAndWait = (
  body: Lipsyncs.CreateBody,
  options: AndWaitOptions = {}
): Effect.Effect<Lipsyncs.Lipsync, JobError | HeyGenError.HeyGenError, HeyGenTransport> =>
  Effect.flatMap(Lipsyncs.create(body, options.create), (created) =>
    waitFor(lipsync, created.lipsync_id, options.wait)
  ).pipe(Effect.withSpan("Jobs.createLipsyncAndWait"))

/**
 * Starts a video-agent session and waits for the video it makes: the video named by the
 * create's `video_id`, or, when the agent has not started one yet, the session's once its
 * run completed. The whole wait shares one time limit.
 *
 * @since 0.1.0
 * @category create and wait
 */
export const createVideoAgentAndWait = (
  body: VideoAgents.CreateBody,
  options: AndWaitOptions = {}
): Effect.Effect<Videos.Video, JobError | HeyGenError.HeyGenError, HeyGenTransport> =>
  Effect.flatMap(VideoAgents.create(body, options.create), (created) => {
    const limit = limitOf(options.wait?.timeout)
    return Effect.flatMap(Clock.currentTimeMillis, (started) => {
      const rest = (now: number) => ({
        ...options.wait,
        timeout: Duration.millis(Math.max(0, Duration.toMillis(limit) - (now - started)))
      })
      const videoOf = (videoId: string) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) => waitFor(video, videoId, rest(now)))
      if (typeof created.video_id === "string" && created.video_id !== "") return videoOf(created.video_id)
      return Effect.flatMap(waitFor(videoAgent, created.session_id, rest(started)), (session) =>
        typeof session.video_id === "string" && session.video_id !== ""
          ? videoOf(session.video_id)
          : Effect.fail(
              new JobFailed({
                kind: videoAgent.name,
                id: created.session_id,
                status: session.status,
                message: `The video_agent ${created.session_id} completed without a video`
              })
            )
      )
    })
  }).pipe(Effect.withSpan("Jobs.createVideoAgentAndWait"))
