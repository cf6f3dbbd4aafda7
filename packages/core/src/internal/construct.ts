import * as Schema from "effect/Schema"

type Trusted = <A>(self: new (input: never) => A, fields: object) => A

// Effect's Schema builds a class instance from fields it has already validated with
// `makeClassTrusted` (how decoding constructs classes). It's outside Effect's public
// types, so it is looked up defensively: without it the validating constructor runs.
const trusted = (Schema as { readonly makeClassTrusted?: Trusted }).makeClassTrusted

/** Whether errors are built without a second validation pass (tested, so a silent fallback shows). */
export const isTrusted = typeof trusted === "function"

/**
 * Builds an error from fields the decoder has already checked (every field typed,
 * `_tag`, `code` and defaults present), without capturing a stack trace: a decoded
 * error's stack would point into the decoder, which tells the user nothing, and
 * capturing it and re-validating were most of the cost of a decode.
 */
export const construct = <A>(self: new (input: never) => A, fields: { readonly _tag: string }): A => {
  const limit = V8Error.stackTraceLimit
  V8Error.stackTraceLimit = 0
  try {
    return trusted === undefined ? Reflect.construct(self, [fields]) : trusted(self, fields)
  } finally {
    V8Error.stackTraceLimit = limit
  }
}

// `stackTraceLimit` is V8's (Node, Deno, workerd); elsewhere setting it is harmless.
const V8Error = Error as ErrorConstructor & { stackTraceLimit: number }
