/**
 * Receiving HeyGen's webhooks: `make` a `Verifier` from the endpoint's secret (two during a
 * rotation) and `verify` each delivery's raw body and headers — the signature checked over
 * the exact bytes, in constant time, with WebCrypto only (Node, workerd, Deno alike), the
 * body bounded, then decoded into a typed `WebhookEvent`. Anything else is a
 * `WebhookVerificationError` saying why, and never names a secret.
 *
 * HeyGen's scheme signs no timestamp (docs/spec/HEYGEN-V3.md, "webhooks"), so a replayed
 * delivery can only be caught as a duplicate: each verified event says whether its id was
 * seen before, from a bounded store (in memory by default, or your own).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Signature from "./internal/signature.ts"
import * as WebhookEvent from "./WebhookEvent.ts"

/**
 * @since 0.1.0
 * @category type ids
 */
export const TypeId = "~@effect-heygen/api/Webhook" as const

/**
 * @since 0.1.0
 * @category type ids
 */
export type TypeId = typeof TypeId

/**
 * Why a delivery was refused: `MissingHeader` (no `Signature`), `BadSignature` (no secret
 * signs this body: tampered, forged, or a wrong secret), `TooLarge` (the body exceeds the
 * bound), `Malformed` (signed, but not an event).
 *
 * @since 0.1.0
 * @category errors
 */
export type Reason = "MissingHeader" | "BadSignature" | "TooLarge" | "Malformed"

/**
 * A webhook delivery that is not a genuine HeyGen event. Answer it with 401 and do nothing.
 *
 * @since 0.1.0
 * @category errors
 */
export class WebhookVerificationError extends /* @__PURE__ */ Schema.TaggedError<WebhookVerificationError>()(
  "WebhookVerificationError",
  {
    reason: Schema.Literals(["MissingHeader", "BadSignature", "TooLarge", "Malformed"]),
    message: Schema.String
  }
) {
  get [TypeId](): TypeId {
    return TypeId
  }
}

/**
 * Remembers the ids of events already handled, within a bound.
 *
 * @since 0.1.0
 * @category models
 */
export interface DuplicateStore {
  /** Whether `id` was remembered. */
  readonly has: (id: string) => Effect.Effect<boolean>
  readonly remember: (id: string) => Effect.Effect<void>
}

/**
 * A `DuplicateStore` in memory keeping the `capacity` most recent ids (least recently seen
 * dropped first). Default 10 000.
 *
 * @since 0.1.0
 * @category constructors
 */
export const memoryStore = (capacity = 10_000): DuplicateStore => {
  const ids = new Map<string, true>()
  return {
    has: (id) =>
      Effect.sync(() => {
        if (!ids.has(id)) return false
        // Seen again: it moves to the young end.
        ids.delete(id)
        ids.set(id, true)
        return true
      }),
    remember: (id) =>
      Effect.sync(() => {
        ids.delete(id)
        ids.set(id, true)
        while (ids.size > capacity) ids.delete(ids.keys().next().value!)
      })
  }
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * The endpoint's signing secret, or several: during a rotation, the new one and the old
   * one (a delivery signed by either is accepted).
   */
  readonly secrets: Redacted.Redacted<string> | ReadonlyArray<Redacted.Redacted<string>>
  /** The largest body accepted. Default 256 KiB. */
  readonly maxBodyBytes?: number | undefined
  /** Where handled event ids are kept. Default `memoryStore()`. */
  readonly store?: DuplicateStore | undefined
}

/**
 * `Options` whose `secrets` may be left out: an adapter's receiver then reads them from its
 * runtime's environment with `secretsFrom`.
 *
 * @since 0.1.0
 * @category models
 */
export interface EnvOptions extends Omit<Options, "secrets"> {
  readonly secrets?: Options["secrets"] | undefined
}

/**
 * The secrets `HEYGEN_WEBHOOK_SECRET` and, during a rotation, `HEYGEN_WEBHOOK_SECRET_PREVIOUS`
 * name in `env` (`process.env`, `Deno.env`, a worker's bindings); unset or empty ones are left
 * out.
 *
 * @since 0.1.0
 * @category constructors
 */
export const secretsFrom = (
  env: Readonly<Record<string, unknown>>
): ReadonlyArray<Redacted.Redacted<string>> =>
  ["HEYGEN_WEBHOOK_SECRET", "HEYGEN_WEBHOOK_SECRET_PREVIOUS"].flatMap((name) => {
    const value = Object.hasOwn(env, name) ? env[name] : undefined
    return typeof value === "string" && value !== "" ? [Redacted.make(value)] : []
  })

/**
 * A verified delivery: its event, the id duplicates are known by (the event's `event_id`,
 * else the signature — a digest of the exact body), and whether that id was handled before.
 *
 * @since 0.1.0
 * @category models
 */
export interface Verified {
  readonly event: WebhookEvent.WebhookEvent
  readonly id: string
  readonly duplicate: boolean
}

/**
 * Headers as `fetch` has them, or as node:http and Effect's requests do.
 *
 * @since 0.1.0
 * @category models
 */
export type HeadersLike =
  | { readonly get: (name: string) => string | null }
  | Readonly<Record<string, string | ReadonlyArray<string> | undefined>>

/**
 * @since 0.1.0
 * @category models
 */
export interface Verifier {
  /** Checks a delivery; remembers nothing (see `remember`). */
  readonly verify: (
    rawBody: Uint8Array | string,
    headers: HeadersLike
  ) => Effect.Effect<Verified, WebhookVerificationError>
  /** Marks an event handled: later deliveries of it are `duplicate`. */
  readonly remember: (id: string) => Effect.Effect<void>
  /** The largest body accepted. */
  readonly maxBodyBytes: number
}

/**
 * The default bound on a delivery's body: events are small JSON objects.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultMaxBodyBytes = 256 * 1024

/**
 * The header HeyGen's signature travels in.
 *
 * @since 0.1.0
 * @category constants
 */
export const signatureHeader: string = Signature.header

const refuse = (reason: Reason, message: string) => new WebhookVerificationError({ reason, message })

const headerOf = (headers: HeadersLike, name: string): string | undefined => {
  if (typeof headers.get === "function")
    return (headers.get as (name: string) => string | null)(name) ?? undefined
  const record = headers as Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  const value = Object.hasOwn(record, name)
    ? record[name]
    : Object.entries(record).find(([key]) => key.toLowerCase() === name)?.[1]
  return typeof value === "string" ? value : value?.[0]
}

const decoder = /* @__PURE__ */ new TextDecoder("utf-8", { fatal: true })

/**
 * A `Verifier` for one endpoint. Keys are imported once, on first use.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Verifier => {
  const secrets = Array.isArray(options.secrets)
    ? (options.secrets as ReadonlyArray<Redacted.Redacted<string>>)
    : [options.secrets as Redacted.Redacted<string>]
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes
  const store = options.store ?? memoryStore()
  // Imported on first use, then held: later checks take no extra promise hop.
  let keys: ReadonlyArray<CryptoKey> | undefined
  let importing: Promise<ReadonlyArray<CryptoKey>> | undefined
  const keysOf = (): Effect.Effect<ReadonlyArray<CryptoKey>> =>
    keys !== undefined
      ? Effect.succeed(keys)
      : Effect.promise(() => {
          importing ??= Promise.all(
            secrets.map((secret) => Signature.importKey(Redacted.value(secret)))
          ).then((imported) => (keys = imported))
          return importing
        })
  const matches = (
    all: ReadonlyArray<CryptoKey>,
    body: Uint8Array<ArrayBuffer>,
    signature: Uint8Array<ArrayBuffer>
  ): Effect.Effect<boolean> =>
    all.length === 1
      ? Effect.promise(() => Signature.verify(all[0]!, body, signature))
      : Effect.promise(async () => {
          for (const key of all) if (await Signature.verify(key, body, signature)) return true
          return false
        })
  const decode = (
    rawBody: Uint8Array | string,
    body: Uint8Array,
    signature: Uint8Array
  ): Effect.Effect<Verified, WebhookVerificationError> => {
    let json: unknown
    try {
      json = JSON.parse(typeof rawBody === "string" ? rawBody : decoder.decode(body))
    } catch {
      return Effect.fail(refuse("Malformed", "The body is not UTF-8 JSON"))
    }
    const event = WebhookEvent.fromJson(json)
    if (typeof event === "string") return Effect.fail(refuse("Malformed", event))
    const id = event.event_id ?? Signature.toHex(signature)
    return Effect.map(store.has(id), (duplicate) => ({ event, id, duplicate }))
  }
  const verify = (
    rawBody: Uint8Array | string,
    headers: HeadersLike
  ): Effect.Effect<Verified, WebhookVerificationError> => {
    if (secrets.length === 0) return Effect.fail(refuse("BadSignature", "No webhook secret is configured"))
    const header = Signature.headers
      .map((name) => headerOf(headers, name))
      .find((v) => v !== undefined && v !== "")
    if (header === undefined || header === "")
      return Effect.fail(refuse("MissingHeader", `The ${Signature.header} header is missing`))
    const body = Signature.bytesOf(rawBody)
    if (body.byteLength > maxBodyBytes)
      return Effect.fail(refuse("TooLarge", `The body exceeds ${maxBodyBytes} bytes`))
    const signature = Signature.fromHex(header.trim())
    if (signature === undefined)
      return Effect.fail(refuse("BadSignature", "The signature is not 64 hexadecimal digits"))
    return Effect.flatMap(keysOf(), (all) =>
      Effect.flatMap(matches(all, body, signature), (matched) =>
        matched
          ? decode(rawBody, body, signature)
          : Effect.fail(refuse("BadSignature", "The signature does not match the body"))
      )
    )
  }
  return { verify, remember: store.remember, maxBodyBytes }
}

// The same options object, the same verifier: its keys and its duplicate store are kept.
const verifiers = /* @__PURE__ */ new WeakMap<Options, Verifier>()
const verifierOf = (options: Options): Verifier => {
  let verifier = verifiers.get(options)
  if (verifier === undefined) {
    verifier = make(options)
    verifiers.set(options, verifier)
  }
  return verifier
}

/**
 * Verifies one delivery with `options` and remembers it at once (at most once: a later
 * delivery of the same event is `duplicate` even if handling this one fails). Handlers
 * that should see a retry after a failure use a `Verifier` and `remember` on success.
 *
 * @since 0.1.0
 * @category verifying
 */
export const verify = (
  rawBody: Uint8Array | string,
  headers: HeadersLike,
  options: Options | Verifier
): Effect.Effect<Verified, WebhookVerificationError> => {
  const verifier = "verify" in options ? options : verifierOf(options)
  return Effect.tap(verifier.verify(rawBody, headers), (verified) => verifier.remember(verified.id))
}

/**
 * Signs `body` as HeyGen does: the value of the `Signature` header. For tests and for
 * emulators; a receiver only verifies.
 *
 * @since 0.1.0
 * @category signing
 */
export const sign = (body: Uint8Array | string, secret: Redacted.Redacted<string>): Effect.Effect<string> =>
  Effect.promise(async () => Signature.sign(await Signature.importKey(Redacted.value(secret)), body))
