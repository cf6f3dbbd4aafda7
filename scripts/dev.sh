#!/usr/bin/env bash
# Runs a command with the project's own toolchain (Node 22 + pnpm) on PATH,
# installing it from the npm registry on first use, then the workspace deps.
# Needs only a system Node (any version npm runs on) and npm.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_version="22.23.3"
pnpm_version="10.34.8"
tc="$root/.toolchain"
bin="$tc/node_modules/.bin"

have() { "$bin/node" --version 2>/dev/null | grep -qx "v$node_version" && "$bin/pnpm" --version 2>/dev/null | grep -qx "$pnpm_version"; }
if ! have; then
  echo "› installing node $node_version and pnpm $pnpm_version into .toolchain/" >&2
  platform="$(node -p 'process.platform + "-" + process.arch')"
  mkdir -p "$tc"
  # The platform package holds the Node binary itself: no install script needed.
  npm install --prefix "$tc" --no-audit --no-fund --loglevel=error \
    "node-$platform@$node_version" "pnpm@$pnpm_version" >&2
  ln -sf ../node-"$platform"/bin/node "$bin/node"
  have || { echo "toolchain install failed" >&2; exit 1; }
fi
export PATH="$bin:$PATH"
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

cd "$root"
# Fast when already up to date; keeps a fresh clone and a stale one alike in step with the lockfile.
pnpm install --frozen-lockfile --prefer-offline --reporter=append-only >&2
exec "$@"
