/**
 * The building blocks of the generated schemas.
 *
 * Every generated schema is a memoized thunk: nothing is built when a module loads, and a
 * bundle keeps only the thunks its operations call (each is a `@__PURE__` call, so an unused
 * one is dropped whole).
 *
 * Responses are decoded forward-compatibly: HeyGen adds members, enum values and union
 * variants without a new API version, and none of them may fail a call or vanish from its
 * result. Requests are exact: what the spec says, checked before anything is sent.
 */
import * as Schema from "effect/Schema"

/** A generated schema: built on first use, then the same instance. */
export type Lazy<T> = () => Schema.Codec<T>

/** Memoizes a schema's construction. */
export const lazy = <A>(build: () => A): (() => A) => {
  let value: A | undefined
  return () => {
    if (value === undefined) value = build()
    return value
  }
}

const rest = /* @__PURE__ */ lazy(() => [Schema.Record(Schema.String, Schema.Unknown)] as const)

/**
 * A response object: the members the spec declares, typed, and every other member kept
 * as it came (`StructWithRest` with an index signature of `unknown`), never dropped.
 */
export const open = <const Fields extends Schema.Struct.Fields>(fields: Fields) =>
  Schema.StructWithRest(Schema.Struct(fields), rest())

/** A response enum: the known values typed as literals, any other string accepted. */
export const openLiterals = <const L extends ReadonlyArray<string>>(literals: L) =>
  Schema.Union([Schema.Literals(literals), Schema.StringForLiteralAutocomplete])

/**
 * The tag of a response union's last member, which keeps a variant HeyGen added after the
 * spec: any string but the known tags (an object with a known tag must match its variant).
 */
export const otherTag = (known: ReadonlyArray<string>) =>
  Schema.StringForLiteralAutocomplete.check(
    Schema.makeFilter((tag: string) => !known.includes(tag), {
      expected: `a tag other than ${known.join(", ")}`
    })
  )

/** A multipart file: a `Blob` (or `File`) with its bytes and MIME type. */
export const BlobFile = /* @__PURE__ */ lazy(() =>
  Schema.declare((u): u is Blob => u instanceof Blob, { expected: "Blob" })
)
