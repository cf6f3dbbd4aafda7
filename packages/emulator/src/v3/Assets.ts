/**
 * `/v3/assets`: multipart uploads (`POST /v3/assets`), direct uploads — create, `PUT` the
 * bytes to the emulator's own presigned URL, complete (checked against the declared size and
 * checksum) — alone or in batches; reads, deletes, bulk statuses, and a stock search. An
 * asset still uploading or deleted is `asset_not_found`; another account's is denied (M13, M3).
 */
import type * as Assets from "@effect-heygen/api/Assets"
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as EmulatorState from "../EmulatorState.ts"
import { assetNotFound, usableAsset } from "../internal/access.ts"
import { extensionOf } from "../internal/bytes.ts"
import { type Ctx, clip, type Failure, isFailure, nextId, tx, view } from "../internal/env.ts"
import { fileUrl, uploadUrl } from "../internal/files.ts"
import { unix } from "../internal/jobs.ts"
import { admit, own } from "../internal/lookup.ts"
import { catalogPosition, newest, page } from "../internal/pagination.ts"
import type * as Jobs from "../Jobs.ts"
import type * as Resources from "../Resources.ts"
import * as Batches from "./batches.ts"
import { stock } from "./catalog.ts"
import type { Handlers } from "./handler.ts"

/** How long a direct upload's URL stays valid. */
const uploadSeconds = 3600

const fallback: Record<string, string> = { image: "png", video: "mp4", audio: "mp3" }

const urlOf = (ctx: Ctx, asset: Resources.Asset, at: number) =>
  fileUrl(
    ctx,
    at,
    `${asset.id}.${(asset.mime_type === undefined ? undefined : extensionOf(asset.mime_type)) ?? (Object.hasOwn(fallback, asset.file_type) ? fallback[asset.file_type] : "png")}`
  )

export const username = (account: string) => account.replace(/^acct_/, "")

const assetView = (ctx: Ctx, asset: Resources.Asset, at: number): Assets.Asset => ({
  id: asset.id,
  name: asset.name ?? asset.id,
  owner: username(asset.owner),
  space_id: `space_${username(asset.owner)}`,
  type: asset.file_type,
  uploaded_at: unix(asset.createdAt ?? 0),
  folder_id: asset.folder_id ?? null,
  url: urlOf(ctx, asset, at)
})

const invalid = (param: string, why: string) =>
  new HeyGenError.InvalidParameter({ message: `Invalid parameter ${param}: ${why}`, param })

/** The caller's asset in any state but deleted (M3, M13). */
const ownAsset = (s: EmulatorState.State, ctx: Ctx, id: string): Resources.Asset | Failure => {
  const asset = own(s.assets, id)
  if (asset === undefined || asset.status === "deleted") return assetNotFound(`Asset ${id} not found.`)
  if (asset.owner !== ctx.account.id)
    return new HeyGenError.ResourceAccessDenied({ message: `Asset ${id} belongs to another account.` })
  return asset
}

/** Starts a direct upload: an asset `uploading` until its bytes arrive and it is completed. */
const startUpload = (
  ctx: Ctx,
  s: EmulatorState.State,
  at: number,
  file: Assets.CreateDirectUploadBody,
  param: string,
  batch: string | null
): Assets.CreateDirectUploadResult | Failure => {
  const mime = file.content_type.split(";")[0]!.trim().toLowerCase()
  if (extensionOf(mime) === undefined)
    return invalid(`${param}content_type`, `${mime} is not a type assets take.`)
  if (!Number.isInteger(file.size_bytes) || file.size_bytes < 1 || file.size_bytes > ctx.env.maxAssetBytes)
    return invalid(`${param}size_bytes`, `1 to ${ctx.env.maxAssetBytes} bytes.`)
  if (file.checksum_sha256 != null && !/^[0-9a-f]{64}$/i.test(file.checksum_sha256))
    return invalid(`${param}checksum_sha256`, "64 hexadecimal digits.")
  const id = nextId(s, "asset")
  const expiresAt = at + uploadSeconds * 1000
  admit(
    s.assets,
    id,
    {
      id,
      owner: ctx.account.id,
      file_type: mime.split("/")[0]!,
      status: "uploading",
      name: clip(file.filename, 255),
      mime_type: mime,
      size_bytes: file.size_bytes,
      createdAt: at,
      folder_id: null,
      upload: {
        expiresAt,
        declared: file.size_bytes,
        checksum: file.checksum_sha256?.toLowerCase() ?? null,
        received: null,
        sha256: null,
        batch
      }
    },
    ctx.env.limits.assets
  )
  return {
    asset_id: id,
    upload_url: uploadUrl(ctx, id, expiresAt),
    upload_headers: { "Content-Type": mime },
    expires_in_seconds: uploadSeconds,
    max_bytes: file.size_bytes,
    status: "uploading"
  }
}

/** Completes a direct upload whose bytes arrived, checking them against the checksum given. */
const complete = (asset: Resources.Asset, checksum: string | null | undefined): Failure | undefined => {
  if (asset.status === "ready") return undefined
  const upload = asset.upload
  if (upload === undefined || upload.received === null)
    return invalid("asset_id", `nothing was uploaded to asset ${asset.id}'s upload_url yet.`)
  const expected = checksum?.toLowerCase() ?? upload.checksum
  if (expected != null && expected !== upload.sha256)
    return invalid("checksum_sha256", "the uploaded bytes have another SHA-256.")
  asset.status = "ready"
  asset.size_bytes = upload.received
  return undefined
}

const completed = (ctx: Ctx, asset: Resources.Asset, at: number): Assets.CompleteResult => ({
  asset_id: asset.id,
  mime_type: asset.mime_type ?? "application/octet-stream",
  size_bytes: asset.size_bytes ?? 0,
  status: asset.status === "ready" ? "completed" : "uploading",
  url: urlOf(ctx, asset, at)
})

const assetStatus = (asset: Resources.Asset) =>
  asset.status === "ready" ? "completed" : asset.upload?.received == null ? "queued" : "processing"

export const handlers: Handlers<typeof Assets.operations> = {
  list: ({ query }, ctx) =>
    view(ctx.env, (s, at) => {
      if (query.username !== username(ctx.account.id))
        return new HeyGenError.ResourceAccessDenied({
          message: `The assets of ${query.username} are not the caller's.`,
          param: "username"
        })
      const mine = Object.values(s.assets).filter(
        (a) =>
          a.owner === ctx.account.id &&
          a.status === "ready" &&
          (query.folder_id === undefined || a.folder_id === query.folder_id)
      )
      const found = page(mine, (a) => newest(a, a.id), query.limit ?? 20, query.token)
      return isFailure(found) ? found : { ...found, data: found.data.map((a) => assetView(ctx, a, at)) }
    }),
  create: ({ body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const mime = body.file.type.split(";")[0]!.trim().toLowerCase()
      if (extensionOf(mime) === undefined)
        return invalid("file", `${mime || "a file without a type"} is not a type assets take.`)
      if (body.file.size === 0) return invalid("file", "the file is empty.")
      const id = nextId(s, "asset")
      const asset: Resources.Asset = {
        id,
        owner: ctx.account.id,
        file_type: mime.split("/")[0]!,
        status: "ready",
        name: clip(body.file instanceof File ? body.file.name : id, 255),
        mime_type: mime,
        size_bytes: body.file.size,
        createdAt: at,
        folder_id: null
      }
      admit(s.assets, id, asset, ctx.env.limits.assets)
      return {
        data: { asset_id: id, mime_type: mime, size_bytes: body.file.size, url: urlOf(ctx, asset, at) }
      }
    }),
  get: ({ path }, ctx) =>
    view(ctx.env, (s, at) => {
      const asset = usableAsset(s, ctx.account, path.asset_id!, "asset_id")
      return isFailure(asset) ? asset : { data: assetView(ctx, asset, at) }
    }),
  remove: ({ path }, ctx) =>
    tx(ctx.env, (s) => {
      const asset = ownAsset(s, ctx, path.asset_id!)
      if (isFailure(asset)) return asset
      asset.status = "deleted"
      return { data: { id: asset.id } }
    }),
  complete: ({ path, body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const asset = ownAsset(s, ctx, path.asset_id!)
      if (isFailure(asset)) return asset
      return complete(asset, body.checksum_sha256) ?? { data: completed(ctx, asset, at) }
    }),
  getBatch: ({ path, query }, ctx) =>
    view(ctx.env, (s, at) => {
      const batch = Batches.batchOf(s, ctx.account, path.batch_id!, "asset", assetNotFound)
      if (isFailure(batch)) return batch
      const answer = Batches.view(s, batch, at, query.limit ?? 100, query.token)
      return isFailure(answer) ? answer : { data: answer }
    }),
  completeBatch: ({ body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const batch = Batches.batchOf(s, ctx.account, body.batch_id, "asset", assetNotFound)
      if (isFailure(batch)) return batch
      // Every item whose bytes arrived completes; the others stay as they are.
      for (const item of batch.items) {
        const asset = item.id === null ? undefined : own(s.assets, item.id)
        if (asset?.status === "uploading" && asset.upload?.received != null) complete(asset, undefined)
      }
      const answer = Batches.view(s, batch, at, 100, undefined)
      return isFailure(answer) ? answer : { data: answer }
    }),
  createDirectUpload: ({ body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const started = startUpload(ctx, s, at, body, "", null)
      return isFailure(started) ? started : { data: started }
    }),
  createDirectUploadBatch: ({ body }, ctx) =>
    tx(ctx.env, (s, at) => {
      const size = Batches.checkSize(body.files, "files")
      if (size !== undefined) return size
      const batchId = nextId(s, "batch")
      const items: Array<Assets.CreateDirectUploadResult> = []
      for (const [i, file] of body.files.entries()) {
        const started = startUpload(ctx, s, at, file, `files[${i}].`, batchId)
        if (isFailure(started)) return started
        items.push(started)
      }
      const title = body.title == null ? null : clip(body.title, EmulatorState.recordBounds.text)
      const batch: Jobs.Batch = {
        id: batchId,
        owner: ctx.account.id,
        kind: "asset",
        title,
        createdAt: at,
        items: items.map((item) => ({ id: item.asset_id, error: null }))
      }
      admit(s.batches, batchId, batch, ctx.env.limits.batches)
      return { data: { batch_id: batchId, items } }
    }),
  search: ({ query }, ctx) =>
    view(ctx.env, (_, at) => {
      const words = query.query
        .toLowerCase()
        .split(/\s+/)
        .filter((w) => w !== "")
      const found = stock
        .map((item, index) => ({ item, index }))
        .filter(
          ({ item }) =>
            item.type === query.type &&
            (words.length === 0 || words.some((w) => item.tags.some((t) => t.includes(w))))
        )
      const paged = page(
        found,
        ({ item, index }) => catalogPosition(index, item.id),
        query.limit ?? 20,
        query.token
      )
      if (isFailure(paged)) return paged
      return {
        ...paged,
        data: paged.data.map(({ item }) => ({
          id: item.id,
          type: item.type,
          url: fileUrl(ctx, at, `${item.id}.png`),
          width: 1,
          height: 1,
          orientation: "square",
          is_transparent: item.type === "icon"
        }))
      }
    }),
  listStatuses: ({ query }, ctx) =>
    view(ctx.env, (s, at) => {
      const ids = Batches.idList(query.asset_ids, "asset_ids")
      const batchIds = Batches.idList(query.batch_ids, "batch_ids")
      if (isFailure(ids)) return ids
      if (isFailure(batchIds)) return batchIds
      return Batches.statuses(
        s,
        ctx.account,
        "asset",
        ids,
        batchIds,
        (id) => {
          const asset = ownAsset(s, ctx, id)
          return isFailure(asset) ? asset : { status: assetStatus(asset), failure: null }
        },
        assetNotFound,
        "asset_ids",
        at
      )
    })
}
