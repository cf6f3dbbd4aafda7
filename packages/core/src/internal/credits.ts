// An amount with optional thousands separators (",", "_", space, no-break or thin space)
// and an optional decimal part: 5, 1,234, 1 234.5.
const amount = "(\\d{1,3}(?:[,_ \\u00a0\\u202f]\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)"
const shape = new RegExp(`Your account has ${amount} credits? but this video requires ${amount} credits?\\.?`)

const toNumber = (text: string): number => Number(text.replace(/[,_ \u00a0\u202f]/g, ""))

/** The two numbers of an `insufficient_credit` message in the documented shape (rules D8, E5). */
export const parseCredits = (message: string): { available: number; required: number } | undefined => {
  const m = shape.exec(message)
  if (m === null) return undefined
  const available = toNumber(m[1]!)
  const required = toNumber(m[2]!)
  return Number.isFinite(available) && Number.isFinite(required) ? { available, required } : undefined
}

/** The documented message for an `insufficient_credit` answer (rule E5). */
export const creditMessage = (available: number, required: number): string =>
  `Your account has ${available} credits but this video requires ${required} credits.`
