/**
 * Uploading a file as an asset, whatever its size and source: bytes, a `Blob`, a web
 * `ReadableStream` or an Effect `Stream`. Up to 32 MB it goes to `POST /v3/assets` as one
 * multipart part written as it is read; past that, through the direct-upload flow — create
 * the upload, `PUT` the bytes to HeyGen's presigned URL, complete it. Memory holds a chunk at
 * a time, never the file (rules U1–U4).
 *
 * @since 0.1.0
 */
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpBody from "effect/http/HttpBody"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Option from "effect/Option"
import * as SchemaParser from "effect/SchemaParser"
import * as Stream from "effect/Stream"
import * as Assets from "./Assets.ts"
import { HeyGenTransport } from "./HeyGenTransport.ts"
import { firstProblem } from "./internal/issue.ts"
import * as Operation from "./Operation.ts"

/**
 * What an upload reads its file from. A `Uint8Array` or a `Blob` knows its size and can be
 * sent again (a retry re-reads it); a stream is read once.
 *
 * @since 0.1.0
 */
export type Source<E = never> = Uint8Array | Blob | ReadableStream<Uint8Array> | Stream.Stream<Uint8Array, E>

/**
 * How the file is described, and the call's settings.
 *
 * @since 0.1.0
 */
export interface Options extends Operation.CallOptions {
  /** The file's name, as the asset is listed. */
  readonly filename: string
  /** Its MIME type, e.g. `video/mp4`: one HeyGen takes (png, jpeg, mp4, webm, mp3, wav, pdf, srt). */
  readonly contentType: string
  /**
   * Its size in bytes. A `Uint8Array` or `Blob` knows it. A stream given without it is read up
   * to 32 MB into memory to learn it: one that ends within goes multipart, one that goes on
   * fails with `Encode` before anything is sent (the direct upload must declare the size first).
   * A stream that then gives more or fewer bytes than `size` fails the call with `Encode`.
   */
  readonly size?: number | undefined
}

/**
 * The most bytes sent through `POST /v3/assets` (HeyGen's 32 MB, read as 32,000,000): a larger
 * file takes the direct-upload flow (rule U2).
 *
 * @since 0.1.0
 */
export const multipartMaxBytes = 32_000_000

const encoder = /* @__PURE__ */ new TextEncoder()
// A header value HeyGen and storage can take: printable ASCII, no line breaks to inject with.
const headerValue = /^[\x21-\x7e][\x20-\x7e]*$/
// Storage's error bodies are short XML; more is not read.
const maxErrorSnippetBytes = 4096

const encodeFailure = (path: string, message: string, cause?: unknown) =>
  HeyGenError.transportError({
    reason: "Encode",
    cause: cause === undefined ? message : new Error(message, { cause }),
    method: path === "{upload_url}" ? "PUT" : "POST",
    path
  })

const isReadableStream = (u: unknown): u is ReadableStream<Uint8Array> =>
  typeof ReadableStream !== "undefined" && u instanceof ReadableStream

/** The source as a stream of chunks, and whether running it again reads the same bytes. */
const streamOf = <E>(
  source: Source<E>
): { readonly stream: Stream.Stream<Uint8Array, unknown>; readonly replayable: boolean } => {
  if (source instanceof Uint8Array) return { stream: Stream.succeed(source), replayable: true }
  if (typeof Blob !== "undefined" && source instanceof Blob)
    return {
      stream: Stream.fromReadableStream({ evaluate: () => source.stream(), onError: (e) => e }),
      replayable: true
    }
  if (isReadableStream(source))
    return {
      stream: Stream.fromReadableStream({ evaluate: () => source, onError: (e) => e }),
      replayable: false
    }
  return { stream: source as Stream.Stream<Uint8Array, E>, replayable: false }
}

const sizeOf = <E>(source: Source<E>): number | undefined =>
  source instanceof Uint8Array
    ? source.byteLength
    : typeof Blob !== "undefined" && source instanceof Blob
      ? source.size
      : undefined

/** `stream`, failing once it gives more than `size` bytes or ends short of them (counted afresh on each run). */
const exactly = (
  stream: Stream.Stream<Uint8Array, unknown>,
  size: number
): Stream.Stream<Uint8Array, unknown> =>
  Stream.suspend(() => {
    let count = 0
    const wrong = () => new Error(`the file's stream gave ${count} bytes, not the ${size} of options.size`)
    return Stream.concat(
      Stream.mapEffect(stream, (chunk) => {
        count += chunk.byteLength
        return count > size ? Effect.fail(wrong()) : Effect.succeed(chunk)
      }),
      Stream.unwrap(
        Effect.suspend(() => (count === size ? Effect.succeed(Stream.empty) : Effect.fail(wrong())))
      )
    )
  })

/** A name for `Content-Disposition`, escaped as browsers write form data: `"`, CR and LF percent-encoded. */
const quoted = (name: string) => name.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A")

const boundaryOf = () => {
  const random = crypto.getRandomValues(new Uint8Array(16))
  return `----effect-heygen-${Array.from(random, (b) => b.toString(16).padStart(2, "0")).join("")}`
}

/** The multipart body around the file: its part's head, the file as it streams, the closing line. */
const multipart = (file: Stream.Stream<Uint8Array, unknown>, size: number, options: Options) => {
  const boundary = boundaryOf()
  const head = encoder.encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoted(options.filename)}"\r\n` +
      `Content-Type: ${options.contentType}\r\n\r\n`
  )
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`)
  return {
    body: Stream.concat(Stream.concat(Stream.succeed(head), file), Stream.succeed(tail)),
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: head.byteLength + size + tail.byteLength
  }
}

/** `POST /v3/assets` with the file streamed into its one part; the answer decoded by the spec's schema. */
const viaMultipart = (
  file: Stream.Stream<Uint8Array, unknown>,
  size: number,
  replayable: boolean,
  options: Options
): Effect.Effect<Assets.CreateResult, HeyGenError.HeyGenError, HeyGenTransport> =>
  HeyGenTransport.use((transport) => {
    const operation = Assets.createOperation
    const key = options.idempotencyKey ?? crypto.randomUUID()
    const body = multipart(file, size, options)
    return Effect.flatMap(
      transport.execute({
        operation: operation as Operation.Any,
        pathParams: {},
        query: {},
        body: { _tag: "Stream", stream: { ...body, replayable } },
        idempotencyKey: key,
        timeout: Duration.fromInputUnsafe(options.timeout ?? Operation.timeouts.upload)
      }),
      (response) => {
        const exit = SchemaParser.decodeUnknownExit(operation.response())(response.body)
        if (Exit.isSuccess(exit)) return Effect.succeed(exit.value.data)
        const issue = Option.getOrUndefined(Exit.findErrorOption(exit))
        const { field, message } =
          issue === undefined ? { field: "data", message: "rejected" } : firstProblem(issue, [])
        const text = JSON.stringify(response.body) ?? ""
        return Effect.fail(
          new HeyGenError.UnexpectedResponse({
            status: response.status,
            message: `Response does not match the spec at ${field}: ${message}`,
            bodySnippet: text.slice(0, 512),
            field,
            ...(response.requestId === undefined ? {} : { requestId: response.requestId })
          })
        )
      }
    )
  })

/** Headers the presigned URL was signed with, as strings; never one a transport sets itself. */
const uploadHeaders = (given: { readonly [key: string]: unknown }, contentType: string) => {
  const headers: Record<string, string> = { "content-type": contentType }
  for (const [name, value] of Object.entries(given)) {
    const lower = name.toLowerCase()
    if (typeof value !== "string" || !headerValue.test(value) || !/^[A-Za-z0-9-]{1,100}$/.test(name)) continue
    if (
      lower === "host" ||
      lower === "content-length" ||
      lower === "transfer-encoding" ||
      lower === "connection"
    )
      continue
    headers[lower] = value
  }
  return headers
}

/** At most `maxErrorSnippetBytes` of a storage error body. */
const snippetOf = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<string> =>
  Effect.suspend(() => {
    const chunks: Array<Uint8Array> = []
    let size = 0
    return Stream.runForEachWhile(response.stream, (chunk) =>
      Effect.sync(() => {
        chunks.push(chunk)
        size += chunk.byteLength
        return size < maxErrorSnippetBytes
      })
    ).pipe(
      Effect.ignore,
      Effect.map(() => {
        const all = new Uint8Array(Math.min(size, maxErrorSnippetBytes))
        let at = 0
        for (const chunk of chunks) {
          const part = chunk.subarray(0, all.byteLength - at)
          all.set(part, at)
          at += part.byteLength
          if (at >= all.byteLength) break
        }
        return new TextDecoder().decode(all).slice(0, 512)
      })
    )
  })

const putPath = "{upload_url}"

/**
 * The bytes to the presigned URL: another origin, so no key, no bearer, no redirect (rule U3).
 * Over the program's `HttpClient` if it provides one, else the transport's bare one (the
 * adapter's: undici on Node, whose `fetch` would keep the whole body in memory), else `fetch`.
 */
const put = (
  url: string,
  headers: Record<string, string>,
  body: HttpBody.HttpBody,
  timeout: Duration.Duration
): Effect.Effect<void, HeyGenError.HeyGenError, HeyGenTransport> => {
  let failedBody: { readonly cause: unknown } | undefined
  const watched =
    body._tag === "Stream"
      ? HttpBody.stream(
          Stream.mapError(body.stream, (cause) => {
            failedBody = { cause }
            return cause
          }),
          body.contentType,
          body.contentLength
        )
      : body
  const send = Effect.flatMap(Effect.service(HttpClient.HttpClient), (http) =>
    http.execute(HttpClientRequest.put(url, { headers, body: watched }))
  ).pipe(
    Effect.mapError((error) =>
      failedBody !== undefined
        ? encodeFailure(putPath, "the file's stream failed", failedBody.cause)
        : HeyGenError.transportError({
            reason: "Connection",
            cause: error.reason.cause ?? error.reason,
            method: "PUT",
            path: putPath
          })
    ),
    Effect.flatMap((response) =>
      response.status >= 200 && response.status < 300
        ? Effect.ignore(Stream.runDrain(response.stream))
        : Effect.flatMap(snippetOf(response), (snippet) =>
            Effect.fail(
              new HeyGenError.UnexpectedResponse({
                status: response.status,
                message: `The upload URL answered HTTP ${response.status}: the bytes were not stored`,
                bodySnippet: snippet,
                ...(response.headers["content-type"] === undefined
                  ? {}
                  : { contentType: response.headers["content-type"] })
              })
            )
          )
    ),
    Effect.timeoutOrElse({
      duration: timeout,
      orElse: () =>
        Effect.fail(
          new HeyGenError.TransportError({
            reason: "Timeout",
            message: `Timeout: the upload took longer than ${Duration.format(timeout)}`,
            method: "PUT",
            path: putPath
          })
        )
    })
  )
  return Effect.gen(function* () {
    const own = yield* Effect.serviceOption(HttpClient.HttpClient)
    const transport = yield* HeyGenTransport
    const init = yield* Effect.serviceOption(FetchHttpClient.RequestInit)
    const client = Option.isSome(own) ? own.value : transport.http
    // fetch would follow a redirect itself, with the body, to wherever it points.
    const manual = Effect.provideService(FetchHttpClient.RequestInit, {
      ...Option.getOrUndefined(init),
      redirect: "manual"
    })
    return yield* client === undefined
      ? send.pipe(Effect.provide(FetchHttpClient.layer), manual)
      : send.pipe(Effect.provideService(HttpClient.HttpClient, client), manual)
  })
}

/** Create the direct upload, `PUT` the bytes, complete it; an upload that failed is never completed. */
const viaDirectUpload = (
  source: {
    readonly stream: Stream.Stream<Uint8Array, unknown>
    readonly bytes?: Uint8Array | Blob | undefined
  },
  size: number,
  options: Options
): Effect.Effect<Assets.CreateResult, HeyGenError.HeyGenError, HeyGenTransport> =>
  Effect.gen(function* () {
    const created = yield* Assets.createDirectUpload(
      { filename: options.filename, content_type: options.contentType, size_bytes: size },
      options.idempotencyKey === undefined ? undefined : { idempotencyKey: options.idempotencyKey }
    )
    const body =
      source.bytes instanceof Uint8Array
        ? HttpBody.uint8Array(source.bytes, options.contentType)
        : HttpBody.stream(source.stream, options.contentType, size)
    yield* put(
      created.upload_url,
      uploadHeaders(created.upload_headers, options.contentType),
      body,
      Duration.fromInputUnsafe(options.timeout ?? Operation.timeouts.upload)
    )
    return yield* Assets.complete(created.asset_id, {})
  })

/**
 * Reads a stream of unknown size up to `multipartMaxBytes`: its chunks when it ended within,
 * `undefined` when it went on (it is then stopped).
 */
const probe = (stream: Stream.Stream<Uint8Array, unknown>) =>
  Effect.suspend(() => {
    const chunks: Array<Uint8Array> = []
    let size = 0
    return Stream.runForEachWhile(stream, (chunk) =>
      Effect.sync(() => {
        chunks.push(chunk)
        size += chunk.byteLength
        return size <= multipartMaxBytes
      })
    ).pipe(
      Effect.mapError((cause) =>
        encodeFailure(Assets.createOperation.path, "the file's stream failed", cause)
      ),
      Effect.map(() => (size <= multipartMaxBytes ? { chunks, size } : undefined))
    )
  })

/**
 * Uploads a file as an asset and answers it: `asset_id`, `url`, `mime_type`, `size_bytes`
 * (and `status` after a direct upload). Up to `multipartMaxBytes` through `POST /v3/assets`,
 * past it through the direct-upload flow, chosen here (rule U2); either way the file is
 * streamed, never held whole (U4). A stream is sent once; bytes and a `Blob` are retried as
 * any v3 mutation, with the same `Idempotency-Key` (U1). `options.timeout` bounds the
 * sending of the bytes (default 10 minutes); `options.idempotencyKey` is the create call's.
 *
 * @example
 * ```ts
 * import * as AssetUpload from "@effect-heygen/api/AssetUpload"
 *
 * const asset = AssetUpload.upload(new Uint8Array([137, 80, 78, 71]), {
 *   filename: "logo.png",
 *   contentType: "image/png"
 * })
 * ```
 *
 * @since 0.1.0
 */
export const upload = <E = never>(
  source: Source<E>,
  options: Options
): Effect.Effect<Assets.CreateResult, HeyGenError.HeyGenError, HeyGenTransport> =>
  Effect.suspend((): Effect.Effect<Assets.CreateResult, HeyGenError.HeyGenError, HeyGenTransport> => {
    const path = Assets.createOperation.path
    if (!headerValue.test(options.contentType))
      return Effect.fail(encodeFailure(path, "options.contentType must be a MIME type of printable ASCII"))
    if (options.filename === "") return Effect.fail(encodeFailure(path, "options.filename is empty"))
    const known = sizeOf(source) ?? options.size
    if (known !== undefined && (!Number.isSafeInteger(known) || known < 0))
      return Effect.fail(encodeFailure(path, "options.size must be a whole number of bytes"))
    const { stream, replayable } = streamOf(source)
    if (known === undefined) {
      return Effect.flatMap(probe(stream), (held) =>
        held === undefined
          ? Effect.fail(
              encodeFailure(
                path,
                `a stream past ${multipartMaxBytes} bytes needs options.size: the direct upload declares it first`
              )
            )
          : viaMultipart(Stream.fromIterable(held.chunks), held.size, true, options)
      )
    }
    const file = replayable ? stream : exactly(stream, known)
    const flow = known <= multipartMaxBytes ? "multipart" : "direct"
    return Effect.andThen(
      Effect.annotateCurrentSpan({ "heygen.upload.flow": flow, "heygen.upload.bytes": known }),
      flow === "multipart"
        ? viaMultipart(file, known, replayable, options)
        : viaDirectUpload(
            {
              stream: file,
              bytes: source instanceof Uint8Array ? source : undefined
            },
            known,
            options
          )
    )
  }).pipe(Effect.withSpan("AssetUpload.upload", { kind: "client" }, { captureStackTrace: false }))
