#!/usr/bin/env bash
# cpack -G DEB builds statussim_VERSION_ARCH.deb; dpkg-deb shows its Depends
# (the shared libraries found by dpkg-shlibdeps), its Recommends and its
# files; the unpacked package runs its installed suite from anywhere.
#
# usage: package_deb.sh CPACK BUILD_DIR SOURCE_DIR VERSION [SANITIZERS]
# Exit 77 (skipped) in a sanitizer build (SANITIZERS not empty: its package
# would depend on libasan and is no product; the plain build checks the
# package), and without dpkg-deb or dpkg-shlibdeps (package dpkg-dev, which
# scripts/lib.sh installs).
set -euo pipefail
cpack="$1"; build="$2"; src="$3"; version="$4"; sanitize="${5:-}"

if [ -n "$sanitize" ]; then
  echo "skipped: a -DSTATUSSIM_SANITIZE=$sanitize build is not packaged (the plain build tests the .deb)"
  exit 77
fi

for tool in dpkg-deb dpkg-shlibdeps file; do
  command -v "$tool" >/dev/null || { echo "skipped: no $tool (apt-get install dpkg-dev file)"; exit 77; }
done
fail() { echo "FAIL: $*"; exit 1; }

out="$build/package-test"
rm -rf "$out"
"$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$out" >"$build/package-test.log" 2>&1 \
  || { tail -20 "$build/package-test.log"; fail "cpack -G DEB"; }
deb="$out/statussim_${version}_$(dpkg --print-architecture).deb"
[ -f "$deb" ] || { ls "$out"; fail "no $deb"; }
echo "built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = statussim ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$version" ] || fail "Version: $(field Version)"
depends="$(field Depends)"
echo "Depends: $depends"
for lib in libyaml-cpp libfmt libstdc++ libc6; do
  grep -q "$lib" <<<"$depends" || fail "Depends does not name $lib"
done
grep -qw python3 <<<"$(field Recommends)" || fail "Recommends: $(field Recommends)"
[ -n "$(field Maintainer)" ] && [ -n "$(field Description)" ] || fail "no Maintainer or Description"

dpkg-deb -c "$deb" >"$out/contents.txt"
has() { grep -q " \./usr/$1\$" "$out/contents.txt" || fail "the package lacks /usr/$1"; }
has bin/statussim
has bin/statussim_full_client
has share/statussim/spec/SPEC.md
has share/statussim/schema/scenario.schema.json
has share/statussim/clients/python/statussim_sdk.py
grep -Eq '^-rwxr-xr-x .* \./usr/share/statussim/clients/python/client\.py$' "$out/contents.txt" \
  || fail "client.py is not executable in the package"
n_src="$(cd "$src/scenarios" && find . -name '*.yaml' | wc -l)"
n_deb="$(grep -c ' \./usr/share/statussim/scenarios/.*\.yaml$' "$out/contents.txt")"
[ "$n_deb" -eq "$n_src" ] || fail "$n_deb scenario files in the package, $n_src in scenarios/"

# Unpacked anywhere, the package's statussim takes its suite and SPEC from it.
root="$out/root"
dpkg-deb -x "$deb" "$root"
cd "$out"
"$root/usr/bin/statussim" --version
"$root/usr/bin/statussim" check | grep -q "^$n_src scenario(s)" || fail "unpacked statussim check"
echo "package ok: $n_deb scenarios"
