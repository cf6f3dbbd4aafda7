/**
 * The rules the report names, read from their definitions in the repository
 * (docs/spec/CONTRACT.md and docs/spec/EMULATOR.md), so every cell links to the text it
 * checks. `run` is not a rule of the contract: it marks a step that could not run at all.
 */
import * as fs from "node:fs"
import * as path from "node:path"

export interface Rule {
  readonly id: string
  /** The rule's first sentence. */
  readonly title: string
  readonly text: string
  /** The document that defines it, relative to the repository root. */
  readonly source: string
}

export const crashed = "run"

const specDir = path.resolve(import.meta.dirname, "../../../docs/spec")
export const sources = ["CONTRACT.md", "EMULATOR.md"] as const

/** `- D4 text…` list items, continued by indented lines. */
export const parse = (markdown: string, source: string): Array<Rule> => {
  const rules: Array<Rule> = []
  let current: { ids: Array<string>; lines: Array<string> } | undefined
  const flush = () => {
    if (current === undefined) return
    const text = current.lines.join(" ").replace(/\s+/g, " ").trim()
    const title = (/^(.+?[.:;])(\s|$)/.exec(text)?.[1] ?? text).replace(/[.:;]$/, "")
    for (const id of current.ids) rules.push({ id, title, text, source })
    current = undefined
  }
  for (const line of markdown.split("\n")) {
    // `- D4 …`, or a range sharing one text: `- M9–M13 …`.
    const start = /^- ([A-Z])(\d+)(?:–[A-Z]?(\d+))? (.*)$/.exec(line)
    if (start !== null) {
      flush()
      const [, letter, first, last, text] = start
      const ids: Array<string> = []
      for (let n = Number(first); n <= Number(last ?? first); n++) ids.push(`${letter}${n}`)
      current = { ids, lines: [text!] }
    } else if (current !== undefined && /^\s+\S/.test(line)) {
      current.lines.push(line.trim())
    } else {
      flush()
    }
  }
  flush()
  return rules
}

let cache: ReadonlyMap<string, Rule> | undefined

/** Every rule by id, plus `run`. */
export const all = (): ReadonlyMap<string, Rule> => {
  if (cache !== undefined) return cache
  const rules = new Map<string, Rule>()
  for (const source of sources) {
    for (const rule of parse(fs.readFileSync(path.join(specDir, source), "utf8"), `docs/spec/${source}`)) {
      rules.set(rule.id, rule)
    }
  }
  rules.set(crashed, {
    id: crashed,
    title: "The step ran",
    text: "A runtime, server or probe could not be started or crashed; no rule of the contract was checked by this step.",
    source: "apps/conformance"
  })
  cache = rules
  return rules
}
