/**
 * JSON Schema → interned nodes → declarations with names and modules.
 *
 * Every node is interned by structure, so a shape the spec repeats (the asset inputs, the
 * voice settings of every video variant) is declared once and referenced. A node gets a
 * declaration of its own when it is an operation's root (body, query, response), a response's
 * `data` or list item, a union branch (HeyGen's names: `AssetUrl`), or shared by several
 * places; everything else is written inline where it is used.
 *
 * Two modes: `input` (requests: exact objects, exact enums, bounds checked) and `output`
 * (responses: unknown members kept, unknown enum values and union tags accepted).
 */
import type { JsonSchema } from "./spec.ts"

export type Mode = "input" | "output"

export interface Property {
  readonly name: string
  readonly required: boolean
  readonly node: string
}

export type Node = (
  | { readonly kind: "string"; readonly enum?: ReadonlyArray<string>; readonly exact?: true }
  | { readonly kind: "binary" }
  | {
      readonly kind: "number"
      readonly integer: boolean
      readonly minimum?: number
      readonly maximum?: number
    }
  | { readonly kind: "boolean" }
  | { readonly kind: "array"; readonly items: string }
  | { readonly kind: "record" }
  | { readonly kind: "object"; readonly properties: ReadonlyArray<Property> }
  | { readonly kind: "union"; readonly tag: string; readonly variants: ReadonlyArray<Variant> }
  /** `nullable: true` wraps its schema, so a declaration is the same with or without it. */
  | { readonly kind: "nullable"; readonly inner: string }
) & {
  readonly mode: Mode
  readonly default?: unknown
  /** Set on an operation's own roots, so two equal bodies still get one declaration each. */
  readonly root?: string
}

export interface Variant {
  readonly value: string
  readonly node: string
}

export interface Declaration {
  readonly name: string
  /** A resource module (`Videos`) or `shared`. */
  readonly module: string
}

export const pascal = (s: string) =>
  s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("")

export const singular = (word: string) =>
  word.endsWith("ies")
    ? `${word.slice(0, -3)}y`
    : /(ch|ss|us)es$/.test(word)
      ? word.slice(0, -2)
      : word.replace(/s$/, "")

type Tag = { readonly name: string; readonly value: string }

/** A union of `AssetUrl`, `AssetId`, `AssetBase64` is an `AssetUrlOrIdOrBase64`; unions of longer names get none. */
const unionName = (names: ReadonlyArray<string>): string | undefined => {
  let prefix = names[0] ?? ""
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1)
  const rests = names.map((n) => n.slice(prefix.length))
  return prefix.length >= 3 && rests.every((r) => r.length > 0 && r.length <= 8)
    ? prefix + rests.join("Or")
    : undefined
}

/** Member names too vague to name an enum alone: it takes its owner's name in front. */
const vague = new Set(["Type", "Status", "Kind", "Role", "State", "Value"])

const generic = new Set(["Data", "Error", "Item", "Items", "Result", "Input", "Output", "Value"])
/** Globals a declaration must not shadow in its module. */
const globals = new Set([
  "Error",
  "Object",
  "Array",
  "String",
  "Number",
  "Boolean",
  "Date",
  "Blob",
  "File",
  "URL",
  "Record",
  "Request",
  "Response",
  "Map",
  "Set",
  "Symbol",
  "Promise",
  "Function"
])

export class Registry {
  readonly nodes = new Map<string, Node>()
  /** For each node, the distinct places (parent and member) that refer to it. */
  private readonly references = new Map<string, Set<string>>()
  /** For each node, the modules whose operations reach it. */
  private readonly users = new Map<string, Set<string>>()
  /** For each node, the names it could take, with their rank (lower is better). */
  private readonly hints = new Map<string, Array<{ readonly name: string; readonly rank: number }>>()
  private readonly branches = new Set<string>()
  private readonly forced = new Set<string>()
  /** Declared nodes in the order they were first reached. */
  private readonly order: Array<string> = []
  private readonly ordered = new Set<string>()
  readonly declarations = new Map<string, Declaration>()
  /**
   * The enums written in more than one place (by their values, in either mode): each is
   * declared once, as `<name>Values`, the type `<name>` and the request schema `<name>`.
   */
  readonly enums = new Map<string, Declaration>()

  private readonly orders: Readonly<Record<string, ReadonlyArray<string>>>

  constructor(orders: Readonly<Record<string, ReadonlyArray<string>>>) {
    this.orders = orders
  }

  /** Interns a JSON Schema; `root` gives an operation's body, query or response a node of its own. */
  add(schema: JsonSchema, mode: Mode, where: string, root?: string, tag?: Tag): string {
    const base = {
      mode,
      ...("default" in schema ? { default: schema.default } : {}),
      ...(root === undefined ? {} : { root })
    }
    const inner = this.intern({ ...base, ...this.convert(schema, mode, where, tag) })
    const node = this.node(inner)
    if (node.kind === "union") {
      const name = unionName(node.variants.map((v) => this.names(v.node)[0] ?? ""))
      if (name !== undefined) this.hint(inner, 0.5, name)
    }
    return schema.nullable === true ? this.intern({ mode, kind: "nullable", inner }) : inner
  }

  private convert(schema: JsonSchema, mode: Mode, where: string, tag: Tag | undefined) {
    if (schema.oneOf !== undefined) return this.union(schema, mode, where)
    switch (schema.type) {
      case "string": {
        if (schema.format === "binary") return { kind: "binary" as const }
        if (schema.format !== undefined) throw new Error(`${where}: string format ${schema.format}`)
        if (schema.enum === undefined) return { kind: "string" as const }
        if (!schema.enum.every((v) => typeof v === "string")) throw new Error(`${where}: non-string enum`)
        return { kind: "string" as const, enum: schema.enum as ReadonlyArray<string> }
      }
      case "integer":
      case "number":
        return {
          kind: "number" as const,
          integer: schema.type === "integer",
          ...(schema.minimum === undefined ? {} : { minimum: schema.minimum }),
          ...(schema.maximum === undefined ? {} : { maximum: schema.maximum })
        }
      case "boolean":
        return { kind: "boolean" as const }
      case "array":
        if (schema.items === undefined) throw new Error(`${where}: array without items`)
        return { kind: "array" as const, items: this.add(schema.items, mode, `${where}[]`) }
      case "object": {
        const entries = Object.entries(schema.properties ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))
        if (entries.length === 0) return { kind: "record" as const }
        const required = new Set(schema.required ?? [])
        for (const name of required) {
          if (schema.properties?.[name] === undefined)
            throw new Error(`${where}: ${name} required, not defined`)
        }
        const properties = entries.map(
          ([name, property]): Property => ({
            name,
            required: required.has(name),
            node:
              name === tag?.name
                ? this.intern({ mode, kind: "string", enum: [tag.value], exact: true })
                : this.add(property, mode, `${where}.${name}`)
          })
        )
        return { kind: "object" as const, properties }
      }
      default:
        throw new Error(`${where}: unsupported schema ${JSON.stringify(schema).slice(0, 120)}`)
    }
  }

  /** A `oneOf` with a discriminator: each branch's tag property becomes its literal. */
  private union(schema: JsonSchema, mode: Mode, where: string) {
    const discriminator = schema.discriminator
    if (discriminator === undefined) throw new Error(`${where}: oneOf without a discriminator`)
    const branches = schema.oneOf ?? []
    const tag = discriminator.propertyName
    const keys = Object.keys(discriminator.mapping).sort().join()
    // The spec's own fact first (a default on every branch's tag), the recorded order otherwise.
    const defaults = branches.map((b) => b.properties?.[tag]?.default)
    const values = defaults.every((d) => typeof d === "string")
      ? (defaults as ReadonlyArray<string>)
      : this.orders[keys]
    if (values === undefined) throw new Error(`${where}: no branch order recorded for mapping ${keys}`)
    if (values.length !== branches.length || [...values].sort().join() !== keys) {
      throw new Error(`${where}: branch order ${values.join()} does not match mapping ${keys}`)
    }
    const variants = branches.map((branch, i): Variant => {
      const value = values[i]!
      if (branch.type !== "object" || branch.properties?.[tag]?.type !== "string") {
        throw new Error(`${where}: branch ${value} has no string ${tag}`)
      }
      const node = this.add(branch, mode, `${where}<${value}>`, undefined, { name: tag, value })
      this.branches.add(node)
      this.hint(node, 0, discriminator.mapping[value]!.split("/").at(-1)!)
      return { value, node }
    })
    return { kind: "union" as const, tag, variants }
  }

  private intern(node: Node): string {
    const key = JSON.stringify(node)
    if (!this.nodes.has(key)) this.nodes.set(key, node)
    return key
  }

  node(key: string): Node {
    return this.nodes.get(key)!
  }

  /**
   * Suggests names for a node. Rank 0: what the spec or the route calls it (`AssetUrl`,
   * `Video`); 1: the member holding it (`VoiceSettings`); 2: qualified fallbacks.
   */
  hint(key: string, rank: number, ...names: ReadonlyArray<string>) {
    const hints = this.hints.get(key) ?? []
    for (const name of names) if (!hints.some((h) => h.name === name)) hints.push({ name, rank })
    this.hints.set(key, hints)
  }

  /** A node's name suggestions, best first (by rank, then first suggested). */
  private names(key: string): ReadonlyArray<string> {
    return (this.hints.get(key) ?? [])
      .map((h, i) => ({ ...h, i }))
      .sort((a, b) => a.rank - b.rank || a.i - b.i)
      .map((h) => h.name)
  }

  /** A node that gets a declaration whatever its use (a response's data or item). */
  force(key: string, rank: number, ...names: ReadonlyArray<string>) {
    const node = this.node(key)
    if (node.kind !== "object" && node.kind !== "union") return
    this.forced.add(key)
    this.hint(key, rank, ...names)
  }

  /**
   * Records, from an operation's root down, who refers to what and the names each place
   * suggests: a member `voice_settings` of `CreateBody` suggests `VoiceSettings`, then
   * `CreateBodyVoiceSettings`.
   */
  walk(key: string, module: string, parentName: string, seen = new Set<string>()) {
    const users = this.users.get(key) ?? new Set()
    users.add(module)
    this.users.set(key, users)
    if (seen.has(key)) return
    seen.add(key)
    if (!this.ordered.has(key)) {
      this.ordered.add(key)
      this.order.push(key)
    }
    const node = this.node(key)
    const visit = (child: string, from: string, hints: ReadonlyArray<string>) => {
      const refs = this.references.get(child) ?? new Set()
      refs.add(from)
      this.references.set(child, refs)
      if (hints.length > 0) {
        // A member called `item` or `error` says little: its qualified name says more.
        this.hint(child, generic.has(hints[0]!) ? 3 : 1, hints[0]!)
        this.hint(child, 2, ...hints.slice(1))
      }
      this.walk(child, module, this.names(child)[0] ?? parentName, seen)
    }
    switch (node.kind) {
      case "array":
        visit(this.through(node.items), `${key}[]`, [])
        break
      case "object":
        for (const p of node.properties) {
          const target = this.through(p.node)
          const hints = node.root?.endsWith(":response") ? [] : [pascal(p.name), parentName + pascal(p.name)]
          const array = this.node(target)
          if (array.kind === "array" && hints.length > 0) {
            const item = pascal(singular(p.name))
            this.hint(this.through(array.items), generic.has(item) ? 3 : 1, item)
            this.hint(this.through(array.items), 2, parentName + item)
          }
          visit(target, `${key}.${p.name}`, hints)
        }
        break
      case "union":
        for (const v of node.variants) visit(v.node, `${key}<${v.value}>`, [parentName + pascal(v.value)])
        break
    }
  }

  /** The declared nodes a node's text refers to (directly: not through another declaration). */
  referenced(key: string, top = true): Array<string> {
    if (!top && this.declarations.has(key)) return [key]
    return this.parts(key).flatMap((part) => this.referenced(part, false))
  }

  /** The nodes a node's text is written with, one level down. */
  private parts(key: string): ReadonlyArray<string> {
    const node = this.node(key)
    switch (node.kind) {
      case "nullable":
        return [node.inner]
      case "array":
        return [node.items]
      case "object":
        return node.properties.map((p) => p.node)
      case "union":
        return node.variants.map((v) => v.node)
      default:
        return []
    }
  }

  /** The schema a `nullable` wraps; nullability belongs to the place, not the shape. */
  through(key: string): string {
    const node = this.node(key)
    return node.kind === "nullable" ? node.inner : key
  }

  private isDeclared(key: string): boolean {
    const node = this.node(key)
    if (node.root !== undefined) return true
    if (node.kind !== "object" && node.kind !== "union") return false
    return this.forced.has(key) || this.branches.has(key) || (this.references.get(key)?.size ?? 0) > 1
  }

  /**
   * Names every declared node — its best free suggestion — and places it: in the one module
   * that uses it, or in `shared` when several do. A name is free in a module when neither it
   * nor `shared` has it; a shared name must be free everywhere. `roots` are named already.
   */
  declare(roots: ReadonlyMap<string, Declaration>) {
    const byModule = new Map<string, Set<string>>()
    const everywhere = new Set<string>()
    const claim = (module: string, name: string) => {
      byModule.set(module, (byModule.get(module) ?? new Set()).add(name))
      everywhere.add(name)
    }
    for (const { module, name } of roots.values()) claim(module, name)
    // What the spec or a route names (rank 0) picks first; a member's name (rank 1) next.
    const rank = (key: string) => Math.min(...(this.hints.get(key) ?? []).map((h) => h.rank), 9)
    const order = this.order
      .map((key, i) => ({ key, i }))
      .sort((a, b) => rank(a.key) - rank(b.key) || a.i - b.i)
    for (const { key } of order) {
      if (!this.isDeclared(key)) continue
      const root = roots.get(key)
      if (root !== undefined) {
        this.declarations.set(key, root)
        continue
      }
      const users = [...(this.users.get(key) ?? [])]
      const module = users.length === 1 ? users[0]! : "shared"
      const taken = (name: string) =>
        globals.has(name) || module === "shared"
          ? everywhere.has(name)
          : (byModule.get(module)?.has(name) ?? false) || (byModule.get("shared")?.has(name) ?? false)
      const names = this.names(key)
      let name = names.find((n) => !taken(n))
      for (let i = 2; name === undefined; i++) if (!taken(`${names[0]}${i}`)) name = `${names[0]}${i}`
      claim(module, name)
      this.declarations.set(key, { name, module })
    }
  }

  /** The declared enums a declaration's text refers to (directly: not through another declaration). */
  enumsIn(key: string, top = true): Array<string> {
    if (!top && this.declarations.has(key)) return []
    const values = this.enumOf(key)
    if (values !== undefined) return this.enums.has(values) ? [values] : []
    return this.parts(key).flatMap((part) => this.enumsIn(part, false))
  }

  /** The values of an enum node that `enums` may declare: a response or request enum, not a union tag. */
  enumOf(key: string): string | undefined {
    const node = this.node(key)
    return node.kind === "string" && node.enum !== undefined && node.enum.length > 1 && node.exact !== true
      ? JSON.stringify(node.enum)
      : undefined
  }

  /**
   * Finds the enums the declarations would write out more than once and declares each: in
   * the one module that writes them, or in `shared`. Run after `declare`.
   */
  declareEnums() {
    const places = new Map<string, { count: number; modules: Set<string>; names: Array<string> }>()
    /** `member` is the property holding the enum (an array's, for its items); `owner`, the declaration. */
    const visit = (
      key: string,
      module: string,
      owner: string,
      member: string | undefined,
      top: boolean,
      item = false
    ) => {
      if (!top && this.declarations.has(key)) return
      const node = this.node(key)
      const values = this.enumOf(key)
      if (values !== undefined) {
        const place = places.get(values) ?? { count: 0, modules: new Set(), names: [] }
        place.count++
        place.modules.add(module)
        // `events` → `Event`, `EventType`; a word that says little alone (`type`) → `VoiceType`.
        const word = member === undefined ? undefined : pascal(item ? singular(member) : member)
        const group = pascal(singular(module))
        if (word !== undefined && !vague.has(word))
          place.names.push(word, `${word}Type`, `${group}${word}`, `${group}${word}Type`)
        if (word !== undefined) place.names.push(`${owner}${word}`)
        places.set(values, place)
        return
      }
      if (node.kind === "nullable") visit(node.inner, module, owner, member, false, item)
      else if (node.kind === "array") visit(node.items, module, owner, member, false, true)
      else if (node.kind === "object")
        for (const p of node.properties) visit(p.node, module, owner, p.name, false)
      else if (node.kind === "union")
        for (const v of node.variants) visit(v.node, module, owner, member, false)
    }
    for (const [key, { module, name }] of this.declarations) visit(key, module, name, undefined, true)
    const taken = new Set([...this.declarations.values()].map((d) => d.name))
    for (const [values, place] of places) {
      if (place.count < 2) continue
      const module = place.modules.size === 1 ? [...place.modules][0]! : "shared"
      const names = [...new Set(place.names)]
      if (names.length === 0) names.push("Enum")
      const free = (name: string) => !taken.has(name) && !taken.has(`${name}Values`) && !globals.has(name)
      let name = names.find(free)
      for (let i = 2; name === undefined; i++) if (free(`${names[0]}${i}`)) name = `${names[0]}${i}`
      taken.add(name)
      taken.add(`${name}Values`)
      this.enums.set(values, { name, module })
    }
  }
}
