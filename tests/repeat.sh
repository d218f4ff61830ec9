#!/usr/bin/env bash
# --repeat N: a deterministic client is never flaky; a client whose runs end
# differently (tests/clients/misbehave.py flaky rejects its first call in
# every other process) is flaky, with each run's outcome, and fails the run,
# even where an expectation says the scenario fails.
set -uo pipefail
bin="$1"; src="$2"; python="${3:-python3}"
cd "$src"
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
out=$("$bin" run scenarios/set tests/repeat --repeat 3 -q --color never 2>&1); rc=$?
[ "$rc" = 0 ] || fail "builtin with --repeat 3: exit $rc: $out"
grep -q "flaky" <<<"$out" && fail "builtin reported flaky: $out"
echo "ok: builtin, --repeat 3: never flaky"
client="exec:$python $src/tests/clients/misbehave.py flaky $tmp/marker"
out=$("$bin" run tests/repeat --repeat 3 -q --color never --client "$client" --json "$tmp/r.json" 2>&1); rc=$?
[ "$rc" = 1 ] || fail "flaky client: exit $rc, expected 1: $out"
grep -q "FLAKY repeat: a login \[misbehave\]: the runs did not all end alike (run 1: fail: step 1 a1 result; run 2: pass; run 3: fail: step 1 a1 result)" <<<"$out" \
  || fail "no FLAKY line with each run's outcome: $out"
grep -q "1 flaky scenario run(s): their 3 runs did not all end alike" <<<"$out" || fail "no flaky count: $out"
python3 - "$tmp/r.json" <<'PY' || fail "JSON"
import json, sys
d = json.load(open(sys.argv[1]))
s = d["scenarios"][0]
assert s["outcome"] == "flaky" and s["flaky"] is True, s
assert s["repeat_outcomes"] == ["fail: step 1 a1 result", "pass", "fail: step 1 a1 result"], s
assert d["summary"]["flaky"] == 1, d["summary"]
PY
echo "ok: a client whose runs differ is flaky, with each run's outcome, and fails the run"
printf 'version: 1\nexpected_failures:\n  - {scenario: "repeat: a login", rules: [SES-1], reason: flaky on purpose}\n' > "$tmp/x.yaml"
rm -f "$tmp/marker"
out=$("$bin" run tests/repeat --repeat 3 -q --color never --client "$client" --expectations "$tmp/x.yaml" 2>&1); rc=$?
[ "$rc" = 1 ] || fail "flaky with an expectation: exit $rc, expected 1: $out"
grep -q "FLAKY" <<<"$out" || fail "flaky with an expectation: $out"
echo "ok: an expectation does not excuse a flaky scenario"
