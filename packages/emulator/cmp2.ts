import { fork } from "node:child_process"
import autocannon from "autocannon"

const start = (script: string, args: string[]) =>
  new Promise<{ child: any; url: string }>((resolve) => {
    const child = fork(script, args, { stdio: ["ignore", "pipe", "inherit", "ipc"] })
    let out = ""
    child.stdout!.on("data", (c: Buffer) => {
      out += String(c)
      const port = /^(\d+)\s*$/m.exec(out)?.[1]
      if (port) resolve({ child, url: `http://127.0.0.1:${port}` })
    })
  })
const load = (url: string) =>
  new Promise<number>((resolve) =>
    autocannon({ url, headers: { "x-api-key": "hg_paid_0001" }, connections: 16, duration: 3 }, (_e, r) =>
      resolve(r.requests.average)
    )
  )
const s = await start("bench/server.ts", [])
for (const p of [
  "/v2/avatars",
  "/v3/users/me",
  "/v3/videos?limit=1",
  "/v3/videos",
  "/v3/videos?limit=1",
  "/v2/avatars"
])
  console.log(p.padEnd(22), (await load(s.url + p)).toFixed(0))
s.child.kill()
