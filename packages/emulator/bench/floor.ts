/**
 * The floor: raw node:http answering exactly the bytes the emulator answers,
 * given as JSON in argv[2] ({ path: { status, headers, body } }). Prints its port.
 */
import * as http from "node:http"
import type { AddressInfo } from "node:net"

const answers: Record<string, { status: number; headers: Record<string, string>; body: string }> = JSON.parse(
  process.argv[2]!
)
const server = http.createServer((req, res) => {
  req.resume()
  const answer = answers[req.url ?? ""]!
  res.writeHead(answer.status, answer.headers).end(answer.body)
})
server.listen(0, "127.0.0.1", () => console.log((server.address() as AddressInfo).port))
process.on("disconnect", () => process.exit(0))
