#!/usr/bin/env python3
"""Runs the statussim suite against the tencent-web adapter and checks the outcome against
clients/tencent-web/expectations.yaml: every failure must be an expected one (the scenario, and
its findings where the entry names them), and every expected failure must still fail.

A stand-in for `statussim run --expectations` until the harness reads the file itself.

    check-suite.py --statussim build/statussim [--reuse] [--runs N] [scenarios]

With --runs N the suite runs N times and every scenario's trace must be the same in every run
(a scenario whose outcome or trace differs between runs is flaky). Exit 0 when all holds, 1 when
not, 77 (skipped) when the SDK is not installed (npm ci in clients/tencent-web).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CLIENT_DIR = os.path.dirname(HERE)
ROOT = os.path.dirname(os.path.dirname(CLIENT_DIR))


def load_expectations(path):
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    if not isinstance(doc, dict) or doc.get("version") != 1:
        raise SystemExit("%s: expected version: 1" % path)
    entries = {}
    for entry in doc.get("expected_failures") or []:
        for key in ("scenario", "rules", "reason", "evidence"):
            if not entry.get(key):
                raise SystemExit("%s: an entry without %s: %r" % (path, key, entry))
        entries[entry["scenario"]] = entry
    return entries


def finding_matches(finding, allowed):
    for a in allowed:
        if a.get("step") is not None and a["step"] != finding.get("step"):
            continue
        if a.get("device") is not None and a["device"] != finding.get("device"):
            continue
        if a.get("what") is not None and a["what"] != finding.get("what"):
            continue
        return True
    return False


def run_suite(args, out_json):
    node = args.node
    command = [
        args.statussim, "run", args.scenarios, "--color", "never", "-q", "--jobs", str(args.jobs),
        "--client", "tencent=exec:%s %s" % (node, os.path.join(CLIENT_DIR, "adapter.js")),
        "--json", out_json,
    ]
    if args.reuse:
        command.append("--client-reuse")
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with open(out_json, encoding="utf-8") as f:
        return proc, json.load(f)


def check(report, expected):
    problems = []
    seen = set()
    for s in report["scenarios"]:
        name = s["name"]
        verdict = s["verdict"]
        entry = expected.get(name)
        if verdict == "pass":
            if entry:
                problems.append("expected to fail but passed: %s (remove it from expectations.yaml)" % name)
            continue
        if verdict != "fail" or s.get("error"):
            problems.append("%s: %s %s" % (verdict, name, s.get("error", "")))
            continue
        if not entry:
            problems.append("unexpected failure: %s: %s" % (name, [f.get("diff") for f in s.get("findings", [])][:3]))
            continue
        seen.add(name)
        allowed = entry.get("findings")
        if allowed:
            for f in s.get("findings", []):
                if not finding_matches(f, allowed):
                    problems.append("unexpected finding in %s: step %s on %s (%s): %s" % (
                        name, f.get("step"), f.get("device"), f.get("what"), f.get("diff")))
    for name in expected:
        if name not in seen and not any(s["name"] == name for s in report["scenarios"]):
            problems.append("expected failure names no scenario that ran: %s" % name)
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--statussim", required=True)
    parser.add_argument("--node", default="node")
    parser.add_argument("--expectations", default=os.path.join(CLIENT_DIR, "expectations.yaml"))
    parser.add_argument("--reuse", action="store_true", help="one adapter process for the whole run")
    parser.add_argument("--runs", type=int, default=1, help="run the suite N times; traces must agree")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("scenarios", nargs="?", default=os.path.join(ROOT, "scenarios"))
    args = parser.parse_args()

    if not os.path.isdir(os.path.join(CLIENT_DIR, "node_modules", "@tencentcloud", "chat")):
        print("skipped: the SDK is not installed (cd clients/tencent-web && npm ci)")
        return 77
    expected = load_expectations(args.expectations)
    problems = []
    traces = {}
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            proc, report = run_suite(args, os.path.join(tmp, "run%d.json" % run))
            summary = report["summary"]
            print("run %d: %d passed, %d failed (%d client errors) of %d" % (
                run + 1, summary["passed"], summary["failed"], summary["errors"], summary["total"]))
            for p in check(report, expected):
                problems.append("run %d: %s" % (run + 1, p))
            for s in report["scenarios"]:
                traces.setdefault(s["name"], set()).add((s["verdict"], s["trace_sha256"]))
            if problems:
                print(proc.stdout[-6000:])
    for name, seen in sorted(traces.items()):
        if len(seen) > 1:
            problems.append("flaky: %s: %s" % (name, sorted(seen)))
    for p in problems:
        print(p)
    print("tencent-web: %s" % ("as expected" if not problems else "%d problem(s)" % len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
