/**
 * A v3 request checked against the very schemas the client checks it with — the
 * `@effect-heygen/api` descriptors' (rule M28): the query through its string-tree codec, a
 * JSON or multipart body through the body schema, unknown members ignored. A mismatch is
 * `invalid_parameter` with the field's path (E6); where no branch of a tagged union matches,
 * the path names the tag (`scenes[0].type`). Decoders are built once per operation, on its
 * first request.
 */
import type * as Operation from "@effect-heygen/api/Operation"
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as HeyGenServer from "@effect-heygen/core/HeyGenServer"
import * as ByteSize from "effect/ByteSize"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as HttpIncomingMessage from "effect/http/HttpIncomingMessage"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as Schema from "effect/Schema"
import * as SchemaAST from "effect/SchemaAST"
import type * as SchemaIssue from "effect/SchemaIssue"
import * as SchemaParser from "effect/SchemaParser"
import { type Failure, isFailure } from "./env.ts"
import { requireJson } from "./http.ts"

const parseOptions = { errors: "first", onExcessProperty: "ignore" } as const

type Decode = (input: unknown) => unknown | Failure

const formatPath = (path: ReadonlyArray<PropertyKey>): string => {
  let out = ""
  for (const key of path)
    out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`
  return out
}

/** The member every branch of a union of objects tags itself with, if there is one. */
const tagOf = (ast: SchemaAST.AST): { readonly name: string; readonly values: Array<string> } | undefined => {
  if (!SchemaAST.isUnion(ast)) return undefined
  const branches = ast.types.filter(SchemaAST.isObjects)
  if (branches.length === 0 || branches.length !== ast.types.length) return undefined
  for (const candidate of branches[0]!.propertySignatures) {
    const values: Array<string> = []
    for (const branch of branches) {
      const member = branch.propertySignatures.find((p) => p.name === candidate.name)
      if (member === undefined || !SchemaAST.isLiteral(member.type)) break
      values.push(String(member.type.literal))
    }
    if (values.length === branches.length) return { name: String(candidate.name), values }
  }
  return undefined
}

/** The first problem of an issue; a union no branch matched names its tag member. */
export const invalid = (issue: SchemaIssue.Issue): HeyGenError.InvalidParameter => {
  let at: ReadonlyArray<PropertyKey> = []
  let node: SchemaIssue.Issue = issue
  for (;;) {
    if (node._tag === "Pointer") {
      at = [...at, ...node.path]
      node = node.issue
    } else if ((node._tag === "Composite" || node._tag === "AnyOf") && node.issues.length > 0) {
      node = node.issues[0]!
    } else break
  }
  const tag = node._tag === "AnyOf" ? tagOf(node.ast) : undefined
  if (tag === undefined) return HeyGenServer.fromIssue(issue)
  const param = formatPath([...at, tag.name])
  return new HeyGenError.InvalidParameter({
    message: `Invalid parameter ${param}: expected one of ${tag.values.map((v) => JSON.stringify(v)).join(", ")}.`,
    param
  })
}

const decoder = <A>(schema: Schema.Codec<A>): Decode => {
  const decode = SchemaParser.decodeUnknownExit(schema)
  return (input) => {
    const exit = decode(input, parseOptions)
    if (Exit.isSuccess(exit)) return exit.value
    const issue = Exit.findErrorOption(exit)
    return issue._tag === "Some"
      ? invalid(issue.value)
      : new HeyGenError.InvalidParameter({ message: "Invalid request." })
  }
}

/** The query decoder of an operation (strings in, the schema's types out), built on first use. */
export const queryDecoder = (operation: Operation.Any): (() => Decode) | undefined => {
  const query = operation.query
  if (query === undefined) return undefined
  let decode: Decode | undefined
  return () => (decode ??= decoder(Schema.toCodecStringTree(query()) as Schema.Codec<unknown>))
}

/** The body decoder of an operation, built on first use. */
export const bodyDecoder = (operation: Operation.Any): (() => Decode) | undefined => {
  const body = operation.body
  if (body === undefined) return undefined
  let decode: Decode | undefined
  return () => (decode ??= decoder(body()))
}

/** Runs a decoder: its value, or the `invalid_parameter` it made. */
export const run = (decode: Decode, input: unknown): Effect.Effect<unknown, Failure> => {
  const result = decode(input)
  return isFailure(result) ? Effect.fail(result) : Effect.succeed(result)
}

/** An own member even when `name` is `__proto__`: data never sets a prototype. */
const define = <A>(record: Record<string, A>, name: string, value: A) =>
  Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true })

/** The query string as the flat record the query schemas read (the first of repeated names). */
export const queryRecord = (query: string): Record<string, string> => {
  const record: Record<string, string> = {}
  for (const [name, value] of new URLSearchParams(query))
    if (!Object.hasOwn(record, name)) define(record, name, value)
  return record
}

/** A JSON body: from a JSON content type, bounded, an object (rules S2, E6). */
export const jsonBody = Effect.andThen(requireJson, HeyGenServer.readJsonObject)

const notMultipart = new HeyGenError.InvalidParameter({
  message: "Invalid parameter Content-Type: the body must be multipart/form-data.",
  param: "Content-Type"
})

/**
 * A multipart body as `{ name: value }` (a file part is a `File`), read whole but bounded
 * while it streams in: `maxBytes` of file plus room for the parts' headers.
 */
export const multipartBody = (maxBytes: number) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const contentType = request.headers["content-type"] ?? ""
    if (!/^multipart\/form-data\s*;\s*boundary=/i.test(contentType)) return yield* notMultipart
    const limit = maxBytes + 64 * 1024
    const tooLarge = new HeyGenError.InvalidParameter({
      message: `The file exceeds ${maxBytes} bytes.`,
      param: "file"
    })
    if (Number(request.headers["content-length"] ?? 0) > limit) return yield* tooLarge
    const bytes = yield* request.arrayBuffer.pipe(
      Effect.provideService(HttpIncomingMessage.MaxBodySize, ByteSize.bytes(limit)),
      Effect.mapError(() => tooLarge)
    )
    const form = yield* Effect.tryPromise({
      try: () => new Response(bytes, { headers: { "content-type": contentType } }).formData(),
      catch: () =>
        new HeyGenError.InvalidParameter({
          message: "The body is not valid multipart/form-data.",
          param: "file"
        })
    })
    const record: Record<string, unknown> = {}
    for (const [name, value] of form) if (!Object.hasOwn(record, name)) define(record, name, value)
    const file = record.file
    if (file instanceof Blob && file.size > maxBytes) return yield* tooLarge
    return record
  })
