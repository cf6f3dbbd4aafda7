/**
 * The client direction's server, on Node at 127.0.0.1: serves each vector's response
 * byte for byte (`/v/<id>`), the retry scenarios in turn (`/s/<run>/<name>`, or under `/v3`, recording
 * attempts and Idempotency-Keys, read back at `/__seen/<run>/<name>`), and the vector ids
 * (`/__vectors`).
 */
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { scenarios } from "./Scenarios.ts"
import type * as Vectors from "./Vectors.ts"

const days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
const two = (n: number) => String(n).padStart(2, "0")

/** An HTTP-date `offset` seconds from now in one of RFC 9110's three forms. */
export const httpDate = (offsetSeconds: number, form: string, now = Date.now()): string => {
  const d = new Date(now + offsetSeconds * 1000)
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`
  const [day, month] = [days[d.getUTCDay()]!, months[d.getUTCMonth()]!]
  if (form === "rfc850")
    return `${day}, ${two(d.getUTCDate())}-${month}-${two(d.getUTCFullYear() % 100)} ${time} GMT`
  if (form === "asctime")
    return `${day.slice(0, 3)} ${month} ${String(d.getUTCDate()).padStart(2, " ")} ${time} ${d.getUTCFullYear()}`
  return d.toUTCString()
}

const fill = (value: string) =>
  value.replace(/\{\{http-date:(-?\d+):(\w+)\}\}/g, (_, offset: string, form: string) =>
    httpDate(Number(offset), form)
  )

export interface Replay {
  readonly url: string
  readonly close: () => Promise<void>
}

export const start = async (vectors: ReadonlyArray<Vectors.Vector>): Promise<Replay> => {
  const byId = new Map(vectors.map((v) => [v.id, v]))
  const seen = new Map<string, { attempts: number; keys: Array<string | null> }>()
  const server = http.createServer((req, res) => {
    req.resume()
    const url = new URL(req.url ?? "/", "http://127.0.0.1")
    const parts = url.pathname.split("/").filter(Boolean)
    // A scenario on a v3 route (`/v3/s/<run>/<name>`) is served like any other.
    if (parts[0] === "v3" && parts[1] === "s") parts.shift()
    if (url.pathname === "/__vectors") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify([...byId.keys()]))
      return
    }
    if (parts[0] === "v" && byId.has(parts[1] ?? "")) {
      const { response } = byId.get(parts[1]!)!
      const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k, fill(v)]))
      res.writeHead(response.status, headers)
      // Oversized bodies are streamed; the client is expected to stop reading early (D1).
      // A server that echoes the request's key back (S1: the client must scrub it).
      const apiKey = req.headers["x-api-key"]
      const chunk = Buffer.from(
        response.body.replaceAll("{{x-api-key}}", typeof apiKey === "string" ? apiKey : "")
      )
      let left = response.repeat ?? 1
      const pump = () => {
        while (left > 0) {
          left--
          if (!res.write(chunk)) return res.once("drain", pump)
        }
        res.end()
      }
      res.on("error", () => {})
      pump()
      return
    }
    if (parts[0] === "s" && parts.length === 3 && scenarios[parts[2]!] !== undefined) {
      const key = `${parts[1]}/${parts[2]}`
      const record = seen.get(key) ?? { attempts: 0, keys: [] }
      seen.set(key, record)
      const replies = scenarios[parts[2]!]!.replies
      const reply = replies[Math.min(record.attempts, replies.length - 1)]!
      record.attempts++
      const idempotency = req.headers["idempotency-key"]
      record.keys.push(typeof idempotency === "string" ? idempotency : null)
      res.writeHead(reply.status, reply.headers).end(reply.body)
      return
    }
    if (parts[0] === "__seen" && parts.length === 3) {
      const record = seen.get(`${parts[1]}/${parts[2]}`) ?? { attempts: 0, keys: [] }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(record))
      return
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("no such vector")
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
