#!/usr/bin/env bash
# Installs, from Debian, the programs the tests start services with themselves:
#   docker-registry  the CNCF distribution registry 2.8 (test/support/registry.ts)
#   apache2-utils    htpasswd, for the registry's basic-auth users
# Nothing to do when both are there. The tests start and stop their own instances on
# 127.0.0.1; the package's own system service is neither started nor left enabled here.
set -euo pipefail
source "$(dirname "$0")/lib/apt.sh"

missing=()
command -v docker-registry >/dev/null || missing+=(docker-registry)
command -v htpasswd >/dev/null || missing+=(apache2-utils)
[ ${#missing[@]} -gt 0 ] || exit 0

# policy-rc.d exit 101 tells invoke-rc.d and deb-systemd-invoke not to start services
# during the install; only when the machine has none of its own.
policy=/usr/sbin/policy-rc.d
own_policy=""
if [ "$(id -u)" = 0 ] && [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && own_policy=1
  trap 'rm -f "$policy"' EXIT
fi
install_packages "${missing[@]}"
if [ -n "$own_policy" ] && command -v systemctl >/dev/null && systemctl is-enabled docker-registry >/dev/null 2>&1; then
  systemctl disable docker-registry >/dev/null 2>&1 || true
fi
