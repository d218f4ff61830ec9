#!/usr/bin/env bash
# Nothing lost on SIGINT: a run interrupted half-way exits 130, its JSON and
# JUnit reports are complete and valid, and the summary counts what did not run.
set -euo pipefail
bin="$1"; suite="$2"; work="$3"; client="$4"
rm -rf "$work"; mkdir -p "$work"
"$bin" run "$suite" --color never --client "exec:$client" \
  --json "$work/r.json" --junit "$work/r.xml" >"$work/out.txt" 2>"$work/err.txt" &
pid=$!
# Interrupt once the first scenario has finished (a slow or sanitized build
# takes longer to get there), at most 60 s later.
for _ in $(seq 600); do
  grep -Eq '^[0-9]+/[0-9]+ ' "$work/err.txt" && break
  sleep 0.1
done
kill -INT "$pid"
set +e
wait "$pid"
rc=$?
set -e
[ "$rc" -eq 130 ] || { echo "exit status $rc, expected 130"; cat "$work/err.txt"; exit 1; }
grep -q "did not run" "$work/err.txt" || { echo "no 'did not run' in the summary"; cat "$work/err.txt"; exit 1; }
ls "$work" | grep -q '\.tmp\.' && { echo "a temporary report file was left"; exit 1; }
python3 - "$work/r.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ran, not_run = len(d["scenarios"]), d["summary"]["not_run"]
assert ran > 0 and not_run > 0, (ran, not_run)
print(f"interrupted: {ran} ran, {not_run} did not run; reports valid")
PY
xmllint --noout "$work/r.xml"
tail -n 1 "$work/out.txt" | grep -Eq '^[0-9]+ passed, [0-9]+ failed, [1-9][0-9]* skipped$'
