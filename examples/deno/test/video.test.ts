import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"

// In Deno, as `pnpm video` runs it (its permissions included).
const run = (...args: Array<string>) =>
  execFileSync("pnpm", ["--silent", "video", ...args], {
    cwd: path.resolve(import.meta.dirname, ".."),
    encoding: "utf8"
  })

/** Checks the walk-through's output; `via` is how the first video's end was learned. */
const check = (output: string, via: string) => {
  const [intro, done, failing, broke, ...rest] = output.trim().split("\n")
  assert.deepStrictEqual(rest, [])
  assert.match(
    intro!,
    /^emulator http:\/\/127\.0\.0\.1:\d+, webhooks to http:\/\/127\.0\.0\.1:\d+\/ \(secret <redacted>\)$/
  )
  const match = /^video (\S+) completed \(by ([^)]+)\): (\d+) bytes to (\S+)$/.exec(done!)
  assert.isNotNull(match, done)
  const [, id, by, bytes, file] = match!
  try {
    assert.strictEqual(by, via)
    const written = fs.readFileSync(file!)
    assert.strictEqual(written.length, Number(bytes))
    // The emulator's video file: an MP4 header, then a box naming the video (M31).
    assert.strictEqual(written.subarray(4, 8).toString("latin1"), "ftyp")
    assert.include(written.toString("latin1"), id!)
    assert.strictEqual(path.basename(file!), `${id}.mp4`)
  } finally {
    fs.rmSync(path.dirname(file!), { recursive: true, force: true })
  }
  assert.match(failing!, /^failing render: JobFailed requested_failure: .*\[\[fail\]\]/)
  assert.strictEqual(broke, "broke key: InsufficientCredit, have 2, need 4")
}

describe("example: deno video", () => {
  it("in Deno: learns the end by the signed webhook, downloads the file, handles JobFailed and InsufficientCredit by tag (M29, M31, M33)", () => {
    // "by polling" here would mean the webhook never came (polling only starts after 5 s).
    check(run(), "webhook avatar_video.success")
  })

  it("without deliveries, polling (the fallback) learns the end", () => {
    check(run("--without-webhooks"), "polling")
  })
})
