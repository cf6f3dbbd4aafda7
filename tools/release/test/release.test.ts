/**
 * The release path, end to end, without publishing: changesets versions a scratch copy of
 * the repository, the public packages are packed from it and installed from the tarballs in
 * a project outside the workspace, where a user's program type-checks and runs against the
 * packed emulator, CJS consumers load, and worker bundles are measured against their budget.
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as zlib from "node:zlib"
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { type Installed, installPacked, publicPackages, root } from "@effect-heygen/harness/packed"
import { bundle } from "@effect-heygen/harness/workerd"

const bin = (name: string) => path.join(root, "node_modules/.bin", name)
const run = (cmd: string, args: ReadonlyArray<string>, cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })
const manifest = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"))

/** The repository as a clean clone has it (tracked and unignored files), plus each package's build. */
const scratchCopy = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "heygen-release-"))
  const files = run("git", ["ls-files", "-co", "--exclude-standard", "-z"], root).split("\0").filter(Boolean)
  for (const file of files) {
    if (!fs.existsSync(path.join(root, file))) continue
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    fs.copyFileSync(path.join(root, file), path.join(dir, file))
  }
  for (const { dir: pkg } of publicPackages()) {
    fs.cpSync(path.join(pkg, "dist"), path.join(dir, path.relative(root, pkg), "dist"), { recursive: true })
  }
  // changesets reads git for the changed-packages check; a repository of one commit will do.
  run("git", ["init", "-q"], dir)
  return dir
}

const workspaceDirs = (repo: string) =>
  ["packages", "apps", "examples", "tools"].flatMap((group) =>
    fs.existsSync(path.join(repo, group))
      ? fs
          .readdirSync(path.join(repo, group))
          .map((name) => path.join(repo, group, name))
          .filter((dir) => fs.existsSync(path.join(dir, "package.json")))
      : []
  )

describe("release dry run", () => {
  let repo: string
  const before = new Map<string, string | undefined>()

  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }))

  beforeAll(() => {
    repo = scratchCopy()
    for (const dir of workspaceDirs(repo)) before.set(manifest(dir).name, manifest(dir).version)
    // Always something to release, so the path is exercised even right after a release.
    fs.writeFileSync(
      path.join(repo, ".changeset/release-dry-run.md"),
      '---\n"@effect-heygen/core": patch\n---\n\nRelease dry run.\n'
    )
  })

  it("pnpm changeset status works on the repository", () => {
    const out = run(bin("changeset"), ["status"], root)
    for (const { name } of publicPackages()) assert.include(out, name)
  })

  it("changeset version bumps every public package together, writes changelogs, updates internal ranges, leaves private packages alone", () => {
    run(bin("changeset"), ["version"], repo)
    const publics = new Set(publicPackages().map(({ name }) => name))
    const versions = new Set<string>()
    for (const dir of workspaceDirs(repo)) {
      const { name, version, private: isPrivate } = manifest(dir)
      if (publics.has(name)) {
        assert.notStrictEqual(version, before.get(name), `${name} was not bumped`)
        versions.add(version)
        assert.include(fs.readFileSync(path.join(dir, "CHANGELOG.md"), "utf8"), `## ${version}`)
      } else {
        assert.isTrue(isPrivate, `${name} is neither public nor private`)
        assert.strictEqual(version, before.get(name), `private ${name} was versioned`)
        assert.isFalse(fs.existsSync(path.join(dir, "CHANGELOG.md")), `private ${name} got a changelog`)
      }
    }
    assert.strictEqual(versions.size, 1, `public packages differ: ${[...versions].join(", ")}`)
    assert.deepStrictEqual(
      fs
        .readdirSync(path.join(repo, ".changeset"))
        .filter((file) => file.endsWith(".md") && file !== "README.md"),
      [],
      "pending changesets were not consumed"
    )
  })

  describe("the packed packages, installed outside the workspace", () => {
    let installed: Installed
    let version: string

    afterAll(() => fs.rmSync(path.dirname(installed.dir), { recursive: true, force: true }))

    beforeAll(() => {
      version = manifest(path.join(repo, "packages/core")).version
      installed = installPacked({
        repo,
        files: {
          // A user's program: the example, as its README shows it.
          "main.ts": fs.readFileSync(path.join(root, "examples/node/src/main.ts"), "utf8"),
          "require.cjs": [
            'const ErrorDecoder = require("@effect-heygen/core/ErrorDecoder")',
            'const error = ErrorDecoder.decode({ status: 402, body: \'{"error":{"code":"insufficient_credit","message":"Your account has 2 credits but this video requires 4 credits."}}\' })',
            "console.log(error._tag, error.available, error.required)"
          ].join("\n"),
          // The dual-package hazard: an error made by the CJS copy, served by the ESM middleware.
          "dual.mjs": [
            'import { createRequire } from "node:module"',
            'import * as HeyGenServer from "@effect-heygen/core/HeyGenServer"',
            'import * as HeyGenError from "@effect-heygen/core/HeyGenError"',
            'import * as Effect from "effect/Effect"',
            'import * as HttpEffect from "effect/http/HttpEffect"',
            'const Cjs = createRequire(import.meta.url)("@effect-heygen/core/HeyGenError")',
            'const error = new Cjs.VideoNotFound({ message: "Video v1 not found." })',
            "if (error instanceof HeyGenError.VideoNotFound) throw new Error('one copy only: not a dual-package test')",
            "const app = HeyGenServer.middleware()(Effect.fail(error))",
            'const response = await HttpEffect.toWebHandler(app)(new Request("http://localhost/v1/video_status.get"))',
            "console.log(HeyGenError.isHeyGenError(error), HeyGenError.isCatalogError(error), error.retryClass, response.status, (await response.json()).error.code)"
          ].join("\n"),
          "tsconfig.json": JSON.stringify({
            compilerOptions: {
              target: "ES2022",
              module: "NodeNext",
              moduleResolution: "NodeNext",
              strict: true,
              exactOptionalPropertyTypes: true,
              allowImportingTsExtensions: true,
              noEmit: true,
              skipLibCheck: false,
              types: ["node"],
              typeRoots: [path.join(root, "node_modules/@types")]
            },
            include: ["main.ts"]
          })
        }
      })
    })

    it("each tarball carries the new version and exact internal ranges, no workspace: protocol", () => {
      for (const { name } of publicPackages()) {
        const packed = JSON.parse(
          execFileSync("tar", ["-xzOf", installed.tarballs[name]!, "package/package.json"], {
            encoding: "utf8"
          })
        )
        assert.strictEqual(packed.version, version, name)
        for (const [dep, range] of Object.entries<string>(packed.dependencies ?? {})) {
          assert.notInclude(range, "workspace:", `${name} → ${dep}`)
          if (dep.startsWith("@effect-heygen/")) assert.strictEqual(range, version, `${name} → ${dep}`)
        }
      }
    })

    it("a program type-checks against the published declarations (skipLibCheck off)", () => {
      run(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "."], installed.dir)
    })

    it("the program runs against the packed emulator: InsufficientCredit caught by tag", () => {
      const out = run(process.execPath, ["main.ts"], installed.dir)
      assert.match(out, /emulator on http:\/\/127\.0\.0\.1:\d+: top up: have 2, need 4/)
    })

    it("an error from the CJS copy is recognized by the ESM copy's guards and middleware (dual-package hazard)", () => {
      assert.strictEqual(
        run(process.execPath, ["dual.mjs"], installed.dir).trim(),
        "true true never 404 video_not_found"
      )
    })

    it("CommonJS consumers load the CJS build", () => {
      assert.strictEqual(
        run(process.execPath, ["require.cjs"], installed.dir).trim(),
        "InsufficientCredit 2 4"
      )
    })

    it("the budgeted workers (legacy client, v3 create + get), bundled from the tarballs, stay within their ceilings", async () => {
      const budget: Record<string, number> = JSON.parse(
        fs.readFileSync(path.join(root, "packages/edge/bench/budget.json"), "utf8")
      )
      // Issue 12: the v3 worker (edge adapter, Videos.create + Videos.get, catchTags) stays within 60 KB.
      assert.isAtMost(budget["worker-v3"]!, 60 * 1024, "worker-v3's ceiling may not pass 60 KB")
      for (const [name, ceiling] of Object.entries(budget)) {
        if (name.startsWith("$")) continue
        const entry = path.join(installed.dir, `${name}.ts`)
        fs.copyFileSync(path.join(root, "packages/edge/bench/fixtures", `${name}.ts`), entry)
        const out = path.join(installed.dir, `${name}.js`)
        await bundle(entry, out)
        const gzip = zlib.gzipSync(fs.readFileSync(out), { level: 9 }).byteLength
        assert.isAtMost(gzip, ceiling, `${name} is ${gzip} B gzip`)
      }
    })
  })
})
