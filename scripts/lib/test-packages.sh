# Sourced by scripts/test.sh: the Debian packages only the tests need (the real shells the
# quoting tests run, and the real services the integration tier starts). One line a package,
# with the command that shows it is there, so a second run installs nothing.
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

test_packages() {
  local missing=()
  command -v zsh >/dev/null || missing+=(zsh)
  install_packages "${missing[@]}"
}
