/**
 * One upload in a process of its own, measured: `node --expose-gc upload-child.ts <apiUrl>
 * <key> <bytes> <mode>`. The bytes are made lazily, 64 KiB at a time, so the process holds
 * none of them but what is in flight. Modes:
 * - `ours`: `AssetUpload.upload` of an Effect `Stream`, the client over undici as the Node
 *   adapter's (the `PUT` goes over the client's bare `HttpClient`, so undici too);
 * - `ours-fetch`: the same over `fetch`;
 * - `fetch` / `http`: the same three calls (create the direct upload, `PUT` the same bytes to
 *   its URL, complete) by hand, the `PUT` with plain `fetch` or node:http.
 * Prints one JSON line: the baseline and peak RSS (sampled every 5 ms and at every chunk),
 * the time, the asset.
 */
import * as http from "node:http"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HeyGenClient from "@effect-heygen/core/HeyGenClient"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as AssetUpload from "../../src/AssetUpload.ts"
import * as HeyGenTransport from "../../src/HeyGenTransport.ts"

const [url, key, bytesArg, mode] = process.argv.slice(2) as [string, string, string, string]
const size = Number(bytesArg)
const chunkSize = 64 * 1024
// One chunk reused: the bytes a generator makes cost nothing to keep.
const template = new Uint8Array(chunkSize).fill(42)

let peak = 0
const sample = () => {
  const rss = process.memoryUsage.rss()
  if (rss > peak) peak = rss
}

const chunkAt = (sent: number) => {
  sample()
  // A fresh copy per chunk, as a reader of a file or socket would hand over.
  return template.slice(0, Math.min(chunkSize, size - sent))
}

const ours = () => {
  const bytes = Stream.unfold(0, (sent) => {
    if (sent >= size) return Effect.succeed(undefined)
    const next = chunkAt(sent)
    return Effect.succeed([next, sent + next.byteLength] as const)
  })
  const transport = HeyGenTransport.layer.pipe(
    Layer.provide(HeyGenClient.layer({ apiKey: Redacted.make(key), baseUrl: url })),
    // As an adapter does: the transport feeds the client only; the PUT takes the client's bare one.
    Layer.provide(mode === "ours-fetch" ? FetchHttpClient.layer : NodeHttpClient.layerUndici)
  )
  return Effect.runPromise(
    AssetUpload.upload(bytes, { filename: "big.mp4", contentType: "video/mp4", size }).pipe(
      Effect.provide(transport)
    )
  )
}

const raw = async () => {
  const headers = { "x-api-key": key, "content-type": "application/json" }
  const created = (await (
    await fetch(`${url}/v3/assets/direct-uploads`, {
      method: "POST",
      headers: { ...headers, "idempotency-key": crypto.randomUUID() },
      body: JSON.stringify({ filename: "big.mp4", content_type: "video/mp4", size_bytes: size })
    })
  ).json()) as { data: { asset_id: string; upload_url: string } }
  let sent = 0
  if (mode === "http") {
    await new Promise<void>((resolve, reject) => {
      const put = http.request(
        created.data.upload_url,
        { method: "PUT", headers: { "content-type": "video/mp4", "content-length": size } },
        (answer) => {
          answer.resume()
          answer.once("end", () =>
            answer.statusCode === 200 ? resolve() : reject(new Error(`PUT answered ${answer.statusCode}`))
          )
        }
      )
      put.once("error", reject)
      const write = () => {
        while (sent < size) {
          const next = chunkAt(sent)
          sent += next.byteLength
          if (!put.write(next)) return void put.once("drain", write)
        }
        put.end()
      }
      write()
    })
  } else {
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= size) return controller.close()
        const next = chunkAt(sent)
        sent += next.byteLength
        controller.enqueue(next)
      }
    })
    const put = await fetch(created.data.upload_url, {
      method: "PUT",
      headers: { "content-type": "video/mp4" },
      body,
      duplex: "half"
    } as RequestInit)
    await put.arrayBuffer()
    if (!put.ok) throw new Error(`PUT answered ${put.status}`)
  }
  const completed = await fetch(`${url}/v3/assets/${created.data.asset_id}/complete`, {
    method: "POST",
    headers: { ...headers, "idempotency-key": crypto.randomUUID() },
    body: "{}"
  })
  return ((await completed.json()) as { data: unknown }).data
}

const gc = (globalThis as { gc?: () => void }).gc
gc?.()
const baseline = process.memoryUsage.rss()
peak = baseline
const timer = setInterval(sample, 5)
const start = performance.now()
const asset = await (mode === "fetch" || mode === "http" ? raw() : ours())
const millis = performance.now() - start
clearInterval(timer)
sample()
process.stdout.write(
  `${JSON.stringify({ mode, size, baseline, peak, growth: peak - baseline, millis, asset, gc: gc !== undefined })}\n`
)
