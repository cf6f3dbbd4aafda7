/**
 * Response decoding with a fast first pass. A generated response schema has no
 * transformations, so what Effect's parser answers for a valid body is the body itself,
 * member for member — most of the parser's time goes into copying it (an open object's rest
 * member takes the generator path, once per object). The first pass is a closure per AST node,
 * built once per schema: it checks the parsed JSON in place and answers:
 *
 * - `same`: the schema accepts it and decoding would answer an equal value — the body is the
 *   result, nothing copied;
 * - `rejected`: the schema rejects it — the parser runs to say where;
 * - `unknown`: anything it cannot vouch for (a transformation, a declaration, a closed
 *   object with members the parser would drop, a union whose first match it cannot tell) —
 *   the parser runs, and its answer is the answer.
 *
 * So the pass only decides when the parser would agree; everything else is the parser's.
 */
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"
import type * as SchemaIssue from "effect/SchemaIssue"
import * as SchemaParser from "effect/SchemaParser"

const same = 0
const rejected = 1
const unknown = 2
type Verdict = typeof same | typeof rejected | typeof unknown
type Check = (u: unknown) => Verdict

const always: Check = () => same
const never: Check = () => unknown
const when =
  (predicate: (u: unknown) => boolean): Check =>
  (u) =>
    predicate(u) ? same : rejected

const isRecord = (u: unknown): u is { readonly [key: string]: unknown } =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** The node's own structure, its checks aside. */
const structure = (ast: SchemaAST.AST, compile: (ast: SchemaAST.AST) => Check): Check => {
  switch (ast._tag) {
    case "String":
      return when((u) => typeof u === "string")
    case "Number":
      return when((u) => typeof u === "number")
    case "Boolean":
      return when((u) => typeof u === "boolean")
    case "Null":
      return when((u) => u === null)
    case "Undefined":
      return when((u) => u === undefined)
    case "Literal": {
      const literal = ast.literal
      return when((u) => u === literal)
    }
    case "Unknown":
    case "Any":
      return always
    case "Union": {
      if (ast.options?.mode === "oneOf") return never
      const members = ast.types.map(compile)
      // The parser answers the first member that accepts: a member this pass cannot judge
      // may be that one, with another value.
      return (u) => {
        for (const member of members) {
          const verdict = member(u)
          if (verdict !== rejected) return verdict
        }
        return rejected
      }
    }
    case "Arrays": {
      if (ast.elements.length !== 0 || ast.rest.length !== 1) return never
      const item = compile(ast.rest[0]!)
      return (u) => {
        if (!Array.isArray(u)) return rejected
        let verdict: Verdict = same
        for (const value of u) {
          const v = item(value)
          if (v === rejected) return rejected
          if (v === unknown) verdict = unknown
        }
        return verdict
      }
    }
    case "Objects":
      return objects(ast, compile)
    default:
      return never
  }
}

const objects = (ast: SchemaAST.Objects, compile: (ast: SchemaAST.AST) => Check): Check => {
  if (ast.propertySignatures.length === 0 && ast.indexSignatures.length === 0)
    return when((u) => u !== null && u !== undefined)
  const properties = ast.propertySignatures.map((p) => ({
    name: p.name,
    optional: p.type.context?.isOptional ?? false,
    check: compile(p.type)
  }))
  if (properties.some((p) => typeof p.name !== "string")) return never
  const indexes = ast.indexSignatures.map((index) =>
    index.parameter._tag === "String" &&
    index.parameter.checks === undefined &&
    index.parameter.encoding === undefined
      ? compile(index.type)
      : undefined
  )
  if (indexes.some((index) => index === undefined)) return never
  const values = indexes.filter((index) => index !== always) as Array<Check>
  // A closed object drops the members it does not declare: its value is the body only without them.
  const declared = indexes.length === 0 ? new Set(properties.map((p) => p.name as string)) : undefined
  return (u) => {
    if (!isRecord(u)) return rejected
    let verdict: Verdict = same
    for (const p of properties) {
      const name = p.name as string
      if (!Object.hasOwn(u, name)) {
        // An inherited name (`constructor`) is "present" to the parser: leave it to the parser.
        if (name in u) return unknown
        if (!p.optional) return rejected
        continue
      }
      const v = p.check(u[name])
      if (v === rejected) return rejected
      if (v === unknown) verdict = unknown
    }
    if (declared !== undefined) {
      for (const key in u) if (!declared.has(key)) verdict = unknown
    }
    for (const check of values) {
      for (const key of Object.keys(u)) {
        const v = check(u[key])
        if (v === rejected) return rejected
        if (v === unknown) verdict = unknown
      }
    }
    return verdict
  }
}

const compileWith = (cache: Map<SchemaAST.AST, Check>) => {
  const compile = (ast: SchemaAST.AST): Check => {
    const cached = cache.get(ast)
    if (cached !== undefined) return cached
    // Placeholder while building: a cycle (only through a Suspend, which is `never`) cannot reach it.
    cache.set(ast, never)
    let check: Check
    if (ast.encoding !== undefined) check = never
    else {
      const own = structure(ast, compile)
      // Checks (a filter on a string, an integer) are the parser's to run, on this node only.
      if (ast.checks === undefined && (ast as { encodingChecks?: unknown }).encodingChecks === undefined)
        check = own
      else {
        const parse = SchemaParser.decodeUnknownExit(Schema.make<Schema.Codec<unknown>>(ast))
        check = (u) => {
          const v = own(u)
          return v !== same ? v : Exit.isSuccess(parse(u)) ? same : rejected
        }
      }
    }
    cache.set(ast, check)
    return check
  }
  return compile
}

const decoders = new WeakMap<SchemaAST.AST, (u: unknown) => Exit.Exit<unknown, SchemaIssue.Issue>>()

/**
 * `SchemaParser.decodeUnknownExit(schema)`, the same answers, with the fast first pass from
 * the schema's second decode on; built once per schema.
 */
export const decodeUnknownExit = <A>(
  schema: Schema.Codec<A>
): ((u: unknown) => Exit.Exit<A, SchemaIssue.Issue>) => {
  let decoder = decoders.get(schema.ast)
  if (decoder === undefined) {
    const parse = SchemaParser.decodeUnknownExit(schema)
    // The check is built on the schema's second decode: a worker's cold first request (one
    // decode per schema) pays only the parser, as before; a client that decodes again gets it.
    let check: Check | undefined
    let uses = 0
    decoder = (u) => {
      if (check === undefined && ++uses < 2) return parse(u)
      check ??= compileWith(new Map())(schema.ast)
      return check(u) === same ? Exit.succeed(u) : parse(u)
    }
    decoders.set(schema.ast, decoder)
  }
  return decoder as (u: unknown) => Exit.Exit<A, SchemaIssue.Issue>
}
