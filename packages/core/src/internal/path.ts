import * as SchemaIssue from "effect/SchemaIssue"

/**
 * A field path as HeyGen writes it (rule E6): dotted, with `[i]` for array
 * indexes: `video_inputs[0].voice.voice_id`.
 */
export const formatPath = (path: ReadonlyArray<PropertyKey>): string => {
  let out = ""
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`
    else out += out === "" ? String(key) : `.${String(key)}`
  }
  return out
}

/**
 * The first problem of a schema issue: where (a path as `formatPath` writes it, under
 * `root`) and what. The client (a response that doesn't match) and the server (a request
 * field that doesn't, rule E6) name fields the same way.
 */
export const firstProblem = (
  issue: SchemaIssue.Issue | undefined,
  root?: string
): { readonly field: string; readonly message: string | undefined } => {
  const first = issue === undefined ? undefined : SchemaIssue.makeFormatterStandardSchemaV1()(issue).issues[0]
  const path = (first?.path ?? []).map((segment) => (typeof segment === "object" ? segment.key : segment))
  return { field: formatPath(root === undefined ? path : [root, ...path]), message: first?.message }
}
