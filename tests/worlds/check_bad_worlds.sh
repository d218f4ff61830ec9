#!/usr/bin/env bash
# For every world file in FOLDER (tests/worlds/bad), runs `STATUSSIM scale
# --world FILE` and checks that it exits 2 before building anything and
# prints exactly the problems the file's leading `# expect-error: LINE:COL:
# <part of the reason>` lines name, each as `FILE:LINE:COL: ...reason...`
# on stderr, and no other.
# Usage: check_bad_worlds.sh STATUSSIM FOLDER
set -u
statussim=${1:?usage: check_bad_worlds.sh STATUSSIM FOLDER}
folder=${2:?usage: check_bad_worlds.sh STATUSSIM FOLDER}

checked=0
failed=0
while IFS= read -r -d '' file; do
  mapfile -t expected < <(grep '^# expect-error: ' -- "$file" | sed 's/^# expect-error: //')
  if [[ ${#expected[@]} == 0 ]]; then
    echo "FAIL $file: no '# expect-error: LINE:COL: reason' line"
    failed=$((failed + 1))
    continue
  fi
  out=$("$statussim" scale --world "$file" 2>/tmp/check_bad_worlds.$$)
  status=$?
  stderr=$(cat /tmp/check_bad_worlds.$$)
  rm -f /tmp/check_bad_worlds.$$
  checked=$((checked + 1))
  bad=0
  [[ $status == 2 ]] || { echo "FAIL $file: exit status $status, expected 2"; bad=1; }
  [[ -z $out ]] || { echo "FAIL $file: printed on stdout (did it build the world?)"; bad=1; }
  for e in "${expected[@]}"; do
    [[ $e =~ ^([0-9]+):([0-9]+):\ (.+)$ ]] || { echo "FAIL $file: bad expect-error '$e'"; bad=1; continue; }
    prefix="$file:${BASH_REMATCH[1]}:${BASH_REMATCH[2]}: "
    reason=${BASH_REMATCH[3]}
    if ! printf '%s\n' "$stderr" | grep -F -- "$prefix" | grep -qF -- "$reason"; then
      echo "FAIL $file: stderr has no line '$prefix...$reason...'"
      bad=1
    fi
  done
  lines=$(printf '%s\n' "$stderr" | grep -c .)
  if [[ $lines != "${#expected[@]}" ]]; then
    echo "FAIL $file: $lines error lines, expected ${#expected[@]}"
    bad=1
  fi
  if [[ $bad == 1 ]]; then
    printf '%s\n' "$stderr" | sed 's/^/    /'
    failed=$((failed + 1))
  fi
done < <(find "$folder" -type f -name '*.yaml' -print0 | sort -z)

echo "check_bad_worlds: $checked files, $failed failures"
if [[ $checked == 0 ]]; then
  echo "FAIL: no file checked in $folder"
  exit 1
fi
[[ $failed == 0 ]]
