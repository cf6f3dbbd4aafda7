import { execFile } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { promisify } from "node:util"
import { afterAll, assert, describe, it } from "@effect/vitest"
import * as Emulator from "@effect-heygen/emulator/Emulator"
import { keys } from "@effect-heygen/emulator/Fixtures"
import { serveWeb } from "@effect-heygen/harness/node"
import { codeBlocks } from "@effect-heygen/harness/readme"

const root = path.resolve(import.meta.dirname, "..")
const deno = path.join(root, "node_modules/.bin/deno")

describe("the deno README", () => {
  const closes: Array<() => void> = []
  afterAll(() => {
    for (const close of closes) close()
  })

  const run = async (apiKey: string) => {
    const upstream = await serveWeb(await Emulator.toWebHandler())
    closes.push(upstream.close)
    const [program] = codeBlocks(path.resolve(root, "../../packages/deno/README.md"))
    const file = path.join(root, ".readme-main.ts")
    fs.writeFileSync(file, program!)
    // Asynchronously: the emulator answering it lives in this process's event loop.
    const { stdout } = await promisify(execFile)(
      deno,
      ["run", "--quiet", "--node-modules-dir=manual", "--allow-env", "--allow-net", file],
      {
        cwd: root,
        encoding: "utf8",
        env: {
          ...process.env,
          DENO_NO_UPDATE_CHECK: "1",
          HEYGEN_API_KEY: apiKey,
          HEYGEN_BASE_URL: upstream.url
        }
      }
    )
    return stdout
  }

  it("its program runs in Deno: the quota with a good key", async () => {
    assert.strictEqual((await run(keys.paid)).trim(), "{ remaining_quota: 1000 }")
  })

  it("its program runs in Deno: Unauthorized caught by tag with a bad key", async () => {
    assert.match((await run("hg_not_a_key")).trim(), /^check HEYGEN_API_KEY: /)
  })
})
