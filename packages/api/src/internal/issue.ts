/** Where and why a value failed its schema, as HeyGen writes field paths: `data.items[2].video_id`. */
import * as SchemaIssue from "effect/SchemaIssue"

export const formatPath = (path: ReadonlyArray<PropertyKey>): string => {
  let out = ""
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`
    else out += out === "" ? String(key) : `.${String(key)}`
  }
  return out
}

/** The first problem of an issue: its path under `prefix` and its message. */
export const firstProblem = (
  issue: SchemaIssue.Issue,
  prefix: ReadonlyArray<PropertyKey>
): { readonly field: string; readonly message: string } => {
  const first = SchemaIssue.makeFormatterStandardSchemaV1()(issue).issues[0]
  const path = (first?.path ?? []).map((segment) => (typeof segment === "object" ? segment.key : segment))
  return { field: formatPath([...prefix, ...path]), message: first?.message ?? "invalid" }
}
