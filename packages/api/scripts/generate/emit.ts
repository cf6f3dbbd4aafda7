/**
 * Declarations → TypeScript text: for each declared node a type (an `interface` for an
 * object) and a lazily built schema of the same name; for each operation its function(s),
 * its descriptor and its root declarations.
 */
import { type Declaration, type Node, pascal, type Registry } from "./schemas.ts"
import type { Operation } from "./spec.ts"

/** Which helpers and shared declarations a module's text used, for its imports. */
export class Uses {
  readonly helpers = new Set<string>()
  readonly shared = new Set<string>()
  readonly core = new Set<string>()
}

const literal = (value: unknown) => JSON.stringify(value)

const bounds = (node: Node) =>
  node.kind !== "number" || node.mode === "output"
    ? ""
    : node.minimum !== undefined && node.maximum !== undefined
      ? `.check(Schema.isBetween({ minimum: ${node.minimum}, maximum: ${node.maximum} }))`
      : node.minimum !== undefined
        ? `.check(Schema.isGreaterThanOrEqualTo(${node.minimum}))`
        : node.maximum !== undefined
          ? `.check(Schema.isLessThanOrEqualTo(${node.maximum}))`
          : ""

/** A property's doc comment: the facts the spec gives about its values. */
const propertyDoc = (registry: Registry, key: string): string => {
  const node = registry.node(registry.through(key))
  const facts: Array<string> = []
  if (node.kind === "number" && (node.minimum !== undefined || node.maximum !== undefined)) {
    facts.push(
      node.minimum !== undefined && node.maximum !== undefined
        ? `From ${node.minimum} to ${node.maximum}.`
        : node.minimum !== undefined
          ? `At least ${node.minimum}.`
          : `At most ${node.maximum}.`
    )
  }
  if (node.default !== undefined) facts.push(`Default \`${literal(node.default)}\`.`)
  return facts.length === 0 ? "" : `/** ${facts.join(" ")} */\n`
}

export class Emitter {
  private readonly registry: Registry

  constructor(registry: Registry) {
    this.registry = registry
  }

  private reference(declaration: Declaration, module: string, uses: Uses) {
    if (declaration.module !== module) uses.shared.add(declaration.name)
    return declaration.name
  }

  /** A declared enum (`registry.enums`) of a string node, if it is one. */
  private enumOf(key: string): Declaration | undefined {
    const values = this.registry.enumOf(key)
    return values === undefined ? undefined : this.registry.enums.get(values)
  }

  /** The TypeScript type of a node; a declared node by name unless `whole`. */
  type(key: string, module: string, uses: Uses, whole = false): string {
    const declaration = this.registry.declarations.get(key)
    if (declaration !== undefined && !whole) return this.reference(declaration, module, uses)
    const node = this.registry.node(key)
    const named = this.enumOf(key)
    if (named !== undefined) {
      const name = this.reference(named, module, uses)
      return node.mode === "output" ? `${name} | (string & {})` : name
    }
    switch (node.kind) {
      case "nullable":
        return `${this.type(node.inner, module, uses)} | null`
      case "string":
        if (node.enum === undefined) return "string"
        return [
          ...node.enum.map(literal),
          ...(node.mode === "output" && !node.exact ? ["(string & {})"] : [])
        ].join(" | ")
      case "binary":
        return "Blob"
      case "number":
        return "number"
      case "boolean":
        return "boolean"
      case "array": {
        const item = this.type(node.items, module, uses)
        return `ReadonlyArray<${item}>`
      }
      case "record":
        return "{ readonly [key: string]: unknown }"
      case "object":
        return `{\n${this.members(node, module, uses)}}`
      case "union": {
        const variants = node.variants.map((v) => this.type(v.node, module, uses))
        if (node.mode === "output") {
          variants.push(`{ readonly ${node.tag}: string & {}; readonly [key: string]: unknown }`)
        }
        return variants.join(" | ")
      }
    }
  }

  private members(node: Extract<Node, { kind: "object" }>, module: string, uses: Uses): string {
    const lines = node.properties.map(
      (p) =>
        `${propertyDoc(this.registry, p.node)}readonly ${p.name}${p.required ? "" : "?"}: ${this.type(p.node, module, uses)}\n`
    )
    if (node.mode === "output") lines.push("readonly [key: string]: unknown\n")
    return lines.join("")
  }

  /** The schema of a node; a declared node by calling its thunk unless `whole`. */
  schema(key: string, module: string, uses: Uses, whole = false): string {
    const declaration = this.registry.declarations.get(key)
    if (declaration !== undefined && !whole) return `${this.reference(declaration, module, uses)}()`
    const node = this.registry.node(key)
    const named = this.enumOf(key)
    if (named !== undefined) {
      // Requests: exactly these values; responses: these, or any other string (a new value).
      if (node.mode === "input") return `${this.reference(named, module, uses)}()`
      uses.helpers.add("openLiterals")
      return `openLiterals(${this.reference({ ...named, name: `${named.name}Values` }, module, uses)})`
    }
    switch (node.kind) {
      case "nullable":
        return `Schema.NullOr(${this.schema(node.inner, module, uses)})`
      case "string": {
        if (node.enum === undefined) return "Schema.String"
        if (node.mode === "output" && !node.exact) {
          uses.helpers.add("openLiterals")
          return `openLiterals(${literal(node.enum)})`
        }
        return node.enum.length === 1
          ? `Schema.Literal(${literal(node.enum[0])})`
          : `Schema.Literals(${literal(node.enum)})`
      }
      case "binary":
        uses.helpers.add("BlobFile")
        return "BlobFile()"
      case "number":
        // Responses: any number (an integer field sent as 1.5 is not worth failing a call).
        return `${node.mode === "input" ? (node.integer ? "Schema.Int" : "Schema.Finite") : "Schema.Number"}${bounds(node)}`
      case "boolean":
        return "Schema.Boolean"
      case "array":
        return `Schema.Array(${this.schema(node.items, module, uses)})`
      case "record":
        return "Schema.Record(Schema.String, Schema.Unknown)"
      case "object": {
        const fields = node.properties
          .map((p) => {
            const schema = this.schema(p.node, module, uses)
            return `${p.name}: ${p.required ? schema : `Schema.optionalKey(${schema})`}`
          })
          .join(",\n")
        if (node.mode === "input") return `Schema.Struct({\n${fields}\n})`
        uses.helpers.add("open")
        return `open({\n${fields}\n})`
      }
      case "union": {
        const members = node.variants.map((v) => this.schema(v.node, module, uses))
        if (node.mode === "output") {
          uses.helpers.add("open")
          uses.helpers.add("otherTag")
          members.push(`open({ ${node.tag}: otherTag(${literal(node.variants.map((v) => v.value))}) })`)
        }
        return `Schema.Union([${members.join(", ")}])`
      }
    }
  }

  /**
   * A declared enum: its values (`<name>Values`), its type, and its request schema, each
   * under its own name. Responses accept any other string too: `openLiterals(<name>Values)`.
   */
  enumDeclaration(values: string, declaration: Declaration, uses: Uses): string {
    const { name } = declaration
    uses.helpers.add("lazy")
    uses.helpers.add("Lazy")
    const doc = (text: string, category: string) =>
      `/**\n * ${text}\n *\n * @since 0.1.0\n * @category ${category}\n */\n`
    return [
      `${doc(`The values of \`${name}\`: an enum several places of the spec use.`, "models")}export const ${name}Values = ${values} as const\n`,
      `${doc(`One of \`${name}Values\`. Where an answer carries it, any other string may come too.`, "models")}export type ${name} = (typeof ${name}Values)[number]\n`,
      `${doc(`The schema of \`${name}\` in requests (exactly these values), built on first use.`, "schemas")}export const ${name}: Lazy<${name}> = /* @__PURE__ */ lazy(() => Schema.Literals(${name}Values))\n`
    ].join("\n")
  }

  /** A declared node: its type and its schema under one name. */
  declaration(key: string, module: string, uses: Uses, doc: string): string {
    const { name } = this.registry.declarations.get(key)!
    const node = this.registry.node(key)
    uses.helpers.add("lazy")
    uses.helpers.add("Lazy")
    const type =
      node.kind === "object"
        ? `export interface ${name} {\n${this.members(node, module, uses)}}`
        : `export type ${name} = ${this.type(key, module, uses, true)}`
    const schema = this.schema(key, module, uses, true)
    const schemaDoc = `/**\n * The schema of \`${name}\`, built on first use.\n *\n * @since 0.1.0\n * @category schemas\n */\n`
    return `${doc}${type}\n\n${schemaDoc}export const ${name}: Lazy<${name}> = /* @__PURE__ */ lazy(() => ${schema})\n`
  }
}

/** `video_id` → `videoId`. */
export const camelCase = (name: string) => name.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())

export const opPascal = (op: Operation) => pascal(op.name)
