/**
 * The client direction's v3 server, on Node at 127.0.0.1: the emulator with control on, and
 * in front of the same emulator (same state) a "future" origin that answers as HeyGen may
 * once answer — each answer's `data` (and each item of a list) with a member the spec lacks
 * and every `status` a value the spec lacks; `GET /v3/videos/drop-id~<id>` answers that
 * video without its required `id`. A client that decodes forward-compatibly keeps the
 * first two and names the path of the third (rule V9). It also records the `Idempotency-Key`
 * of each mutation it forwards, read back at `GET /__conformance/keys` (rule V6: the same
 * key on every attempt).
 */
import * as Emulator from "@effect-heygen/emulator/Emulator"
import { serveWeb } from "@effect-heygen/harness/node"
import { NodeHeyGen } from "@effect-heygen/node"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { dropIdPrefix, futureMember, futureStatusSuffix, keysPath, type Targets } from "./V3Report.ts"

export const controlToken = "conformance-v3-control-token"

export interface Served extends Targets {
  readonly close: () => Promise<void>
}

const isObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

const fromTheFuture = (item: unknown, dropId: boolean): unknown => {
  if (!isObject(item)) return item
  const next: Record<string, unknown> = { ...item, [futureMember.name]: futureMember.value }
  if (typeof next.status === "string") next.status = `${next.status}${futureStatusSuffix}`
  if (dropId) delete next.id
  return next
}

export const start = async (): Promise<Served> => {
  // Served by the Node adapter itself: a request's body streams in, so a key is claimed
  // while the body still arrives (the in-flight 409 needs that).
  const scope = Scope.makeUnsafe()
  const emulator = await Effect.runPromise(
    Scope.provide(
      Effect.flatMap(Emulator.make({ control: true, controlToken }), (app) => NodeHeyGen.serve(app)),
      scope
    )
  )
  // The newest attempts only: the table is bounded like every other.
  const attempts: Array<{ readonly method: string; readonly path: string; readonly key: string | null }> = []
  const future = await serveWeb(async (request) => {
    const url = new URL(request.url)
    if (url.pathname === keysPath) return Response.json(attempts)
    if (request.method !== "GET") {
      attempts.push({
        method: request.method,
        path: url.pathname,
        key: request.headers.get("idempotency-key")
      })
      if (attempts.length > 100) attempts.shift()
    }
    const prefix = `/v3/videos/${dropIdPrefix}`
    const dropId = request.method === "GET" && url.pathname.startsWith(prefix)
    if (dropId) url.pathname = `/v3/videos/${url.pathname.slice(prefix.length)}`
    const response = await fetch(`${emulator.url}${url.pathname}${url.search}`, {
      method: request.method,
      headers: request.headers,
      ...(request.method === "GET" ? {} : { body: await request.arrayBuffer() })
    })
    if (request.method !== "GET" || response.status !== 200) return response
    const body = (await response.json()) as Record<string, unknown>
    const data = Array.isArray(body.data)
      ? body.data.map((item) => fromTheFuture(item, false))
      : fromTheFuture(body.data, dropId)
    const headers = new Headers(response.headers)
    headers.delete("content-length")
    return new Response(JSON.stringify({ ...body, data }), { status: 200, headers })
  })
  return {
    emulatorUrl: emulator.url,
    futureUrl: future.url,
    controlToken,
    close: async () => {
      await Promise.all([Effect.runPromise(Scope.close(scope, Exit.void)), future.close()])
    }
  }
}
