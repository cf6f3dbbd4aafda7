/** Runs both workers in a real workerd: the worker's client calls the emulator over 127.0.0.1. */
import * as path from "node:path"
import { bundle, freePort, startWorkerd, tempDir } from "@effect-heygen/harness/workerd"

const dir = tempDir()
await bundle(path.resolve(import.meta.dirname, "worker.ts"), path.join(dir, "worker.js"))
await bundle(path.resolve(import.meta.dirname, "emulator.ts"), path.join(dir, "emulator.js"))
const [workerPort, emulatorPort] = [await freePort(), await freePort()]
const emulator = `http://127.0.0.1:${emulatorPort}`
const workerd = await startWorkerd(
  [
    { name: "emulator", script: "emulator.js", port: emulatorPort },
    {
      name: "worker",
      script: "worker.js",
      port: workerPort,
      bindings: { HEYGEN_API_KEY: "hg_broke_0001", HEYGEN_BASE_URL: emulator } // 2 credits
    }
  ],
  dir
)
try {
  const response = await fetch(`http://127.0.0.1:${workerPort}/`)
  console.log(
    `worker in workerd → emulator in workerd (${emulator}): ${response.status} ${await response.text()}`
  )
} finally {
  workerd.stop()
}
