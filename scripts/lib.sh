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
  libopenmpi-dev openmpi-bin   # statussim_mpi and its test (docs/scaling.md section 3)
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

# The official Web SDK for clients/tencent-web (tests/tencent_web.cmake), from the npm registry at
# the exact versions its package-lock.json pins, with the machine's Node.js and npm: installed when
# node_modules/ is missing or older than the lock file. Without Node.js and npm, Debian's nodejs
# and npm are installed first; if even that fails, those tests are skipped (and say so).
ensure_node_clients() {
  local dir="$ROOT/clients/tencent-web"
  if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
    echo "installing Debian's nodejs and npm for clients/tencent-web" >&2
    local sudo=""
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo="sudo"
    { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
        --no-install-recommends nodejs npm; } >&2 || true
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm not found: the clients/tencent-web tests will be skipped" >&2
    return 0
  fi
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "installing clients/tencent-web: npm ci" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) >&2
  fi
}

build() {
  ensure_packages
  ensure_node_clients
  if [ ! -f "$BUILD/CMakeCache.txt" ]; then
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >&2
  fi
  cmake --build "$BUILD" -j"$(nproc)" >&2
}
