/**
 * Values from the spec's JSON Schemas, independent of the generated code: fast-check
 * arbitraries of valid values (for requests: exactly the spec; for responses: plus members
 * and enum values HeyGen may add), and the ways to make a valid response invalid.
 */
import * as fc from "fast-check"
import { branchTags, type JsonSchema } from "./spec.ts"

export interface Options {
  /** Responses: extra members, unknown enum values, unknown union variants. */
  readonly additions: boolean
}

const key = fc.stringMatching(/^x_[a-z]{1,8}$/)
const json = fc.jsonValue({ maxDepth: 1 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown)
const newWord = (known: ReadonlyArray<string>) =>
  fc.stringMatching(/^[a-z][a-z_]{2,11}$/).filter((s) => !known.includes(s))

export const arbitrary = (schema: JsonSchema, options: Options): fc.Arbitrary<unknown> => {
  const value = base(schema, options)
  return schema.nullable === true ? fc.oneof({ arbitrary: value, weight: 4 }, fc.constant(null)) : value
}

const base = (schema: JsonSchema, options: Options): fc.Arbitrary<unknown> => {
  if (schema.oneOf !== undefined) {
    const tag = schema.discriminator!.propertyName
    const tags = branchTags(schema)
    const variants = schema.oneOf.map((branch, i) => object(branch, options, { name: tag, value: tags[i]! }))
    if (options.additions)
      variants.push(object({ type: "object", properties: {} }, options, { name: tag, value: newWord(tags) }))
    return fc.oneof(...variants)
  }
  switch (schema.type) {
    case "string":
      if (schema.format === "binary") return fc.constant(new Blob(["file bytes"], { type: "text/plain" }))
      if (schema.enum === undefined) return fc.string({ maxLength: 12 })
      return options.additions
        ? fc.oneof(
            { arbitrary: fc.constantFrom(...(schema.enum as ReadonlyArray<string>)), weight: 3 },
            newWord(schema.enum as ReadonlyArray<string>)
          )
        : fc.constantFrom(...(schema.enum as ReadonlyArray<string>))
    case "integer":
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1_000_000 })
    case "number":
      return fc
        .double({
          min: schema.minimum ?? -1e6,
          max: schema.maximum ?? 1e6,
          noNaN: true,
          noDefaultInfinity: true
        })
        .map((n) => (n === 0 ? 0 : n))
    case "boolean":
      return fc.boolean()
    case "array":
      return fc.array(arbitrary(schema.items!, options), { maxLength: 3 })
    case "object":
      return Object.keys(schema.properties ?? {}).length === 0
        ? fc.dictionary(key, json, { maxKeys: 2 })
        : object(schema, options, undefined)
    default:
      throw new Error(`no arbitrary for ${JSON.stringify(schema).slice(0, 80)}`)
  }
}

const object = (
  schema: JsonSchema,
  options: Options,
  tag: { readonly name: string; readonly value: string | fc.Arbitrary<string> } | undefined
): fc.Arbitrary<unknown> => {
  const members: Record<string, fc.Arbitrary<unknown>> = {}
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    members[name] = arbitrary(property, options)
  }
  const required = new Set(schema.required ?? [])
  if (tag !== undefined) {
    members[tag.name] = typeof tag.value === "string" ? fc.constant(tag.value) : tag.value
    required.add(tag.name)
  }
  const declared = fc.record(members, { requiredKeys: [...required] })
  if (!options.additions) return declared
  const known = Object.keys(members)
  return fc
    .tuple(
      declared,
      fc.dictionary(
        key.filter((k) => !known.includes(k)),
        json,
        { maxKeys: 2 }
      )
    )
    .map(([value, extra]) => ({ ...extra, ...(value as object) }))
}

/** One place a valid value can be broken: a required member removed, or a member retyped. */
export interface Break {
  readonly path: ReadonlyArray<string | number>
  readonly how: "remove" | "retype"
  /** What a retyped member becomes: a JSON value its schema rejects (never `null`). */
  readonly wrong?: unknown
  /** Inside a union the decoder may report the union's path rather than the member's. */
  readonly inUnion: boolean
}

/** Every place `value` (valid for `schema`) can be broken so that it no longer is. */
export const breaks = (
  schema: JsonSchema,
  value: unknown,
  path: ReadonlyArray<string | number> = [],
  inUnion = false
): Array<Break> => {
  if (value === null || value === undefined) return []
  if (schema.oneOf !== undefined) {
    const tag = schema.discriminator!.propertyName
    const i = branchTags(schema).indexOf((value as Record<string, string>)[tag]!)
    return i < 0 ? [] : breaks(schema.oneOf[i]!, value, path, true)
  }
  const found: Array<Break> = []
  if (schema.type === "array" && Array.isArray(value)) {
    value.forEach((item, i) => {
      found.push({ path: [...path, i], how: "retype", wrong: wrongFor(schema.items!), inUnion })
      found.push(...breaks(schema.items!, item, [...path, i], inUnion))
    })
  }
  if (schema.type === "object" && schema.properties !== undefined && typeof value === "object") {
    const required = new Set(schema.required ?? [])
    for (const [name, property] of Object.entries(schema.properties)) {
      if (!Object.hasOwn(value, name)) continue
      const member = (value as Record<string, unknown>)[name]
      if (required.has(name)) found.push({ path: [...path, name], how: "remove", inUnion })
      found.push({ path: [...path, name], how: "retype", wrong: wrongFor(property), inUnion })
      found.push(...breaks(property, member, [...path, name], inUnion))
    }
  }
  return found
}

/** A JSON value of another type than the schema's (never `null`, which a nullable member takes). */
const wrongFor = (schema: JsonSchema): unknown =>
  schema.type === "string" || schema.oneOf !== undefined ? 42 : "x"

/** `value` with one break applied (a deep copy; `value` is untouched). */
export const applyBreak = (value: unknown, broken: Break): unknown => {
  const copy = structuredClone(value)
  let parent: Record<string | number, unknown> = copy as Record<string | number, unknown>
  for (const segment of broken.path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>
  const last = broken.path.at(-1)!
  if (broken.how === "remove") delete parent[last]
  else parent[last] = broken.wrong
  return copy
}
