#!/usr/bin/env python3
"""Renders the fan-out benchmark report from Google Benchmark JSON.

Reads the JSON of bench_scale (and optionally bench_suite), takes the median
of the repetitions, divides each project benchmark by its reference kernel
from the same run, checks the targets of issue 5 and writes:

  OUT/report.md   the report (machine, targets with ratios, all medians)
  OUT/fanout.svg  ns per delivery against subscribers, model and reference

It also prints one line per target to stdout. Python 3 standard library only.

  bench/report.py --out bench/out bench/out/bench_scale.json [bench/out/bench_suite.json]
"""

import argparse
import json
import math
import os
import platform
import subprocess
import sys


def load_medians(paths):
    """name -> median entry (run_name without the aggregate suffix)."""
    medians, context = {}, {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        context = context or data.get("context", {})
        singles = {}
        for b in data.get("benchmarks", []):
            name = b.get("run_name", b["name"])
            if b.get("run_type") == "aggregate":
                if b.get("aggregate_name") == "median":
                    medians[name] = b
            else:
                singles.setdefault(name, b)
        for name, b in singles.items():  # a run without repetitions
            medians.setdefault(name, b)
    return medians, context


def machine(context):
    lines = []
    model = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "unknown"
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    mem = "%.1f GiB" % (int(line.split()[1]) / 1024 / 1024)
                    break
    except OSError:
        pass
    try:
        compiler = subprocess.run(["c++", "--version"], capture_output=True, text=True,
                                  check=False).stdout.splitlines()[0]
    except (OSError, IndexError):
        compiler = "unknown"
    lines.append("- CPUs (nproc): %s; CPU: %s" % (os.cpu_count(), model))
    caches = ", ".join("L%d %s %d KiB" % (c["level"], c["type"], c["size"] // 1024)
                       for c in context.get("caches", []))
    if caches:
        lines.append("- caches: " + caches)
    lines.append("- memory: %s; kernel: %s %s" % (mem, platform.system(), platform.release()))
    lines.append("- compiler: %s (RelWithDebInfo, -O2)" % compiler)
    lines.append("- load average at the start of the run: %s"
                 % ", ".join("%.2f" % x for x in context.get("load_avg", [])))
    lines.append("- run at %s by %s" % (context.get("date", "?"), context.get("executable", "?")))
    if context.get("library_build_type") == "debug":
        lines.append("- **warning**: Debian's libbenchmark 1.7.1 says `Library was built as DEBUG` "
                     "(its package lacks NDEBUG). The timed code is ours, built with -O2; the "
                     "warning concerns the harness only (ECOSYSTEM.md 1.5 item 5).")
    return lines


def counter(medians, name, key):
    b = medians.get(name)
    if b is None or key not in b:
        return None
    return float(b[key])


def time_ns(medians, name):
    b = medians.get(name)
    if b is None:
        return None
    scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
    return float(b["cpu_time"]) * scale


SUBS = [10, 100, 10000, 1000000]
FAN = "BM_FanOut_StatusUpdated/subs:%d/users:1000000"
FAN_REF = "BM_Limit_FanoutRef/subs:%d/users:1000000"


def targets(m):
    """(what, measured text, ratio or value, limit, stretch, passed or None)."""
    rows = []

    def ratio_row(what, num, den, limit, unit, stretch=None):
        if num is None or den is None or den == 0:
            rows.append((what, "missing", None, limit, stretch, None))
            return
        r = num / den
        rows.append((what, "%.2f / %.2f %s" % (num, den, unit), r, limit, stretch, r <= limit))

    ratio_row("fan-out subs:10, ns per change vs reference",
              counter(m, FAN % 10, "ns_per_change"), counter(m, FAN_REF % 10, "ns_per_change"),
              2.5, "ns")
    for s in SUBS[1:]:
        ratio_row("fan-out subs:%d, ns per delivery vs reference" % s,
                  counter(m, FAN % s, "ns_per_delivery"), counter(m, FAN_REF % s, "ns_per_delivery"),
                  2.0, "ns", stretch=1.25)
    ratio_row("fan-out ns per delivery, 1M subscribers vs 10k",
              counter(m, FAN % 1000000, "ns_per_delivery"), counter(m, FAN % 10000, "ns_per_delivery"),
              1.5, "ns")
    sub = counter(m, "BM_Subscribe_Batch100/users:1000000/manual_time", "ns_per_edge")
    unsub = counter(m, "BM_Subscribe_Batch100/users:1000000/manual_time", "unsubscribe_ns_per_edge")
    if sub is not None:
        rows.append(("subscribe, ns per edge (both indexes)", "%.1f ns" % sub, sub, 150, None,
                     sub <= 150))
    ratio_row("unsubscribe vs subscribe, per edge", unsub, sub, 2.0, "ns")
    bpe = counter(m, "BM_Graph_Memory/users:1000000/subs:100", "bytes_per_edge")
    if bpe is not None:
        rows.append(("graph memory, bytes per edge (both directions)", "%.2f B" % bpe, bpe, 12,
                     None, bpe <= 12))
    for p in (1000, 100000, 1000000):
        ratio_row("timer queue hold, pending:%d, vs reference heap" % p,
                  time_ns(m, "BM_TimerQueue_Hold/pending:%d" % p),
                  time_ns(m, "BM_Limit_HoldRef/pending:%d" % p), 1.5, "ns")
    ratio_row("user ID lookup, 1M IDs, vs reference table",
              time_ns(m, "BM_UserIdLookup/ids:1000000"), time_ns(m, "BM_Limit_IdLookupRef/ids:1000000"),
              1.5, "ns")
    e2e = counter(m, "BM_Sim_EndToEnd/users:100000/devices_per_user:2/subs:10", "changes/s")
    hold = time_ns(m, "BM_Limit_HoldRef/pending:100000")
    fan = counter(m, FAN_REF % 10, "ns_per_change")
    if e2e is not None and hold is not None and fan is not None:
        bound = 1e9 / (hold + fan)
        share = e2e / bound
        rows.append(("end to end, changes/s vs 1/(t_HoldRef(100k) + t_FanoutRef(subs:10))",
                     "%.0f / %.0f changes/s" % (e2e, bound), share, 0.5, None, share >= 0.5))
    return rows


def svg_chart(m):
    series = []
    for label, fmt, color in (("model", FAN, "#c0392b"), ("reference", FAN_REF, "#2c3e50")):
        pts = [(s, counter(m, fmt % s, "ns_per_delivery")) for s in SUBS]
        series.append((label, [(s, v) for s, v in pts if v is not None], color))
    values = [v for _, pts, _ in series for _, v in pts]
    if not values:
        return None
    w, h, left, right, top, bottom = 640, 360, 70, 130, 30, 50
    ymax = max(values) * 1.15
    lx0, lx1 = math.log10(SUBS[0]), math.log10(SUBS[-1])

    def x(s):
        return left + (math.log10(s) - lx0) / (lx1 - lx0) * (w - left - right)

    def y(v):
        return h - bottom - v / ymax * (h - top - bottom)

    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif" font-size="12">' % (w, h),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="18" font-size="14">ns per delivery against subscribers '
           '(1M users, 2 devices each; median of repetitions)</text>' % left]
    for i in range(5):
        v = ymax * i / 4
        out.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/>'
                   % (left, w - right, y(v), y(v)))
        out.append('<text x="%d" y="%.1f" text-anchor="end">%.1f</text>' % (left - 6, y(v) + 4, v))
    for s in SUBS:
        out.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>'
                   % (x(s), h - bottom + 18, "{:,}".format(s)))
    out.append('<text x="%d" y="%d" text-anchor="middle">subscribers of the changed account '
               '(log scale)</text>' % ((left + w - right) // 2, h - 10))
    for i, (label, pts, color) in enumerate(series):
        if pts:
            out.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>'
                       % (color, " ".join("%.1f,%.1f" % (x(s), y(v)) for s, v in pts)))
            for s, v in pts:
                out.append('<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"><title>%s %d: %.2f ns'
                           '</title></circle>' % (x(s), y(v), color, label, s, v))
        ly = top + 20 + 20 * i
        out.append('<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="%s" stroke-width="2"/>'
                   % (w - right + 10, w - right + 30, ly, ly, color))
        out.append('<text x="%d" y="%d">%s</text>' % (w - right + 36, ly + 4, label))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def fmt_counters(b):
    skip = {"name", "run_name", "run_type", "repetitions", "repetition_index", "threads",
            "iterations", "real_time", "cpu_time", "time_unit", "family_index",
            "per_family_instance_index", "aggregate_name", "aggregate_unit", "label",
            "error_occurred", "error_message"}
    parts = []
    for k, v in b.items():
        if k in skip or not isinstance(v, (int, float)):
            continue
        parts.append("%s=%s" % (k, ("%.4g" % v) if abs(v) < 1e15 else str(v)))
    return ", ".join(parts)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("json", nargs="+", help="Google Benchmark JSON files")
    ap.add_argument("--out", default="bench/out", help="folder for report.md and fanout.svg")
    args = ap.parse_args()
    medians, context = load_medians(args.json)
    os.makedirs(args.out, exist_ok=True)
    rows = targets(medians)
    md = ["# Fan-out at scale: benchmark report", "",
          "Medians of %s repetitions; times are CPU times. Every ratio divides the model by a "
          "reference kernel measured in the same run (bench/limits.cc)." % (
              max([int(b.get("repetitions", 1)) for b in medians.values()] or [1])), "",
          "## Machine", ""] + machine(context) + ["", "## Targets", "",
          "| target | measured | ratio / value | limit | verdict |", "|---|---|---|---|---|"]
    failed = 0
    for what, text, value, limit, stretch, ok in rows:
        verdict = "missing" if ok is None else ("pass" if ok else "**FAIL**")
        if ok and stretch is not None and value <= stretch:
            verdict += " (stretch %.2fx met)" % stretch
        failed += 0 if ok else 1  # a missing benchmark counts as not met
        shown = "-" if value is None else "%.2f" % value
        md.append("| %s | %s | %s | %s | %s |" % (what, text, shown, limit, verdict))
        mark = "n/a" if ok is None else ("ok" if ok else "FAIL")
        print("%-4s %-72s %8s  (limit %s)" % (mark, what, shown, limit))
    svg = svg_chart(medians)
    if svg:
        with open(os.path.join(args.out, "fanout.svg"), "w", encoding="utf-8") as f:
            f.write(svg)
        md += ["", "![ns per delivery against subscribers](fanout.svg)"]
    md += ["", "## All medians", "", "| benchmark | CPU time | counters |", "|---|---|---|"]
    for name in sorted(medians):
        b = medians[name]
        md.append("| %s | %.4g %s | %s |" % (name, float(b["cpu_time"]), b.get("time_unit", "ns"),
                                           fmt_counters(b)))
    with open(os.path.join(args.out, "report.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(md) + "\n")
    print("%d of %d targets met; report: %s" % (len(rows) - failed, len(rows),
                                                os.path.join(args.out, "report.md")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
