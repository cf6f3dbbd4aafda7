import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, assert, describe, it } from "@effect/vitest"
import { codeBlocks } from "@effect-heygen/harness/readme"
import { bundle, freePort, startWorkerd, tempDir } from "@effect-heygen/harness/workerd"

const root = path.resolve(import.meta.dirname, "..")
const readme = path.resolve(root, "../../packages/edge/README.md")

describe("the edge README", () => {
  const stops: Array<() => void> = []
  afterAll(() => {
    for (const stop of stops) stop()
  })

  it("its two programs run in workerd: the emulator worker answers the client worker's bad key with 401", async () => {
    const [client, emulator] = codeBlocks(readme)
    const dir = tempDir()
    // Written inside the example so the blocks' imports resolve from its node_modules.
    for (const [name, code] of [
      ["client", client!],
      ["emulator", emulator!]
    ] as const) {
      const source = path.join(root, `.readme-${name}.ts`)
      fs.writeFileSync(source, code)
      await bundle(source, path.join(dir, `${name}.js`))
    }
    const [clientPort, emulatorPort] = [await freePort(), await freePort()]
    const workerd = await startWorkerd(
      [
        { name: "emulator", script: "emulator.js", port: emulatorPort },
        {
          name: "client",
          script: "client.js",
          port: clientPort,
          bindings: { HEYGEN_API_KEY: "hg_not_a_key", HEYGEN_BASE_URL: `http://127.0.0.1:${emulatorPort}` }
        }
      ],
      dir
    )
    stops.push(workerd.stop)
    const response = await fetch(`http://127.0.0.1:${clientPort}/`)
    assert.strictEqual(response.status, 401)
    assert.match(await response.text(), /API key/i)
  })
})
