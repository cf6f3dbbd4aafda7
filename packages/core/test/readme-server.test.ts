import * as fs from "node:fs"
import * as path from "node:path"
import { assert, describe, it } from "@effect/vitest"

const readme = fs.readFileSync(path.resolve(import.meta.dirname, "../README.md"), "utf8")

describe("README: the server example", () => {
  it("runs: a valid body succeeds, a bad field is invalid_parameter with its path", async () => {
    const section = readme.slice(readme.indexOf("## Serving HeyGen's contract"))
    const code = /```ts\n([\s\S]*?)```/.exec(section)![1]!
    const file = path.resolve(import.meta.dirname, ".readme-server.ts")
    fs.writeFileSync(file, `${code}\nexport { handler }\n`)
    try {
      const { handler } = (await import(file)) as { handler: (r: Request) => Promise<Response> }
      const post = (body: unknown) =>
        handler(new Request("http://x/v2/video/generate", { method: "POST", body: JSON.stringify(body) }))
      const input = {
        character: { type: "avatar", avatar_id: "a" },
        voice: { type: "text", voice_id: "v", input_text: "hi" }
      }
      const ok = await post({ video_inputs: [input] })
      assert.strictEqual(ok.status, 200)
      const bad = await post({ video_inputs: [{ ...input, voice: { type: "text", voice_id: "v" } }] })
      assert.strictEqual(bad.status, 400)
      assert.strictEqual(
        ((await bad.json()) as { error: { param: string } }).error.param,
        "video_inputs[0].voice.input_text"
      )
      const many = await post({ video_inputs: Array.from({ length: 11 }, () => input) })
      assert.strictEqual(many.status, 402)
    } finally {
      fs.rmSync(file, { force: true })
    }
  })
})
