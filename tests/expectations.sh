#!/usr/bin/env bash
# --expectations (docs/expectations.md) on the golden suite against builtin,
# whose "deliberately wrong" scenario fails: a known failure gives exit 0; a
# stale entry (a scenario that passes, or a named finding that never occurs)
# and an unnamed finding give exit 1; every mistake in the file is an input
# error at its line (exit 2); with two clients the file must name its client.
set -uo pipefail
bin="$1"; src="$2"
cd "$src"
fail() { echo "FAIL: $*"; exit 1; }
run() {  # run EXPECTED_RC EXPECTED_SUMMARY ARGS...
  local want_rc="$1" want="$2"; shift 2
  out=$("$bin" run tests/golden/suite -q --color never "$@" 2>/tmp/statussim-xp-err.$$)
  rc=$?
  err=$(cat /tmp/statussim-xp-err.$$); rm -f /tmp/statussim-xp-err.$$
  [ "$rc" = "$want_rc" ] || fail "$* : exit $rc, expected $want_rc; stderr: $err"
  [ -z "$want" ] || [ "$(tail -1 <<<"$out")" = "$want" ] || fail "$* : summary '$(tail -1 <<<"$out")', expected '$want'"
  echo "ok: $* -> exit $rc ${want:+($want)}"
}
x=tests/expectations
run 1 "2 passed, 1 failed, 0 skipped"
run 0 "2 passed, 0 failed, 1 expected failures, 0 unexpected passes, 0 skipped" --expectations $x/known.yaml
run 1 "1 passed, 0 failed, 1 expected failures, 1 unexpected passes, 0 skipped" --expectations $x/stale.yaml
grep -q "UNEXPECTED PASS golden: a second web login kicks the first \[builtin\]: expected to fail, but passed" <<<"$err" || fail "no UNEXPECTED PASS line: $err"
run 0 "2 passed, 0 failed, 1 expected failures, 0 unexpected passes, 0 skipped" --expectations $x/findings.yaml
run 1 "2 passed, 1 failed, 0 expected failures, 0 unexpected passes, 0 skipped" --expectations $x/extra.yaml
grep -q "expectation: a finding no expectation names: step 6 b1 events" <<<"$err" || fail "extra: $err"
run 1 "2 passed, 0 failed, 0 expected failures, 1 unexpected passes, 0 skipped" --expectations $x/gone.yaml
grep -q "expected finding did not occur (stale): step 4 a1 result" <<<"$err" || fail "gone: $err"
run 2 "" --expectations $x/typos.yaml
for want in "typos.yaml:4:5: an expected failure needs a reason" \
            "typos.yaml:4:15: no scenario named 'golden: a deliberately wrong expectatio'" \
            "typos.yaml:5:20: 'NOPE-1' is not a rule of SPEC.md" \
            "typos.yaml:6:5: unknown key 'reson'" \
            "typos.yaml:8:12: rules must be a non-empty list" \
            "typos.yaml:9:13: reason must say why" \
            "typos.yaml:10:23: step must be a step number" \
            "typos.yaml:10:32: what must be one of"; do
  grep -qF "$want" <<<"$err" || fail "typos: no '$want' in: $err"
done
run 2 "" --expectations $x/missing.yaml
grep -qF "missing.yaml: no such file" <<<"$err" || fail "missing: $err"
# Two clients: a file without NAME= is ambiguous; with it, only that client's
# failure is expected.
run 2 "" --client builtin --client b2=builtin --expectations $x/known.yaml
grep -qF "this run has 2 clients; say which" <<<"$err" || fail "two clients: $err"
run 1 "4 passed, 1 failed, 1 expected failures, 0 unexpected passes, 0 skipped" \
  --client builtin --client b2=builtin --expectations b2=$x/known.yaml
run 2 "" --expectations nobody=$x/known.yaml
grep -qF "no client named 'nobody'" <<<"$err" || fail "nobody: $err"
# Reports: JSON outcome and expectation, JUnit skipped, Markdown section.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$bin" run tests/golden/suite -q --expectations $x/known.yaml --json "$tmp/r.json" --junit "$tmp/r.xml" \
  --md "$tmp/r.md" --html "$tmp/r.html" >/dev/null 2>&1 || fail "reports run"
python3 - "$tmp/r.json" <<'PY' || fail "JSON report"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["summary"]["expected_failures"] == 1, d["summary"]
s = [s for s in d["scenarios"] if s["outcome"] == "expected failure"]
assert len(s) == 1 and s[0]["expectation"]["rules"] == ["GET-3"], s
assert s[0]["expectation"]["reason"].startswith("the scenario expects ok"), s
PY
grep -q '<skipped message="expected failure (GET-3): the scenario expects ok' "$tmp/r.xml" || fail "JUnit skipped"
grep -q 'skipped="1"' "$tmp/r.xml" || fail "JUnit skipped count"
grep -q '### Expected failures' "$tmp/r.md" || fail "Markdown section"
grep -q 'Known failures and flaky runs' "$tmp/r.html" || fail "HTML section"
echo "ok: reports show the expected failure apart, with its reason"
# Conformance: the summary line in the console, JSON, Markdown, and the badge.
err=$("$bin" run tests/golden/suite -q --expectations $x/known.yaml --badge "$tmp/b.svg" --json "$tmp/c.json" --md "$tmp/c.md" 2>&1 >/dev/null)
line="8 of 73 rules: conformant; 1 known deviation: GET-3; 64 not covered: VAL-1, VAL-2, VAL-3, VAL-4, STA-1, STA-2, STA-3, STA-4, STA-5, STA-6, ..."
grep -qF "conformance [builtin]: $line" <<<"$err" || fail "conformance line: $err"
grep -qF "$line" "$tmp/c.md" || fail "Markdown conformance"
python3 - "$tmp/c.json" <<'PY' || fail "JSON conformance"
import json, sys
c = json.load(open(sys.argv[1]))["conformance"][0]
assert c["client"] == "builtin" and c["known_deviations"] == ["GET-3"] and c["conformant"] == 8, c
assert c["rules"]["GET-3"] == "known deviation" and c["rules"]["SES-4"] == "conformant", c
assert c["rules"]["VAL-1"] == "not covered", c
PY
grep -q '<svg xmlns="http://www.w3.org/2000/svg"' "$tmp/b.svg" && grep -q '>8/73 rules<' "$tmp/b.svg" \
  && grep -q 'fill="#dfb317"' "$tmp/b.svg" || fail "badge: $(cat "$tmp/b.svg")"
if command -v xmllint >/dev/null; then xmllint --noout "$tmp/b.svg" || fail "badge is not well-formed XML"; fi
err=$("$bin" run tests/golden/suite -q --badge "$tmp/r.svg" 2>&1 >/dev/null)
grep -q 'fill="#e05d44"' "$tmp/r.svg" || fail "a failing rule makes the badge red"
"$bin" run tests/golden/suite/session -q --badge "$tmp/g.svg" >/dev/null 2>&1 || fail "green run"
grep -q 'fill="#4c1"' "$tmp/g.svg" || fail "all conformant makes the badge green"
echo "ok: conformance per rule in the console, JSON and Markdown; the badge is yellow, red or green"
