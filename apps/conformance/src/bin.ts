#!/usr/bin/env node
/**
 * `pnpm conformance`: every adapter in its real runtime, both directions; a rule × runtime
 * matrix in the terminal, JSON and HTML reports on disk, exit 1 on any failure.
 *
 *   --runtime node,workerd,deno   select runtimes (default: all)
 *   --direction server|client|webhook  one direction only
 *   --target <url>                check any HeyGen-compatible server (control-free cases)
 *   --api-key <key>               with --target: a key for the cases that need one (or HEYGEN_API_KEY)
 *   --out <dir>                   where conformance-report.{json,html} go (default: .)
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { parseArgs } from "node:util"
import * as Conformance from "./Conformance.ts"
import * as Report from "./Report.ts"

const { values } = parseArgs({
  options: {
    runtime: { type: "string" },
    direction: { type: "string" },
    target: { type: "string" },
    "api-key": { type: "string" },
    out: { type: "string", default: process.env.INIT_CWD ?? "." }
  }
})

const direction = values.direction as "server" | "client" | "webhook" | undefined
const report = await Conformance.run({
  runtimes: values.runtime?.split(",").map((s) => s.trim()),
  directions: direction === undefined ? undefined : [direction],
  target: values.target,
  apiKey: values["api-key"] ?? (values.target === undefined ? undefined : process.env.HEYGEN_API_KEY),
  onProgress: (line) => console.log(line)
})
const out = path.resolve(values.out)
fs.writeFileSync(path.join(out, "conformance-report.json"), `${JSON.stringify(report, null, 2)}\n`)
fs.writeFileSync(path.join(out, "conformance-report.html"), Report.toHtml(report))
console.log(`\n${Report.toText(report, process.stdout.isTTY)}`)
console.log(
  `reports: ${path.join(out, "conformance-report.json")}, ${path.join(out, "conformance-report.html")}`
)
process.exitCode = report.failed === 0 && report.results.length > 0 ? 0 : 1
