/**
 * Downloading a finished job's files as a `Stream` of bytes. The file's presigned URL is
 * fetched with a plain `fetch` and no header of ours — the API key never goes to the storage
 * host — and read a chunk at a time (each at most `chunkSize` bytes), so memory stays bounded
 * whatever the file's size. A URL that storage refuses (`403`, or `400`, as an expired
 * presigned URL is) or that the resource does not have yet is refreshed once, by reading the
 * resource again; then the download fails with `DownloadError`.
 *
 * @since 0.1.0
 */
import type * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as Arr from "effect/Array"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type { HeyGenTransport } from "./HeyGenTransport.ts"
import * as Lipsyncs from "./Lipsyncs.ts"
import * as Videos from "./Videos.ts"
import * as VideoTranslations from "./VideoTranslations.ts"

/**
 * The brand of this module's error: a string, as core's `HeyGenError.TypeId`.
 *
 * @since 0.1.0
 */
export const TypeId = "~@effect-heygen/api/Download" as const

/** @since 0.1.0 */
export type TypeId = typeof TypeId

/**
 * Why a download failed: `NoUrl` (the resource has no such file, even read again),
 * `Status` (storage answered an error status, after the one refresh when it was a refusal),
 * `Connection` (no answer), `Body` (the body broke off), `TooLarge` (past `maxBytes`), `Write`
 * (an adapter's file helper could not write the file).
 *
 * @since 0.1.0
 * @category errors
 */
export type Reason = "NoUrl" | "Status" | "Connection" | "Body" | "TooLarge" | "Write"

/**
 * A download that failed. `file` is the URL's origin and path: never its query, which holds
 * the presigned signature.
 *
 * @since 0.1.0
 * @category errors
 */
export class DownloadError extends /* @__PURE__ */ Schema.TaggedError<DownloadError>()("DownloadError", {
  reason: Schema.Literals(["NoUrl", "Status", "Connection", "Body", "TooLarge", "Write"]),
  status: Schema.optionalKey(Schema.Number),
  file: Schema.optionalKey(Schema.String),
  /** Whether the URL had been refreshed by reading the resource again. */
  refreshed: Schema.Boolean,
  message: Schema.String
}) {
  get [TypeId](): TypeId {
    return TypeId
  }
}

/**
 * Whether `u` is a `DownloadError` from any copy of this package.
 *
 * @since 0.1.0
 * @category errors
 */
export const isDownloadError = (u: unknown): u is DownloadError =>
  typeof u === "object" && u !== null && (u as { readonly [TypeId]?: unknown })[TypeId] === TypeId

/**
 * Where a kind of resource keeps its files, and how to read it again for fresh URLs.
 *
 * @since 0.1.0
 * @category sources
 */
export interface Source<A, V extends string> {
  readonly name: string
  readonly get: (id: string) => Effect.Effect<A, HeyGenError.HeyGenError, HeyGenTransport>
  readonly id: (resource: A) => string
  readonly urls: { readonly [K in V]: (resource: A) => string | null | undefined }
}

/**
 * A video's files.
 *
 * @since 0.1.0
 * @category sources
 */
export type VideoVariant = "video" | "captioned" | "subtitle" | "thumbnail" | "gif"

/** A video's files: `video_url`, `captioned_video_url`, `subtitle_url`, `thumbnail_url`, `gif_url`. @since 0.1.0 @category sources */
export const video: Source<Videos.Video, VideoVariant> = {
  name: "video",
  get: (id) => Videos.get(id),
  id: (v) => v.id,
  urls: {
    video: (v) => v.video_url,
    captioned: (v) => v.captioned_video_url,
    subtitle: (v) => v.subtitle_url,
    thumbnail: (v) => v.thumbnail_url,
    gif: (v) => v.gif_url
  }
}

/** A translation's files: `video_url`, `audio_url`, `srt_caption_url`, `vtt_caption_url`. @since 0.1.0 @category sources */
export const videoTranslation: Source<VideoTranslations.VideoTranslation, "video" | "audio" | "srt" | "vtt"> =
  {
    name: "video_translation",
    get: (id) => VideoTranslations.get(id),
    id: (t) => t.id,
    urls: {
      video: (t) => t.video_url,
      audio: (t) => t.audio_url,
      srt: (t) => t.srt_caption_url,
      vtt: (t) => t.vtt_caption_url
    }
  }

/** A lipsync's files: `video_url`, `caption_url`. @since 0.1.0 @category sources */
export const lipsync: Source<Lipsyncs.Lipsync, "video" | "caption"> = {
  name: "lipsync",
  get: (id) => Lipsyncs.get(id),
  id: (l) => l.id,
  urls: { video: (l) => l.video_url, caption: (l) => l.caption_url }
}

/**
 * How to read the bytes.
 *
 * @since 0.1.0
 */
export interface ReadOptions {
  /** The largest chunk the stream emits; a bigger one is split (without copying). Default 64 KiB. */
  readonly chunkSize?: number | undefined
  /** The most bytes read before failing with `TooLarge`. Default 16 GiB. */
  readonly maxBytes?: number | undefined
}

/**
 * Which file to download, and how.
 *
 * @since 0.1.0
 */
export interface Options<V extends string> extends ReadOptions {
  readonly variant: V
}

const defaultChunk = 64 * 1024
const defaultMax = 16 * 1024 ** 3

/** The origin and path of a URL, without the query that holds its signature. */
const fileOf = (url: string) => {
  try {
    const parsed = new URL(url)
    return `${parsed.origin}${parsed.pathname}`
  } catch {
    return "(not a URL)"
  }
}

const failed = (
  reason: Reason,
  file: string | undefined,
  refreshed: boolean,
  message: string,
  status?: number
) =>
  new DownloadError({
    reason,
    ...(status === undefined ? {} : { status }),
    ...(file === undefined ? {} : { file }),
    refreshed,
    message
  })

/** A GET of `url` with nothing of ours in it, cancelled when the scope closes. */
const open = (url: string, refreshed: boolean): Effect.Effect<Response, DownloadError, Scope.Scope> =>
  Effect.flatMap(
    Effect.acquireRelease(
      Effect.sync(() => new AbortController()),
      (controller) => Effect.sync(() => controller.abort())
    ),
    (controller) =>
      Effect.tryPromise({
        // No headers, no credentials: storage authenticates by the URL's own signature.
        try: () => fetch(url, { method: "GET", redirect: "follow", signal: controller.signal }),
        catch: () => failed("Connection", fileOf(url), refreshed, `Download of ${fileOf(url)}: no answer`)
      }).pipe(
        // A GET of a file spends nothing, so one that got no answer (a pooled connection the
        // other side had just closed) is simply sent again, twice at most.
        Effect.retry({ times: 2 })
      )
  )

/** Frees a response's body that will not be read. */
const discard = (response: Response) =>
  Effect.promise(() => (response.body === null ? Promise.resolve() : response.body.cancel().catch(() => {})))

/** The body, a chunk (at most `chunkSize` bytes) at a time, read only as the stream is pulled. */
const bodyOf = (
  response: Response,
  file: string,
  refreshed: boolean,
  options: ReadOptions
): Effect.Effect<Stream.Stream<Uint8Array, DownloadError>, DownloadError, Scope.Scope> =>
  Effect.gen(function* () {
    const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? defaultChunk))
    const maxBytes = options.maxBytes ?? defaultMax
    const declared = Number(response.headers.get("content-length") ?? Number.NaN)
    const tooLarge = () =>
      failed("TooLarge", file, refreshed, `Download of ${file}: more than ${maxBytes} bytes`, response.status)
    if (declared > maxBytes) {
      yield* discard(response)
      return yield* Effect.fail(tooLarge())
    }
    if (response.body === null) return Stream.empty
    const reader = response.body.getReader()
    yield* Effect.addFinalizer(() => Effect.promise(() => reader.cancel().catch(() => {})))
    let total = 0
    let ended = false
    // One pull takes what has already arrived, up to `batch` bytes (several reads, one
    // promise): the stream's per-pull cost is paid per batch, not per network chunk, and no
    // pull waits for more than its first read. Memory stays bounded: a batch and one read.
    const batch = Math.max(chunkSize, 256 * 1024)
    const notYet = Symbol()
    let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined
    const gather = async (): Promise<Array<Uint8Array>> => {
      const parts: Array<Uint8Array> = []
      let size = 0
      let next = pending ?? reader.read()
      pending = undefined
      while (true) {
        const read = await next
        if (read.done) {
          ended = true
          break
        }
        const bytes = read.value
        size += bytes.byteLength
        if (bytes.byteLength <= chunkSize) {
          if (bytes.byteLength > 0) parts.push(bytes)
        } else
          for (let at = 0; at < bytes.byteLength; at += chunkSize)
            parts.push(bytes.subarray(at, at + chunkSize))
        if (size >= batch && parts.length > 0) break
        // A read of a chunk already queued is settled now; one that must wait for the network is
        // left for the next pull (a read cannot be taken back).
        next = reader.read()
        if (parts.length === 0) continue
        const ready = await Promise.race([next, Promise.resolve(notYet)])
        if (ready === notYet) {
          pending = next
          pending.catch(() => {})
          break
        }
        next = Promise.resolve(ready as ReadableStreamReadResult<Uint8Array>)
      }
      return parts
    }
    const pull: Effect.Effect<readonly [Uint8Array, ...Array<Uint8Array>], DownloadError | Cause.Done<void>> =
      Effect.suspend(() =>
        ended
          ? Cause.done()
          : Effect.flatMap(
              Effect.tryPromise({
                try: gather,
                catch: () =>
                  failed("Body", file, refreshed, `Download of ${file}: the body broke off`, response.status)
              }),
              (
                parts
              ): Effect.Effect<
                readonly [Uint8Array, ...Array<Uint8Array>],
                DownloadError | Cause.Done<void>
              > => {
                total += parts.reduce((n, part) => n + part.byteLength, 0)
                if (total > maxBytes) return Effect.fail(tooLarge())
                return Arr.isReadonlyArrayNonEmpty(parts) ? Effect.succeed(parts) : Cause.done()
              }
            )
      )
    return Stream.fromPull(Effect.succeed(pull))
  })

const refused = (status: number) => status === 403 || status === 400

/**
 * The bytes at a URL, fetched as {@link downloadFrom} fetches them but never refreshed: any
 * error status fails with `DownloadError`. For a URL from elsewhere (a webhook's payload).
 *
 * @since 0.1.0
 * @category downloading
 */
export const fromUrl = (url: string, options: ReadOptions = {}): Stream.Stream<Uint8Array, DownloadError> =>
  Stream.unwrap(
    Effect.gen(function* () {
      const file = fileOf(url)
      const response = yield* open(url, false)
      if (!response.ok) {
        yield* discard(response)
        return yield* Effect.fail(
          failed("Status", file, false, `Download of ${file}: status ${response.status}`, response.status)
        )
      }
      return yield* bodyOf(response, file, false, options)
    })
  )

/**
 * The file `options.variant` of `resource`, as bytes. Refreshed once — the resource read
 * again through the transport, for fresh presigned URLs — when its URL is missing or storage
 * refuses it (`403`, `400`), before any byte was read.
 *
 * @since 0.1.0
 * @category downloading
 */
export const downloadFrom = <A, V extends string>(
  source: Source<A, V>,
  resource: A,
  options: Options<V>
): Stream.Stream<Uint8Array, DownloadError | HeyGenError.HeyGenError, HeyGenTransport> =>
  Stream.unwrap(
    Effect.gen(function* () {
      const urlOf = source.urls[options.variant]
      const given = urlOf(resource)
      if (typeof given === "string" && given !== "") {
        const response = yield* open(given, false)
        if (response.ok) return yield* bodyOf(response, fileOf(given), false, options)
        yield* discard(response)
        if (!refused(response.status)) {
          const file = fileOf(given)
          return yield* Effect.fail(
            failed("Status", file, false, `Download of ${file}: status ${response.status}`, response.status)
          )
        }
      }
      const id = source.id(resource)
      const fresh = urlOf(yield* source.get(id))
      if (typeof fresh !== "string" || fresh === "")
        return yield* Effect.fail(
          failed("NoUrl", undefined, true, `The ${source.name} ${id} has no ${options.variant} file`)
        )
      const file = fileOf(fresh)
      const response = yield* open(fresh, true)
      if (response.ok) return yield* bodyOf(response, file, true, options)
      yield* discard(response)
      return yield* Effect.fail(
        failed(
          "Status",
          file,
          true,
          `Download of ${file}: status ${response.status}, after a refresh`,
          response.status
        )
      )
    })
  ).pipe(Stream.withSpan("Download.downloadFrom", { attributes: { "heygen.download.source": source.name } }))

/**
 * A video's file (`variant`: `video`, `captioned`, `subtitle`, `thumbnail` or `gif`) as
 * bytes: {@link downloadFrom} with the {@link video} source.
 *
 * @since 0.1.0
 * @category downloading
 */
export const download = (
  resource: Videos.Video,
  options: Options<VideoVariant>
): Stream.Stream<Uint8Array, DownloadError | HeyGenError.HeyGenError, HeyGenTransport> =>
  downloadFrom(video, resource, options)
