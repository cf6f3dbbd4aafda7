/**
 * A local stand-in for HeyGen that answers `POST /v2/video/generate` from a script,
 * one answer per call, so each run of the program meets a different outcome.
 */
import * as http from "node:http"
import type { AddressInfo } from "node:net"

type Answer = { readonly status: number; readonly headers?: Record<string, string>; readonly body: unknown }

const error = (code: string, message: string) => ({
  error: {
    code,
    message,
    doc_url: `https://developers.heygen.com/docs/error-codes#${code.replaceAll("_", "-")}`
  }
})

export const generateAnswers: ReadonlyArray<Answer> = [
  { status: 200, body: { error: null, data: { video_id: "v_1f9a" } } },
  {
    status: 402,
    body: error("insufficient_credit", "Your account has 5 credits but this video requires 12 credits.")
  },
  {
    status: 429,
    headers: { "retry-after": "120" },
    body: error("rate_limit_exceeded", "Too many requests.")
  },
  { status: 404, body: error("avatar_not_found", "Avatar Daisy-inskirt-20220818 is still training.") }
]

export const start = async () => {
  let generated = 0
  const server = http.createServer((req, res) => {
    req.resume().on("end", () => {
      const send = ({ status, headers, body }: Answer) =>
        res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body))
      if (req.headers["x-api-key"] !== "demo-key")
        return send({ status: 401, body: error("unauthorized", "Invalid API key.") })
      if (req.url === "/v2/avatars") {
        return send({
          status: 200,
          body: {
            error: null,
            data: { avatars: [{ avatar_id: "Daisy-inskirt-20220818", avatar_name: "Daisy" }] }
          }
        })
      }
      if (req.url === "/v2/video/generate")
        return send(generateAnswers[generated++ % generateAnswers.length]!)
      send({ status: 404, body: error("invalid_parameter", `No route ${req.method} ${req.url}`) })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() }
}
