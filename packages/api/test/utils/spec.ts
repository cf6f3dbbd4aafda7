/** The spec as the tests' oracle: read from the package's copy, never from generated code. */
import * as fs from "node:fs"
import * as path from "node:path"
import { type JsonSchema, type Operation, operations } from "../../scripts/generate/spec.ts"

export type { JsonSchema, Operation }

const root = path.resolve(import.meta.dirname, "../..")
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), "utf8"))

export const document = read("spec/heygen-v3.openapi.json")
export const spec: ReadonlyArray<Operation> = operations(document)
export const orders: Readonly<Record<string, ReadonlyArray<string>>> = read("spec/discriminators.json").orders

/** The tag each branch of a discriminated `oneOf` takes, in branch order. */
export const branchTags = (schema: JsonSchema): ReadonlyArray<string> => {
  const tag = schema.discriminator!.propertyName
  const defaults = (schema.oneOf ?? []).map((b) => b.properties?.[tag]?.default)
  if (defaults.every((d) => typeof d === "string")) return defaults as ReadonlyArray<string>
  return orders[Object.keys(schema.discriminator!.mapping).sort().join()]!
}

/**
 * The envelope of a success: `data` always there (docs/spec/HEYGEN-V3.md); no `error` (a 2xx
 * whose `error` is set is that error — core's rule D3 — whatever the schema allows).
 */
export const envelope = (response: JsonSchema): JsonSchema => {
  const { error: _, ...properties } = response.properties ?? {}
  return { ...response, properties, required: [...new Set([...(response.required ?? []), "data"])] }
}
