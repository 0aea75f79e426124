#!/usr/bin/env bash
# Sets up everything the tests need and runs every tier (unit, integration, e2e).
# Fresh Debian 12 with Node 20 is enough: as root it installs docker.io, chromium, ffmpeg and
# build tools from Debian, Node 24 + code-server from npm, and starts (and afterwards stops)
# a private dockerd when no engine answers. The last line is "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

need_node() {
  command -v node >/dev/null || { echo "Node.js 20 or newer is needed (apt-get install nodejs npm)." >&2; exit 1; }
  local major; major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 20 ] || { echo "Node.js 20 or newer is needed; this is $(node -v)." >&2; exit 1; }
}
need_node

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[test] npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
bash scripts/vscode-server.sh install >/dev/null
source scripts/lib/test-packages.sh
test_packages
exec node scripts/run-tests.mjs "$@"
