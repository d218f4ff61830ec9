#!/usr/bin/python3
"""Checks schema/scenario.schema.json against the scenario files.

Every file under scenarios/ and tests/good/ must be valid; every file under
tests/bad/ with a line `# schema: invalid` in its leading comments must be
invalid (the other bad files break rules the schema cannot express, such as
unknown accounts, and are checked by the C++ loader only). Exits non-zero on
any disagreement, and when it validated no file at all.

Run with Debian's python3 (packages python3-jsonschema and python3-yaml):
    /usr/bin/python3 tests/schema_check.py [REPO_ROOT]

PyYAML follows YAML 1.1 (yes/no/on/off are booleans, 010 is octal, dates are
timestamps). The loader below resolves plain scalars as SCENARIOS.md "Values"
says, like the C++ loader: only true/false are booleans, integers are
decimal, floats and null as in YAML 1.2 core, everything else is a string.
"""

import json
import pathlib
import re
import sys

import jsonschema
import yaml


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core scalars (as restricted by SCENARIOS.md)."""


Yaml12Loader.yaml_implicit_resolvers = {}


def _resolver(tag, pattern, first):
    Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern, re.X), list(first))


_resolver("tag:yaml.org,2002:bool", r"^(?:true|false)$", "tf")
_resolver("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", "-+0123456789")
_resolver("tag:yaml.org,2002:float",
          r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$",
          "-+0123456789.")
_resolver("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""])


def _construct_int(loader, node):
    return int(loader.construct_scalar(node), 10)  # decimal: 010 is 10, not octal


def _construct_bool(loader, node):
    return loader.construct_scalar(node) == "true"


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
Yaml12Loader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)


def load_yaml(path):
    with open(path, "rb") as f:
        return yaml.load(f, Loader=Yaml12Loader)


def scenario_files(folder):
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def marked_invalid(path):
    """True when the leading comment lines hold `# schema: invalid`."""
    with open(path, "rb") as f:
        for raw in f:
            line = raw.decode("utf-8", "replace").strip()
            if not line.startswith("#"):
                return False
            if line == "# schema: invalid":
                return True
    return False


def first_error(validator, data):
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if not errors:
        return None
    e = errors[0]
    where = "/".join(str(p) for p in e.absolute_path) or "(top)"
    return f"{where}: {e.message}"


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent.parent)
    schema = json.loads((root / "schema" / "scenario.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)

    failures = []
    valid_count = 0
    for path in scenario_files(root / "scenarios") + scenario_files(root / "tests" / "good"):
        try:
            problem = first_error(validator, load_yaml(path))
        except yaml.YAMLError as e:
            problem = f"YAML error: {e}"
        if problem:
            failures.append(f"{path}: should be valid, but {problem}")
        valid_count += 1

    invalid_count = 0
    for path in scenario_files(root / "tests" / "bad"):
        if not marked_invalid(path):
            continue
        invalid_count += 1
        try:
            data = load_yaml(path)
        except yaml.YAMLError as e:
            failures.append(f"{path}: marked '# schema: invalid' but is not loadable YAML: {e}")
            continue
        if validator.is_valid(data):
            failures.append(f"{path}: marked '# schema: invalid', but the schema accepts it")

    # Expectations files (docs/expectations.md): the valid ones under
    # tests/expectations/ must validate; typos.yaml must not.
    xschema = json.loads((root / "schema" / "expectations.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(xschema)
    xvalidator = jsonschema.Draft7Validator(xschema)
    for path in scenario_files(root / "tests" / "expectations"):
        data = load_yaml(path)
        ok = xvalidator.is_valid(data)
        if path.name == "typos.yaml" and ok:
            failures.append(f"{path}: the expectations schema accepts it")
        elif path.name != "typos.yaml" and not ok:
            failures.append(f"{path}: should be valid, but {first_error(xvalidator, data)}")
        valid_count += 1

    for f in failures:
        print(f"FAIL {f}")
    print(f"schema_check: {valid_count} valid files, {invalid_count} invalid files checked, "
          f"{len(failures)} disagreements")
    if valid_count == 0 or invalid_count == 0:
        print("FAIL: no file was checked (wrong root folder?)")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
