/**
 * The webhook direction: every adapter's receiver in its real runtime passes, and a receiver
 * that skips verification fails the forged-delivery and duplicate cells — the checks can fail.
 */
import * as http from "node:http"
import { assert, describe, it } from "@effect/vitest"
import * as Conformance from "../src/Conformance.ts"
import * as Report from "../src/Report.ts"
import * as Rules from "../src/Rules.ts"
import * as WebhookChecks from "../src/WebhookChecks.ts"

describe("webhook direction", () => {
  it("W1, W2, W6, M33, M35, M36: the emulator's deliveries to Node, workerd and Deno receivers all pass; every rule is defined", async () => {
    const report = await Conformance.run({ runtimes: ["node", "workerd", "deno"], directions: ["webhook"] })
    assert.deepStrictEqual(Report.failingCells(report.results), [])
    assert.strictEqual(report.results.length, 30)
    const undefinedRules = [...new Set(report.results.map((r) => r.rule))].filter(
      (id) => !Rules.all().has(id)
    )
    assert.deepStrictEqual(undefinedRules, [])
  })

  it("W2, W6: a receiver that trusts every delivery fails the forged and duplicate cases", async () => {
    const trusting = () =>
      new Promise<WebhookChecks.Receiver>((resolve) => {
        const seen: Array<{ id: string; tag: string }> = []
        const server = http.createServer((req, res) => {
          if (req.url === "/seen")
            return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(seen))
          let body = ""
          req.on("data", (d) => {
            body += d
          })
          req.on("end", () => {
            const event = JSON.parse(body) as { event_id: string; event_type: string }
            seen.push({ id: event.event_id, tag: event.event_type })
            res.writeHead(200).end()
          })
        })
        server.listen(0, "127.0.0.1", () => {
          const { port } = server.address() as { port: number }
          resolve({ url: `http://127.0.0.1:${port}`, stop: () => server.close() })
        })
      })
    const results = await WebhookChecks.run("trusting", trusting)
    const failing = results.filter((r) => !r.pass).map((r) => `${r.rule} ${r.case}`)
    assert.deepStrictEqual(failing.sort(), [
      "M35 emulator's bad signature",
      "M36 secret rotated away",
      "W2 emulator's bad signature",
      "W2 tampered body",
      "W2 unsigned",
      "W2 wrong secret",
      "W6 emulator's duplicate"
    ])
  })
})
