/**
 * Writing a download (`Download.download`, or any stream of bytes) to a file, atomically: the
 * bytes go to a temporary file in the same directory, renamed over the target only once all
 * of them are written. A failure or an interruption removes the temporary file; the target
 * is never left partial (it keeps its old contents, if it had any).
 *
 * @since 0.1.0
 */
import { randomUUID } from "node:crypto"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { DownloadError } from "@effect-heygen/api/Download"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

/**
 * What `toFile` wrote.
 *
 * @since 0.1.0
 */
export interface Written {
  /** The file, as an absolute path. */
  readonly path: string
  readonly bytes: number
}

const writeFailed = (file: string, what: string) => () =>
  new DownloadError({ reason: "Write", file, refreshed: false, message: `Writing ${file}: ${what} failed` })

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
    const target = path.resolve(file)
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.part`)
    let bytes = 0
    const write = Effect.acquireUseRelease(
      Effect.tryPromise({
        try: () => fs.open(temp, "wx"),
        catch: writeFailed(target, "opening a temporary file")
      }),
      (handle) =>
        Stream.runForEachArray(stream, (chunks) =>
          Effect.tryPromise({
            // Written in order, one array of chunks at a time: the stream is pulled no faster than the disk takes it.
            try: () => handle.writev(chunks),
            catch: writeFailed(target, "a write")
          }).pipe(Effect.flatMap((result) => Effect.sync(() => (bytes += result.bytesWritten))))
        ),
      (handle) => Effect.promise(() => handle.close().catch(() => {}))
    )
    return write.pipe(
      Effect.andThen(
        Effect.tryPromise({ try: () => fs.rename(temp, target), catch: writeFailed(target, "the rename") })
      ),
      Effect.onExit((exit) =>
        exit._tag === "Success"
          ? Effect.void
          : Effect.promise(() => fs.rm(temp, { force: true }).catch(() => {}))
      ),
      Effect.map((): Written => ({ path: target, bytes }))
    )
  }).pipe(Effect.withSpan("NodeDownload.toFile"))
