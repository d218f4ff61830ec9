#!/usr/bin/env bash
# CTest smoke test of `statussim scale` (label "scale"): a small world run
# twice with one seed gives one log hash, another seed another; bad
# arguments exit 2. Usage: scale_smoke.sh STATUSSIM
set -euo pipefail
bin="$1"
run() {
  "$bin" scale --accounts 20000 --subscriptions-per-account 10 --devices-per-account 2 \
    --friends-per-account 2 --changes 20000 --seed "$1" | sed -n 's/^log hash: *//p'
}
a=$(run 5); b=$(run 5); c=$(run 6)
echo "seed 5: $a, again: $b; seed 6: $c"
[ -n "$a" ] || { echo "no log hash printed"; exit 1; }
[ "$a" = "$b" ] || { echo "same seed, different log hash"; exit 1; }
[ "$a" != "$c" ] || { echo "another seed, same log hash"; exit 1; }
set +e
"$bin" scale --accounts 0 >/dev/null 2>&1; rc1=$?
"$bin" scale --subscriptions-per-account x >/dev/null 2>&1; rc2=$?
set -e
[ "$rc1" = 2 ] && [ "$rc2" = 2 ] || { echo "bad arguments: exit $rc1 and $rc2, want 2"; exit 1; }
echo ok
