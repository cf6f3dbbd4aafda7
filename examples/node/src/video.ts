/**
 * From request to finished video, on Node: the emulator (webhooks on) and a webhook receiver,
 * both served by the Node adapter; a video created, its end learned from the signed webhook
 * (polling is the fallback), its file downloaded; then a failing render and a broke key, each
 * handled by its tag.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as Download from "@effect-heygen/api/Download"
import * as HeyGenTransport from "@effect-heygen/api/HeyGenTransport"
import * as Jobs from "@effect-heygen/api/Jobs"
import * as Videos from "@effect-heygen/api/Videos"
import type * as Webhook from "@effect-heygen/api/Webhook"
import * as WebhookEndpoint from "@effect-heygen/api/WebhookEndpoint"
import type * as WebhookEvent from "@effect-heygen/api/WebhookEvent"
import { Emulator } from "@effect-heygen/emulator"
import { NodeDownload, NodeHeyGen, NodeWebhook } from "@effect-heygen/node"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

const controlToken = crypto.randomUUID()

/** The v3 API with `apiKey`. */
const heygen = (baseUrl: string, apiKey: string) =>
  HeyGenTransport.layer.pipe(Layer.provide(NodeHeyGen.layer({ baseUrl, apiKey: Redacted.make(apiKey) })))

/** Renders take minutes; the emulator's clock is moved on instead. */
const advanceClock = (emulator: string) =>
  Effect.promise(() =>
    fetch(`${emulator}/__emulator/clock`, {
      method: "POST",
      headers: { "x-emulator-token": controlToken, "content-type": "application/json" },
      body: JSON.stringify({ advance_ms: 60_000 })
    })
  )

/** Video id → the webhook event saying it ended, for the render waiting on it. */
const inbox = new Map<string, Deferred.Deferred<WebhookEvent.WebhookEvent>>()
const receive = ({ event }: Webhook.Verified) => {
  const waiting = inbox.get(
    event._tag === "avatar_video.success" || event._tag === "avatar_video.fail"
      ? event.event_data.video_id
      : ""
  )
  return waiting === undefined ? Effect.void : Deferred.succeed(waiting, event)
}

/**
 * Creates a video and answers it finished, by the first of: the webhook saying it ended (one
 * read then answers the video, or `JobFailed`), or polling — the fallback, from 5 s on, should
 * deliveries be lost. The loser is interrupted.
 */
const render = (emulator: string, script: string) =>
  Effect.gen(function* () {
    const avatar = { avatar_id: "Daisy-inskirt-20220818", voice_id: "2d5b0e6cf36f460aa7fc47e3eee4ba54" }
    const { video_id } = yield* Videos.create({ type: "avatar", ...avatar, script })
    const ended = yield* Deferred.make<WebhookEvent.WebhookEvent>()
    inbox.set(video_id, ended)
    const byWebhook = Effect.flatMap(Deferred.await(ended), (event) =>
      Effect.map(Jobs.waitFor(Jobs.video, video_id), (video) => ({ video, via: `webhook ${event._tag}` }))
    )
    const byPolling = Jobs.waitFor(Jobs.video, video_id).pipe(
      Effect.map((video) => ({ video, via: "polling" })),
      Effect.delay("5 seconds")
    )
    const [finished] = yield* Effect.all([Effect.raceFirst(byWebhook, byPolling), advanceClock(emulator)], {
      concurrency: 2
    }).pipe(Effect.ensuring(Effect.sync(() => inbox.delete(video_id))))
    return finished
  })

/** The walk-through, against the emulator at `emulator` with a paid key. */
const tour = (emulator: string) =>
  Effect.gen(function* () {
    // The receiver's secret is shown when its endpoint is made, which needs the receiver's URL:
    // deliveries wait for it.
    const secret = yield* Deferred.make<Redacted.Redacted<string>>()
    const receiver = yield* NodeHeyGen.serve(
      Effect.flatMap(Deferred.await(secret), (secrets) => NodeWebhook.webhook({ secrets }, receive))
    )
    const endpoint = yield* WebhookEndpoint.create({
      url: `${receiver.url}/`,
      events: ["avatar_video.success", "avatar_video.fail"]
    })
    yield* Deferred.succeed(secret, endpoint.secret)
    console.log(`emulator ${emulator}, webhooks to ${endpoint.url} (secret ${endpoint.secret})`)

    const { video, via } = yield* render(emulator, "Hello from Effect on Node!")
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "heygen-example-"))
    const file = yield* NodeDownload.toFile(
      Download.download(video, { variant: "video" }),
      path.join(dir, `${video.id}.mp4`)
    )
    console.log(`video ${video.id} ${video.status} (by ${via}): ${file.bytes} bytes to ${file.path}`)

    const failing = yield* render(emulator, "This one breaks. [[fail]]").pipe(
      Effect.map(({ video }) => `${video.id} ${video.status}`),
      Effect.catchTag("JobFailed", (e) => Effect.succeed(`JobFailed ${e.failure_code}: ${e.failure_message}`))
    )
    console.log(`failing render: ${failing}`)

    const broke = yield* render(emulator, "x".repeat(350)).pipe(
      Effect.map(({ video }) => `${video.id} ${video.status}`),
      Effect.catchTag("InsufficientCredit", (e) =>
        Effect.succeed(`InsufficientCredit, have ${e.available}, need ${e.required}`)
      ),
      Effect.provide(heygen(emulator, "hg_broke_0001")) // 2 credits
    )
    console.log(`broke key: ${broke}`)
  }).pipe(Effect.provide(heygen(emulator, "hg_paid_0001")))

const program = Effect.gen(function* () {
  const emulator = yield* NodeHeyGen.serve(
    // `--without-webhooks`: the emulator delivers none, and polling — the fallback — learns the end.
    yield* Emulator.make({
      webhooks: !process.argv.includes("--without-webhooks"),
      control: true,
      controlToken
    })
  )
  yield* tour(emulator.url)
})

Effect.runPromise(Effect.scoped(program))
