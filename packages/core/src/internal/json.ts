/** Reads parsed JSON as data: own members only, so `__proto__` or `constructor` can't reach a prototype (rule D9). */
export const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

export const own = (o: Readonly<Record<string, unknown>>, key: string): unknown =>
  Object.hasOwn(o, key) ? o[key] : undefined

export const ownString = (o: Readonly<Record<string, unknown>>, key: string): string | undefined => {
  const value = own(o, key)
  return typeof value === "string" ? value : undefined
}
