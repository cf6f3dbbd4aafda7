/**
 * Batches of videos, lipsyncs, translations and uploads, and the bulk status reads: a batch's
 * items are the resources it made (or why one could not be made), so their statuses follow
 * those resources on the emulator's clock (M29), paged inside `data` (M30).
 */
import type { Batch as BatchView } from "@effect-heygen/api/Videos"
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as EmulatorState from "../EmulatorState.ts"
import { type Failure, isFailure, nextId } from "../internal/env.ts"
import { phase, unix } from "../internal/jobs.ts"
import { admit, own } from "../internal/lookup.ts"
import { catalogPosition, page } from "../internal/pagination.ts"
import type * as Jobs from "../Jobs.ts"
import type * as Resources from "../Resources.ts"

export type ItemStatus = "queued" | "processing" | "completed" | "failed"

type Table = "videos" | "lipsyncs" | "translations" | "assets"
const tables: Record<Jobs.Batch["kind"], Table> = {
  video: "videos",
  lipsync: "lipsyncs",
  translation: "translations",
  asset: "assets"
}

type JobRecord = Parameters<typeof phase>[0] & { readonly deleted?: boolean }

/** The table a batch's jobs are in. */
const jobTable = (state: EmulatorState.State, kind: Jobs.Batch["kind"]) =>
  state[tables[kind]] as Readonly<Record<string, JobRecord>>

/** A job's status as a batch item: pending is queued, running is processing. */
const fromJob = (job: Parameters<typeof phase>[0] | undefined, at: number): ItemStatus => {
  if (job === undefined) return "failed"
  const p = phase(job, at)
  return p === "pending" ? "queued" : p === "running" ? "processing" : p
}

/** Where one item of a batch is at `at`. */
export const itemStatus = (
  state: EmulatorState.State,
  kind: Jobs.Batch["kind"],
  item: Jobs.Batch["items"][number],
  at: number
): ItemStatus => {
  if (item.error !== null || item.id === null) return "failed"
  if (kind === "asset") {
    const asset = own(state.assets, item.id)
    if (asset === undefined || asset.status === "deleted") return "failed"
    if (asset.status === "ready") return "completed"
    return asset.upload?.received == null ? "queued" : "processing"
  }
  const record = own(jobTable(state, kind), item.id)
  return record?.deleted === true ? "failed" : fromJob(record, at)
}

/** An item's error as the wire shows it. */
const itemError = (
  state: EmulatorState.State,
  kind: Jobs.Batch["kind"],
  item: Jobs.Batch["items"][number]
): Resources.Failure | null => {
  if (item.error !== null) return item.error
  if (item.id === null || kind === "asset") return null
  const record = own(jobTable(state, kind), item.id)
  return record === undefined
    ? { code: "not_found", message: `${item.id} was forgotten.` }
    : (record.failure ?? null)
}

/** The batch's whole answer: its counts and status, and one page of its items. */
export const view = (
  state: EmulatorState.State,
  batch: Jobs.Batch,
  at: number,
  limit: number,
  token: string | undefined
): BatchView | Failure => {
  const items = batch.items.map((item, index) => {
    const error = itemError(state, batch.kind, item)
    return {
      item_index: index,
      status: itemStatus(state, batch.kind, item, at),
      ...(item.id === null ? {} : { video_id: item.id }),
      ...(error === null ? {} : { error: { code: error.code, message: error.message } })
    }
  })
  const counts: Record<string, number> = { queued: 0, processing: 0, completed: 0, failed: 0 }
  for (const item of items) counts[item.status] = (counts[item.status] ?? 0) + 1
  const items_ = page(items, (item) => catalogPosition(item.item_index, ""), limit, token)
  if (isFailure(items_)) return items_
  const running = counts.queued! + counts.processing! > 0
  return {
    batch_id: batch.id,
    title: batch.title,
    created_at: unix(batch.createdAt),
    total_items: items.length,
    counts_by_status: counts,
    status: running ? "processing" : counts.failed === items.length ? "failed" : "completed",
    items: items_.data,
    has_more: items_.has_more,
    next_token: items_.next_token
  }
}

/** Records a batch of `kind` whose items are what `make` gives for each input, in order. */
export const record = <A>(
  state: EmulatorState.State,
  limits: EmulatorState.Limits,
  owner: string,
  kind: Jobs.Batch["kind"],
  title: string | null,
  at: number,
  inputs: ReadonlyArray<A>,
  make: (input: A, index: number) => string | Failure
): Jobs.Batch => {
  const items = inputs.map((input, index) => {
    const made = make(input, index)
    return typeof made === "string"
      ? { id: made, error: null }
      : { id: null, error: { code: made.code, message: made.message } }
  })
  const id = nextId(state, "batch")
  const batch: Jobs.Batch = { id, owner, kind, title, createdAt: at, items }
  admit(state.batches, id, batch, limits.batches)
  return batch
}

/** The caller's batch of `kind`; another kind's or a missing one is `notFound`. */
export const batchOf = (
  state: EmulatorState.State,
  account: EmulatorState.Account,
  id: string,
  kind: Jobs.Batch["kind"],
  notFound: (message: string) => Failure
): Jobs.Batch | Failure => {
  const batch = own(state.batches, id)
  if (batch === undefined || batch.kind !== kind) return notFound(`Batch ${id} not found.`)
  if (batch.owner !== account.id)
    return new HeyGenError.ResourceAccessDenied({ message: `Batch ${id} belongs to another account.` })
  return batch
}

/** Checks a batch's size (M27): at least one item, at most `recordBounds.batchItems`. */
export const checkSize = (items: ReadonlyArray<unknown>, param: string): Failure | undefined =>
  items.length >= 1 && items.length <= EmulatorState.recordBounds.batchItems
    ? undefined
    : new HeyGenError.InvalidParameter({
        message: `Invalid parameter ${param}: 1 to ${EmulatorState.recordBounds.batchItems} items.`,
        param
      })

/** The ids of a comma-separated query parameter, at most `recordBounds.batchItems` of them. */
export const idList = (value: string | undefined, param: string): ReadonlyArray<string> | Failure => {
  const ids = (value ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "")
  return ids.length <= EmulatorState.recordBounds.batchItems
    ? ids
    : new HeyGenError.InvalidParameter({
        message: `Invalid parameter ${param}: at most ${EmulatorState.recordBounds.batchItems} ids.`,
        param
      })
}

/** One status row of a bulk read, as `…/statuses` answers. */
export type StatusRow = {
  readonly status: string
  readonly video_id?: string
  readonly batch_id?: string
  readonly item_index?: number
  readonly error?: Resources.Failure
}

/**
 * `…/statuses?<kind>_ids=…&batch_ids=…`: a row per id (an unknown or another account's id is a
 * row with its error, not a failed read) and a row per item of each batch.
 */
export const statuses = (
  state: EmulatorState.State,
  account: EmulatorState.Account,
  kind: Jobs.Batch["kind"],
  ids: ReadonlyArray<string>,
  batchIds: ReadonlyArray<string>,
  one: (id: string) => { readonly status: string; readonly failure: Resources.Failure | null } | Failure,
  notFound: (message: string) => Failure,
  param: string,
  at: number
):
  | { readonly data: ReadonlyArray<StatusRow>; readonly has_more: false; readonly next_token: null }
  | Failure => {
  if (ids.length + batchIds.length === 0)
    return new HeyGenError.InvalidParameter({
      message: `Invalid parameter ${param}: give ${param} or batch_ids.`,
      param
    })
  if (ids.length + batchIds.length > EmulatorState.recordBounds.batchItems)
    return new HeyGenError.InvalidParameter({
      message: `Invalid parameter ${param}: at most ${EmulatorState.recordBounds.batchItems} ids in all.`,
      param
    })
  const rows: Array<StatusRow> = []
  const failed = (error: Failure) => ({ code: error.code, message: error.message })
  for (const id of ids) {
    const found = one(id)
    if (isFailure(found)) rows.push({ video_id: id, status: "failed", error: failed(found) })
    else
      rows.push({
        video_id: id,
        status: found.status,
        ...(found.failure === null ? {} : { error: found.failure })
      })
  }
  for (const batchId of batchIds) {
    const batch = batchOf(state, account, batchId, kind, notFound)
    if (isFailure(batch)) {
      rows.push({ batch_id: batchId, status: "failed", error: failed(batch) })
      continue
    }
    for (const [index, item] of batch.items.entries()) {
      const error = itemError(state, kind, item)
      rows.push({
        batch_id: batchId,
        item_index: index,
        status: itemStatus(state, kind, item, at),
        ...(item.id === null ? {} : { video_id: item.id }),
        ...(error === null ? {} : { error })
      })
    }
  }
  // Bounded: at most `batchItems` ids and batches, each batch at most `batchItems` items.
  return { data: rows, has_more: false, next_token: null }
}
