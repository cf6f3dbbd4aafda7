/**
 * Files to download and uploads to receive, as object storage serves them (rule M31): on the
 * emulator's own origin, presigned — `Expires` (Unix seconds, emulator time) and `Signature`
 * (HMAC-SHA256 of the path and expiry under the emulator's secret) in the query — and never
 * behind the API key. An expired or tampered URL is a `403` with storage's XML error, not
 * HeyGen's envelope; reading a resource again signs fresh URLs.
 */
import * as ByteSize from "effect/ByteSize"
import * as Effect from "effect/Effect"
import * as HttpIncomingMessage from "effect/http/HttpIncomingMessage"
import type * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import { bytesOf, contentType, type Extension } from "./bytes.ts"
import { type Ctx, type Env, now } from "./env.ts"
import { sameToken } from "./guard.ts"
import { queryOf } from "./http.ts"
import { decodeSegment, own } from "./lookup.ts"
import { base64url, hex, hmac, sha256 } from "./sha256.ts"

export const filesPrefix = "/files/"
export const uploadsPrefix = "/uploads/"

/**
 * The query that presigns `path` until `expires` under `secret`: `?Expires=…&Signature=…`.
 * Queries are remembered (at most 4,096): every URL made in one second has the same expiry, so
 * a page of ten videos is signed once a second, not once a request.
 */
export const signer = (secret: Uint8Array): ((path: string, expires: number) => string) => {
  const mac = hmac(secret)
  const remembered = new Map<string, string>()
  return (path, expires) => {
    const key = `${expires} ${path}`
    let query = remembered.get(key)
    if (query === undefined) {
      if (remembered.size >= 4096) remembered.clear()
      query = `?Expires=${expires}&Signature=${base64url(mac(`${path}\n${expires}`))}`
      remembered.set(key, query)
    }
    return query
  }
}

const signed = (env: Env, origin: string, path: string, expires: number) =>
  origin + path + env.sign(path, expires)

/** A download URL for `name` (`vid_00000a.mp4`), valid for the emulator's file TTL from `at`. */
export const fileUrl = (ctx: Ctx, at: number, name: string): string =>
  signed(ctx.env, ctx.origin, `${filesPrefix}${name}`, Math.floor(at / 1000) + ctx.env.fileTtlSeconds)

/** The presigned URL a direct upload's bytes go to, valid until `expiresAt` (emulator milliseconds). */
export const uploadUrl = (ctx: Ctx, assetId: string, expiresAt: number): string =>
  signed(ctx.env, ctx.origin, `${uploadsPrefix}${assetId}`, Math.floor(expiresAt / 1000))

/** Storage's error body: XML, as S3 writes it. */
const storageError = (status: number, code: string, message: string) =>
  HttpServerResponse.text(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>\n`,
    { status, contentType: "application/xml" }
  )

/** Why a presigned request is refused, checked before anything else is read. */
const refuse = (env: Env, request: HttpServerRequest.HttpServerRequest, path: string, at: number) => {
  const query = new URLSearchParams(queryOf(request.url))
  const expires = query.get("Expires")
  const signature = query.get("Signature")
  if (expires === null || signature === null || !/^\d{1,12}$/.test(expires))
    return storageError(
      403,
      "AccessDenied",
      "Query-string authentication requires the Expires and Signature parameters."
    )
  if (!sameToken(`?Expires=${expires}&Signature=${signature}`, env.sign(path, Number(expires))))
    return storageError(
      403,
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided."
    )
  if (Number(expires) * 1000 < at) return storageError(403, "AccessDenied", "Request has expired")
  return undefined
}

const fileName = /^([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\.([a-z0-9]{1,5})$/

/** `GET` (or `HEAD`) of a presigned download URL. */
export const serveFile = (
  env: Env,
  request: HttpServerRequest.HttpServerRequest,
  path: string
): Effect.Effect<HttpServerResponse.HttpServerResponse> =>
  Effect.map(now(env), (at) => {
    if (request.method !== "GET" && request.method !== "HEAD")
      return storageError(
        405,
        "MethodNotAllowed",
        "The specified method is not allowed against this resource."
      )
    const refused = refuse(env, request, path, at)
    if (refused !== undefined) return refused
    const match = fileName.exec(path.slice(filesPrefix.length))
    const type = match === null ? undefined : contentType(match[2]!)
    if (match === null || type === undefined)
      return storageError(404, "NoSuchKey", "The specified key does not exist.")
    const body = bytesOf(match[1]!, match[2] as Extension)
    return HttpServerResponse.uint8Array(body, {
      contentType: type,
      headers: { "cache-control": "private, max-age=3600", etag: `"${hex(sha256(body)).slice(0, 32)}"` }
    })
  })

/** `PUT` of a direct upload's bytes to its presigned URL: bounded by the size declared at creation. */
export const receiveUpload = (
  env: Env,
  request: HttpServerRequest.HttpServerRequest,
  path: string
): Effect.Effect<HttpServerResponse.HttpServerResponse> =>
  Effect.gen(function* () {
    if (request.method !== "PUT")
      return storageError(
        405,
        "MethodNotAllowed",
        "The specified method is not allowed against this resource."
      )
    const refused = refuse(env, request, path, yield* now(env))
    if (refused !== undefined) return refused
    const id = decodeSegment(path.slice(uploadsPrefix.length)) ?? ""
    const asset = yield* env.store.read((s) => own(s.assets, id))
    if (asset?.upload === undefined || asset.status !== "uploading")
      return storageError(404, "NoSuchUpload", "The specified upload does not exist or was completed.")
    const given = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase()
    if (given !== asset.mime_type)
      return storageError(
        403,
        "SignatureDoesNotMatch",
        "The Content-Type is not the one the upload was signed for."
      )
    const limit = Math.min(asset.upload.declared, env.maxAssetBytes)
    const tooLarge = storageError(
      400,
      "EntityTooLarge",
      `Your proposed upload exceeds the ${limit} bytes declared.`
    )
    if (Number(request.headers["content-length"] ?? 0) > limit) return tooLarge
    // Bounded while it streams in: reading stops past the declared size.
    const body = yield* request.arrayBuffer.pipe(
      Effect.provideService(HttpIncomingMessage.MaxBodySize, ByteSize.bytes(limit)),
      Effect.option
    )
    if (body._tag === "None" || body.value.byteLength > limit) return tooLarge
    if (body.value.byteLength < asset.upload.declared)
      return storageError(400, "IncompleteBody", "You did not provide the number of bytes declared.")
    const digest = hex(sha256(new Uint8Array(body.value)))
    yield* env.store.transact((s) =>
      Effect.sync(() => {
        const upload = own(s.assets, id)?.upload
        if (upload !== undefined) {
          upload.received = body.value.byteLength
          upload.sha256 = digest
        }
      })
    )
    return HttpServerResponse.empty({ status: 200 }).pipe(
      HttpServerResponse.setHeader("etag", `"${digest.slice(0, 32)}"`)
    )
  })
