/**
 * The webhook direction: the emulator, on Node with deliveries on, delivers real signed
 * events to each adapter's webhook receiver running in its real runtime (a Node process,
 * workerd, a Deno process). Genuine deliveries are handled once; what is forged — a bad
 * signature the emulator is told to send, a tampered body, a wrong secret, no signature, a
 * secret rotated away — is refused with 401 and never reaches the handler; a duplicate the
 * emulator sends is acknowledged without being handled again. Rules W1–W3, W6, M33–M36.
 */
import { type ChildProcess, spawn } from "node:child_process"
import * as path from "node:path"
import * as Emulator from "@effect-heygen/emulator/Emulator"
import { ids, keys } from "@effect-heygen/emulator/Fixtures"
import { denoBinary } from "@effect-heygen/harness/deno"
import { signBody } from "@effect-heygen/harness/webhook"
import { bundle, freePort, startWorkerd, tempDir } from "@effect-heygen/harness/workerd"
import { NodeHeyGen } from "@effect-heygen/node"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { type Check, check } from "./Result.ts"
import type { Seen } from "./webhooks/app.ts"

export interface Receiver {
  readonly url: string
  readonly stop: () => void
}

const here = import.meta.dirname
const root = path.resolve(here, "..")
const controlToken = "conformance-webhook-control-token"

/** A receiver process that prints `{"url"}` first, with the secret in its environment. */
const processReceiver = (command: string, args: Array<string>, secret: string) =>
  new Promise<Receiver>((resolve, reject) => {
    const child: ChildProcess = spawn(command, args, {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", HEYGEN_WEBHOOK_SECRET: secret }
    })
    let out = ""
    let err = ""
    child.stderr?.on("data", (d) => {
      err += d
    })
    child.stdout?.on("data", (d) => {
      out += d
      const newline = out.indexOf("\n")
      if (newline >= 0) {
        const { url } = JSON.parse(out.slice(0, newline)) as { url: string }
        resolve({ url, stop: () => child.kill("SIGKILL") })
      }
    })
    child.once("exit", (code) => reject(new Error(`receiver exited (${code}): ${err.slice(-2000)}`)))
  })

/** Each runtime's receiver, given the endpoint's secret. */
export const receivers: Readonly<Record<string, (secret: string) => Promise<Receiver>>> = {
  node: (secret) => processReceiver(process.execPath, [path.join(here, "webhooks/node.ts")], secret),
  deno: (secret) =>
    processReceiver(
      denoBinary(),
      [
        "run",
        "--quiet",
        "--node-modules-dir=manual",
        "--allow-net",
        "--allow-env",
        path.join(here, "webhooks/deno.ts")
      ],
      secret
    ),
  workerd: async (secret) => {
    const dir = tempDir()
    await bundle(path.join(here, "webhooks/worker.ts"), path.join(dir, "webhook.js"))
    const port = await freePort()
    const workerd = await startWorkerd(
      [{ name: "w", script: "webhook.js", port, bindings: { HEYGEN_WEBHOOK_SECRET: secret } }],
      dir,
      { output: "ignore" }
    )
    return { url: `http://127.0.0.1:${port}`, stop: workerd.stop }
  }
}

/** The emulator with deliveries on, served by the Node adapter until `close`. */
const startEmulator = async () => {
  const scope = await Effect.runPromise(Scope.make())
  const { url } = await Effect.runPromise(
    Scope.provide(scope)(
      Effect.flatMap(
        Emulator.make({
          control: true,
          controlToken,
          rateLimit: { capacity: 100_000, refillPerSecond: 0 },
          webhooks: { sweepMillis: 50, backoffMillis: 200, attempts: 3 }
        }),
        (app) => NodeHeyGen.serve(app)
      )
    )
  )
  return { url, close: () => Effect.runPromise(Scope.close(scope, Exit.void)) }
}

const until = async (ready: () => Promise<boolean>) => {
  const started = Date.now()
  while (!(await ready())) {
    if (Date.now() - started > 20_000) return false
    await new Promise((r) => setTimeout(r, 50))
  }
  return true
}

/** The checks for one runtime's receiver (or for `start`'s, given one). */
export const run = async (
  runtime: string,
  start: ((secret: string) => Promise<Receiver>) | undefined = receivers[runtime]
): Promise<Array<Check & { readonly case: string }>> => {
  if (start === undefined) return []
  const emulator = await startEmulator()
  const results: Array<Check & { readonly case: string }> = []
  const add = (name: string, c: Check) => results.push({ ...c, case: name })
  let receiver: Receiver | undefined
  try {
    const api = async (method: string, route: string, body?: unknown) => {
      const response = await fetch(emulator.url + route, {
        method,
        headers: {
          "x-api-key": keys.paid,
          ...(body === undefined ? {} : { "content-type": "application/json" })
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      })
      return (await response.json()) as { data: Record<string, unknown> & Array<Record<string, unknown>> }
    }
    const control = async (method: string, route: string, body?: unknown) => {
      const response = await fetch(`${emulator.url}/__emulator/${route}`, {
        method,
        headers: {
          "x-emulator-token": controlToken,
          ...(body === undefined ? {} : { "content-type": "application/json" })
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      })
      return (await response.json()) as {
        data: { attempts: Array<{ event_id: string; attempt: number; status: number }> }
      }
    }
    // The endpoint first (its secret starts the receiver), then pointed at the receiver.
    const endpoint = (
      await api("POST", "/v3/webhooks/endpoints", { url: "https://placeholder.invalid/hook" })
    ).data
    const secret = endpoint.secret as string
    receiver = await start(secret)
    const hook = `${receiver.url}/hook`
    await api("PATCH", `/v3/webhooks/endpoints/${endpoint.endpoint_id}`, { url: hook })
    const seen = async () => (await (await fetch(`${receiver!.url}/seen`)).json()) as Array<Seen>
    const finished = async (script: string) => {
      const video = (
        await api("POST", "/v3/videos", {
          type: "avatar",
          avatar_id: ids.publicAvatar,
          voice_id: ids.publicVoice,
          script
        })
      ).data
      await control("POST", "clock", { advance_ms: 60_000 })
      return `evt_${video.video_id}_success`
    }
    const attemptsOf = async (event: string) =>
      (await control("GET", "webhooks")).data.attempts.filter((a) => a.event_id === event)
    const handled = async (event: string) => (await seen()).filter((s) => s.id === event).length

    // M33, W1: a genuine delivery is verified and handled once, its type decoded.
    const genuine = await finished("Conformance: genuine.")
    const arrived = await until(async () => (await handled(genuine)) === 1)
    const tags = (await seen()).filter((s) => s.id === genuine).map((s) => s.tag)
    add("genuine delivery", check("M33", arrived, "the event delivered to the endpoint", tags))
    add(
      "genuine delivery",
      check(
        "W1",
        arrived && tags[0] === "avatar_video.success",
        "handled once, typed avatar_video.success",
        tags
      )
    )

    // M35, W2: told to, the emulator signs the next delivery wrongly: refused (401), then its retry accepted.
    await control("POST", "webhooks", { next: "bad_signature" })
    const forged = await finished("Conformance: forged.")
    await until(async () => (await handled(forged)) === 1)
    const tries = (await attemptsOf(forged)).map((a) => a.status)
    add("emulator's bad signature", check("M35", tries[0] === 401, "the forged attempt answered 401", tries))
    add(
      "emulator's bad signature",
      check(
        "W2",
        tries[0] === 401 && tries[1] === 200 && (await handled(forged)) === 1,
        "401, then the genuine retry handled once",
        tries
      )
    )

    // M35, W6: told to, the emulator delivers the next event twice: both acknowledged, handled once.
    await control("POST", "webhooks", { next: "duplicate" })
    const twice = await finished("Conformance: twice.")
    await until(async () => (await attemptsOf(twice)).length === 2)
    const both = (await attemptsOf(twice)).map((a) => a.status)
    add("emulator's duplicate", check("M35", both.length === 2, "the event delivered twice", both))
    add(
      "emulator's duplicate",
      check("W6", both.join() === "200,200" && (await handled(twice)) === 1, "both 200, handled once", {
        statuses: both,
        handled: await handled(twice)
      })
    )

    // W2: forged here — with the endpoint's own secret over another body, another secret, none.
    const body = (id: string) =>
      JSON.stringify({
        event_id: `evt_forged_${id}`,
        event_type: "avatar_video.success",
        event_data: { video_id: id }
      })
    const send = async (payload: string, signature?: string) =>
      (
        await fetch(hook, {
          method: "POST",
          body: payload,
          headers: { "content-type": "application/json", ...(signature === undefined ? {} : { signature }) }
        })
      ).status
    const before = (await seen()).length
    const forgeries = {
      "tampered body": await send(body("b"), await signBody(secret, body("a"))),
      "wrong secret": await send(body("c"), await signBody("whsec_attacker", body("c"))),
      unsigned: await send(body("d"))
    }
    const after = (await seen()).length
    for (const [name, status] of Object.entries(forgeries))
      add(
        name,
        check("W2", status === 401 && after === before, "401, the handler not run", {
          status,
          handled: after - before
        })
      )

    // M36, W3: after rotate-secret, deliveries are signed with the new secret, which this receiver lacks.
    await api("POST", `/v3/webhooks/endpoints/${endpoint.endpoint_id}/rotate-secret`)
    const rotated = await finished("Conformance: rotated.")
    await until(async () => (await attemptsOf(rotated)).length >= 1)
    const rotatedTries = (await attemptsOf(rotated)).map((a) => a.status)
    add(
      "secret rotated away",
      check(
        "M36",
        rotatedTries[0] === 401 && (await handled(rotated)) === 0,
        "signed with the new secret: refused by a receiver holding the old",
        rotatedTries
      )
    )
  } finally {
    receiver?.stop()
    await emulator.close()
  }
  return results
}
