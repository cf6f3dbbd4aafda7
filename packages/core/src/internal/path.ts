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
