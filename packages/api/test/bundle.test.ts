/**
 * Tree-shaking, measured as users get the package: packed by pnpm, installed from the
 * tarballs outside the workspace, bundled for workerd by esbuild (minified). A worker that
 * calls only `Videos.create` must carry no other operation — no descriptor, no schema;
 * the whole v3 surface is bundled beside it for scale.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import * as zlib from "node:zlib"
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { type Installed, installPacked } from "@effect-heygen/harness/packed"
import * as esbuild from "esbuild"
import { spec } from "./utils/spec.ts"

const fixtures = {
  "create.ts": [
    'import * as Videos from "@effect-heygen/api/Videos"',
    'export const program = Videos.create({ type: "avatar", avatar_id: "a_1", script: "Hello", voice_id: "v_1" })'
  ].join("\n"),
  "all.ts": ['import * as HeyGenApi from "@effect-heygen/api"', "export default HeyGenApi"].join("\n"),
  // What any Effect program decoding one schema carries anyway, for scale.
  "floor.ts": [
    'import * as Effect from "effect/Effect"',
    'import * as Schema from "effect/Schema"',
    'import * as SchemaParser from "effect/SchemaParser"',
    "const Video = Schema.Struct({ id: Schema.String })",
    'export const program = Effect.map(Effect.succeed("v_1"), (id) => SchemaParser.decodeUnknownExit(Video)({ id }))'
  ].join("\n")
}

/** As tools/harness `bundle` builds a worker (esbuild, browser platform, workerd conditions, minified), plus its metafile. */
const build = async (entry: string) => {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    minify: true,
    metafile: true,
    logLevel: "silent"
  })
  const bytes = result.outputFiles[0]!.contents
  const inputs = Object.values(result.metafile.outputs)[0]!.inputs
  const ours = Object.entries(inputs)
    .filter(([file]) => file.includes("@effect-heygen/api/"))
    .reduce((sum, [, input]) => sum + input.bytesInOutput, 0)
  return {
    text: new TextDecoder().decode(bytes),
    minified: bytes.byteLength,
    gzip: zlib.gzipSync(bytes, { level: 9 }).byteLength,
    ours
  }
}

/** Member names only other operations' schemas have (each checked to be in the whole surface). */
const foreignFields = [
  "lipsync_id",
  "video_translation_ids",
  "proofread_id",
  "support_pause",
  "counts_by_status",
  "is_transparent",
  "event_data"
]

describe("bundles from the packed tarball", () => {
  let installed: Installed
  const built: Record<string, Awaited<ReturnType<typeof build>>> = {}

  beforeAll(async () => {
    installed = installPacked({ files: fixtures })
    for (const name of Object.keys(fixtures)) built[name] = await build(path.join(installed.dir, name))
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padStart(9)
    const row = (what: string, name: string) =>
      `${what.padEnd(40)}${kb(built[name]!.minified)}${kb(built[name]!.gzip)}${kb(built[name]!.ours)}`
    console.log(
      [
        `${"worker bundle (esbuild, workerd)".padEnd(40)} minified     gzip  @effect-heygen/api (minified)`,
        row("Effect + one Schema decode (floor)", "floor.ts"),
        row("Videos.create alone", "create.ts"),
        row("the whole v3 surface (85 operations)", "all.ts")
      ].join("\n")
    )
  })

  afterAll(() => fs.rmSync(path.dirname(installed.dir), { recursive: true, force: true }))

  it("Videos.create alone carries its own descriptor and schemas", () => {
    const { text } = built["create.ts"]!
    assert.include(text, '"videoCreate"')
    assert.include(text, "/v3/videos")
    assert.include(text, "motion_prompt")
  })

  it("...and none of the other 84 operations' descriptors", () => {
    const { text } = built["create.ts"]!
    const others = spec.filter((op) => op.id !== "videoCreate").filter((op) => text.includes(`"${op.id}"`))
    assert.deepStrictEqual(
      others.map((op) => op.id),
      []
    )
  })

  it("...nor their schemas' member names", () => {
    for (const field of foreignFields) {
      assert.include(built["all.ts"]!.text, field, `${field} is not in the whole surface`)
      assert.notInclude(built["create.ts"]!.text, field, `${field} reached the Videos.create bundle`)
    }
  })

  it("the whole surface carries all 85 descriptors; Videos.create carries under a fifth of its code", () => {
    const { text } = built["all.ts"]!
    assert.deepStrictEqual(
      spec.filter((op) => !text.includes(`"${op.id}"`)).map((op) => op.id),
      []
    )
    assert.isBelow(built["create.ts"]!.ours * 5, built["all.ts"]!.ours)
  })
})
