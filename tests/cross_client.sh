#!/usr/bin/env bash
# Runs the suite against builtin, the Python SDK and the full-mode client in
# one run and checks that each scenario's trace SHA-256 is the same for all
# three: the same behaviour gives the same canonical trace, whatever the client.
# The process clients run with --client-reuse (one process per worker for many
# scenarios, PROTOCOL.md Lifecycle); suite.python_sdk and suite.full_mode run
# them a fresh process per scenario.
set -euo pipefail
bin="$1"; suite="$2"; work="$3"; python_cmd="$4"; full_cmd="$5"
mkdir -p "$work"
"$bin" run "$suite" -q --color never --jobs 2 --client-reuse --json "$work/all.json" \
  --client builtin --client "py=exec:$python_cmd" --client "full=exec:$full_cmd" >/dev/null
python3 - "$work/all.json" <<'PY'
import json, sys
from collections import defaultdict
d = json.load(open(sys.argv[1]))
by_name = defaultdict(dict)
for s in d["scenarios"]:
    by_name[s["name"]][s["client"]] = s["trace_sha256"]
bad = [n for n, h in by_name.items() if len(set(h.values())) != 1 or len(h) != 3]
if not by_name:
    sys.exit("no scenarios in the report")
if bad:
    for n in bad[:10]:
        print("traces differ:", n, by_name[n])
    sys.exit(1)
print(f"{len(by_name)} scenarios: identical trace hashes across builtin, py, full")
PY
