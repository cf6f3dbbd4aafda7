// `package:check` for one package (run from its directory): publint --strict, then
// @arethetypeswrong/cli on the tarball pnpm would publish (workspace: ranges rewritten).
// node10 is out of scope: the packages need Node ≥ 22, which reads `exports`.
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

const bin = (name) => path.resolve(import.meta.dirname, "../node_modules/.bin", name)
const run = (cmd, args) => execFileSync(cmd, args, { stdio: "inherit" })

run(bin("publint"), ["--strict"])
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-"))
try {
  execFileSync("pnpm", ["pack", "--pack-destination", dir], { stdio: "ignore" })
  const [tarball] = fs.readdirSync(dir)
  run(bin("attw"), ["--profile", "node16", "--format", "table-flipped", path.join(dir, tarball)])
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
