/**
 * A raw node:http server for the client bench, run as its own process so the
 * client under test has the event loop to itself. Prints its port on stdout.
 * `/ok` answers 200; `/rate-limited` alternates a 429 (Retry-After: 0) and a 200.
 */
import * as http from "node:http"
import type { AddressInfo } from "node:net"

const ok = Buffer.from(JSON.stringify({ error: null, data: { remaining_quota: 1200 } }))
const limited = Buffer.from(
  JSON.stringify({
    error: {
      code: "rate_limit_exceeded",
      message: "Too many requests.",
      doc_url: "https://developers.heygen.com/docs/error-codes#rate-limit-exceeded"
    }
  })
)
let flip = 0

const server = http.createServer((req, res) => {
  req.resume()
  req.on("end", () => {
    if (req.url?.startsWith("/rate-limited") && flip++ % 2 === 0) {
      res.writeHead(429, {
        "content-type": "application/json",
        "retry-after": "0",
        "content-length": limited.length
      })
      res.end(limited)
      return
    }
    res.writeHead(200, { "content-type": "application/json", "content-length": ok.length })
    res.end(ok)
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, "127.0.0.1", () => console.log((server.address() as AddressInfo).port))
process.on("disconnect", () => process.exit(0))
