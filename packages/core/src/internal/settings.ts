/**
 * The client's settings, merged with overrides: shared by `HeyGenClient.config` (read through
 * effect/Config) and `HeyGenClient.optionsFromEnv` (read straight from a record of strings, as
 * a worker's bindings are — without effect/Config's schema-driven reader, ~3.5 KB gzip).
 */
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import type { Options } from "../HeyGenClient.ts"

/** Every setting as configured, each absent when not set. */
export interface Settings {
  readonly apiKey: Redacted.Redacted<string> | undefined
  readonly accessToken: Redacted.Redacted<string> | undefined
  readonly baseUrl: string | undefined
  readonly uploadUrl: string | undefined
  readonly timeout: Duration.Duration | undefined
  readonly deadline: Duration.Duration | undefined
  readonly maxRetries: number | undefined
  readonly maxErrorBodyBytes: number | undefined
  readonly maxResponseBytes: number | undefined
  readonly userAgent: string | undefined
}

/** The options from the settings with `overrides` on top, or why the credentials are wrong. */
export const merge = (c: Settings, overrides: Partial<Options> | undefined): Options | Config.ConfigError => {
  // Credentials given as overrides replace the configured ones: never one of each.
  const given = overrides?.apiKey !== undefined || overrides?.accessToken !== undefined
  const apiKey = given ? overrides?.apiKey : c.apiKey
  const accessToken = given ? overrides?.accessToken : c.accessToken
  if (apiKey !== undefined && accessToken !== undefined)
    return sourceError(
      "Both HEYGEN_API_KEY and HEYGEN_ACCESS_TOKEN are set: give exactly one (an API key or an OAuth access token)"
    )
  if (apiKey === undefined && accessToken === undefined)
    return sourceError(
      "Missing HEYGEN_API_KEY (an API key) or HEYGEN_ACCESS_TOKEN (an OAuth access token): give exactly one"
    )
  const configured: Options = {
    baseUrl: c.baseUrl,
    uploadUrl: c.uploadUrl,
    timeout: c.timeout,
    retry: {
      ...(c.deadline !== undefined ? { deadline: c.deadline } : {}),
      ...(c.maxRetries !== undefined ? { maxRetries: c.maxRetries } : {})
    },
    maxErrorBodyBytes: c.maxErrorBodyBytes,
    maxResponseBytes: c.maxResponseBytes,
    userAgent: c.userAgent
  }
  const { apiKey: _key, accessToken: _token, ...rest } = overrides ?? {}
  return { ...configured, ...rest, ...(apiKey !== undefined ? { apiKey } : { accessToken }) }
}

const sourceError = (message: string) => new Config.ConfigError(new ConfigProvider.SourceError({ message }))

// The error effect/Config gives a value its schema refuses, at the same path, with the same words.
const invalid = (name: string, value: string, expected: string) =>
  new Config.ConfigError(
    new Schema.SchemaError(new SchemaIssue.Pointer([name], new SchemaIssue.InvalidValue({ expected }, value)))
  )

// effect/Schema's finite-number string (`Schema.Int` read from a string by effect/Config).
const finite = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)(?:[Ee][+-]?\d+)?$/

/** A failure in the settings' order: the first setting that is wrong, as effect/Config reports it. */
class Invalid {
  readonly error: Config.ConfigError
  constructor(error: Config.ConfigError) {
    this.error = error
  }
}

/**
 * The settings from a record of strings, read as `ConfigProvider.fromEnv({ env })` and
 * `HeyGenClient.config` read them: an empty string is absent, durations are `Duration`
 * strings (`"10 seconds"`), counts safe integers, and the first wrong value (in the
 * settings' order) is the error.
 */
export const fromRecord = (
  env: Readonly<Record<string, unknown>>,
  overrides: Partial<Options> | undefined
): Options | Config.ConfigError => {
  const text = (name: string): string | undefined => {
    const value = Object.hasOwn(env, name) ? env[name] : undefined
    return typeof value === "string" && value !== "" ? value : undefined
  }
  const secret = (name: string) => {
    const value = text(name)
    return value === undefined ? undefined : Redacted.make(value)
  }
  const duration = (name: string): Duration.Duration | undefined => {
    const value = text(name)
    if (value === undefined) return undefined
    const parsed = Duration.fromInput(value as Duration.Input)
    if (Option.isNone(parsed)) throw new Invalid(invalid(name, value, "a valid Duration string"))
    return parsed.value
  }
  const int = (name: string): number | undefined => {
    const value = text(name)
    if (value === undefined) return undefined
    if (!finite.test(value)) throw new Invalid(invalid(name, value, "a string representing a finite number"))
    const n = Number(value)
    if (!Number.isSafeInteger(n)) throw new Invalid(invalid(name, value, "an integer"))
    return n
  }
  try {
    return merge(
      {
        apiKey: secret("HEYGEN_API_KEY"),
        accessToken: secret("HEYGEN_ACCESS_TOKEN"),
        baseUrl: text("HEYGEN_BASE_URL"),
        uploadUrl: text("HEYGEN_UPLOAD_URL"),
        timeout: duration("HEYGEN_TIMEOUT"),
        deadline: duration("HEYGEN_DEADLINE"),
        maxRetries: int("HEYGEN_MAX_RETRIES"),
        maxErrorBodyBytes: int("HEYGEN_MAX_ERROR_BODY_BYTES"),
        maxResponseBytes: int("HEYGEN_MAX_RESPONSE_BYTES"),
        userAgent: text("HEYGEN_USER_AGENT")
      },
      overrides
    )
  } catch (e) {
    if (e instanceof Invalid) return e.error
    throw e
  }
}
