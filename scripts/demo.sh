#!/usr/bin/env bash
# The main job: sets up what it needs (npm packages; as root on Debian: docker.io, chromium,
# ffmpeg, Node 24 + code-server from npm, a private dockerd when no engine answers), converts
# ../shared/fixtures/mba (or generated sample frames) with the CLI, then shows the extension
# in a real VS Code converting the same folder and playing it in the preview.
#   bash scripts/demo.sh          keeps VS Code running at the printed URL until Ctrl+C
#   bash scripts/demo.sh --once   stops after the screenshot
set -euo pipefail
cd "$(dirname "$0")/.."
command -v node >/dev/null || { echo "Node.js 20 or newer is needed." >&2; exit 1; }
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
bash scripts/vscode-server.sh install >/dev/null
engine_was_started=0
[ -f "${CW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/container-workflows}/engine/started-by-rig" ] || engine_was_started=1
eval "$(bash scripts/engine.sh up | grep '^DOCKER_HOST=' | sed 's/^/export /')"
# Stop the private engine again if this script started it (never one that was running before).
cleanup() {
  if [ "$engine_was_started" = 1 ] && [ -f "${CW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/container-workflows}/engine/started-by-rig" ]; then
    bash scripts/engine.sh down
  fi
}
trap cleanup EXIT
bash scripts/engine.sh images
node esbuild.js
npx tsc -p tsconfig.test.json
node out/scripts/demo/runDemo.js "$@"
