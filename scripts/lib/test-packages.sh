# Sourced by scripts/test.sh: the Debian packages only the tests need (the real shells the
# quoting tests run, and the real services the integration tier starts). One line a package,
# with the command that shows it is there, so a second run installs nothing.
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
  install_packages "${missing[@]}"
}
