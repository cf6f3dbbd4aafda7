/**
 * The packages as users get them: each public package packed by pnpm (workspace ranges
 * rewritten), then installed from the tarballs into a scratch project outside the
 * workspace. Bundle sizes, cold starts and the release check are measured there — never
 * from `src/`, which no user ever installs.
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

export const root = path.resolve(import.meta.dirname, "../../..")

const readManifest = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"))

/** The packages that are released (every non-private package under packages/). */
export const publicPackages = (): ReadonlyArray<{ readonly name: string; readonly dir: string }> =>
  fs
    .readdirSync(path.join(root, "packages"))
    .map((name) => path.join(root, "packages", name))
    .filter((dir) => fs.existsSync(path.join(dir, "package.json")))
    .map((dir) => ({ dir, manifest: readManifest(dir) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ name: manifest.name as string, dir }))

const installedVersion = (name: string): string =>
  JSON.parse(
    fs.readFileSync(path.join(root, "node_modules/.pnpm/node_modules", name, "package.json"), "utf8")
  ).version

/**
 * pnpm rewrites a `workspace:` range from the linked package's manifest; a scratch copy of
 * the repository has no install, so each such link is made by hand.
 */
const linkWorkspaceRanges = (repo: string, dirs: ReadonlyArray<string>) => {
  const byName = new Map<string, string>()
  for (const group of ["packages", "tools", "apps"]) {
    if (!fs.existsSync(path.join(repo, group))) continue
    for (const name of fs.readdirSync(path.join(repo, group))) {
      const dir = path.join(repo, group, name)
      if (fs.existsSync(path.join(dir, "package.json"))) byName.set(readManifest(dir).name, dir)
    }
  }
  for (const dir of dirs) {
    const manifest = readManifest(dir)
    for (const [name, range] of Object.entries<string>({
      ...manifest.dependencies,
      ...manifest.devDependencies
    })) {
      const target = byName.get(name)
      const link = path.join(dir, "node_modules", name)
      if (!range.startsWith("workspace:") || target === undefined || fs.existsSync(link)) continue
      fs.mkdirSync(path.dirname(link), { recursive: true })
      fs.symlinkSync(target, link, "dir")
    }
  }
}

/** Packs every public package of `repo` (a workspace root; default this one) into `into`. */
export const packAll = (into: string, repo: string = root): Record<string, string> => {
  const tarballs: Record<string, string> = {}
  const packages = publicPackages().map(({ name, dir }) => ({
    name,
    from: path.join(repo, path.relative(root, dir))
  }))
  if (repo !== root)
    linkWorkspaceRanges(
      repo,
      packages.map(({ from }) => from)
    )
  for (const { name, from } of packages) {
    const before = new Set(fs.readdirSync(into))
    execFileSync("pnpm", ["pack", "--pack-destination", into], { cwd: from, stdio: "ignore" })
    const tarball = fs.readdirSync(into).find((file) => !before.has(file))
    if (tarball === undefined) throw new Error(`pnpm pack produced nothing for ${name}`)
    tarballs[name] = path.join(into, tarball)
  }
  return tarballs
}

export interface Installed {
  /** The scratch project's directory: `node_modules` holds the packed packages. */
  readonly dir: string
  readonly tarballs: Readonly<Record<string, string>>
}

/**
 * A fresh project (outside the workspace) with every public package installed from its
 * tarball, plus `effect` and `@effect/platform-node` at the workspace's versions.
 * `files` are written into it before installing (programs to run, type-check or bundle).
 */
export const installPacked = (options: {
  readonly files?: Readonly<Record<string, string>>
  readonly repo?: string
}): Installed => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "heygen-packed-"))
  const tarballDir = path.join(base, "tarballs")
  fs.mkdirSync(tarballDir)
  const tarballs = packAll(tarballDir, options.repo)
  const dir = path.join(base, "app")
  fs.mkdirSync(dir)
  const local = Object.fromEntries(Object.entries(tarballs).map(([name, file]) => [name, `file:${file}`]))
  const manifest = {
    name: "packed-app",
    private: true,
    type: "module",
    dependencies: {
      ...local,
      effect: installedVersion("effect"),
      "@effect/platform-node": installedVersion("@effect/platform-node")
    },
    // The packages' own ranges on each other point at the registry: resolve them here instead.
    pnpm: { overrides: local }
  }
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(manifest, null, 2))
  for (const [file, text] of Object.entries(options.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    fs.writeFileSync(path.join(dir, file), text)
  }
  execFileSync(
    "pnpm",
    [
      "install",
      "--prefer-offline",
      "--ignore-workspace",
      "--reporter=silent",
      "--config.confirmModulesPurge=false"
    ],
    { cwd: dir, stdio: ["ignore", "ignore", "inherit"] }
  )
  return { dir, tarballs }
}
