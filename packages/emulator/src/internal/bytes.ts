/**
 * The files the emulator serves: small, deterministic bytes of the right type for each
 * extension — a file name always gives the same bytes, so a download can be compared.
 * Images are real 1×1 pictures; media files carry their format's header and the file's name.
 */

const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
const encoder = new TextEncoder()

const concat = (...parts: ReadonlyArray<Uint8Array>): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

const u32 = (n: number) => new Uint8Array([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255])
const u32le = (n: number) => new Uint8Array([n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24])

/** An MP4: an `ftyp` box, then a `free` box holding the name. */
const mp4 = (name: string) => {
  const text = encoder.encode(name)
  return concat(
    u32(24),
    encoder.encode("ftypisom"),
    u32(0x200),
    encoder.encode("isommp41"),
    u32(8 + text.length),
    encoder.encode("free"),
    text
  )
}

const jpeg = fromBase64(
  "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxD/2Q=="
)
const png = fromBase64(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg=="
)
const gif = fromBase64("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==")

const types = {
  mp4: "video/mp4",
  webm: "video/webm",
  jpg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  mp3: "audio/mpeg",
  wav: "audio/wav",
  srt: "application/x-subrip",
  vtt: "text/vtt; charset=utf-8",
  pdf: "application/pdf"
} as const

export type Extension = keyof typeof types

/** The content type of an extension the emulator serves, or `undefined`. */
export const contentType = (extension: string): string | undefined =>
  Object.hasOwn(types, extension) ? types[extension as Extension] : undefined

/** The extension for a MIME type the emulator accepts, or `undefined`. */
export const extensionOf = (mime: string): Extension | undefined => {
  const type = mime.split(";")[0]!.trim().toLowerCase()
  for (const [extension, t] of Object.entries(types))
    if (t.split(";")[0] === type) return extension as Extension
  return type === "audio/mp3" ? "mp3" : type === "audio/x-wav" || type === "audio/wave" ? "wav" : undefined
}

/** The bytes of the file `name` (its stem; the revision of a subtitle is in the stem). */
export const bytesOf = (stem: string, extension: Extension): Uint8Array => {
  switch (extension) {
    case "mp4":
      return mp4(stem)
    case "webm":
      return concat(new Uint8Array([0x1a, 0x45, 0xdf, 0xa3]), encoder.encode(`webm:${stem}`))
    case "jpg":
      return jpeg
    case "png":
      return png
    case "gif":
      return gif
    case "mp3":
      return concat(encoder.encode("ID3"), new Uint8Array([3, 0, 0, 0, 0, 0, 0]), encoder.encode(stem))
    case "wav": {
      const fmt = concat(
        u32le(16),
        new Uint8Array([1, 0, 1, 0]),
        u32le(8000),
        u32le(8000),
        new Uint8Array([1, 0, 8, 0])
      )
      return concat(
        encoder.encode("RIFF"),
        u32le(36),
        encoder.encode("WAVEfmt "),
        fmt,
        encoder.encode("data"),
        u32le(0)
      )
    }
    case "srt":
      return encoder.encode(`1\n00:00:00,000 --> 00:00:02,000\nSubtitles of ${stem}, made by the emulator.\n`)
    case "vtt":
      return encoder.encode(`WEBVTT\n\n00:00.000 --> 00:02.000\nCaptions of ${stem}, made by the emulator.\n`)
    case "pdf":
      return encoder.encode(`%PDF-1.4\n% ${stem}\n%%EOF\n`)
  }
}
