#!/usr/bin/env bash
# Prepares a container engine for the tests and the demo.
#
#   scripts/engine.sh up      use the engine at DOCKER_HOST or the default socket if it answers;
#                             otherwise (root on Debian) install docker.io and start a private dockerd.
#                             Prints DOCKER_HOST=... on its last line.
#   scripts/engine.sh images  make sure the base images the templates use exist (pull, else build locally)
#   scripts/engine.sh down    stop the private dockerd, if this script started it; never touches another engine
#   scripts/engine.sh status  say which engine would be used
#
# The private engine keeps its data under the cache folder, so a second run starts in seconds
# with the base images already there.
set -euo pipefail

CACHE=${CW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/container-workflows}
ENGINE_DIR=$CACHE/engine
SOCK=$ENGINE_DIR/docker.sock
PIDFILE=$ENGINE_DIR/docker.pid
STARTED_MARK=$ENGINE_DIR/started-by-rig
IMAGES_DIR=$CACHE/base-images
HERE=$(cd "$(dirname "$0")" && pwd)
source "$(dirname "$0")/lib/apt.sh"
source "$(dirname "$0")/lib/debian-mirror.sh"

log() { echo "[engine] $*" >&2; }

answers() { # $1 = DOCKER_HOST value
  DOCKER_HOST="$1" timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1
}

ensure_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker >/dev/null || missing+=(docker.io)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v ps >/dev/null || missing+=(procps)
  install_packages "${missing[@]}"
}

# dockerd bind-mounts its data root (and overlays, network namespaces) under ENGINE_DIR and
# undoes that when it stops cleanly; a dockerd that was killed (a session cut off, SIGKILL)
# leaves them, and they would keep "rm -rf" of the cache from working. Only when no private
# dockerd runs: deepest first, lazily, so a busy one cannot stop the rest.
unmount_leftovers() {
  local pid=""
  [ -f "$PIDFILE" ] && pid=$(cat "$PIDFILE" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then return; fi
  awk -v root="$ENGINE_DIR/" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r | while read -r target; do
    log "unmounting $target, left by an engine that did not stop cleanly"
    umount -l "$target" 2>/dev/null || true
  done
}

cmd_up() {
  if [ -n "${DOCKER_HOST:-}" ] && answers "$DOCKER_HOST"; then
    log "using the engine at DOCKER_HOST=$DOCKER_HOST"
    echo "DOCKER_HOST=$DOCKER_HOST"; return
  fi
  if [ -S "$SOCK" ] && answers "unix://$SOCK"; then
    log "the private engine is already running at $SOCK"
    echo "DOCKER_HOST=unix://$SOCK"; return
  fi
  if [ -z "${DOCKER_HOST:-}" ] && [ -S /var/run/docker.sock ] && answers unix:///var/run/docker.sock; then
    log "using the system engine at /var/run/docker.sock"
    echo "DOCKER_HOST=unix:///var/run/docker.sock"; return
  fi
  [ "$(id -u)" = 0 ] || { log "no engine answers, and starting a private one needs root. Start Docker, or set DOCKER_HOST."; exit 1; }
  ensure_packages
  unmount_leftovers
  mkdir -p "$ENGINE_DIR/data" "$ENGINE_DIR/exec"
  rm -f "$SOCK"
  log "starting a private dockerd at $SOCK"
  # setsid: the engine must not die with the shell that started it, nor take its signals.
  setsid dockerd \
    --data-root "$ENGINE_DIR/data" \
    --exec-root "$ENGINE_DIR/exec" \
    --pidfile "$PIDFILE" \
    --host "unix://$SOCK" \
    >"$ENGINE_DIR/dockerd.log" 2>&1 < /dev/null &
  touch "$STARTED_MARK"
  for _ in $(seq 1 150); do
    if [ -S "$SOCK" ] && answers "unix://$SOCK"; then
      log "private engine up: $(DOCKER_HOST=unix://$SOCK docker version --format '{{.Server.Version}}')"
      echo "DOCKER_HOST=unix://$SOCK"; return
    fi
    sleep 0.2
  done
  log "dockerd did not come up; last lines of its log:"; tail -20 "$ENGINE_DIR/dockerd.log" >&2
  exit 1
}

cmd_down() {
  if [ ! -f "$STARTED_MARK" ]; then
    log "nothing to stop: the rig did not start an engine"; return
  fi
  if [ -f "$PIDFILE" ]; then
    local pid; pid=$(cat "$PIDFILE")
    if kill -0 "$pid" 2>/dev/null; then
      log "stopping the private dockerd (pid $pid)"
      # Containers left running would keep the engine busy; the tests remove their own,
      # and dockerd stops the rest on SIGTERM.
      kill -TERM "$pid"
      for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && { log "dockerd still alive, killing"; kill -KILL "$pid"; sleep 0.5; }
    fi
  fi
  unmount_leftovers
  rm -f "$STARTED_MARK" "$SOCK"
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# debian:bookworm-slim from Debian's own mirror: debootstrap minbase, trimmed like the
# official slim image, with the same apt sources.
build_debian_rootfs() {
  local out=$1 dir mirror security
  # The archive this machine's apt uses: the image gets the same sources.
  mirror=$(debian_mirror) && security=$(debian_security_mirror) || exit 1
  dir=$(mktemp -d)
  log "debootstrap --variant=minbase bookworm (about a minute, once)"
  debootstrap --variant=minbase bookworm "$dir" "$mirror" >"$IMAGES_DIR/debootstrap.log" 2>&1 \
    || { tail -20 "$IMAGES_DIR/debootstrap.log" >&2; rm -rf "$dir"; exit 1; }
  rm -f "$dir/etc/apt/sources.list"
  cat >"$dir/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  # As the official slim images do: no docs or man pages in later installs either.
  cat >"$dir/etc/dpkg/dpkg.cfg.d/docker-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
EOF
  find "$dir/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
  rm -rf "$dir"/usr/share/man/* "$dir"/usr/share/info/* "$dir"/var/cache/apt/*.bin "$dir"/var/lib/apt/lists/* "$dir"/var/log/*.log
  tar -C "$dir" -cf "$out.tmp" . && mv "$out.tmp" "$out"
  rm -rf "$dir"
}

cmd_images() {
  mkdir -p "$IMAGES_DIR"
  # debian:bookworm-slim
  if ! image_exists debian:bookworm-slim; then
    if timeout 60 docker pull debian:bookworm-slim >/dev/null 2>&1; then
      log "pulled debian:bookworm-slim"
    else
      log "cannot pull debian:bookworm-slim (no registry); building it from Debian's mirror"
      [ -f "$IMAGES_DIR/debian-bookworm-slim.rootfs.tar" ] || build_debian_rootfs "$IMAGES_DIR/debian-bookworm-slim.rootfs.tar"
      docker import \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'CMD ["bash"]' \
        "$IMAGES_DIR/debian-bookworm-slim.rootfs.tar" debian:bookworm-slim >/dev/null
      log "imported debian:bookworm-slim"
    fi
  fi
  # python:3.11-slim
  if ! image_exists python:3.11-slim; then
    if timeout 60 docker pull python:3.11-slim >/dev/null 2>&1; then
      log "pulled python:3.11-slim"
    elif [ -f "$IMAGES_DIR/python-3.11-slim.image.tar" ]; then
      docker load -i "$IMAGES_DIR/python-3.11-slim.image.tar" >/dev/null
      log "loaded python:3.11-slim from the cache"
    else
      log "cannot pull python:3.11-slim; building a stand-in from Debian's python3 (3.11)"
      docker build -q -t python:3.11-slim -f "$HERE/base-images/python-3.11-slim.Dockerfile" "$HERE/base-images" >/dev/null
      docker save python:3.11-slim -o "$IMAGES_DIR/python-3.11-slim.image.tar"
      log "built python:3.11-slim"
    fi
  fi
}

cmd_status() {
  for h in "${DOCKER_HOST:-}" "unix://$SOCK" unix:///var/run/docker.sock; do
    [ -n "$h" ] || continue
    if answers "$h"; then echo "answers: $h"; else echo "no answer: $h"; fi
  done
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  images) cmd_images ;;
  status) cmd_status ;;
  *) echo "usage: $0 up|images|down|status" >&2; exit 2 ;;
esac
