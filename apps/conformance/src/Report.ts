/** The run's outputs: the terminal matrix (rule × runtime), a JSON report and an HTML report. */
import type { Result } from "./Result.ts"
import * as Rules from "./Rules.ts"

export interface Report {
  readonly version: 1
  readonly startedAt: string
  readonly durationMs: number
  readonly runtimes: ReadonlyArray<string>
  readonly passed: number
  readonly failed: number
  readonly results: ReadonlyArray<Result>
}

const ruleOrder = (rule: string) => {
  // `run` (a step that could not run) heads the list.
  if (rule === Rules.crashed) return ""
  const [, letter = "", n = "0"] = rule.match(/^([A-Z])(\d+)/) ?? []
  return `${"CEDRSVM".indexOf(letter)}${n.padStart(3, "0")}`
}

export interface Cell {
  readonly pass: number
  readonly fail: number
}

/** rule → column → counts; columns are runtimes (and `target`). */
export const matrix = (results: ReadonlyArray<Result>) => {
  const columns = [...new Set(results.map((r) => r.runtime))]
  const rules = [...new Set(results.map((r) => r.rule))].sort((a, b) =>
    ruleOrder(a).localeCompare(ruleOrder(b))
  )
  const cells = new Map<string, { pass: number; fail: number }>()
  for (const r of results) {
    const key = `${r.rule}|${r.runtime}`
    const cell = cells.get(key) ?? { pass: 0, fail: 0 }
    if (r.pass) cell.pass++
    else cell.fail++
    cells.set(key, cell)
  }
  return {
    columns,
    rules,
    cell: (rule: string, column: string): Cell | undefined => cells.get(`${rule}|${column}`)
  }
}

/** The cells with at least one failure, as `rule|runtime`. */
export const failingCells = (results: ReadonlyArray<Result>): Array<string> =>
  [...new Set(results.filter((r) => !r.pass).map((r) => `${r.rule}|${r.runtime}`))].sort()

export const toText = (report: Report, color: boolean): string => {
  const { columns, rules, cell } = matrix(report.results)
  const paint = (code: number, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s)
  const width = 12
  const lines = [`${"rule".padEnd(6)}${columns.map((c) => c.padStart(width)).join("")}`]
  for (const rule of rules) {
    const row = columns.map((column) => {
      const c = cell(rule, column)
      if (c === undefined) return "·".padStart(width)
      const text = c.fail === 0 ? `✓ ${c.pass}` : `✗ ${c.fail}/${c.pass + c.fail}`
      return paint(c.fail === 0 ? 32 : 31, text.padStart(width))
    })
    lines.push(`${rule.padEnd(6)}${row.join("")}`)
  }
  const failures = report.results.filter((r) => !r.pass)
  for (const f of failures.slice(0, 30))
    lines.push(
      paint(31, `✗ ${f.runtime} ${f.direction} ${f.rule} ${f.case}: expected ${f.expected}; got ${f.got}`)
    )
  if (failures.length > 30) lines.push(`… and ${failures.length - 30} more failures in the JSON/HTML report`)
  lines.push(
    `${report.passed} passed, ${report.failed} failed — ${report.runtimes.join(", ")} in ${(report.durationMs / 1000).toFixed(1)} s`
  )
  return lines.join("\n")
}

const html = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!)

const definitions = (ids: ReadonlyArray<string>) =>
  ids
    .map((id) => {
      const rule = Rules.all().get(id)
      return `<tr id="rule-${html(id)}"><th>${html(id)}</th><td>${html(rule?.text ?? "(no definition found)")}</td><td>${html(rule?.source ?? "")}</td></tr>`
    })
    .join("\n")

export const toHtml = (report: Report): string => {
  const { columns, rules, cell } = matrix(report.results)
  const head = columns.map((c) => `<th>${html(c)}</th>`).join("")
  const body = rules
    .map((rule) => {
      const tds = columns
        .map((column) => {
          const c = cell(rule, column)
          if (c === undefined) return "<td>·</td>"
          return c.fail === 0
            ? `<td class="pass">✓ ${c.pass}</td>`
            : `<td class="fail">✗ ${c.fail}/${c.pass + c.fail}</td>`
        })
        .join("")
      const title = Rules.all().get(rule)?.title ?? ""
      return `<tr><th><a href="#rule-${html(rule)}">${html(rule)}</a></th><td class="title">${html(title)}</td>${tds}</tr>`
    })
    .join("\n")
  const rows = [...report.results]
    .sort((a, b) => Number(a.pass) - Number(b.pass))
    .map(
      (r) =>
        `<tr class="${r.pass ? "pass" : "fail"}"><td>${r.pass ? "✓" : "✗"}</td><td>${html(r.runtime)}</td><td>${r.direction}</td><td><a href="#rule-${html(r.rule)}">${html(r.rule)}</a></td><td>${html(r.case)}</td><td><code>${html(r.expected)}</code></td><td><code>${html(r.got)}</code></td></tr>`
    )
    .join("\n")
  return `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>effect-heygen conformance</title>
<style>body{font:14px system-ui;margin:2em}table{border-collapse:collapse;margin-bottom:2em}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}.pass{background:#e8f7e8}.fail{background:#fde8e8}code{white-space:pre-wrap;word-break:break-all}</style>
<h1>effect-heygen conformance</h1>
<p>${report.passed} passed, ${report.failed} failed — ${html(report.runtimes.join(", "))}, ${html(report.startedAt)}, ${(report.durationMs / 1000).toFixed(1)} s</p>
<h2>Rule × runtime</h2>
<table><tr><th>rule</th><th>what it says</th>${head}</tr>
${body}</table>
<h2>Every check (failures first)</h2>
<table><tr><th></th><th>runtime</th><th>direction</th><th>rule</th><th>case / vector</th><th>expected</th><th>got</th></tr>
${rows}</table>
<h2>The rules checked</h2>
<table><tr><th>rule</th><th>definition</th><th>defined in</th></tr>
${definitions(rules)}</table>
</html>
`
}
