#!/usr/bin/env bash
# statussim record (docs/record.md), one part per CTest test:
#   suite      record on a copy of scenarios/ prints the same diff twice; with
#              --write every file still loads and passes with the same trace
#              hashes, a second record changes nothing, the files not written
#              are byte-identical
#   steps      tests/record/steps-only.yaml (no expectation) recorded equals its
#              reviewed golden, passes, and is a fixed point
#   wrong      tests/record/wrong.yaml (wrong expect, wrong expect_events) recorded
#              equals its golden; every comment outside the replaced nodes stays
#   bare       the suite with every `expect` and `expect_events` removed (steps
#              only) recorded: every file written, it passes, a fixed point
#   bad        input errors and refused files: exit 2, located messages, nothing
#              written
#   no_write   without --write no file changes; exit 1 when something would
# Usage: record.sh STATUSSIM SOURCE_DIR WORK_DIR PART
set -u
bin=$1
src=$2
# Scenarios in the suite (every .yaml file of scenarios/ is one).
total=$(find "$src/scenarios" -name "*.yaml" | wc -l)
work=$3/$4
part=$4
fixtures=$src/tests/record
rm -rf "$work"
mkdir -p "$work"

fail() {
  echo "FAIL ($part): $*"
  exit 1
}

# Runs statussim; exit status in $rc, stdout in $work/out, stderr in $work/err.
sim() {
  "$bin" "$@" >"$work/out" 2>"$work/err"
  rc=$?
}

hashes() {  # the trace hash of every scenario of a JSON report, in order
  grep -o '"trace_sha256": *"[0-9a-f]*"' "$1"
}

case $part in
suite)
  cp -r "$src/scenarios" "$work/suite"
  sim run "$work/suite" --color never -q --json "$work/before.json"
  [ $rc = 0 ] || fail "the copied suite does not pass"
  sim record "$work/suite"
  [ $rc = 1 ] || fail "record on the suite: exit $rc, expected 1 (the suite leaves data unchecked)"
  grep -q '^+' "$work/out" || fail "no diff printed"
  cp "$work/out" "$work/diff1"
  sim record "$work/suite"
  cmp -s "$work/out" "$work/diff1" || fail "two runs of record print different diffs"
  sim record --write "$work/suite"
  [ $rc = 0 ] || fail "record --write: exit $rc: $(cat "$work/err")"
  cp "$work/out" "$work/write.out"
  sed -n 's/^wrote \(.*\) ([0-9]* step(s))$/\1/p' "$work/write.out" | sort >"$work/written"
  [ -s "$work/written" ] || fail "nothing written"
  (cd "$src/scenarios" && find . -name '*.yaml' | sort) | while read -r f; do
    cmp -s "$src/scenarios/$f" "$work/suite/$f" || echo "$work/suite/${f#./}"
  done | sort >"$work/differ"
  diff "$work/written" "$work/differ" >/dev/null ||
    fail "the files that differ are not the files written: $(diff "$work/written" "$work/differ")"
  sim run "$work/suite" --color never -q --json "$work/after.json"
  [ $rc = 0 ] || fail "the recorded suite does not pass: $(tail -5 "$work/out")"
  grep -q "^$total passed, 0 failed" "$work/out" || fail "not $total passed: $(tail -2 "$work/out")"
  [ "$(hashes "$work/before.json")" = "$(hashes "$work/after.json")" ] ||
    fail "trace hashes changed by recording"
  sim record "$work/suite"
  [ $rc = 0 ] || fail "a second record: exit $rc, not a fixed point: $(head -20 "$work/out")"
  grep -q "^0 file(s) would change, 0 step(s); $total unchanged\$" "$work/out" ||
    fail "second record summary: $(tail -1 "$work/out")"
  echo "ok: $(wc -l <"$work/written") files written ($(tail -1 "$work/write.out")); passes; fixed point"
  ;;
bare)
  cp -r "$src/scenarios" "$work/bare"
  find "$work/bare" -name '*.yaml' | while read -r f; do
    awk '
      function indent(s) { match(s, /^ */); return RLENGTH }
      {
        if (skipping) {
          if ($0 ~ /^ *$/ || indent($0) > skip_indent) next
          skipping = 0
        }
        if ($0 ~ /^ *expect:/) { skipping = 1; skip_indent = indent($0); next }
        if ($0 ~ /^ *- expect_events:/) { skipping = 1; skip_indent = indent($0) + 2; next }
        print
      }' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
  done
  grep -rq 'expect' "$work/bare" && fail "the strip left an expectation"
  sim check "$work/bare"
  [ $rc = 0 ] || fail "the stripped suite does not load: $(head -3 "$work/err")"
  sim record --write "$work/bare"
  [ $rc = 0 ] || fail "record --write: exit $rc: $(head -5 "$work/err")"
  grep -q "^$total file(s) written, [0-9]* step(s); 0 unchanged\$" "$work/out" ||
    fail "not every file recorded: $(tail -1 "$work/out")"
  cp "$work/out" "$work/write.out"
  sim run "$work/bare" --color never -q
  [ $rc = 0 ] || fail "the recorded suite does not pass: $(tail -5 "$work/out")"
  sim record "$work/bare"
  [ $rc = 0 ] || fail "a second record: exit $rc, not a fixed point"
  echo "ok: $(tail -1 "$work/write.out")"
  ;;
steps)
  cp "$fixtures/steps-only.yaml" "$work/steps-only.yaml"
  sim run "$work/steps-only.yaml" --color never -q
  [ $rc = 1 ] || fail "steps-only.yaml must fail before recording (its events are unchecked)"
  sim record --write "$work/steps-only.yaml"
  [ $rc = 0 ] || fail "record --write: exit $rc: $(cat "$work/err")"
  grep -q '^wrote .*steps-only.yaml (10 step(s))$' "$work/out" || fail "output: $(cat "$work/out")"
  cmp "$work/steps-only.yaml" "$fixtures/steps-only.yaml.recorded" ||
    fail "differs from the golden: $(diff "$fixtures/steps-only.yaml.recorded" "$work/steps-only.yaml")"
  sim run "$work/steps-only.yaml" --color never -q
  [ $rc = 0 ] || fail "the recorded scenario does not pass"
  sim record "$work/steps-only.yaml"
  [ $rc = 0 ] || fail "recording again changes it (exit $rc)"
  echo "ok"
  ;;
wrong)
  cp "$fixtures/wrong.yaml" "$work/wrong.yaml"
  sim run "$work/wrong.yaml" --color never -q
  [ $rc = 1 ] || fail "wrong.yaml must fail before recording (exit $rc)"
  sim record --write "$work/wrong.yaml"
  [ $rc = 0 ] || fail "record --write: exit $rc: $(cat "$work/err")"
  cmp "$work/wrong.yaml" "$fixtures/wrong.yaml.recorded" ||
    fail "differs from the golden: $(diff "$fixtures/wrong.yaml.recorded" "$work/wrong.yaml")"
  sim run "$work/wrong.yaml" --color never -q
  [ $rc = 0 ] || fail "the recorded scenario does not pass"
  # Every comment outside the replaced nodes is still there, as written.
  grep -o '#.*' "$fixtures/wrong.yaml" | grep -v '(lost:' | while IFS= read -r c; do
    grep -qF -- "$c" "$work/wrong.yaml" || echo "$c"
  done >"$work/lost"
  [ -s "$work/lost" ] && fail "comments lost: $(cat "$work/lost")"
  # The partial expectation the model meets stays as written.
  grep -qF 'expect: {ok: {customStatus: busy}}   # partial and right: kept as written' \
    "$work/wrong.yaml" || fail "the partial expect was rewritten"
  sim record "$work/wrong.yaml"
  [ $rc = 0 ] || fail "recording again changes it (exit $rc)"
  echo "ok"
  ;;
bad)
  cp "$fixtures/wrong.yaml" "$work/good.yaml"
  cp "$fixtures/bad/unknown-key.yaml" "$work/unknown-key.yaml"
  sim record --write "$work/good.yaml" "$work/unknown-key.yaml"
  [ $rc = 2 ] || fail "a file that does not load: exit $rc, expected 2"
  grep -q "unknown-key.yaml:7:5: unknown key 'expcet'" "$work/err" || fail "message: $(cat "$work/err")"
  cmp -s "$work/good.yaml" "$fixtures/wrong.yaml" || fail "a file was written despite an input error"
  sim record "$work/no-such-file.yaml"
  [ $rc = 2 ] || fail "a missing file: exit $rc, expected 2"
  grep -q 'no-such-file.yaml' "$work/err" || fail "message: $(cat "$work/err")"
  sim record
  [ $rc = 2 ] || fail "no path: exit $rc, expected 2"
  sim record --help
  [ $rc = 0 ] || fail "--help: exit $rc"
  grep -q -- '--write' "$work/out" || fail "--help does not name --write"
  # Files record refuses, each with a located reason; the others are written.
  for f in flow-step:7:5:'flow style' alias-expect:9:5:'anchor or alias' \
    times-differ:13:5:'different results on its repetitions'; do
    name=${f%%:*}
    where=$(echo "$f" | cut -d: -f2,3)
    why=${f#*:*:*:}
    cp "$fixtures/refuse/$name.yaml" "$work/$name.yaml"
    sim record --write "$work/$name.yaml" "$work/good.yaml"
    [ $rc = 2 ] || fail "$name: exit $rc, expected 2"
    grep -q "$name.yaml:$where: .*$why" "$work/err" || fail "$name: message: $(cat "$work/err")"
    cmp -s "$work/$name.yaml" "$fixtures/refuse/$name.yaml" || fail "$name: a refused file was changed"
    grep -q '^wrote .*good.yaml' "$work/out" || fail "$name: the good file was not written"
    cp "$fixtures/wrong.yaml" "$work/good.yaml"
  done
  echo "ok"
  ;;
no_write)
  cp "$fixtures/wrong.yaml" "$work/wrong.yaml"
  cp "$fixtures/steps-only.yaml.recorded" "$work/done.yaml"
  before=$(sha256sum "$work/wrong.yaml" "$work/done.yaml")
  sim record "$work/wrong.yaml" "$work/done.yaml"
  [ $rc = 1 ] || fail "exit $rc, expected 1 when something would change"
  [ "$before" = "$(sha256sum "$work/wrong.yaml" "$work/done.yaml")" ] || fail "files changed without --write"
  grep -q "^--- $work/wrong.yaml\$" "$work/out" || fail "no diff header"
  grep -q '^1 file(s) would change, 9 step(s); 1 unchanged$' "$work/out" || fail "summary: $(tail -1 "$work/out")"
  grep -q 'done.yaml' "$work/out" && fail "a file with nothing to record is in the diff"
  sim record "$work/done.yaml"
  [ $rc = 0 ] || fail "nothing to record: exit $rc, expected 0"
  echo "ok"
  ;;
*)
  fail "unknown part"
  ;;
esac
