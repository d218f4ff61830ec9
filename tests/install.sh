#!/usr/bin/env bash
# cmake --install into a temporary prefix, then use the installed tree from a
# folder with no source tree in sight: the default suite and SPEC are the
# installed ones, the example clients run from share/ and bin/, the prefix can
# be moved, STATUSSIM_DATA_DIR overrides, and the build-tree binary keeps the
# source-checkout defaults (./scenarios, the SPEC built in).
#
# usage: install.sh CMAKE BUILD_DIR SOURCE_DIR [PYTHON]
set -euo pipefail
cmake="$1"; build="$2"; src="$3"; python="${4:-python3}"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/statussim-install.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
P="$tmp/prefix"
fail() { echo "FAIL: $*"; exit 1; }

# Runs "$@" and checks its exit status; its stdout is left in $tmp/out.
expect_rc() {
  local want="$1"; shift
  local rc=0
  "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
  if [ "$rc" -ne "$want" ]; then
    echo "--- stdout"; tail -5 "$tmp/out"; echo "--- stderr"; tail -5 "$tmp/err"
    fail "exit $rc, expected $want: $*"
  fi
}
last_line() { tail -n 1 "$tmp/out"; }

"$cmake" --install "$build" --prefix "$P" >"$tmp/install.log" || { cat "$tmp/install.log"; fail "cmake --install"; }

# --- the layout
for f in bin/statussim bin/statussim_full_client share/statussim/clients/python/client.py; do
  [ -f "$P/$f" ] && [ -x "$P/$f" ] || fail "$f missing or not executable"
done
for f in share/statussim/clients/python/statussim_sdk.py share/statussim/spec/SPEC.md \
         share/statussim/spec/SCENARIOS.md share/statussim/spec/PROTOCOL.md \
         share/statussim/schema/scenario.schema.json share/doc/statussim/README.md; do
  [ -f "$P/$f" ] || fail "$f missing"
done
diff <(cd "$src/scenarios" && find . -name '*.yaml' | sort) \
     <(cd "$P/share/statussim/scenarios" && find . -type f | sort) \
  || fail "installed scenarios differ from scenarios/ in the source tree"

# The suite's size, counted by the build-tree binary on the source tree.
expect_rc 0 "$build/statussim" check "$src/scenarios"
n="$(sed -n 's/^\([0-9]*\) scenario(s).*/\1/p' "$tmp/out")"
[ -n "$n" ] && [ "$n" -gt 0 ] || fail "no scenario count from check: $(cat "$tmp/out")"

work="$tmp/elsewhere"  # no scenarios/ here, and no source tree above it
mkdir -p "$work"
cd "$work"
S="$P/bin/statussim"

# --- --version: the same line as the build-tree binary's (same SPEC).
expect_rc 0 "$S" --version
installed_version="$(cat "$tmp/out")"
expect_rc 0 "$build/statussim" --version
[ "$installed_version" = "$(cat "$tmp/out")" ] \
  || fail "installed --version '$installed_version' != build tree's '$(cat "$tmp/out")'"
echo "$installed_version"

# --- no path: the installed suite and SPEC.
expect_rc 0 "$S" run --color never -q
[ "$(last_line)" = "$n passed, 0 failed, 0 skipped" ] || fail "run: '$(last_line)', expected $n passed"
echo "run (no path, builtin): $(last_line)"
expect_rc 0 "$S" check
grep -q "^$n scenario(s)" "$tmp/out" || fail "check: $(cat "$tmp/out")"
expect_rc 0 "$S" list
[ "$(wc -l <"$tmp/out")" -eq "$n" ] || fail "list: $(wc -l <"$tmp/out") lines, expected $n"
grep -q "	$P/share/statussim/scenarios/" "$tmp/out" || fail "list does not name installed files"
expect_rc 0 "$S" coverage
last_line | grep -Eq "^([0-9]+) of \1 rules covered by $n scenario\(s\)$" || fail "coverage: $(last_line)"
expect_rc 0 "$S" mutate --mutant kick-codes-swapped
grep -q "1 of 1 mutants killed" "$tmp/out" || fail "mutate: $(cat "$tmp/out")"
expect_rc 0 "$S" run --help
grep -q "default: $P/share/statussim/scenarios, the installed suite" "$tmp/out" \
  || fail "run --help does not name the installed suite"
grep -q "default: $P/share/statussim/spec/SPEC.md, the installed copy" "$tmp/out" \
  || fail "run --help does not name the installed SPEC"

# --- the example clients, from the installed tree.
expect_rc 0 "$S" run --color never -q --client "exec:$P/bin/statussim_full_client"
[ "$(last_line)" = "$n passed, 0 failed, 0 skipped" ] || fail "full client: $(last_line)"
echo "run (no path, statussim_full_client): $(last_line)"
expect_rc 0 "$S" list --shard 0/4
m="$(wc -l <"$tmp/out")"
expect_rc 0 "$S" run --color never -q --shard 0/4 \
  --client "exec:$python $P/share/statussim/clients/python/client.py"
[ "$(last_line)" = "$m passed, 0 failed, 0 skipped" ] || fail "python client: $(last_line)"
echo "run (no path, shard 0/4, python client.py): $(last_line)"

# --- relocatable: the moved prefix finds its data.
mv "$P" "$tmp/moved"
P="$tmp/moved"
expect_rc 0 "$P/bin/statussim" check
grep -q "^$n scenario(s)" "$tmp/out" || fail "check after moving the prefix: $(cat "$tmp/out")"
expect_rc 0 "$P/bin/statussim" list
grep -q "	$P/share/statussim/scenarios/" "$tmp/out" || fail "moved prefix: list names other files"

# --- STATUSSIM_DATA_DIR wins over the installed data; --version counts its SPEC.
mkdir -p "$tmp/data/scenarios/x" "$tmp/data/spec"
printf '# S\n\n## A\n\n- AB-1 one\n- AB-2 two\n' >"$tmp/data/spec/SPEC.md"
printf 'version: 1\nname: only one\ncovers: [AB-1, AB-2]\n' >"$tmp/data/scenarios/x/one.yaml"
STATUSSIM_DATA_DIR="$tmp/data" expect_rc 0 "$P/bin/statussim" coverage
[ "$(last_line)" = "2 of 2 rules covered by 1 scenario(s)" ] || { cat "$tmp/out"; fail "STATUSSIM_DATA_DIR coverage: $(last_line)"; }
STATUSSIM_DATA_DIR="$tmp/data" expect_rc 0 "$P/bin/statussim" --version
grep -Eq "^statussim [0-9.]+ \(protocol [0-9]+, SPEC.md: 2 rules\)$" "$tmp/out" \
  || fail "STATUSSIM_DATA_DIR --version: $(cat "$tmp/out")"
STATUSSIM_DATA_DIR="$tmp/data" expect_rc 0 "$build/statussim" check
grep -q "^1 scenario(s)" "$tmp/out" || fail "build tree + STATUSSIM_DATA_DIR: $(cat "$tmp/out")"

# --- the build-tree binary keeps the source-checkout defaults.
expect_rc 2 "$build/statussim" check    # no ./scenarios here
expect_rc 0 "$build/statussim" run --help
grep -q "default: scenarios/ in the working directory" "$tmp/out" || fail "build tree --help"
grep -q "default: the copy built in" "$tmp/out" || fail "build tree --help (spec)"
cd "$src"
expect_rc 0 "$build/statussim" check
grep -q "^$n scenario(s)" "$tmp/out" || fail "build tree from the source root: $(cat "$tmp/out")"

echo "installed tree ok: $n scenarios"
