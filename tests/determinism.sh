#!/usr/bin/env bash
# Runs the suite three times (twice with --jobs 1, once with --jobs 2) and
# checks that every scenario's trace SHA-256 is the same each time.
set -euo pipefail
bin="$1"; suite="$2"; work="$3"
mkdir -p "$work"
"$bin" run "$suite" -q --color never --jobs 1 --json "$work/a.json" >/dev/null 2>&1 || true
"$bin" run "$suite" -q --color never --jobs 1 --json "$work/b.json" >/dev/null 2>&1 || true
"$bin" run "$suite" -q --color never --jobs 2 --json "$work/c.json" >/dev/null 2>&1 || true
hashes() { grep -o '"trace_sha256": *"[0-9a-f]*"' "$1"; }
n=$(hashes "$work/a.json" | wc -l)
if [ "$n" -lt 1 ]; then echo "no trace hashes in $work/a.json"; exit 1; fi
diff <(hashes "$work/a.json") <(hashes "$work/b.json") || { echo "run 1 and run 2 differ"; exit 1; }
diff <(hashes "$work/a.json") <(hashes "$work/c.json") || { echo "--jobs 1 and --jobs 2 differ"; exit 1; }
echo "$n trace hashes identical across 3 runs (jobs 1, 1, 2)"
