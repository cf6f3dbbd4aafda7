/**
 * The multipart body `AssetUpload` writes itself (rule U2), read back by the platform's own
 * form-data parser: for any file name, type, bytes and chunking, one `file` part with that
 * name, type and those bytes, and a declared length equal to what was written.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as fc from "fast-check"
import * as AssetUpload from "../src/AssetUpload.ts"
import { HeyGenTransport, type Request } from "../src/HeyGenTransport.ts"

/** A transport that reads the streamed body whole and answers a created asset. */
const capture = (sent: Array<{ readonly request: Request; readonly bytes: Uint8Array<ArrayBuffer> }>) =>
  Layer.succeed(HeyGenTransport, {
    execute: (request) =>
      Effect.gen(function* () {
        const body = request.body
        if (body._tag !== "Stream") return yield* Effect.die(new Error(`a ${body._tag} body`))
        const source = body.stream.body
        const chunks = yield* Stream.runCollect(
          source instanceof ReadableStream
            ? Stream.fromReadableStream({ evaluate: () => source, onError: (e) => e })
            : source
        ).pipe(Effect.orDie)
        const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0))
        let at = 0
        for (const chunk of chunks) {
          bytes.set(chunk, at)
          at += chunk.byteLength
        }
        sent.push({ request, bytes })
        return {
          status: 200,
          headers: {},
          body: { data: { asset_id: "a_1", mime_type: "x", size_bytes: bytes.byteLength, url: "u" } }
        }
      })
  })

// What a file name may hold that a header could trip on: quotes, line breaks, non-ASCII, `;`.
const name = fc
  .array(fc.constantFrom("a", "Z", "0", " ", '"', "\r", "\n", ";", "=", "é", "名", "%", "\\", "-"), {
    minLength: 1,
    maxLength: 24
  })
  .map((cs) => cs.join(""))
const type = fc.constantFrom(
  "image/png",
  "video/mp4",
  "audio/mpeg",
  "application/pdf",
  "text/plain; charset=utf-8"
)
/**
 * The name a form-data parser reads back. The body escapes `"`, CR and LF as `%22`, `%0D`,
 * `%0A`, as browsers do (WHATWG form-data encoding), and a parser decodes those three escapes
 * in any case — so a name that already held the text `%0a` comes back with a line break, in
 * browsers' uploads as in ours.
 */
const readBack = (filename: string) =>
  filename.replace(/%(0a|0d|22)/gi, (code) => String.fromCharCode(Number.parseInt(code.slice(1), 16)))

const chunks = fc.array(fc.uint8Array({ maxLength: 3000 }), { maxLength: 6 })

describe("AssetUpload's multipart body", () => {
  it.effect(
    "U2 (property): any name, type, bytes and chunking parse back as one file part, length exact",
    () =>
      Effect.promise(() =>
        fc.assert(
          fc.asyncProperty(name, type, chunks, async (filename, contentType, parts) => {
            const sent: Array<{ readonly request: Request; readonly bytes: Uint8Array<ArrayBuffer> }> = []
            const size = parts.reduce((n, p) => n + p.byteLength, 0)
            await Effect.runPromise(
              AssetUpload.upload(Stream.fromIterable(parts), { filename, contentType, size }).pipe(
                Effect.provide(capture(sent))
              )
            )
            const [{ request, bytes }] = sent as [(typeof sent)[0]]
            const body = request.body as Extract<Request["body"], { _tag: "Stream" }>
            assert.strictEqual(body.stream.contentLength, bytes.byteLength)
            assert.strictEqual(request.operation.path, "/v3/assets")
            const form = await new Response(bytes, {
              headers: { "content-type": body.stream.contentType }
            }).formData()
            assert.deepStrictEqual([...form.keys()], ["file"])
            const file = form.get("file") as File
            assert.strictEqual(file.name, readBack(filename))
            assert.strictEqual(file.type, contentType)
            const expected = new Uint8Array(size)
            let at = 0
            for (const part of parts) {
              expected.set(part, at)
              at += part.byteLength
            }
            assert.deepStrictEqual(new Uint8Array(await file.arrayBuffer()), expected)
          }),
          { numRuns: 200 }
        )
      )
  )
})
