// Prints one "N passed, N failed" line over every package's vitest JSON report.
import * as fs from "node:fs"
import * as path from "node:path"

const root = path.resolve(import.meta.dirname, "..")
let passed = 0
let failed = 0
let skipped = 0
for (const group of ["packages", "apps", "examples", "tools"]) {
  const dir = path.join(root, group)
  if (!fs.existsSync(dir)) continue
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name, ".test-results.json")
    if (!fs.existsSync(file)) continue
    const report = JSON.parse(fs.readFileSync(file, "utf8"))
    passed += report.numPassedTests
    failed += report.numFailedTests
    skipped += report.numPendingTests + report.numTodoTests
  }
}
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
