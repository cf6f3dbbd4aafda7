/**
 * Runs workers in a real workerd (the binary from npm) for tests, benches, examples and
 * the conformance app: bundle with esbuild, generate a capnp config, spawn, wait for it.
 */
import { type ChildProcess, spawn } from "node:child_process"
import * as fs from "node:fs"
import { createRequire } from "node:module"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import * as esbuild from "esbuild"

// The real binary: node_modules/.bin/workerd is a shell → node → workerd chain, and killing the
// shim leaves workerd running with our stdio, so the test runner never sees its pipes close.
const workerd = createRequire(import.meta.url)("workerd") as { default: string; version: string }
const binary = workerd.default
export const workerdVersion = workerd.version

/**
 * Bundles a worker for workerd: browser platform, workerd conditions, no Node built-ins
 * (none may be reachable). `entry` is resolved from the working directory.
 */
export const bundle = async (entry: string, outfile: string) => {
  await esbuild.build({
    entryPoints: [path.resolve(entry)],
    outfile,
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    minify: true,
    logLevel: "silent"
  })
  return fs.statSync(outfile).size
}

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer()
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })

export interface WorkerSpec {
  readonly name: string
  readonly script: string
  readonly port: number
  readonly bindings?: Readonly<Record<string, string>>
}

const capnp = (workers: ReadonlyArray<WorkerSpec>) => `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
${workers.map((w) => `    (name = "${w.name}", worker = .${w.name}Worker),`).join("\n")}
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [
${workers.map((w) => `    (name = "${w.name}", address = "127.0.0.1:${w.port}", http = (), service = "${w.name}"),`).join("\n")}
  ],
);
${workers
  .map(
    (w) => `const ${w.name}Worker :Workerd.Worker = (
  modules = [(name = "worker", esModule = embed "${path.basename(w.script)}")],
  compatibilityDate = "2025-06-01",
  globalOutbound = "internet",
  bindings = [${Object.entries(w.bindings ?? {})
    .map(([k, v]) => `(name = "${k}", text = ${JSON.stringify(v)})`)
    .join(", ")}],
);`
  )
  .join("\n")}
`

/** Starts a real workerd process serving the workers; resolves once every socket answers. */
export const startWorkerd = async (
  workers: ReadonlyArray<WorkerSpec>,
  dir: string,
  options: { readonly output?: "inherit" | "ignore" } = {}
) => {
  fs.writeFileSync(path.join(dir, "config.capnp"), capnp(workers))
  const child: ChildProcess = spawn(binary, ["serve", "config.capnp"], {
    cwd: dir,
    stdio: ["ignore", options.output ?? "inherit", options.output ?? "inherit"]
  })
  for (const w of workers) {
    for (let i = 0; ; i++) {
      const up = await fetch(`http://127.0.0.1:${w.port}/`).then(
        () => true,
        () => false
      )
      if (up) break
      if (i > 2000 || child.exitCode !== null) throw new Error(`workerd did not start ${w.name}`)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }
  // workerd drains on SIGTERM; tests and benches want it gone now.
  return { stop: () => child.kill("SIGKILL"), child }
}

export const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "edge-heygen-"))
