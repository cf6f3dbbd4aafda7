/**
 * Which HeyGen routes honor an `Idempotency-Key`, so that repeating a request that may
 * already have reached HeyGen cannot run (or charge) it twice (rule R4).
 *
 * HeyGen documents the header for its v3 API (https://developers.heygen.com): an optional
 * `Idempotency-Key` on mutations, 1–255 characters of `[A-Za-z0-9_:.-]`; a repeat within
 * 24 hours replays the original response; a repeat while the original is still in flight
 * gets `409` with code `request_in_progress`; the scope is the endpoint and the resource.
 * Nothing says the legacy v1/v2 routes (all 13 in `HeyGenApi`) honor it: the client still
 * sends a key on their creates, which costs nothing, but never counts on it.
 *
 * @since 0.1.0
 */

/**
 * A family of routes that honors `Idempotency-Key`, and where that is documented.
 *
 * @since 0.1.0
 */
export interface Route {
  /** The path prefix, e.g. `/v3/`. */
  readonly prefix: string
  readonly methods: ReadonlyArray<string>
  readonly source: string
}

/**
 * Every route known to honor `Idempotency-Key`: today, the v3 API's mutations.
 *
 * @since 0.1.0
 */
export const routes: ReadonlyArray<Route> = [
  { prefix: "/v3/", methods: ["POST", "PUT", "PATCH", "DELETE"], source: "https://developers.heygen.com" }
]

/**
 * Whether HeyGen honors `Idempotency-Key` on `method` `path` (a path or path template).
 *
 * @since 0.1.0
 */
export const honorsKey = (method: string, path: string): boolean => {
  const verb = method.toUpperCase()
  return routes.some((route) => path.startsWith(route.prefix) && route.methods.includes(verb))
}

/**
 * Whether `key` is a valid `Idempotency-Key`: 1–255 characters of `[A-Za-z0-9_:.-]`.
 *
 * @since 0.1.0
 */
export const isValidKey = (key: string): boolean => /^[A-Za-z0-9_:.-]{1,255}$/.test(key)

/**
 * The code of the `409` a request gets while the original with the same key is in flight:
 * waiting and repeating it (with the same key) gets the original's response. The catalog
 * knows it (rule C4): it decodes to `RequestInProgress`, a transient failure.
 *
 * @since 0.1.0
 */
export const inProgressCode = "request_in_progress"
