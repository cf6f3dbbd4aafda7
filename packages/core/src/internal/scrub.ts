import { construct } from "./construct.ts"

/**
 * Finds secrets in text in every form a server or proxy may echo them back (rule S1): as is,
 * JSON-escaped (`\u0068` or `\/` for some or all characters, hex in any case), percent-encoded
 * (some or all bytes, hex in any case) and as HTML character references; each character may
 * take a different form.
 */
export const redacted = "<redacted>"

const hexDigit = (digit: string) =>
  /[a-f]/i.test(digit) ? `[${digit.toLowerCase()}${digit.toUpperCase()}]` : digit
const hex = (n: number, width: number) => [...n.toString(16).padStart(width, "0")].map(hexDigit).join("")
const literal = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&")

// JSON's two-character escapes (RFC 8259 §7).
const jsonShort: Readonly<Record<string, string>> = {
  '"': '\\"',
  "\\": "\\\\",
  "/": "\\/",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t"
}
const encoder = /* @__PURE__ */ new TextEncoder()

/** Every form of one character (a code point), as a regular expression. */
const forms = (char: string): string => {
  const codePoint = char.codePointAt(0)!
  const alternatives = [literal(char)]
  let json = ""
  for (let i = 0; i < char.length; i++) json += `\\\\u${hex(char.charCodeAt(i), 4)}`
  alternatives.push(json)
  const short = jsonShort[char]
  if (short !== undefined) alternatives.push(literal(short))
  alternatives.push([...encoder.encode(char)].map((byte) => `%${hex(byte, 2)}`).join(""))
  alternatives.push(`&#[xX]0*${hex(codePoint, 1)};`, `&#0*${codePoint};`)
  return `(?:${alternatives.join("|")})`
}

// The shortest end of a cut text that counts as the start of a secret.
const minimumTail = 4

/** Scrubs secrets out of text, whole or cut short. */
export interface Scrubber {
  readonly scrub: (text: string) => string
  /** Also removes the start of a secret at the very end: for a text cut off at a byte bound. */
  readonly scrubCut: (text: string) => string
}

const identity: Scrubber = { scrub: (text) => text, scrubCut: (text) => text }

export const scrubber = (secrets: ReadonlyArray<string>): Scrubber => {
  const usable = secrets.filter((secret) => secret.length > 0)
  if (usable.length === 0) return identity
  const whole = new RegExp(usable.map((secret) => [...secret].map(forms).join("")).join("|"), "g")
  // A secret's first `minimumTail` characters or more, then the end of the text.
  const tails = usable.map((secret) => {
    const chars = [...secret].map(forms)
    const head = Math.min(minimumTail, chars.length)
    let rest = ""
    for (let i = chars.length - 1; i >= head; i--) rest = `(?:${chars[i]}${rest})?`
    return chars.slice(0, head).join("") + rest
  })
  const tail = new RegExp(`(?:${tails.join("|")})$`)
  // Only a raw secret or an escape can match: skip the regular expression for plain text.
  const mayHide = (text: string) =>
    text.includes("\\") ||
    text.includes("%") ||
    text.includes("&#") ||
    usable.some((secret) => text.includes(secret))
  const scrub = (text: string) => (mayHide(text) ? text.replace(whole, redacted) : text)
  return {
    scrub,
    scrubCut: (text) => scrub(text).replace(tail, redacted)
  }
}

/**
 * The error with every string field (message included) scrubbed: values decoded from JSON
 * (`\u0068…` is the raw key after `JSON.parse`) get the same treatment as raw text.
 */
export const scrubFields = <E extends { readonly _tag: string; readonly message: string }>(
  error: E,
  scrub: (text: string) => string
): E => {
  // Own fields, and `message`, which a class may keep on its prototype.
  const fields: Record<string, unknown> = { ...error, message: error.message }
  let changed = false
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value !== "string") continue
    const clean = scrub(value)
    if (clean !== value) {
      fields[key] = clean
      changed = true
    }
  }
  if (!changed) return error
  const self = (error as unknown as { readonly constructor: new (input: never) => E }).constructor
  return construct(self, fields as { readonly _tag: string })
}
