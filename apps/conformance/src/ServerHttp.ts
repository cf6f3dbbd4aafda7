/**
 * Talking to a server under test over HTTP: one call, its answer parsed, and large bodies sent
 * the careful way (`Expect: 100-continue`). The control token goes to our emulator's control
 * endpoints only.
 */
import * as net from "node:net"

export interface Answer {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  readonly body: { readonly error?: Record<string, unknown> } | undefined
}

export interface Context {
  /** The server's origin, `http://127.0.0.1:8787`. */
  readonly baseUrl: string
  /** The API key for cases that need a valid one; `undefined` skips them. */
  readonly apiKey: string | undefined
  /** `true` against our own servers: doc_url must be the catalog's exactly (C2). */
  readonly ours: boolean
  readonly call: (
    method: string,
    path: string,
    init?: {
      readonly key?: string
      readonly body?: string | object
      readonly headers?: Record<string, string>
    }
  ) => Promise<Answer>
}

/**
 * Calls to `baseUrl`. `controlToken` (our servers only) goes with every request to the
 * emulator's control endpoints, as `X-Emulator-Token`; no other server ever sees it.
 */
export const makeContext = (
  baseUrl: string,
  apiKey: string | undefined,
  ours: boolean,
  controlToken?: string
): Context => ({
  baseUrl,
  apiKey,
  ours,
  call: async (method, path, init = {}) => {
    const body =
      init.body === undefined || typeof init.body === "string" ? init.body : JSON.stringify(init.body)
    if (body !== undefined && body.length > 64 * 1024) return upload(`${baseUrl}${path}`, method, body)
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(init.key === undefined ? {} : { "x-api-key": init.key }),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(controlToken !== undefined && path.startsWith("/__emulator/")
          ? { "x-emulator-token": controlToken }
          : {}),
        ...init.headers
      },
      ...(body === undefined ? {} : { body })
    })
    const text = await response.text()
    let parsed: Answer["body"]
    try {
      parsed = JSON.parse(text)
    } catch {
      parsed = undefined
    }
    return { status: response.status, headers: response.headers, text, body: parsed }
  }
})

/**
 * A large body the way careful clients send one (`Expect: 100-continue`, as curl does): a
 * server may answer S2's refusal before reading it and close — with fetch the upload then
 * fails and the answer is lost. The body goes only after `100 Continue` (or a second's
 * silence); a final answer instead ends the exchange.
 */
const upload = (url: string, method: string, body: string) =>
  new Promise<Answer>((resolve, reject) => {
    const { hostname, port, pathname, search } = new URL(url)
    const socket = net.connect(Number(port), hostname)
    let received = Buffer.alloc(0)
    let sent = false
    const send = () => {
      if (sent) return
      sent = true
      socket.end(body)
    }
    const timer = setTimeout(send, 1000)
    /** The final answer once it is complete (Content-Length bytes after the headers). */
    const parse = (): Answer | undefined => {
      const raw = received.toString("utf8").replace(/^HTTP\/1\.1 100 [^\r]*\r\n\r\n/, "")
      const split = raw.indexOf("\r\n\r\n")
      if (split < 0) return undefined
      const [statusLine = "", ...lines] = raw.slice(0, split).split("\r\n")
      const headers = new Headers()
      for (const line of lines) {
        const colon = line.indexOf(":")
        headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim())
      }
      const text = raw.slice(split + 4)
      if (Buffer.byteLength(text) < Number(headers.get("content-length") ?? Number.POSITIVE_INFINITY))
        return undefined
      let parsed: Answer["body"]
      try {
        parsed = JSON.parse(text)
      } catch {
        parsed = undefined
      }
      return { status: Number(statusLine.split(" ")[1]), headers, text, body: parsed }
    }
    socket.on("data", (chunk: Buffer) => {
      clearTimeout(timer)
      received = Buffer.concat([received, chunk])
      const answer = parse()
      if (answer !== undefined) {
        socket.destroy()
        return resolve(answer)
      }
      if (/^HTTP\/1\.1 100 [^\r]*\r\n\r\n$/.test(received.toString("latin1"))) send()
    })
    socket.on("error", () => {})
    socket.on("close", () => {
      clearTimeout(timer)
      const answer = parse()
      if (answer === undefined) reject(new Error(`no answer to a ${body.length}-byte body`))
      else resolve(answer)
    })
    socket.write(
      `${method} ${pathname}${search} HTTP/1.1\r\nhost: ${hostname}:${port}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nexpect: 100-continue\r\nconnection: close\r\n\r\n`
    )
  })

/** A whole HTTP/1.1 response read to the connection's close: head, then a plain or chunked body. */
const parseClosed = (received: Buffer): Answer => {
  const raw = received.toString("latin1")
  const split = raw.indexOf("\r\n\r\n")
  const [statusLine = "", ...lines] = raw.slice(0, Math.max(split, 0)).split("\r\n")
  const headers = new Headers()
  for (const line of lines) {
    const colon = line.indexOf(":")
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim())
  }
  let body = received.subarray(split + 4)
  if (/chunked/i.test(headers.get("transfer-encoding") ?? "")) {
    const parts: Array<Buffer> = []
    let at = 0
    for (;;) {
      const end = body.indexOf("\r\n", at)
      const size = Number.parseInt(body.subarray(at, end).toString("latin1"), 16)
      if (end < 0 || !(size > 0)) break
      parts.push(body.subarray(end + 2, end + 2 + size))
      at = end + 2 + size + 2
    }
    body = Buffer.concat(parts)
  }
  const text = body.toString("utf8")
  let parsed: Answer["body"]
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  return { status: Number(statusLine.split(" ")[1]), headers, text, body: parsed }
}

/**
 * A request whose body arrives slowly: its head and the first bytes now, the rest when
 * `finish` is called — so a server is seen mid-request (an `Idempotency-Key` in flight).
 */
export const slowRequest = (
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string
) => {
  const { hostname, port } = new URL(baseUrl)
  const socket = net.connect(Number(port), hostname)
  let received = Buffer.alloc(0)
  const answer = new Promise<Answer>((resolve, reject) => {
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
    })
    socket.on("error", reject)
    socket.on("close", () =>
      received.length === 0 ? reject(new Error("no answer")) : resolve(parseClosed(received))
    )
  })
  const head = Object.entries({
    host: `${hostname}:${port}`,
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(body)),
    connection: "close",
    ...headers
  })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("")
  socket.write(`${method} ${path} HTTP/1.1\r\n${head}\r\n${body.slice(0, 5)}`)
  return {
    finish: () => {
      socket.write(body.slice(5))
      return answer
    }
  }
}
