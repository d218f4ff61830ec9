#!/usr/bin/env bash
# statussim explore through the binary (docs/explore.md):
#  - a process client it has never seen, with a planted bug
#    (tests/explore/planted_client.py), is found and shrunk; the repro file
#    passes on the reference and fails on that client with `statussim run`;
#  - the example clients (other code than the reference) show no divergence;
#  - the same seeds give byte-identical output and files, with -j 1 and -j 2;
#  - shards merged give the whole campaign's counts;
#  - bad input exits 2 with a message.
set -uo pipefail
bin="$1"; src="$2"; python="$3"; full="$4"
cd "$src"
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
planted="planted=exec:$python $src/tests/explore/planted_client.py"

# 1. The planted bug: found, shrunk, written, reproduced.
out=$("$bin" explore --client "$planted" --time 60 --out "$tmp/p" 2>"$tmp/err"); rc=$?
[ "$rc" = 1 ] || fail "planted: exit $rc, expected 1: $out $(cat "$tmp/err")"
grep -q "^seed [0-9]* diverges: step [0-9]* (call subscribeUserStatus" <<<"$out" || fail "planted: no divergence line: $out"
grep -q "the repro passes on the reference and fails on planted" <<<"$out" || fail "planted: not verified: $out"
files=("$tmp"/p/explore-*.yaml)
[ "${#files[@]}" = 1 ] && [ -f "${files[0]}" ] || fail "planted: expected one repro file in $tmp/p"
repro="${files[0]}"
steps=$(grep -c "^  - " "$repro")
[ "$steps" -le 6 ] || fail "planted: the repro has $steps steps (more than 6): $(cat "$repro")"
grep -q "^reproduce: statussim run $repro --client " <<<"$out" || fail "planted: no reproduce line: $out"
"$bin" run "$repro" -q --color never >/dev/null || fail "planted: the repro fails on the reference"
"$bin" run "$repro" -q --color never --client "$planted" >/dev/null 2>&1; rc=$?
[ "$rc" = 1 ] || fail "planted: statussim run of the repro on the client: exit $rc, expected 1"
"$python" - "$tmp/p/summary.json" <<'PY' || fail "planted: summary.json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["format"] == "statussim-explore-summary" and d["version"] == 1, d
assert d["client"] == "planted" and len(d["divergences"]) == 1, d
div = d["divergences"][0]
assert div["steps_after"] < div["steps_before"], div
assert div["verified"].startswith("the repro passes on the reference and fails on planted"), div
assert sum(1 for n in d["rules"].values() if n > 0) > 10, d["rules"]
PY
echo "ok: a planted bug in a process client is found, shrunk to $steps steps and reproduced"

# 2. No false alarm from the example clients.
out=$("$bin" explore --client "full=exec:$full" --client-reuse --runs 2000 -q 2>/dev/null); rc=$?
[ "$rc" = 0 ] || fail "full-mode client: exit $rc: $out"
grep -q "^2000 scenarios, [0-9]* steps: 0 diverged" <<<"$out" || fail "full-mode client: $out"
out=$("$bin" explore --client "py=exec:$python $src/clients/python/client.py" --client-reuse --runs 300 -j 2 -q 2>/dev/null); rc=$?
[ "$rc" = 0 ] || fail "Python SDK: exit $rc: $out"
echo "ok: no divergence from the full-mode client (2000 seeds) or the Python SDK (300 seeds)"

# 3. Deterministic: the same seeds, the same bytes, whatever -j.
"$bin" explore --client mutant:web-kick-newest-first --seed 7 --runs 3000 --max-divergences 2 --out "$tmp/d1" -q >"$tmp/d1.out" 2>/dev/null
"$bin" explore --client mutant:web-kick-newest-first --seed 7 --runs 3000 --max-divergences 2 --out "$tmp/d2" -q -j 2 >"$tmp/d2.out" 2>/dev/null
sed "s#$tmp/d1#DIR#g" "$tmp/d1.out" >"$tmp/d1.norm"; sed "s#$tmp/d2#DIR#g" "$tmp/d2.out" >"$tmp/d2.norm"
cmp -s "$tmp/d1.norm" "$tmp/d2.norm" || fail "output differs with -j 2: $(diff "$tmp/d1.norm" "$tmp/d2.norm" | head)"
grep -c "diverges" "$tmp/d1.out" | grep -qx 2 || fail "--max-divergences 2: $(cat "$tmp/d1.out")"
for f in "$tmp"/d1/*.yaml; do cmp -s "$f" "$tmp/d2/$(basename "$f")" || fail "$(basename "$f") differs with -j 2"; done
echo "ok: the same seeds give byte-identical output and repro files with -j 1 and -j 2"

# 3b. A client that diverges on most seeds the same way: one shrink per kind.
out=$("$bin" explore --client mutant:cause-receives-own-change --runs 200 --max-divergences 0 -q --summary "$tmp/k.json" 2>/dev/null); rc=$?
[ "$rc" = 1 ] || fail "many divergences: exit $rc"
kinds=$(grep -c "^  shrunk " <<<"$out")
[ "$kinds" -ge 1 ] && [ "$kinds" -le 5 ] || fail "many divergences: $kinds shrinks, expected one per kind: $(tail -3 <<<"$out")"
grep -q "^200 scenarios, [0-9]* steps: [0-9]* diverged ($kinds kind(s), each shrunk once)" <<<"$out" || fail "many divergences: $(tail -2 <<<"$out")"
grep -q '"not shrunk: diverges as seed 1 does"' "$tmp/k.json" || fail "many divergences: the others are not named in the summary"
echo "ok: 200 seeds diverging the same way are shrunk once per kind"

# 4. Shards merge into the whole.
"$bin" explore --client builtin --seed-range 1..300 --summary "$tmp/all.json" -q >/dev/null 2>&1 || fail "whole campaign"
"$bin" explore --client builtin --seed-range 1..300 --shard 0/2 --summary "$tmp/s0.json" -q >/dev/null 2>&1 || fail "shard 0/2"
"$bin" explore --client builtin --seed-range 1..300 --shard 1/2 --summary "$tmp/s1.json" -q >/dev/null 2>&1 || fail "shard 1/2"
out=$("$bin" explore --merge "$tmp/s0.json" "$tmp/s1.json" --summary "$tmp/merged.json"); rc=$?
[ "$rc" = 0 ] || fail "merge: exit $rc: $out"
grep -q "merged 2 summaries: client builtin, 300 scenarios" <<<"$out" || fail "merge: $out"
"$python" - "$tmp/all.json" "$tmp/merged.json" <<'PY' || fail "merged counts differ from the whole campaign's"
import json, sys
whole, merged = (json.load(open(f)) for f in sys.argv[1:])
for key in ("scenarios", "steps", "features", "rules"):
    assert whole[key] == merged[key], (key, whole[key], merged[key])
PY
echo "ok: --shard 0/2 and 1/2 merged equal the whole campaign"

# 5. Bad input: a message and exit 2.
check_bad() {
  local what="$1" want="$2"; shift 2
  local msg; msg=$("$bin" explore "$@" 2>&1 >/dev/null); local rc=$?
  [ "$rc" = 2 ] || fail "$what: exit $rc, expected 2"
  grep -q -- "$want" <<<"$msg" || fail "$what: message lacks '$want': $msg"
}
check_bad "no client" "--client is required" --runs 1
check_bad "unknown mutant" 'no mutant named "nope"' --client mutant:nope
check_bad "bad client" "expected builtin, mutant:NAME or exec:" --client nope
check_bad "reversed range" "--seed-range 5..1: expected A..B" --client builtin --seed-range 5..1
check_bad "bad shard" "--shard 2/2: expected K/N" --client builtin --shard 2/2
check_bad "range and runs" "excludes" --client builtin --seed-range 1..3 --runs 5
check_bad "time and runs" "excludes" --client builtin --time 1 --runs 5
echo '{"format": "other"}' >"$tmp/other.json"
check_bad "not a summary" "is not an explore summary" --merge "$tmp/other.json"
check_bad "missing summary" "cannot read" --merge "$tmp/none.json"
echo "ok: bad input exits 2 with a message"
