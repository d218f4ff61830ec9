#!/usr/bin/python3
"""Keeps docs/choices.md and the `choice-ID` tags of the scenarios in step.

docs/choices.md gives every choice a stable ID (M3, P5, F2) as a list item
`- **ID. Title** ...`; entries under the heading `## Settled` are no longer
choices. An open choice that scenarios assert has the line
"Scenarios: tag `choice-ID`." (a line of its own) in its item. This script fails when:
- an ID appears twice in the document, or a marker names another entry's ID
  or sits in a settled entry;
- a scenario has a `choice-...` tag that is not `choice-ID` of an open choice
  with a marker, lacks the tag `assumed` beside it, or does not name the
  choice ("choices.md ID") in its file;
- a scenario file cites "choices.md X" where X is not an open choice (a bare
  number from before the IDs, or a settled entry);
- an open choice with a marker has no scenario with its tag.

Usage: python3 tests/check_choices.py [REPO_ROOT]  (needs python3-yaml)
"""

import pathlib
import re
import sys

import yaml

ENTRY = re.compile(r"^- \*\*([MPF][0-9]+)\b")
MARKER = re.compile(r"^\s+Scenarios: tag `choice-([^`]*)`\.\s*$")
TAG = re.compile(r"^choice-([MPF][0-9]+)$")
CITATION = re.compile(r"choices\.md\s+([A-Z]?[0-9]+)\b")


def read_choices(path, failures):
    """Returns ({id: has_marker} of open choices, set of settled IDs)."""
    open_choices, settled, seen = {}, set(), set()
    section, current = "", None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path}:{number}"
        if line.startswith("#"):
            section, current = line, None
            continue
        m = ENTRY.match(line)
        if m:
            current = m.group(1)
            if current in seen:
                failures.append(f"{where}: {current} appears twice")
            seen.add(current)
            if section.startswith("## Settled"):
                settled.add(current)
            else:
                open_choices[current] = False
        elif not line.startswith("  "):
            current = None  # the item ended
        for marked in MARKER.findall(line):  # a line of its own, in an item
            if current is None or current in settled:
                failures.append(f"{where}: marker for choice-{marked} outside an open choice")
            elif marked != current:
                failures.append(f"{where}: marker choice-{marked} inside entry {current}")
            else:
                open_choices[current] = True
    return open_choices, settled


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent.parent)
    failures = []
    open_choices, settled = read_choices(root / "docs" / "choices.md", failures)
    asserted = sorted((i for i, marked in open_choices.items() if marked),
                      key=lambda i: (i[0], int(i[1:])))
    tagged = {i: [] for i in asserted}

    files = sorted((root / "scenarios").rglob("*.yaml"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        for cited in CITATION.findall(text):
            if cited not in open_choices:
                state = "a settled entry" if cited in settled else "no open choice"
                failures.append(f"{path}: cites docs/choices.md {cited}, which is {state}")
        try:
            scenario = yaml.safe_load(text) or {}
        except yaml.YAMLError as e:
            failures.append(f"{path}: not loadable YAML: {e}")
            continue
        tags = [t for t in scenario.get("tags") or [] if isinstance(t, str)]
        for tag in (t for t in tags if t.startswith("choice-")):
            m = TAG.match(tag)
            if not m or m.group(1) not in open_choices:
                failures.append(f"{path}: tag {tag} names no open choice of docs/choices.md")
                continue
            choice = m.group(1)
            if choice not in tagged:
                failures.append(f"{path}: tag {tag}, but docs/choices.md {choice} has no "
                                f"\"Scenarios: tag `{tag}`.\" line")
                continue
            tagged[choice].append(path)
            if "assumed" not in tags:
                failures.append(f"{path}: tag {tag} without the tag assumed")
            if not re.search(rf"choices\.md\s+{choice}\b", text):
                failures.append(f"{path}: tag {tag}, but the file never names docs/choices.md "
                                f"{choice}")

    for choice in asserted:
        if not tagged[choice]:
            failures.append(f"docs/choices.md {choice} says scenarios assert it, but no scenario "
                            f"has the tag choice-{choice}")

    for f in failures:
        print(f"FAIL {f}")
    for choice in asserted:
        print(f"choice-{choice}: {len(tagged[choice])} scenario(s)")
    print(f"check_choices: {len(files)} scenario files, {len(open_choices)} open choices "
          f"({len(asserted)} asserted), {len(settled)} settled, {len(failures)} problem(s)")
    if not files or not open_choices:
        print("FAIL: no scenario or no choice found (wrong root folder?)")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
