import { execFileSync } from "node:child_process"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"

const run = (...args: Array<string>) =>
  execFileSync(process.execPath, [path.resolve(import.meta.dirname, "../src/video.ts"), ...args], {
    encoding: "utf8"
  })

/** Checks the walk-through's output; `via` is how the first video's end was learned. */
const check = (output: string, via: string) => {
  const [video, failing, broke, ...rest] = output.trim().split("\n")
  assert.deepStrictEqual(rest, [])
  const match =
    /^GET \/video: 200 (vid_\w+) \(by ([^)]+)\), (\d+) bytes of video\/mp4 \(ftypisom\) streamed by the worker$/.exec(
      video!
    )
  assert.isNotNull(match, video)
  const [, id, by, bytes] = match!
  assert.strictEqual(by, via)
  // The emulator's file, whole: a 24-byte `ftyp` box, then a `free` box naming the video (M31).
  assert.strictEqual(Number(bytes), 24 + 8 + id!.length)
  assert.match(failing!, /^GET \/failing: 422 JobFailed requested_failure: .*\[\[fail\]\]/)
  assert.strictEqual(broke, "GET /broke: 402 InsufficientCredit, have 2, need 4")
}

describe("example: worker video", () => {
  it("in workerd: learns the end by the signed webhook, streams the file back, handles JobFailed and InsufficientCredit by tag (M29, M31, M33)", () => {
    // "by polling" here would mean the webhook never reached the worker (polling only starts after 5 s).
    check(run(), "webhook avatar_video.success")
  })

  it("in workerd, without deliveries: polling (the fallback) learns the end", () => {
    check(run("--without-webhooks"), "polling")
  })
})
