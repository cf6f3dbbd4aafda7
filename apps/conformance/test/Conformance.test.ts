import { execFile } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { promisify } from "node:util"
import { assert, describe, it } from "@effect/vitest"
import { serveNode } from "@effect-heygen/harness/node"
import * as Effect from "effect/Effect"
import * as ClientChecks from "../src/ClientChecks.ts"
import * as Conformance from "../src/Conformance.ts"
import * as Probe from "../src/Probe.ts"
import * as ReplayServer from "../src/ReplayServer.ts"
import * as Report from "../src/Report.ts"
import * as Rules from "../src/Rules.ts"
import * as Runtimes from "../src/Runtimes.ts"
import * as V3Emulator from "../src/V3Emulator.ts"
import * as Vectors from "../src/Vectors.ts"

describe("conformance", () => {
  it("E3: a deliberately broken adapter (its encoder drops Retry-After) fails exactly the E3 and M4 cells", async () => {
    const report = await Conformance.run({ runtimes: ["broken"] })
    assert.deepStrictEqual(Report.failingCells(report.results), ["E3|broken", "M4|broken"])
    assert.isAbove(report.passed, 500)
  })

  it("the same app on the real Node adapter fails nothing; every rule it names is defined in docs/spec", async () => {
    const report = await Conformance.run({ runtimes: ["node"], directions: ["server"] })
    assert.deepStrictEqual(Report.failingCells(report.results), [])
    const undefinedRules = [...new Set(report.results.map((r) => r.rule))].filter(
      (id) => !Rules.all().has(id)
    )
    assert.deepStrictEqual(undefinedRules, [])
  })

  it("a step that cannot run is reported as rule `run`, never as a wire rule, and the HTML report defines it", async () => {
    const report = await Conformance.run({ runtimes: ["crashing"] })
    assert.deepStrictEqual(Report.failingCells(report.results), ["run|crashing"])
    assert.deepStrictEqual(
      report.results.map((r) => `${r.direction} ${r.rule}`),
      ["server run", "client run"]
    )
    const page = Report.toHtml(report)
    assert.include(page, '<a href="#rule-run">run</a>')
    assert.include(page, '<tr id="rule-run">')
  })

  it("the HTML report gives each rule its title and its definition from docs/spec", () => {
    const page = Report.toHtml({
      version: 1,
      startedAt: new Date(0).toISOString(),
      durationMs: 1,
      runtimes: ["x"],
      passed: 1,
      failed: 0,
      results: [
        { runtime: "x", direction: "client", rule: "D7", case: "c", pass: true, expected: "", got: "" }
      ]
    })
    const d7 = Rules.all().get("D7")!
    assert.strictEqual(d7.source, "docs/spec/CONTRACT.md")
    assert.match(d7.title, /^`Retry-After` is delay-seconds/)
    assert.include(page, `<tr id="rule-D7"><th>D7</th>`)
    assert.include(page, "RFC 850")
    assert.deepStrictEqual(
      ["M9", "M13"].map((id) => Rules.all().get(id)?.source),
      ["docs/spec/EMULATOR.md", "docs/spec/EMULATOR.md"]
    )
  })

  it("D3, V6: a real Node probe passes; the same report with one vector decoded wrongly, the key in a message, or a v3 retry that used another key, fails exactly D3, S1, or V6", async () => {
    const { vectors } = Vectors.make()
    const replay = await ReplayServer.start(vectors)
    const v3 = await V3Emulator.start()
    const replayed = await Runtimes.all.find((r) => r.name === "node")!.probe!(replay.url, v3).finally(() =>
      Promise.all([replay.close(), v3.close()])
    )
    const clean = ClientChecks.evaluate(replayed, vectors)
    assert.deepStrictEqual(
      clean.filter((r) => !r.pass),
      []
    )
    // Every v3 rule was checked, each by the case that names it.
    assert.deepStrictEqual(
      [...new Set(clean.filter((r) => r.case.startsWith("v3:")).map((r) => r.rule))].sort(),
      ["S1", "V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9"]
    )
    assert.deepStrictEqual(
      [...new Set(clean.map((r) => r.rule))].filter(
        (id) => Rules.all().get(id)?.source !== "docs/spec/CONTRACT.md"
      ),
      []
    )
    // A client whose retry after the 409 sent a new key: the emulator ran it as a second video,
    // and charged it.
    const idempotency = replayed.v3!.idempotency
    if (!("ok" in idempotency)) throw new Error(`idempotency: ${JSON.stringify(idempotency)}`)
    const rekeyed: Probe.Report = {
      ...replayed,
      v3: {
        ...replayed.v3!,
        idempotency: {
          ok: {
            ...idempotency.ok,
            retriedKeys: [idempotency.ok.retriedKeys[0]!, "a-new-key-per-attempt"],
            retried: "vid_made_twice",
            creditsSpent: 4
          }
        }
      }
    }
    assert.deepStrictEqual(
      ClientChecks.evaluate(rekeyed, vectors)
        .filter((r) => !r.pass)
        .map((r) => `${r.rule} ${r.case}`),
      ["V6 v3:idempotency:in-flight", "V6 v3:idempotency:charged-once"]
    )
    const tampered: Probe.Report = {
      ...replayed,
      client: {
        ...replayed.client,
        "mismatch-credit-400": { ...replayed.client["mismatch-credit-400"]!, status: 402 } as never
      }
    }
    const failed = ClientChecks.evaluate(tampered, vectors).filter((r) => !r.pass)
    assert.deepStrictEqual(
      failed.map((r) => `${r.rule} ${r.case}`),
      ["D3 client:mismatch-credit-400"]
    )
    const leaking: Probe.Report = {
      ...replayed,
      client: {
        ...replayed.client,
        "echoed-key": {
          ...replayed.client["echoed-key"]!,
          message: `Invalid API key: ${Probe.apiKey}`
        } as never
      }
    }
    const leaks = ClientChecks.evaluate(leaking, vectors).filter((r) => !r.pass)
    assert.deepStrictEqual(
      leaks.map((r) => `${r.rule} ${r.case}`),
      ["S1 api-key"]
    )
  })

  it.live("--target: a server that isn't HeyGen-compatible fails the wire rules", () =>
    Effect.gen(function* () {
      const { url } = yield* serveNode((_, res) =>
        res.writeHead(401, { "content-type": "text/plain" }).end("nope")
      )
      const report = yield* Effect.promise(() => Conformance.run({ target: url }))
      const failing = Report.failingCells(report.results)
      for (const cell of ["E1|target", "E2|target", "C2|target", "E4|target"]) assert.include(failing, cell)
      // Without an API key, the cases that need one are skipped, not failed.
      assert.isFalse(report.results.some((r) => r.case === "missing-voice-id"))
    })
  )

  it("the CLI: --target against the emulator on the Node adapter passes, writes both reports, exits 0", async () => {
    const server = await Runtimes.all.find((r) => r.name === "node")!.server()
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "conformance-"))
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          path.resolve(import.meta.dirname, "../src/bin.ts"),
          "--target",
          server.url,
          "--api-key",
          "hg_paid_0001",
          "--out",
          out
        ],
        { encoding: "utf8" }
      )
      assert.match(stdout, /✓ target http:\/\/127\.0\.0\.1:\d+: \d+ passed, 0 failed/)
      assert.match(stdout, /^E6 +✓ \d+$/m)
      const json = JSON.parse(
        fs.readFileSync(path.join(out, "conformance-report.json"), "utf8")
      ) as Report.Report
      assert.strictEqual(json.failed, 0)
      assert.isTrue(json.results.some((r) => r.case === "missing-voice-id" && r.rule === "E6"))
      assert.include(
        fs.readFileSync(path.join(out, "conformance-report.html"), "utf8"),
        "<h2>Rule × runtime</h2>"
      )
    } finally {
      server.stop()
    }
  })
})
