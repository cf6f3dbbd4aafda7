import { execFileSync } from "node:child_process"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"

describe("example: worker video", () => {
  it("in workerd: learns the end by the signed webhook, streams the file back, handles JobFailed and InsufficientCredit by tag (M29, M31, M33)", () => {
    const output = execFileSync(process.execPath, [path.resolve(import.meta.dirname, "../src/video.ts")], {
      encoding: "utf8"
    })
    const [video, failing, broke, ...rest] = output.trim().split("\n")
    assert.deepStrictEqual(rest, [])
    // "by polling" here would mean the webhook never reached the worker (polling only starts after 5 s).
    const match =
      /^GET \/video: 200 (vid_\w+) \(by webhook avatar_video\.success\), (\d+) bytes of video\/mp4 \(ftypisom\) streamed by the worker$/.exec(
        video!
      )
    assert.isNotNull(match, video)
    // The emulator's file: 24 bytes of `ftyp` box, then a `free` box naming the video (M31).
    assert.strictEqual(Number(match![2]), 24 + 8 + match![1]!.length)
    assert.match(failing!, /^GET \/failing: 422 JobFailed requested_failure: .*\[\[fail\]\]/)
    assert.strictEqual(broke, "GET /broke: 402 InsufficientCredit, have 2, need 4")
  })
})
