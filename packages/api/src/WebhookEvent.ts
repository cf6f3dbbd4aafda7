/**
 * The events HeyGen delivers to webhook endpoints, as a typed union: `_tag` is the event
 * type (`"avatar_video.success"`, …) for the 30 HeyGen documents, and `"Unknown"` for any
 * other, so an event type HeyGen adds later is a value to handle, never a crash.
 *
 * Payload shapes follow HeyGen's webhook events pages
 * (<https://developers.heygen.com/docs/webhook-events>,
 * <https://docs.heygen.com/docs/using-heygens-webhook-events>): `{ event_type, event_data }`,
 * `event_data` naming the resource (`video_id`, `video_translate_id`, …). Every member is
 * kept, the documented ones typed; a documented member of the wrong type is `Malformed`.
 *
 * @since 0.1.0
 */
import * as Webhooks from "./Webhooks.ts"

/**
 * The 30 event types of HeyGen's v3 webhooks (`GET /v3/webhooks/event-types`): the spec's own
 * list, as the generated `Webhooks` module holds it.
 *
 * @since 0.1.0
 * @category models
 */
export const eventTypes: typeof Webhooks.WebhookEventValues = Webhooks.WebhookEventValues

/**
 * One of the 30 documented event types.
 *
 * @since 0.1.0
 * @category models
 */
export type EventType = (typeof eventTypes)[number]

/**
 * What every `event_data` may carry: members HeyGen adds are kept.
 *
 * @since 0.1.0
 * @category models
 */
export interface Data {
  /** The `callback_id` given when the job was created, echoed back. */
  readonly callback_id?: string | null
  readonly [key: string]: unknown
}

/**
 * A finished avatar video (also its GIF and its captions).
 *
 * @since 0.1.0
 * @category models
 */
export interface VideoSuccess extends Data {
  readonly video_id: string
  readonly url?: string | null
}

/**
 * An avatar video (or its GIF, or its captions) that failed.
 *
 * @since 0.1.0
 * @category models
 */
export interface VideoFailure extends Data {
  readonly video_id: string
  readonly msg?: string | null
}

/**
 * A finished video translation.
 *
 * @since 0.1.0
 * @category models
 */
export interface TranslationSuccess extends Data {
  readonly video_translate_id: string
  readonly url?: string | null
  readonly output_language?: string | null
}

/**
 * A video translation that failed (or whose preflight did).
 *
 * @since 0.1.0
 * @category models
 */
export interface TranslationFailure extends Data {
  readonly video_translate_id: string
  readonly message?: string | null
  readonly output_language?: string | null
}

/**
 * A personalized video's event.
 *
 * @since 0.1.0
 * @category models
 */
export interface PersonalizedVideo extends Data {
  readonly project_id?: string | null
  readonly video_id?: string | null
  readonly video_url?: string | null
  readonly landing_page_url?: string | null
  readonly gif_url?: string | null
  readonly gif_html?: string | null
}

/**
 * The `event_data` of each documented event type.
 *
 * @since 0.1.0
 * @category models
 */
export interface DataOf {
  readonly "avatar_video.success": VideoSuccess
  readonly "avatar_video.fail": VideoFailure
  readonly "avatar_video_gif.success": VideoSuccess
  readonly "avatar_video_gif.fail": VideoFailure
  readonly "avatar_video_caption.success": VideoSuccess
  readonly "avatar_video_caption.fail": VideoFailure
  readonly "video_translate.success": TranslationSuccess
  readonly "video_translate.fail": TranslationFailure
  readonly "video_translate.preflight.validation_failed": TranslationFailure
  readonly "video_translate.preflight.download_failed": TranslationFailure
  readonly personalized_video: PersonalizedVideo
  readonly [other: string]: Data
}

/**
 * A documented event: `_tag` is its type, `event_data` typed by it.
 *
 * @since 0.1.0
 * @category models
 */
export type Known = {
  readonly [T in EventType]: {
    readonly _tag: T
    readonly event_type: T
    /** The event's id, when the delivery names one (the events list always does). */
    readonly event_id?: string | undefined
    readonly event_data: DataOf[T]
  }
}[EventType]

/**
 * An event type this version doesn't know: kept whole, for the caller to handle or ignore.
 *
 * @since 0.1.0
 * @category models
 */
export interface Unknown {
  readonly _tag: "Unknown"
  readonly event_type: string
  readonly event_id?: string | undefined
  readonly event_data: Data
}

/**
 * A webhook event: one of the 30 documented, or `Unknown`.
 *
 * @since 0.1.0
 * @category models
 */
export type WebhookEvent = Known | Unknown

const known: ReadonlySet<string> = /* @__PURE__ */ new Set(eventTypes)

/**
 * Whether `type` is one of the 30 documented event types.
 *
 * @since 0.1.0
 * @category guards
 */
export const isEventType = (type: string): type is EventType => known.has(type)

// Per family: the member that names the resource (required), and the text members typed.
const videoFields = { id: "video_id", text: ["url", "msg", "callback_id"] } as const
const translationFields = {
  id: "video_translate_id",
  text: ["url", "message", "output_language", "callback_id"]
} as const
const shapes: Readonly<Record<string, { readonly id?: string; readonly text: ReadonlyArray<string> }>> = {
  avatar_video: videoFields,
  avatar_video_gif: videoFields,
  avatar_video_caption: videoFields,
  video_translate: translationFields,
  personalized_video: {
    text: ["project_id", "video_id", "video_url", "landing_page_url", "gif_url", "gif_html", "callback_id"]
  }
}
const generic: { readonly id?: string; readonly text: ReadonlyArray<string> } = { text: ["callback_id"] }

const familyOf = (type: string): string => {
  const dot = type.indexOf(".")
  return dot === -1 ? type : type.slice(0, dot)
}

const isObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * A parsed JSON body as an event, or why it isn't one (a message). Total: any
 * value gives one or the other.
 *
 * @since 0.1.0
 * @category decoding
 */
export const fromJson = (json: unknown): WebhookEvent | string => {
  if (!isObject(json)) return "the body is not a JSON object"
  const type = json.event_type
  if (typeof type !== "string" || type.length === 0 || type.length > 200)
    return "event_type is missing, not a string, or longer than 200 characters"
  const data = json.event_data === undefined ? {} : json.event_data
  if (!isObject(data)) return "event_data is not an object"
  const id = json.event_id
  if (id !== undefined && id !== null && typeof id !== "string") return "event_id is not a string"
  const eventId = typeof id === "string" ? id : undefined
  if (!known.has(type))
    return { _tag: "Unknown", event_type: type, event_id: eventId, event_data: data as Data }
  const shape = shapes[familyOf(type)] ?? generic
  if (shape.id !== undefined && typeof data[shape.id] !== "string")
    return `event_data.${shape.id} is missing or not a string`
  for (const member of shape.text) {
    const value = data[member]
    if (value !== undefined && value !== null && typeof value !== "string")
      return `event_data.${member} is not a string`
  }
  return { _tag: type, event_type: type, event_id: eventId, event_data: data } as Known
}
