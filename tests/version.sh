#!/usr/bin/env bash
# `statussim --version` prints exactly one line,
#   statussim VERSION (protocol N, SPEC.md: R rules)
# with VERSION from project(), N = kProtocolVersion of harness/protocol.h and
# R the number of rules `coverage` counts in the same (default) SPEC.
#
# usage: version.sh STATUSSIM VERSION PROTOCOL_H SCENARIOS_DIR
set -euo pipefail
bin="$1"; version="$2"; protocol_h="$3"; scenarios="$4"

protocol="$(sed -n 's/^inline constexpr int kProtocolVersion = \([0-9]*\);$/\1/p' "$protocol_h")"
[ -n "$protocol" ] || { echo "FAIL: no kProtocolVersion in $protocol_h"; exit 1; }
rules="$("$bin" coverage "$scenarios" | tail -n 1 | sed -n 's/^[0-9]* of \([0-9]*\) rules covered.*/\1/p')"
[ -n "$rules" ] || { echo "FAIL: no rule count from coverage"; exit 1; }

out="$("$bin" --version)"
want="statussim $version (protocol $protocol, SPEC.md: $rules rules)"
if [ "$out" != "$want" ]; then
  echo "FAIL: --version printed"; echo "  '$out'"; echo "expected"; echo "  '$want'"; exit 1
fi
echo "$out"
