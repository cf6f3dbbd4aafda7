/**
 * An answer's JSON text, when a route already has it: a page of ten finished videos is built
 * from each video's text, remembered for the second its URLs are signed for, instead of
 * serializing the page again on every request. The text rides on the answer itself (a hidden
 * member), so the answer stays the typed value the route returns.
 */
const text = Symbol.for("@effect-heygen/emulator/json")

/** `value`, carrying `json` as its text (which must be `JSON.stringify(value)`). */
export const withJson = <A extends object>(value: A, json: string): A =>
  Object.defineProperty(value, text, { value: json, enumerable: false })

/** The JSON text of an answer: the one it carries, else serialized now. */
export const jsonOf = (value: unknown): string =>
  typeof value === "object" && value !== null && text in value
    ? (value as { readonly [text]: string })[text]
    : JSON.stringify(value)
