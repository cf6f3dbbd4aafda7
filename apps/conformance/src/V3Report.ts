/**
 * What the v3 probe reports (plain JSON, the same in every runtime) and the conventions the
 * probe, the future origin (`V3Emulator`) and the checks (`V3ClientChecks`) share.
 */

import type { HeyGenClient, Options } from "@effect-heygen/core/HeyGenClient"
import * as Fixtures from "@effect-heygen/emulator/Fixtures"
import type * as Config from "effect/Config"
import type * as Layer from "effect/Layer"
import type { Summary } from "./Summary.ts"

/** Where the probe's v3 calls go: the emulator, and the same emulator behind the "future" proxy. */
export interface Targets {
  readonly emulatorUrl: string
  /** Adds members and enum values the spec lacks to every answer (`V3Emulator`). */
  readonly futureUrl: string
  readonly controlToken: string
}

/** The runtime's adapter: its client layer with these options over its own configuration. */
export type ClientLayer = (overrides: Partial<Options>) => Layer.Layer<HeyGenClient, Config.ConfigError>

/**
 * The keys the probe's clients hold: the emulator's fixture keys and one it does not know.
 * None may appear in what the probe reports (S1).
 */
export const keys = {
  paid: Fixtures.keys.paid,
  enterprise: Fixtures.keys.enterprise,
  broke: Fixtures.keys.broke,
  member: Fixtures.keys.member,
  expired: Fixtures.keys.expired,
  unknown: "hg_conformance_unknown_3c9f"
} as const

/** What the proxy adds to each answer's `data` (and each item of a list), and to a status. */
export const futureMember = { name: "conformance_future", value: { since: "v4", flags: [1, "two"] } } as const
export const futureStatusSuffix = "_v4"
/** Where the future origin lists the mutations it forwarded: method, path, `Idempotency-Key`. */
export const keysPath = "/__conformance/keys"
/** A `GET /v3/videos/<prefix><id>` through the proxy answers that video without its `id`. */
export const dropIdPrefix = "drop-id~"

/** An outcome: the value returned, or the error summarized, or a defect. */
export type Outcome<A> = { readonly ok: A } | { readonly error: Summary } | { readonly defect: string }

export interface Report {
  readonly roundTrip: Outcome<{
    readonly created: string
    readonly got: string
    readonly found: boolean
  }>
  /** Per resource, `get` of an id that does not exist. */
  readonly notFound: Readonly<Record<string, Outcome<unknown>>>
  readonly invalid: { readonly body: Outcome<unknown>; readonly token: Outcome<unknown> }
  readonly auth: {
    readonly unknown: Outcome<unknown>
    readonly expired: Outcome<unknown>
    readonly member: Outcome<unknown>
  }
  readonly credit: Outcome<unknown>
  readonly idempotency: Outcome<{
    readonly key: string
    readonly first: string
    readonly repeat: string
    /** The original (a raw request the probe held open) and the client's create with its key. */
    readonly original: string
    readonly retried: string
    /** `409 request_in_progress` answers the emulator counted while the original ran. */
    readonly conflicts: number
    /** The `Idempotency-Key` of each attempt of the client's create (seen on the wire). */
    readonly retriedKeys: ReadonlyArray<string | null>
    /** After a scripted `500` on the first attempt, without a key given. */
    readonly afterFault: string
    readonly faults: number
    /** The `Idempotency-Key` of each attempt of the create after the fault (seen on the wire). */
    readonly afterFaultKeys: ReadonlyArray<string | null>
    readonly creditsSpent: number
  }>
  readonly pagination: Outcome<{
    readonly created: ReadonlyArray<string>
    readonly pages: number
    readonly walked: ReadonlyArray<string>
    readonly streamed: ReadonlyArray<string>
    readonly whole: ReadonlyArray<string>
  }>
  readonly failedJob: Outcome<{
    readonly status: string
    readonly failureCode: string | null | undefined
    readonly failureMessage: string | null | undefined
  }>
  readonly forwardCompatible: Outcome<{
    readonly got: Record<string, unknown>
    readonly listed: Record<string, unknown>
    readonly missingId: Outcome<unknown>
  }>
}
