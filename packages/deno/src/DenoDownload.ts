/**
 * Writing a download (`Download.download`, or any stream of bytes) to a file in Deno,
 * atomically: the bytes go to a temporary file in the same directory, renamed over the target
 * only once all of them are written. A failure or an interruption removes the temporary file;
 * the target is never left partial. Needs `--allow-write` (and `--allow-net` to fetch).
 *
 * @since 0.1.0
 */
import { DownloadError } from "@effect-heygen/api/Download"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

// The few Deno APIs used here, declared so the package type-checks without Deno's lib.
interface DenoFile {
  write(bytes: Uint8Array): Promise<number>
  close(): void
}
interface DenoFiles {
  open(path: string, options: { readonly write: true; readonly createNew: true }): Promise<DenoFile>
  rename(from: string, to: string): Promise<void>
  remove(path: string): Promise<void>
}
declare const Deno: DenoFiles

/**
 * What `toFile` wrote.
 *
 * @since 0.1.0
 */
export interface Written {
  readonly path: string
  readonly bytes: number
}

const writeFailed = (file: string, what: string) => (cause: unknown) =>
  new DownloadError({
    reason: "Write",
    file,
    refreshed: false,
    message: `Writing ${file}: ${what} failed${cause instanceof Error ? ` (${cause.name})` : ""}`
  })

/** `dir/.name.<uuid>.part` next to `file`, whichever separator its path uses. */
const tempFor = (file: string) => {
  const cut = Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\")) + 1
  return `${file.slice(0, cut)}.${file.slice(cut)}.${crypto.randomUUID()}.part`
}

/** Writes all of `bytes`: a write may take only part of them. */
const writeAll = async (handle: DenoFile, bytes: Uint8Array) => {
  for (let at = 0; at < bytes.byteLength; ) at += await handle.write(bytes.subarray(at))
}

/**
 * Runs `stream` into the file `file`: a temporary file next to it (`.<name>.<uuid>.part`),
 * then a rename. Fails with the stream's error, or `DownloadError` (`Write`) when the file
 * cannot be written; either way, and on interruption, the temporary file is removed.
 *
 * @since 0.1.0
 */
export const toFile = <E, R>(
  stream: Stream.Stream<Uint8Array, E, R>,
  file: string
): Effect.Effect<Written, E | DownloadError, R> =>
  Effect.suspend(() => {
    const temp = tempFor(file)
    let bytes = 0
    const write = Effect.acquireUseRelease(
      Effect.tryPromise({
        try: () => Deno.open(temp, { write: true, createNew: true }),
        catch: writeFailed(file, "opening a temporary file")
      }),
      (handle) =>
        Stream.runForEachArray(stream, (chunks) =>
          Effect.tryPromise({
            try: async () => {
              for (const chunk of chunks) {
                await writeAll(handle, chunk)
                bytes += chunk.byteLength
              }
            },
            catch: writeFailed(file, "a write")
          })
        ),
      (handle) =>
        Effect.sync(() => {
          try {
            handle.close()
          } catch {
            // Already closed.
          }
        })
    )
    return write.pipe(
      Effect.andThen(
        Effect.tryPromise({ try: () => Deno.rename(temp, file), catch: writeFailed(file, "the rename") })
      ),
      Effect.onExit((exit) =>
        exit._tag === "Success" ? Effect.void : Effect.promise(() => Deno.remove(temp).catch(() => {}))
      ),
      Effect.map((): Written => ({ path: file, bytes }))
    )
  }).pipe(Effect.withSpan("DenoDownload.toFile"))
