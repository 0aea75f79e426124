# Sourced by scripts/test.sh: the Debian packages only the tests need (the real shells the
# quoting tests run, and the real services the integration tier starts). One line a package,
# with the command that shows it is there, so a second run installs nothing.
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

test_packages() {
  local missing=()
  command -v zsh >/dev/null || missing+=(zsh)
  # The compose tests run Debian's docker-compose 1.29 (no v2 plugin is packaged by Debian).
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  install_packages "${missing[@]}"
}
