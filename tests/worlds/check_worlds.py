#!/usr/bin/python3
"""CTest checks of `statussim scale --world` and its capacity report.

Usage: check_worlds.py STATUSSIM REPO_ROOT CHECK

CHECK is one of:
  uniform      bench/worlds/uniform.yaml gives the log hash of the same flags,
               and the flags give today's hash (recorded before worlds existed)
  examples     every world in bench/worlds loads and checks (--dry-run)
  determinism  tests/worlds/*.yaml twice: same hash, byte-identical JSON once
               "wall" is removed; another seed: another hash
  report       the JSON's figures add up and the HTML is well-formed and
               self-contained; the celebrity's spike shows in the max per
               second; the storm's in changes per second at its instant
Exits non-zero with a FAIL line on any failed check.
"""

import html.parser
import json
import pathlib
import re
import subprocess
import sys
import tempfile

FAILURES = []


def fail(message):
    FAILURES.append(message)
    print(f"FAIL {message}")


def run(statussim, *args):
    p = subprocess.run([statussim, "scale", *args], capture_output=True, text=True, check=False)
    if p.returncode != 0:
        fail(f"scale {' '.join(args)}: exit {p.returncode}\n{p.stderr}")
        return None
    m = re.search(r"^log hash: +([0-9a-f]{16})$", p.stdout, re.M)
    if not m:
        fail(f"scale {' '.join(args)}: no log hash in\n{p.stdout}")
        return None
    return m.group(1)


# The smoke flags of bench/scale_smoke.sh; the hash is what statussim printed
# for them before world files existed (commit 84c4ea3).
SMOKE_FLAGS = ["--accounts", "20000", "--subscriptions-per-account", "10",
               "--devices-per-account", "2", "--friends-per-account", "2", "--changes", "20000",
               "--seed", "5"]
SMOKE_HASH = "65921aa9434f64a3"
SMALL_FLAGS = ["--accounts", "2000", "--changes", "5000", "--friends-per-account", "3",
               "--devices-per-account", "3", "--seed", "9"]
SMALL_HASH = "e7267a6962f86e38"


def check_uniform(statussim, root):
    world = str(root / "bench" / "worlds" / "uniform.yaml")
    for flags, want in ((SMOKE_FLAGS, SMOKE_HASH), (SMALL_FLAGS, SMALL_HASH)):
        by_flags = run(statussim, *flags)
        by_file = run(statussim, "--world", world, *flags)
        print(f"flags {' '.join(flags)}: {by_flags}; uniform.yaml with them: {by_file}; "
              f"before worlds: {want}")
        if by_flags != want:
            fail(f"the flags give {by_flags}, today's hash is {want}")
        if by_file != want:
            fail(f"uniform.yaml with the flags gives {by_file}, want {want}")
    # The file alone at a small size (its own seed, gap, counts) equals the
    # flags that say the same.
    small = ["--accounts", "3000", "--changes", "3000"]
    a = run(statussim, "--world", world, *small)
    b = run(statussim, *small)
    if a != b or a is None:
        fail(f"uniform.yaml --accounts 3000 gives {a}, the flags {b}")


def check_examples(statussim, root):
    files = sorted((root / "bench" / "worlds").glob("*.yaml"))
    if len(files) < 4:
        fail(f"expected the four example worlds, found {len(files)}")
    for f in files:
        p = subprocess.run([statussim, "scale", "--world", str(f), "--dry-run"],
                           capture_output=True, text=True, check=False)
        if p.returncode != 0 or "accounts" not in p.stdout:
            fail(f"{f}: --dry-run exit {p.returncode}: {p.stderr}")
    celeb = subprocess.run([statussim, "scale", "--world", str(root / "bench/worlds/celebrity.yaml"),
                            "--dry-run"], capture_output=True, text=True, check=False).stdout
    if "celebrity star               1000000 subscribers" not in celeb:
        fail("celebrity.yaml does not describe star with 1000000 subscribers:\n" + celeb)


def report(statussim, world, tmp, tag, *extra):
    js = tmp / f"{tag}.json"
    page = tmp / f"{tag}.html"
    h = run(statussim, "--world", str(world), "--json", str(js), "--html", str(page), *extra)
    return h, js.read_text(encoding="utf-8") if js.exists() else "", page


def without_wall(text):
    data = json.loads(text)
    if "wall" not in data:
        fail("the JSON has no 'wall' object")
    data.pop("wall", None)
    return json.dumps(data, sort_keys=False)


def check_determinism(statussim, root, tmp):
    worlds = sorted((root / "tests" / "worlds").glob("*.yaml"))
    if not worlds:
        fail("no world in tests/worlds")
    for w in worlds:
        h1, j1, _ = report(statussim, w, tmp, "a")
        h2, j2, _ = report(statussim, w, tmp, "b")
        h3, _, _ = report(statussim, w, tmp, "c", "--seed", "12345")
        print(f"{w.name}: {h1} {h2}; seed 12345: {h3}")
        if h1 is None or h1 != h2:
            fail(f"{w.name}: same file and seed, hashes {h1} and {h2}")
        if h1 == h3:
            fail(f"{w.name}: another seed, same hash {h1}")
        if without_wall(j1) != without_wall(j2):
            fail(f"{w.name}: the JSON without 'wall' differs between two runs")
        if j1 == j2:
            # Wall times in seconds with full precision: equal bytes would mean
            # they are not measured at all.
            print(f"note: {w.name}: even the wall section is equal")


class Checker(html.parser.HTMLParser):
    VOID = {"meta", "br", "hr", "img", "input", "link", "area", "base", "col", "embed",
            "source", "track", "wbr", "rect", "line", "polyline", "path", "circle"}

    def __init__(self):
        super().__init__()
        self.stack = []
        self.problems = []
        self.svgs = 0

    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self.svgs += 1
        for name, value in attrs:
            if name in ("src", "href") or (value and re.search(r"(https?:)?//", value)):
                self.problems.append(f"<{tag} {name}={value!r}> points elsewhere")
        if tag in ("script", "link", "img", "iframe", "object"):
            self.problems.append(f"<{tag}> in a self-contained page")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag == "svg":
            self.svgs += 1

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            return
        self.stack.pop()


def check_html(page, name):
    text = page.read_text(encoding="utf-8")
    c = Checker()
    c.feed(text)
    c.close()
    if c.stack:
        c.problems.append(f"unclosed: {c.stack}")
    if re.search(r"https?://|url\(", text):
        c.problems.append("an external URL")
    if c.svgs < 6:
        c.problems.append(f"only {c.svgs} SVG plots")
    for p in c.problems[:5]:
        fail(f"{name}.html: {p}")


def check_report(statussim, root, tmp):
    celeb = root / "tests" / "worlds" / "celebrity-small.yaml"
    _, text, page = report(statussim, celeb, tmp, "celeb")
    r = json.loads(text)
    for key in ("format", "world", "app", "load", "headline", "actions", "per_virtual_second",
                "deliveries_per_change", "top_accounts", "wall"):
        if key not in r:
            fail(f"report JSON lacks '{key}'")
    h = r["headline"]
    per = r["per_virtual_second"]
    if sum(per["deliveries"]) != h["deliveries"]:
        fail(f"deliveries per second add up to {sum(per['deliveries'])}, not {h['deliveries']}")
    if sum(per["changes"]) != h["changes"]:
        fail(f"changes per second add up to {sum(per['changes'])}, not {h['changes']}")
    if sum(b["changes"] for b in r["deliveries_per_change"]) != h["changes"]:
        fail("the deliveries-per-change histogram does not count every change")
    if h["changes"] != 20000:
        fail(f"changes {h['changes']}, the world says 20000")
    d = h["deliveries_per_virtual_second"]
    print(f"celebrity-small: deliveries per virtual second mean {d['mean']:.0f}, p99 {d['p99']}, "
          f"max {d['max']}; largest change {h['max_fanout']}")
    # star has 15,000 subscribers with 2 devices each: a change of star is one
    # spike of about 30,000 deliveries, against a few thousand a second.
    if h["max_fanout"]["account"] != "star" or h["max_fanout"]["deliveries"] < 25000:
        fail(f"the largest change is not star's ~30000: {h['max_fanout']}")
    if d["max"] < 25000 or d["max"] < 4 * d["mean"]:
        fail(f"no celebrity spike in the max per second: {d}")
    if not r["top_accounts"] or r["top_accounts"][0]["account"] != "star":
        fail(f"star is not the top account by fan-out: {r['top_accounts'][:1]}")
    if r["top_accounts"][0]["subscribers"] != 15000:
        fail(f"star has {r['top_accounts'][0]['subscribers']} subscribers, not 15000")
    w = r["wall"]
    for key in ("build_s", "run_s", "report_s", "peak_rss_bytes", "memory"):
        if key not in w:
            fail(f"wall lacks '{key}'")
    if not w.get("memory") or w["peak_rss_bytes"] <= 0:
        fail("no memory samples")
    check_html(page, "celebrity-small")
    if "star" not in page.read_text(encoding="utf-8"):
        fail("the page does not name star")

    storm = root / "tests" / "worlds" / "storm-small.yaml"
    _, text, page = report(statussim, storm, tmp, "storm")
    r = json.loads(text)
    c = r["per_virtual_second"]["changes"]
    peak = max(range(len(c)), key=lambda i: c[i])
    print(f"storm-small: most changes in second {peak} ({c[peak]}), mean "
          f"{sum(c) / len(c):.0f}; storm logins {r['actions']['storm_login']}")
    if not 180 <= peak < 190:
        fail(f"the storm (3m over 10s) is not where changes peak: second {peak}")
    if r["actions"]["storm_login"] == 0:
        fail("no storm login")
    if r["headline"]["virtual_seconds"] != 480:
        fail(f"the run covered {r['headline']['virtual_seconds']} s, the world says 8m")
    check_html(page, "storm-small")


def main():
    statussim, root, check = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3]
    with tempfile.TemporaryDirectory() as d:
        tmp = pathlib.Path(d)
        if check == "uniform":
            check_uniform(statussim, root)
        elif check == "examples":
            check_examples(statussim, root)
        elif check == "determinism":
            check_determinism(statussim, root, tmp)
        elif check == "report":
            check_report(statussim, root, tmp)
        else:
            fail(f"unknown check {check}")
    print(f"check_worlds {check}: {len(FAILURES)} failures")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
