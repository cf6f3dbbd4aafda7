/**
 * What the replay server checks a request against: the spec's own JSON Schemas, strictly
 * (a member the spec does not know is a problem too), independent of the generated code.
 */
import { branchTags, type JsonSchema, type Operation } from "./spec.ts"

const typeOf = (u: unknown) => (u === null ? "null" : Array.isArray(u) ? "array" : typeof u)

/** The problems of a JSON value against a schema, each with its path. */
export const validate = (schema: JsonSchema, value: unknown, path = "body"): Array<string> => {
  if (value === null) return schema.nullable === true ? [] : [`${path}: null is not allowed`]
  if (schema.oneOf !== undefined) {
    const tag = schema.discriminator!.propertyName
    const i = branchTags(schema).indexOf((value as Record<string, string> | undefined)?.[tag] ?? "")
    if (i < 0) return [`${path}.${tag}: not one of ${branchTags(schema).join(", ")}`]
    const branch = schema.oneOf[i]!
    return validate({ ...branch, required: [...(branch.required ?? []), tag] }, value, path)
  }
  const problems: Array<string> = []
  switch (schema.type) {
    case "string":
      if (schema.format === "binary") return [`${path}: a file in a JSON body`]
      if (typeof value !== "string") return [`${path}: expected a string, got ${typeOf(value)}`]
      if (schema.enum !== undefined && !schema.enum.includes(value))
        problems.push(`${path}: ${value} not in enum`)
      return problems
    case "integer":
    case "number":
      if (typeof value !== "number" || (schema.type === "integer" && !Number.isInteger(value))) {
        return [`${path}: expected ${schema.type}, got ${JSON.stringify(value)}`]
      }
      if (schema.minimum !== undefined && value < schema.minimum)
        problems.push(`${path}: below ${schema.minimum}`)
      if (schema.maximum !== undefined && value > schema.maximum)
        problems.push(`${path}: above ${schema.maximum}`)
      return problems
    case "boolean":
      return typeof value === "boolean" ? [] : [`${path}: expected a boolean`]
    case "array":
      if (!Array.isArray(value)) return [`${path}: expected an array`]
      return value.flatMap((item, i) => validate(schema.items!, item, `${path}[${i}]`))
    case "object": {
      if (typeOf(value) !== "object") return [`${path}: expected an object`]
      const record = value as Record<string, unknown>
      const properties = schema.properties ?? {}
      if (Object.keys(properties).length === 0) return []
      for (const name of schema.required ?? []) {
        if (!Object.hasOwn(record, name)) problems.push(`${path}.${name}: required, missing`)
      }
      for (const [name, member] of Object.entries(record)) {
        const property = properties[name]
        if (property === undefined) problems.push(`${path}.${name}: not in the spec`)
        else problems.push(...validate(property, member, `${path}.${name}`))
      }
      return problems
    }
    default:
      return [`${path}: unsupported schema`]
  }
}

/** The problems of a query (strings, as they arrived) against the operation's parameters. */
export const validateQuery = (operation: Operation, query: URLSearchParams): Array<string> => {
  const problems: Array<string> = []
  const params = new Map(operation.query.map((p) => [p.name, p]))
  for (const name of new Set(query.keys())) {
    if (!params.has(name)) problems.push(`query.${name}: not in the spec`)
    if (query.getAll(name).length > 1) problems.push(`query.${name}: repeated`)
  }
  for (const param of params.values()) {
    const raw = query.get(param.name)
    if (raw === null) {
      if (param.required) problems.push(`query.${param.name}: required, missing`)
      continue
    }
    const parsed =
      param.schema.type === "integer" || param.schema.type === "number"
        ? raw.trim() === ""
          ? Number.NaN
          : Number(raw)
        : param.schema.type === "boolean"
          ? raw === "true"
            ? true
            : raw === "false"
              ? false
              : raw
          : raw
    problems.push(...validate(param.schema, parsed, `query.${param.name}`))
  }
  return problems
}
