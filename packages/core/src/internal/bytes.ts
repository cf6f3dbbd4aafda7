/** The first `length` bytes of `chunks`, in one array. */
export const concat = (chunks: ReadonlyArray<Uint8Array>, length: number): Uint8Array => {
  if (chunks.length === 1 && chunks[0]!.byteLength === length) return chunks[0]!
  const out = new Uint8Array(length)
  let offset = 0
  for (const chunk of chunks) {
    if (offset >= length) break
    const part = chunk.byteLength > length - offset ? chunk.subarray(0, length - offset) : chunk
    out.set(part, offset)
    offset += part.byteLength
  }
  return out
}
