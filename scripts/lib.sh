# Shared by scripts/run, scripts/test and scripts/bench: install what is
# missing (Debian 12), then configure and build into build/ (incrementally).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${STATUSSIM_BUILD_DIR:-$ROOT/build}"

# What the project is built and tested with, all from Debian's archive.
PACKAGES=(
  cmake g++ ninja-build pkg-config
  libboost-test-dev libyaml-cpp-dev nlohmann-json3-dev libbenchmark-dev
  libcli11-dev libfmt-dev
  python3 python3-jsonschema python3-yaml libxml2-utils
  dpkg-dev file   # cpack -G DEB: dpkg-shlibdeps computes the Depends (tests/package_deb.sh)
)

ensure_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing: ${missing[*]}" >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "need root or sudo to install: ${missing[*]}" >&2; exit 2; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

build() {
  ensure_packages
  if [ ! -f "$BUILD/CMakeCache.txt" ]; then
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >&2
  fi
  cmake --build "$BUILD" -j"$(nproc)" >&2
}
