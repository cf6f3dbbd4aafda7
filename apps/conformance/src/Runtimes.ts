/**
 * Starts each adapter in its real runtime: a Node process, a workerd process, a Deno
 * process — for the server direction (the conformance app, reached over HTTP) and the
 * client direction (the probe, reporting JSON).
 */
import { type ChildProcess, spawn } from "node:child_process"
import * as path from "node:path"
import { denoBinary } from "@effect-heygen/harness/deno"
import { bundle, freePort, startWorkerd, tempDir } from "@effect-heygen/harness/workerd"
import * as Probe from "./Probe.ts"
import type * as V3Report from "./V3Report.ts"

export interface Server {
  readonly url: string
  readonly stop: () => void
}

export interface Runtime {
  readonly name: string
  /** Not in the default set: fixtures that exist to prove the suite can fail. */
  readonly hidden?: boolean
  readonly server: () => Promise<Server>
  /** Runs the probe against the replay server, then the v3 probe against the emulator. */
  readonly probe?: (replayUrl: string, v3: V3Report.Targets) => Promise<Probe.Report>
}

const here = import.meta.dirname
const root = path.resolve(here, "..")
const entry = (file: string) => path.join(here, file)

/** A child's output: its first line (servers print their URL) and all of it at a clean exit (probes). */
const watch = (child: ChildProcess, what: string) => {
  let out = ""
  let err = ""
  child.stderr?.on("data", (d) => {
    err += d
  })
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve))
  const failed = (code: number | null) => new Error(`${what} exited (${code}): ${err.slice(-2000)}`)
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (d) => {
      out += d
      const newline = out.indexOf("\n")
      if (newline >= 0) resolve(out.slice(0, newline))
    })
    exited.then((code) => reject(failed(code)))
  })
  // A server killed after use "fails" here; only probes, which must exit cleanly, ask.
  firstLine.catch(() => {})
  const all = () => exited.then((code) => (code === 0 ? out : Promise.reject(failed(code))))
  return { firstLine, all }
}

const processServer = async (command: string, args: Array<string>, what: string): Promise<Server> => {
  const child = spawn(command, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: childEnv })
  // Its output keeps being read (logged defects), so it never blocks on a full pipe.
  const { url } = JSON.parse(await watch(child, what).firstLine) as { url: string }
  return { url, stop: () => child.kill("SIGKILL") }
}

// Deno would otherwise look for updates on every start.
const childEnv = { ...process.env, DENO_NO_UPDATE_CHECK: "1" }
const denoRun = [
  "run",
  "--quiet",
  "--node-modules-dir=manual",
  "--allow-net",
  "--allow-env",
  "--unstable-no-legacy-abort"
]

const bundles = new Map<string, Promise<string>>()
const bundled = (file: string) => {
  let out = bundles.get(file)
  if (out === undefined) {
    const target = path.join(tempDir(), `${path.basename(file, ".ts")}.js`)
    out = bundle(entry(file), target).then(() => target)
    bundles.set(file, out)
  }
  return out
}

const inWorkerd = async (file: string, bindings: Record<string, string> = {}) => {
  const script = await bundled(file)
  const port = await freePort()
  const workerd = await startWorkerd(
    [{ name: "w", script: path.basename(script), port, bindings }],
    path.dirname(script),
    { output: "ignore" } // the defects the server logs are not the report's business
  )
  return { url: `http://127.0.0.1:${port}`, stop: workerd.stop }
}

export const all: ReadonlyArray<Runtime> = [
  {
    name: "node",
    server: () => processServer(process.execPath, [entry("servers/node.ts")], "node server"),
    probe: async (replayUrl, v3) =>
      JSON.parse(
        await watch(
          spawn(process.execPath, [entry("probes/node.ts"), replayUrl, JSON.stringify(v3)], { cwd: root }),
          "node probe"
        ).all()
      )
  },
  {
    name: "workerd",
    server: () => inWorkerd("servers/worker.ts"),
    probe: async (replayUrl, v3) => {
      const worker = await inWorkerd("probes/worker.ts", {
        HEYGEN_BASE_URL: replayUrl,
        HEYGEN_API_KEY: Probe.apiKey,
        CONFORMANCE_V3: JSON.stringify(v3)
      })
      try {
        const response = await fetch(`${worker.url}/probe`)
        const report = (await response.json()) as Probe.Report & { defect?: string }
        if (report.defect !== undefined) throw new Error(`workerd probe: ${report.defect}`)
        return report
      } finally {
        worker.stop()
      }
    }
  },
  {
    name: "deno",
    server: () => processServer(denoBinary(), [...denoRun, entry("servers/deno.ts")], "deno server"),
    probe: async (replayUrl, v3) =>
      JSON.parse(
        await watch(
          spawn(denoBinary(), [...denoRun, entry("probes/deno.ts"), replayUrl, JSON.stringify(v3)], {
            cwd: root,
            env: childEnv
          }),
          "deno probe"
        ).all()
      )
  },
  {
    name: "broken",
    hidden: true,
    server: () => processServer(process.execPath, [entry("servers/broken.ts")], "broken server")
  },
  {
    // A runtime that never starts: its steps must be reported as `run`, not as a wire rule.
    name: "crashing",
    hidden: true,
    server: () => processServer(process.execPath, ["-e", "process.exit(3)"], "crashing server"),
    probe: () => Promise.reject(new Error("crashing probe: no runtime"))
  }
]
