#!/usr/bin/python3
"""Keeps docs/mutants.md (a clause of SPEC.md per row, with the mutants that
break it) in step with `statussim mutate --list` and SPEC.md. Fails when:
- a mutant is not named in a row of its own rule (the row's rule column
  starts with the mutant's rule ID);
- a row names a mutant that does not exist, or names one as `name` (RULE)
  with a RULE that is not the mutant's;
- a SPEC rule has no mutant of its own, or no row;
- a mutant's rule is not a SPEC rule.

Usage: python3 tests/check_mutants.py STATUSSIM REPO_ROOT
"""

import pathlib
import re
import subprocess
import sys

ROW = re.compile(r"^\| ([A-Z]+-[0-9]+)[^|]*\|[^|]*\|(.*)\|\s*$")
NAMED = re.compile(r"`([a-z0-9-]+)`(?: \(([A-Z]+-[0-9]+)\))?")
RULE = re.compile(r"^- ([A-Z]+-[0-9]+) ")


def main():
    statussim, root = sys.argv[1], pathlib.Path(sys.argv[2])
    listing = subprocess.run([statussim, "mutate", "--list"], check=True, capture_output=True,
                             text=True).stdout
    mutants = {}
    for line in listing.splitlines():
        name, rule = line.split()[:2]
        mutants[name] = rule
    spec_rules, in_section = [], False
    for line in (root / "spec" / "SPEC.md").read_text(encoding="utf-8").splitlines():
        in_section = in_section or line.startswith("## ")
        m = RULE.match(line)
        if in_section and m:
            spec_rules.append(m.group(1))
    failures = []
    under = {}  # mutant -> rules of the rows that name it
    rows_of = set()
    doc = root / "docs" / "mutants.md"
    for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1):
        m = ROW.match(line)
        if not m:
            continue
        rule, cell = m.group(1), m.group(2)
        rows_of.add(rule)
        for name, annotated in NAMED.findall(cell):
            if name not in mutants:
                failures.append(f"{doc}:{number}: no mutant named '{name}'")
                continue
            if annotated and annotated != mutants[name]:
                failures.append(f"{doc}:{number}: '{name}' is a mutant of {mutants[name]}, "
                                f"not {annotated}")
            under.setdefault(name, set()).add(rule)
    for name, rule in mutants.items():
        if rule not in spec_rules:
            failures.append(f"mutant '{name}': {rule} is not a SPEC rule")
        if rule not in under.get(name, set()):
            failures.append(f"mutant '{name}' ({rule}) has no row of {rule} in {doc}")
    own = set(mutants.values())
    for rule in spec_rules:
        if rule not in own:
            failures.append(f"{rule}: no mutant of its own")
        if rule not in rows_of:
            failures.append(f"{rule}: no row in {doc}")
    for f in failures:
        print(f)
    print(f"check_mutants: {len(mutants)} mutants, {len(spec_rules)} rules, "
          f"{len(failures)} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
