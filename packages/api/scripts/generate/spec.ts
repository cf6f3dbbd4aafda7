/**
 * The OpenAPI document read as this package needs it: one `Operation` per method and path,
 * each named and placed in its resource module. Anything the generator does not understand
 * is an error here, so a new spec cannot slip through half-typed.
 */

/** The JSON Schema subset the v3 document uses (OpenAPI 3.0-style `nullable`). */
export interface JsonSchema {
  readonly type?: "string" | "number" | "integer" | "boolean" | "array" | "object"
  readonly nullable?: boolean
  readonly properties?: Readonly<Record<string, JsonSchema>>
  readonly required?: ReadonlyArray<string>
  readonly items?: JsonSchema
  readonly enum?: ReadonlyArray<unknown>
  readonly default?: unknown
  readonly minimum?: number
  readonly maximum?: number
  readonly format?: string
  readonly oneOf?: ReadonlyArray<JsonSchema>
  readonly discriminator?: {
    readonly propertyName: string
    readonly mapping: Readonly<Record<string, string>>
  }
}

export interface Param {
  readonly name: string
  readonly in: "path" | "query"
  readonly required: boolean
  readonly schema: JsonSchema
}

export interface Operation {
  /** The spec's `operationId`, e.g. `videoCreate`. */
  readonly id: string
  readonly summary: string
  /** The module it lives in, e.g. `Videos`. */
  readonly group: string
  /** The function's name in its module, e.g. `create`. */
  readonly name: string
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"
  readonly path: string
  readonly pathParams: ReadonlyArray<string>
  readonly query: ReadonlyArray<Param>
  readonly bodyKind: "json" | "multipart" | "none"
  readonly body: JsonSchema | undefined
  /** The whole `200` body, envelope included; `undefined` when the spec gives none. */
  readonly response: JsonSchema | undefined
  readonly paginated: Paginated | undefined
  readonly poll: Poll | undefined
  readonly destructive: boolean
  readonly timeout: "read" | "write" | "upload"
}

export interface Paginated {
  readonly cursorParam: string
  readonly limitParam: string
  /** Where the page is: the envelope itself (`data` is the array) or inside `data` (`data.items`). */
  readonly items: "data" | "data.items"
}

export interface Poll {
  readonly statusPath: string
  readonly statusField: string
  readonly idField: string
  readonly terminalOk: ReadonlyArray<string>
  readonly terminalFail: ReadonlyArray<string>
}

/** The spec's tags, as modules. */
export const groups: Readonly<Record<string, string>> = {
  "ai-clipping": "AiClipping",
  asset: "Assets",
  audio: "Audio",
  avatar: "Avatars",
  "background-removal": "BackgroundRemovals",
  brand: "Brand",
  lipsync: "Lipsyncs",
  template: "Templates",
  user: "Users",
  "video-agent": "VideoAgents",
  "video-translate": "VideoTranslations",
  video: "Videos",
  voice: "Voices",
  webhook: "Webhooks"
}

/** Names the default rule (verb last, nouns singular) gets wrong. */
const names: Readonly<Record<string, string>> = {
  assetCompleteCreate: "complete",
  assetCompleteBatchesCreate: "completeBatch",
  voiceCloneCreate: "clone",
  webhookEndpointsRotateSecret: "rotateEndpointSecret"
}

const verbs: Readonly<Record<string, string>> = {
  Create: "create",
  List: "list",
  Get: "get",
  Delete: "remove",
  Update: "update",
  Search: "search",
  Generate: "generate",
  Send: "send",
  Stop: "stop"
}

const camel = (tag: string) => tag.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())
const singular = (word: string) =>
  word.endsWith("ches") || word.endsWith("uses") ? word.slice(0, -2) : word.replace(/s$/, "")

/** `videoBatchesCreate` in `video` → `createBatch`; lists keep their plural: `listStatuses`. */
const nameOf = (id: string, tag: string): string => {
  const override = names[id]
  if (override !== undefined) return override
  const prefix = camel(tag)
  if (!id.startsWith(prefix)) throw new Error(`${id} does not start with its tag ${tag}`)
  const words = id.slice(prefix.length).match(/[A-Z][a-z]*/g) ?? []
  const verb = verbs[words.at(-1) ?? ""]
  if (verb === undefined) throw new Error(`${id}: no verb; add it to names`)
  const nouns = words.slice(0, -1)
  return verb + (verb === "list" ? nouns.join("") : nouns.map(singular).join(""))
}

const methods = ["get", "post", "put", "patch", "delete"] as const

interface Document {
  readonly paths: Readonly<Record<string, Readonly<Record<string, RawOperation>>>>
}
interface RawOperation {
  readonly operationId: string
  readonly summary: string
  readonly tags: ReadonlyArray<string>
  readonly parameters?: ReadonlyArray<Param>
  readonly requestBody?: { readonly content: Readonly<Record<string, { readonly schema: JsonSchema }>> }
  readonly responses: Readonly<Record<string, { readonly content?: Record<string, { schema: JsonSchema }> }>>
  readonly "x-paginated"?: { readonly cursorParam: string; readonly limitParam: string }
  readonly "x-poll"?: Poll
  readonly "x-destructive"?: boolean
}

export const operations = (document: Document): ReadonlyArray<Operation> => {
  const result: Array<Operation> = []
  for (const [path, item] of Object.entries(document.paths)) {
    for (const key of Object.keys(item)) {
      if (!(methods as ReadonlyArray<string>).includes(key)) throw new Error(`${path}: unknown method ${key}`)
    }
    for (const method of methods) {
      const raw = item[method]
      if (raw === undefined) continue
      result.push(operation(path, method, raw))
    }
  }
  return result
}

const operation = (path: string, method: (typeof methods)[number], raw: RawOperation): Operation => {
  const tag = raw.tags[0] ?? ""
  const group = groups[tag]
  if (group === undefined || raw.tags.length !== 1) throw new Error(`${raw.operationId}: unknown tag ${tag}`)
  const params = raw.parameters ?? []
  const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)
  for (const param of params) {
    if (param.in === "path" && (!pathParams.includes(param.name) || param.schema.type !== "string")) {
      throw new Error(`${raw.operationId}: path parameter ${param.name} is not a string in the template`)
    }
    if (param.in !== "path" && param.in !== "query")
      throw new Error(`${raw.operationId}: ${param.in} parameter`)
  }
  const content = raw.requestBody?.content ?? {}
  const [mediaType, ...more] = Object.keys(content)
  if (more.length > 0) throw new Error(`${raw.operationId}: several request media types`)
  const bodyKind =
    mediaType === undefined ? "none" : mediaType === "multipart/form-data" ? "multipart" : "json"
  if (mediaType !== undefined && bodyKind === "json" && mediaType !== "application/json") {
    throw new Error(`${raw.operationId}: request media type ${mediaType}`)
  }
  const responses = Object.keys(raw.responses)
  if (responses.join() !== "200") throw new Error(`${raw.operationId}: responses ${responses.join()}`)
  const response = raw.responses["200"]?.content?.["application/json"]?.schema
  const pagination = raw["x-paginated"]
  return {
    id: raw.operationId,
    summary: raw.summary,
    group,
    name: nameOf(raw.operationId, tag),
    method: method.toUpperCase() as Operation["method"],
    path,
    pathParams,
    query: params.filter((p) => p.in === "query"),
    bodyKind,
    body: mediaType === undefined ? undefined : content[mediaType]!.schema,
    response,
    paginated:
      pagination === undefined
        ? undefined
        : { ...pagination, items: pageLocation(raw.operationId, response) },
    poll: raw["x-poll"],
    destructive: raw["x-destructive"] === true,
    timeout: bodyKind === "multipart" ? "upload" : method === "get" ? "read" : "write"
  }
}

/** A paginated response holds `has_more` next to `data`, or inside it next to `items`. */
const pageLocation = (id: string, response: JsonSchema | undefined): Paginated["items"] => {
  const data = response?.properties?.data
  if (response?.properties?.has_more !== undefined && data?.type === "array") return "data"
  if (data?.properties?.has_more !== undefined && data.properties.items?.type === "array") return "data.items"
  throw new Error(`${id}: x-paginated, but no page in the response`)
}
