# Sourced by the setup scripts: installs Debian packages, as root, without questions.
# install_packages PACKAGE...   (nothing to do when called with none)
install_packages() {
  [ $# -gt 0 ] || return 0
  if [ "$(id -u)" != 0 ]; then
    echo "need root to install: $* (sudo apt-get install -y $*)" >&2
    exit 1
  fi
  echo "installing $* from Debian" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
