#!/usr/bin/env bash
# For every scenario file in FOLDER (tests/bad), runs `STATUSSIM check FILE` and
# checks that it exits 2 and prints `FILE:LINE:COL:` on stderr, where the first
# line of the file is `# expect-error: LINE:COL: <part of the reason>`
# (LINE:COL 0:0 means an error about the whole file, printed `FILE: reason`).
# The reason must appear on that same stderr line.
# Usage: check_bad_inputs.sh STATUSSIM FOLDER
set -u
statussim=${1:?usage: check_bad_inputs.sh STATUSSIM FOLDER}
folder=${2:?usage: check_bad_inputs.sh STATUSSIM FOLDER}

checked=0
failed=0
while IFS= read -r -d '' file; do
  header=$(head -n 1 -- "$file")
  if [[ ! $header =~ ^#\ expect-error:\ ([0-9]+):([0-9]+):\ (.+)$ ]]; then
    echo "FAIL $file: first line is not '# expect-error: LINE:COL: reason'"
    failed=$((failed + 1))
    continue
  fi
  line=${BASH_REMATCH[1]}
  col=${BASH_REMATCH[2]}
  reason=${BASH_REMATCH[3]}
  if [[ $line == 0 ]]; then prefix="$file: "; else prefix="$file:$line:$col: "; fi
  stderr=$("$statussim" check "$file" 2>&1 >/dev/null)
  status=$?
  checked=$((checked + 1))
  if [[ $status != 2 ]]; then
    echo "FAIL $file: exit status $status, expected 2"
    printf '%s\n' "$stderr" | sed 's/^/    /'
    failed=$((failed + 1))
  elif ! printf '%s\n' "$stderr" | grep -F -- "$prefix" | grep -qF -- "$reason"; then
    echo "FAIL $file: stderr has no line '$prefix...$reason...'"
    printf '%s\n' "$stderr" | sed 's/^/    /'
    failed=$((failed + 1))
  fi
done < <(find "$folder" -type f \( -name '*.yaml' -o -name '*.yml' \) -print0 | sort -z)

echo "check_bad_inputs: $checked files, $failed failures"
if [[ $checked == 0 ]]; then
  echo "FAIL: no file checked in $folder"
  exit 1
fi
[[ $failed == 0 ]]
