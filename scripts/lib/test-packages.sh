# Sourced by scripts/test.sh: the Debian packages only the tests need (the real shells the
# quoting tests run, and the real services the integration tier starts). One line a package,
# with the command that shows it is there, so a second run installs nothing.
#   docker-registry  the CNCF distribution registry 2.8 (test/support/registry.ts)
#   apache2-utils    htpasswd, for the registry's basic-auth users
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

test_packages() {
  local missing=()
  command -v zsh >/dev/null || missing+=(zsh)
  # The remote engines of test/integration/remote*.test.ts: an sshd in front of a TLS dockerd.
  command -v sshd >/dev/null || missing+=(openssh-server)
  command -v ssh >/dev/null || missing+=(openssh-client)
  command -v openssl >/dev/null || missing+=(openssl)
  # test/integration/podman.test.ts: Podman rootful, and rootless as a user with subuids.
  command -v podman >/dev/null || missing+=(podman)
  command -v newuidmap >/dev/null || missing+=(uidmap)
  # The compose tests run Debian's docker-compose 1.29 (no v2 plugin is packaged by Debian).
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  command -v htpasswd >/dev/null || missing+=(apache2-utils)
  [ ${#missing[@]} -gt 0 ] || return 0
  without_service_starts install_packages "${missing[@]}"
}

# The tests start and stop their own registry on 127.0.0.1, so the package's own system
# service is neither started by the install nor left enabled. policy-rc.d exit 101 tells
# invoke-rc.d and deb-systemd-invoke not to start services; only when the machine has none.
without_service_starts() {
  local policy=/usr/sbin/policy-rc.d own_policy=""
  if [ "$(id -u)" = 0 ] && [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && own_policy=1
  fi
  "$@" || { [ -z "$own_policy" ] || rm -f "$policy"; return 1; }
  if [ -n "$own_policy" ]; then
    rm -f "$policy"
    if command -v systemctl >/dev/null && systemctl is-enabled docker-registry >/dev/null 2>&1; then
      systemctl disable docker-registry >/dev/null 2>&1 || true
    fi
  fi
}
