#!/usr/bin/python3
"""Checks schema/world.schema.json: every world under bench/worlds and
tests/worlds must be valid; every file under tests/worlds/bad with a line
`# schema: invalid` in its leading comments must be invalid. Reads YAML the
way the loaders do (tests/schema_check.py's YAML 1.2 core loader).

Usage: /usr/bin/python3 tests/worlds/schema_check_worlds.py [REPO_ROOT]
"""

import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
import jsonschema  # noqa: E402
import schema_check  # noqa: E402


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parents[2])
    schema = json.loads((root / "schema" / "world.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    failures = []
    valid = sorted((root / "bench" / "worlds").glob("*.yaml")) + sorted(
        (root / "tests" / "worlds").glob("*.yaml"))
    for path in valid:
        problem = schema_check.first_error(validator, schema_check.load_yaml(path))
        if problem:
            failures.append(f"{path}: should be valid, but {problem}")
    invalid = 0
    for path in sorted((root / "tests" / "worlds" / "bad").glob("*.yaml")):
        if not schema_check.marked_invalid(path):
            continue
        invalid += 1
        try:
            data = schema_check.load_yaml(path)
        except Exception:  # noqa: BLE001 - a YAML syntax error is invalid too
            continue
        if validator.is_valid(data):
            failures.append(f"{path}: marked '# schema: invalid', but the schema accepts it")
    for f in failures:
        print(f"FAIL {f}")
    print(f"schema_check_worlds: {len(valid)} valid files, {invalid} invalid files checked, "
          f"{len(failures)} disagreements")
    if not valid or not invalid:
        print("FAIL: no file was checked")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
