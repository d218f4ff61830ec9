#!/usr/bin/env python3
"""Regression tests for hostile process clients (issue 15, items 3 and 4).

    run_hostile.py --statussim BIN --full-client BIN --work DIR CASE
    run_hostile.py --list

Each CASE runs `statussim run ... --json` against a client from
hostile_client.py (or chaos_client.py, or the example Python SDK) on the small
scenarios in scenarios/ beside this file (or the whole suite, for `chaos`), and
checks:
- the verdict and the words of the reason (the report's scenarios[].error);
- the time: at most --client-timeout + 2 s for every scenario the client
  disturbs (blocks, floods, breaks the protocol), 2 s for every other one;
- that no process is left: every process the hostile client starts carries a
  unique marker on its command line, and after statussim returns, none may
  remain (zombies aside) for more than 2 s. Any that remain are killed, so a
  failing test leaks nothing.
It prints every check it makes. Exit 0: all held; 1: a check failed.
"""
import argparse
import json
import os
import re
import shlex
import signal
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SCENARIOS = os.path.join(HERE, "scenarios")
HOSTILE = os.path.join(HERE, "hostile_client.py")
CHAOS = os.path.join(HERE, "chaos_client.py")
PY_SDK = os.path.join(REPO, "clients", "python", "client.py")
SUITE = os.path.join(REPO, "scenarios")
PY = sys.executable

A, B, C = "hostile A", "hostile B", "hostile C"
THROWS = "hostile throws"
FILES = {A: "a.yaml", B: "b.yaml", C: "c.yaml", THROWS: "throws.yaml"}

TIMEOUT_ERROR = "client timeout"
PROTOCOL_ERROR = "client protocol error: "


class CheckFailed(Exception):
    pass


def check(condition, what, detail=""):
    if not condition:
        raise CheckFailed(what + (": " + detail if detail else ""))
    print("ok:", what, flush=True)


def note(text):
    print("note:", text, flush=True)


# ---------------------------------------------------------------- processes

MARKERS = []  # every marker this driver made: cleaned up at exit whatever happens


def new_marker():
    marker = "MARKER-" + uuid.uuid4().hex
    MARKERS.append(marker)
    return marker


def marker_processes(marker):
    """(pid, argv) of every live (non-zombie) process whose command line holds
    the marker."""
    found = []
    needle = marker.encode()
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            with open("/proc/%s/cmdline" % name, "rb") as f:
                cmdline = f.read()
            if needle not in cmdline:
                continue
            with open("/proc/%s/stat" % name, "rb") as f:
                stat = f.read()
        except OSError:
            continue
        state = stat[stat.rfind(b")") + 2:][:1]
        if state in (b"Z", b"X"):
            continue
        argv = [a.decode(errors="replace") for a in cmdline.split(b"\0") if a]
        found.append((int(name), argv))
    return found


def kill_all(processes):
    for pid, _ in processes:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def wait_gone(marker, within):
    """Polls until no process carries the marker or `within` s passed; the
    seconds it took and what is left."""
    start = time.monotonic()
    while True:
        left = marker_processes(marker)
        took = time.monotonic() - start
        if not left or took >= within:
            return took, left


def escaped(pid):
    """The process leads a session of its own (it left the client's with setsid)."""
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            stat = f.read()
    except OSError:
        return False
    fields = stat[stat.rfind(b")") + 2:].split()  # state ppid pgrp session ...
    return int(fields[3]) == pid


def check_no_process_left(marker, within=2.0, tolerate=None):
    """Fails if a process with the marker outlives `within` s (then kills it).
    `tolerate(pid, argv)` names processes that are reported but do not fail;
    the tolerated ones that were left are returned."""
    took, left = wait_gone(marker, within)
    if not left:
        note("no process with the marker after %.2f s" % took)
    tolerated = [p for p in left if tolerate and tolerate(*p)]
    kill_all(left)
    failing = [p for p in left if p not in tolerated]
    for pid, argv in tolerated:
        note("survived (tolerated, now killed): pid %d %s" % (pid, shlex.join(argv)))
    check(not failing, "no process with the marker left (polled for up to %g s)" % within,
          "left: " + "; ".join("pid %d %s" % (pid, shlex.join(argv)) for pid, argv in failing))
    return tolerated


def cleanup_markers():
    for marker in MARKERS:
        kill_all(marker_processes(marker))


# ---------------------------------------------------------------- statussim

class Run:
    def __init__(self, rc, elapsed, maxrss_kb, report, stdout, stderr, spawned):
        self.spawned = spawned  # [(pid, what)] hostile_client.py started
        self.rc = rc
        self.elapsed = elapsed
        self.maxrss_kb = maxrss_kb
        self.report = report
        self.stdout = stdout
        self.stderr = stderr

    def scenarios(self):
        return self.report["scenarios"] if self.report else []

    def by_name(self):
        return {s["name"]: s for s in self.scenarios()}

    def outcomes(self):
        """(name, verdict, error) sorted by name: what must not depend on -j or order."""
        return sorted((s["name"], s["verdict"], s["error"]) for s in self.scenarios())


class Harness:
    def __init__(self, statussim, full_client, work):
        self.statussim = statussim
        self.full_client = full_client
        self.work = work
        self.runs = 0

    def hostile(self, mode, marker, only=None, wrap=False):
        """The --client command of a hostile client."""
        argv = [PY, HOSTILE, mode, marker]
        if only:
            argv += ["--only", only]
        if wrap:
            argv += ["--wrap", self.full_client]
        return shlex.join(argv)

    def command(self, client, paths, timeout, jobs, json_path, extra=()):
        return [self.statussim, "run", *paths, "--color", "never", "-q",
                "--client", "exec:" + client, "--client-timeout", str(timeout),
                "--jobs", str(jobs), "--json", json_path, *extra]

    def start(self, client, paths, timeout, jobs=1, extra=()):
        """Starts statussim; (pid, json path, stdout path, stderr path)."""
        self.runs += 1
        base = os.path.join(self.work, "run%d" % self.runs)
        json_path, out_path, err_path = base + ".json", base + ".out", base + ".err"
        self.spawned_path = base + ".spawned"
        for path in (json_path, out_path, err_path, self.spawned_path):
            if os.path.exists(path):
                os.remove(path)
        cmd = self.command(client, paths, timeout, jobs, json_path, extra)
        print("$", shlex.join(cmd), flush=True)
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            env = dict(os.environ, STATUSSIM_HOSTILE_SPAWNED=self.spawned_path)
            pid = os.posix_spawn(self.statussim, cmd, env,
                                 file_actions=[(os.POSIX_SPAWN_DUP2, out.fileno(), 1),
                                               (os.POSIX_SPAWN_DUP2, err.fileno(), 2)])
        return pid, json_path, out_path, err_path

    @staticmethod
    def vm_hwm_kb(pid):
        """The peak resident size of the live process `pid` so far, or 0."""
        try:
            with open("/proc/%d/status" % pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except (OSError, ValueError):
            pass
        return 0

    def wait(self, pid, guard):
        """Waits for statussim (SIGKILL after `guard` s); (exit code, maxrss
        KB of it and every process it reaped). Meanwhile self.hwm_kb follows
        statussim's own peak (sampled every 20 ms)."""
        deadline = time.monotonic() + guard
        self.hwm_kb = 0
        while True:
            self.hwm_kb = max(self.hwm_kb, self.vm_hwm_kb(pid))
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done == pid:
                return os.waitstatus_to_exitcode(status), usage.ru_maxrss
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                _, status, usage = os.wait4(pid, 0)
                raise CheckFailed("statussim still running after %.0f s (killed)" % guard)
            time.sleep(0.02)

    def run(self, client, paths, timeout, jobs=1, extra=(), guard=None):
        """Runs statussim to the end; a Run. Checks nothing."""
        if guard is None:
            guard = 60 + len(paths) * (timeout + 2) * 3
        started = time.monotonic()
        pid, json_path, out_path, err_path = self.start(client, paths, timeout, jobs, extra)
        rc, maxrss = self.wait(pid, guard)
        elapsed = time.monotonic() - started
        report = None
        if os.path.exists(json_path):
            with open(json_path, encoding="utf-8") as f:
                report = json.load(f)
        with open(out_path, encoding="utf-8", errors="replace") as f:
            stdout = f.read()
        with open(err_path, encoding="utf-8", errors="replace") as f:
            stderr = f.read()
        spawned = []
        if os.path.exists(self.spawned_path):
            with open(self.spawned_path) as f:
                spawned = [(int(p), w) for p, w in (line.split() for line in f)]
        print("  exit %d after %.2f s" % (rc, elapsed), flush=True)
        for s in report["scenarios"] if report else []:
            print("  %s: %s%s" % (s["name"], s["verdict"],
                                  (" (" + s["error"] + ")") if s["error"] else ""), flush=True)
        if report is None:
            print(stderr[-4000:])
        return Run(rc, elapsed, maxrss, report, stdout, stderr, spawned)


def scenario_paths(*names):
    return [os.path.join(SCENARIOS, FILES[n]) for n in names]


# Set in main(): a statussim built with AddressSanitizer does the same work
# several times slower (parsing a flood of a million values, above all), so
# the work part of each time bound is tripled there; the timeouts are not.
SLOW_BUILD = False


def check_time(run, timeout, disturbed, others):
    """Every scenario the client disturbs (it blocks, floods, breaks the
    protocol) may take the timeout + 2 s, every other one 2 s: the time a
    well-behaved client of this size takes, with room to spare."""
    work = 6 if SLOW_BUILD else 2
    bound = disturbed * (timeout + work) + others * work
    check(run.elapsed <= bound,
          "ended in %.2f s <= %d x (%g + %d) + %d x %d = %g s%s"
          % (run.elapsed, disturbed, timeout, work, others, work, bound,
             " (sanitized build)" if SLOW_BUILD else ""))


def check_short_strings(run, limit=2048):
    """No string in the report is longer than `limit`, but stderr tails."""
    long = []

    def walk(value, where):
        if isinstance(value, str):
            if len(value) > limit:
                long.append("%s (%d chars)" % (where, len(value)))
        elif isinstance(value, dict):
            for k, v in value.items():
                if k != "client_log_tail":
                    walk(v, where + "." + k)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, "%s[%d]" % (where, i))

    walk(run.report, "report")
    check(not long, "no string in the report longer than %d chars (stderr tails aside)" % limit,
          ", ".join(long[:5]))


def check_verdicts(run, expected):
    """`expected`: name -> ("pass", None) or ("error", predicate or prefix)."""
    check(run.report is not None, "a JSON report was written", run.stderr[-2000:])
    want_rc = 0 if all(v == "pass" for v, _ in expected.values()) else 1
    check(run.rc == want_rc, "statussim exited %d" % want_rc,
          "exit %d: %s" % (run.rc, run.stderr[-2000:]))
    got = run.by_name()
    check(sorted(got) == sorted(expected), "the report has the scenarios %s" % sorted(expected),
          "got %s" % sorted(got))
    for name, (verdict, reason) in expected.items():
        s = got[name]
        check(s["verdict"] == verdict, "%s: verdict %s" % (name, verdict),
              "got %s (%s)" % (s["verdict"], s["error"]))
        if reason is None:
            continue
        if callable(reason):
            ok, words = reason(s["error"])
        else:
            ok, words = s["error"].startswith(reason), "starts with %r" % reason
        check(ok, "%s: the error %s" % (name, words), "got %r" % s["error"])
    check_short_strings(run)


def starts(prefix):
    return prefix


def equals(text):
    return lambda error: (error == text, "is %r" % text)


def contains(*parts):
    return lambda error: (all(p in error for p in parts), "contains %s" % " and ".join(map(repr, parts)))


def timeout_not(*words):
    """`client timeout` (optionally followed by a parenthesis), none of `words`."""
    def judge(error):
        ok = (error == TIMEOUT_ERROR or error.startswith(TIMEOUT_ERROR + " (")) and \
            not any(w in error for w in words)
        return ok, "is %r (or with a parenthesis)" % TIMEOUT_ERROR
    return judge


# ---------------------------------------------------------------- cases

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def check_spawned(run, what, count):
    started = [pid for pid, w in run.spawned if w == what]
    check(len(started) >= count, "the client started %d %s process(es): %s"
          % (count, what, " ".join(map(str, started))), "it started %d" % len(started))


def single(h, mode, reason, *, wrap=False, timeout=2, scenario=A, verdict="error",
           tolerate=None, spawned=()):
    """One hostile client on one scenario: verdict, reason, time, nothing left."""
    marker = new_marker()
    run = h.run(h.hostile(mode, marker, wrap=wrap), scenario_paths(scenario), timeout)
    check_verdicts(run, {scenario: (verdict, reason)})
    for what, count in list(spawned) + ([("wrapped", 1)] if wrap else []):
        check_spawned(run, what, count)
    disturbed = 1 if verdict == "error" else 0
    check_time(run, timeout, disturbed, 1 - disturbed)
    run.left_tolerated = check_no_process_left(marker, tolerate=tolerate)
    return run


@case
def close_stdout_keep_running(h):
    single(h, "close-stdout-keep-running",
           starts("client timeout (it closed its standard output and did not exit)"))


@case
def trickle(h):
    # An event every 0.5 s: the timeout runs from the question all the same.
    run = single(h, "trickle", timeout_not("closed", "exit"))
    trickled = run.by_name()[A]["client_log_tail"].count("trickled event")
    check(trickled >= 2, "the client kept writing while it was waited for (%d events)" % trickled)


@case
def fan_out_3000(h):
    n = 3000
    path = os.path.join(h.work, "fan-%d.yaml" % n)
    # One step (the last) pushes N status items to N devices; the client
    # answers with N events: far more than a pipe holds, both ways.
    lines = ["version: 1", "name: fan-out %d" % n, "covers: [SUB-2]", "app:", "  premium: true",
             "  console: {status_query_and_notify: true}",
             'accounts: [alice, {expand: "u{1..%d}"}]' % n, "steps:",
             "  - login: {device: a1, user: alice, platform: web}"]
    for i in range(1, n + 1):
        lines.append("  - login: {device: d%d, user: u%d, platform: android}" % (i, i))
        lines.append("  - call: {device: d%d, api: subscribeUserStatus, args: {userIDList: [alice]}}" % i)
    lines.append("  - call: {device: a1, api: setSelfStatus, args: {customStatus: busy}}")
    lines.append("    expect: {ok: {}}")
    lines.append("  - expect_events:")
    item = "[{status: {userID: alice, statusType: ONLINE, customStatus: busy}}]"
    for device in ["a1"] + ["d%d" % i for i in range(1, n + 1)]:
        lines.append("      %s: %s" % (device, item))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    marker = new_marker()
    # The example client takes no extra argument; Python keeps -X options.
    client = shlex.join([PY, "-X", "marker=" + marker, PY_SDK])
    timeout = 3
    run = h.run(client, [path], timeout, guard=300)
    check_verdicts(run, {"fan-out %d" % n: ("pass", None)})
    s = run.scenarios()[0]
    check(s["steps_run"] == s["steps_total"] == 2 * n + 3,
          "all %d steps ran" % (2 * n + 3), "%s of %s" % (s["steps_run"], s["steps_total"]))
    note("the fan-out of %d took %.1f s" % (n, run.elapsed))
    check(run.elapsed <= 60, "ended in %.1f s <= 60 s (no step blocked)" % run.elapsed)
    check_no_process_left(marker)


@case
def flood_values(h):
    marker = new_marker()
    timeout = 3
    run = h.run(h.hostile("flood", marker), scenario_paths(A), timeout)
    check_verdicts(run, {A: ("error", equals(
        "client protocol error: output flood: more than 1000000 JSON values in one scenario "
        "(--client-max-values)"))})
    s = run.by_name()[A]
    check(all(len(json.dumps(f)) <= 2048 for f in s["findings"]),
          "every finding is short (%d findings)" % len(s["findings"]))
    check(len(s["client_log_tail"]) <= 32 << 10, "the stderr tail is at most 32 KiB")
    mb = run.maxrss_kb / 1024
    bound = 400 * (3 if sanitized(h) else 1)
    note("peak RSS of statussim alone (VmHWM, last sample): %.1f MB" % (h.hwm_kb / 1024))
    note("peak RSS of statussim and the processes it reaped (wait4): %.1f MB" % mb)
    check(mb <= bound, "peak RSS %.1f MB <= %d MB%s" % (mb, bound,
                                                        " (sanitized build: 3 x 400)"
                                                        if bound > 400 else ""))
    check_time(run, timeout, 1, 0)
    check_no_process_left(marker)


def sanitized(h):
    """A statussim built with AddressSanitizer (bigger, slower)."""
    with open(h.statussim, "rb") as f:
        return b"__asan_init" in f.read()


def in_order(h, names, tag):
    """Copies of the scenarios in a folder of their own, named so that their
    sorted order (the order statussim runs files in) is the order given."""
    folder = os.path.join(h.work, tag)
    os.makedirs(folder, exist_ok=True)
    for old in os.listdir(folder):
        os.remove(os.path.join(folder, old))
    for i, name in enumerate(names):
        with open(os.path.join(SCENARIOS, FILES[name]), "rb") as f:
            text = f.read()
        with open(os.path.join(folder, "%d-%s" % (i + 1, FILES[name])), "wb") as f:
            f.write(text)
    return folder


def same_outcomes(h, client, marker, orders, expected, disturbed, jobs=(1, 4)):
    """Runs each order with each -j; the verdicts as expected, nothing left,
    and the (scenario, verdict, error) lists identical in all runs."""
    outcomes = []
    for order in orders:
        folder = in_order(h, order, "order-" + "".join(n[-1] for n in order))
        for j in jobs:
            print("-- order %s, -j %d" % (", ".join(order), j))
            run = h.run(client, [folder], 2, jobs=j)
            check_verdicts(run, expected)
            check(list(s["name"] for s in run.scenarios()) == list(order),
                  "statussim ran them in the order %s" % ", ".join(order))
            check_time(run, 2, disturbed, len(order) - disturbed)
            check_no_process_left(marker)
            outcomes.append(run.outcomes())
    check(all(o == outcomes[0] for o in outcomes),
          "identical (scenario, verdict, error) in the %d runs" % len(outcomes),
          " vs ".join(repr(o) for o in outcomes))


def late_output(h, mode, excerpt):
    """Output after the last synced of B only: B is blamed, A and C pass, for
    -j 1 and -j 4 and the files in either order."""
    marker = new_marker()
    client = h.hostile(mode, marker, only=B, wrap=True)
    expected = {A: ("pass", None), C: ("pass", None),
                B: ("error", contains(PROTOCOL_ERROR + "output after the scenario's last synced: ",
                                      excerpt))}
    same_outcomes(h, client, marker, [(A, B, C), (C, B, A)], expected, 1)


@case
def late_event(h):
    late_output(h, "late-event", '"mallory"')


@case
def late_garbage(h):
    late_output(h, "late-garbage", "garbage after the last synced")


def logged_position(run, what):
    """The 0-based byte position hostile_client.py logged for `what`."""
    found = re.search(what + r" at byte (\d+) \(0-based\)", run.by_name()[A]["client_log_tail"])
    check(found is not None, "the client's log names the byte it mangled")
    return int(found.group(1))


@case
def order_independent_errors(h):
    """B's client never answers its first sync; whether A ran before it in the
    same worker must not change B's error."""
    marker = new_marker()
    client = h.hostile("no-synced", marker, only=B, wrap=True)
    expected = {A: ("pass", None), B: ("error", timeout_not("closed", "exit"))}
    same_outcomes(h, client, marker, [(A, B), (B, A)], expected, 1, jobs=(1,))


@case
def nul_byte(h):
    # A correct result, a NUL, an event, on one line: the event must not hide.
    run = single(h, "nul-hides-event", contains(PROTOCOL_ERROR + "a NUL byte at byte ",
                                                " of the line"), wrap=True)
    at = logged_position(run, "a NUL") + 1
    check(run.by_name()[A]["error"].startswith(
        PROTOCOL_ERROR + "a NUL byte at byte %d of the line" % at),
        "the error names the NUL's position, byte %d (counted from 1)" % at)


@case
def invalid_utf8(h):
    run = single(h, "invalid-utf8", contains(PROTOCOL_ERROR + "not UTF-8 (byte ", " is 0xFF)"),
                 wrap=True)
    at = logged_position(run, "0xFF") + 1
    check(run.by_name()[A]["error"].startswith(PROTOCOL_ERROR + "not UTF-8 (byte %d is 0xFF)" % at),
          "the error names the position of 0xFF, byte %d (counted from 1)" % at)


@case
def text_after(h):
    single(h, "text-after", starts(PROTOCOL_ERROR + "not JSON"), wrap=True)


@case
def ok_and_error(h):
    single(h, "ok-and-error", contains("exactly one of ok, error, throws; this one has ok and error"),
           wrap=True)


@case
def ok_null(h):
    single(h, "ok-null", contains("result ok must be an object"), wrap=True)


@case
def throws_nonstring(h):
    single(h, "throws-nonstring", contains("result throws must be a string"), wrap=True,
           scenario=THROWS)


@case
def bg_children_pass(h):
    single(h, "bg-child-devnull", None, wrap=True, verdict="pass", spawned=[("background", 2)])


@case
def bg_children_exit5(h):
    single(h, "bg-child-exit5", starts("client exited with code 5"), spawned=[("background", 2)])


def grandchild(h, mode, tolerate=None):
    """The tolerated processes that were left."""
    timeout = 6
    run = single(h, mode, starts("client exited with code 3"), timeout=timeout,
                 tolerate=tolerate, spawned=[(mode.replace("-holds-stdout", ""), 1)])
    check(run.elapsed < timeout / 2,
          "the exit was seen promptly: %.2f s < half the timeout (%g s)" % (run.elapsed, timeout / 2))
    return run.left_tolerated


@case
def grandchild_holds_stdout(h):
    grandchild(h, "grandchild-holds-stdout")


@case
def grandchild_setsid(h):
    # The grandchild left the client's process group and session; statussim
    # also ends processes carrying its client's token (STATUSSIM_CLIENT_TOKEN),
    # so it must not survive either.
    survivors = grandchild(h, "grandchild-setsid", tolerate=lambda pid, argv: escaped(pid))
    check(not survivors, "the setsid grandchild did not survive (found by its token)",
          "it SURVIVED statussim (killed by this test)")


def wait_for(predicate, within, what):
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise CheckFailed("not within %g s: %s" % (within, what))


def sleepers(marker):
    return [p for p in marker_processes(marker) if p[1] and p[1][0] == marker]


def report_escapees(escapees, when):
    check(not escapees, "the client's setsid child did not survive %s (found by its token)" % when,
          "it SURVIVED (killed by this test): %s" % ", ".join("pid %d" % pid for pid, _ in escapees))


@case
def sigkill_statussim(h):
    # Each client has two background children in its process group and one in
    # a session of its own (reported, not failed: only the token reaches it).
    marker = new_marker()
    client = h.hostile("hang", marker)
    pid, *_ = h.start(client, scenario_paths(A, B, C), 30, jobs=2)
    # Two clients hanging in their first do, three children each.
    wait_for(lambda: len(sleepers(marker)) >= 6, 30, "two hanging clients")
    check(True, "%d marker processes run" % len(marker_processes(marker)))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    start = time.monotonic()
    while True:
        left = [p for p in marker_processes(marker) if not escaped(p[0])]
        took = time.monotonic() - start
        if not left or took > 2:
            break
    note("the clients were gone %.2f s after the SIGKILL" % took)
    check(not left and took <= 1.5, "statussim's clients died with it (within ~1 s)",
          "%.2f s, left: %s" % (took, left))
    report_escapees(check_no_process_left(marker, tolerate=lambda p, argv: escaped(p)),
                    "statussim's SIGKILL")


@case
def second_sigint(h):
    marker = new_marker()
    client = h.hostile("hang", marker)
    pid, *_ = h.start(client, scenario_paths(A, B, C), 30, jobs=1)
    wait_for(lambda: len(sleepers(marker)) >= 3, 30, "a hanging client")
    os.kill(pid, signal.SIGINT)
    time.sleep(0.3)
    second = time.monotonic()
    os.kill(pid, signal.SIGINT)
    rc, _ = h.wait(pid, 10)
    took = time.monotonic() - second
    check(rc == 130, "statussim exited 130", "exit %d" % rc)
    check(took <= 2, "it exited %.2f s after the second SIGINT (<= 2 s)" % took)
    report_escapees(check_no_process_left(marker, tolerate=lambda p, argv: escaped(p)),
                    "the second SIGINT")


@case
def bom(h):
    single(h, "bom", None, wrap=True, verdict="pass")


@case
def crlf(h):
    single(h, "crlf", None, wrap=True, verdict="pass")


@case
def id_float(h):
    single(h, "id-float", None, wrap=True, verdict="pass")


@case
def stderr_flood_answering(h):
    marker = new_marker()
    run = h.run(h.hostile("stderr-flood-answering", marker, only=B, wrap=True),
                scenario_paths(A, B), 2)
    check_verdicts(run, {A: ("pass", None),
                         B: ("error", equals("client exited with code 7 after end"))})
    tail = run.by_name()[B]["client_log_tail"]
    check(0 < len(tail) <= 32 << 10, "B's stderr tail is bounded: %d chars <= 32 KiB" % len(tail))
    check("e" * 1000 in tail, "the tail is the end of the client's stderr flood")
    check_time(run, 2, 1, 1)
    check_no_process_left(marker)


@case
def stderr_flood_silent(h):
    run = single(h, "stderr-flood-silent", timeout_not("closed", "exit"))
    tail = run.by_name()[A]["client_log_tail"]
    check(0 < len(tail) <= 32 << 10, "the stderr tail is bounded: %d chars <= 32 KiB" % len(tail))


@case
def no_read(h):
    single(h, "no-read", timeout_not("closed", "exit"))


@case
def sigstop(h):
    single(h, "stop-self", timeout_not("closed", "exit"))


@case
def ignore_term(h):
    single(h, "ignore-term", equals("client timeout (it did not exit after end)"), wrap=True)


@case
def exit2_after_end(h):
    single(h, "exit2-after-end", equals("client exited with code 2 after end"), wrap=True)


# ---------------------------------------------------------------- chaos

CHAOS_SEED = "issue-15"


@case
def chaos(h):
    """The whole suite through chaos_client.py, twice with the same seed."""
    sys.path.insert(0, HERE)
    import chaos_client
    timeout, jobs = 2, 4
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(SUITE) for f in fs
                   if f.endswith(".yaml"))
    runs = []
    for attempt in (1, 2):
        marker = new_marker()
        client = shlex.join([PY, CHAOS, CHAOS_SEED, marker, h.full_client])
        print("-- chaos run %d, seed %s" % (attempt, CHAOS_SEED))
        run = h.run(client, [SUITE], timeout, jobs=jobs, guard=600)
        check(run.report is not None, "a JSON report was written", run.stderr[-2000:])
        check(run.rc in (0, 1), "statussim exited 0 or 1", "exit %d" % run.rc)
        names = [s["name"] for s in run.scenarios()]
        plans = {n: chaos_client.plan(CHAOS_SEED, n) for n in names}
        check(len(names) == len(files) and run.report["summary"]["total"] == len(files),
              "every scenario ran: %d of %d files" % (len(names), len(files)))
        verdicts = {s["verdict"] for s in run.scenarios()}
        check(verdicts <= {"pass", "error"}, "every verdict is pass or error", repr(verdicts))
        struck = [n for n in names if plans[n] is not None]
        blocking = [n for n in struck if plans[n][1] in chaos_client.BLOCKING]
        note("%d scenarios, %d with a misbehaviour planned, %d of them blocking"
             % (len(names), len(struck), len(blocking)))
        for s in run.scenarios():
            p = plans[s["name"]]
            if p is None or p[1] == "bg-child":
                check(s["verdict"] == "pass", "%s (%s): pass" % (s["name"], p and p[1] or "clean"),
                      "%s (%s)" % (s["verdict"], s["error"]))
            elif s["verdict"] == "error":
                words = chaos_client.ERRORS[p[1]]
                check(any(w in s["error"] for w in words),
                      "%s (%s at message %d): the error says %s" % (s["name"], p[1], p[0],
                                                                   " or ".join(words)),
                      s["error"])
        # Every scenario may take 1 s of CPU (two Python processes and the
        # full client), a blocking one the timeout + 2 s more, on 2 cores;
        # and 30 s for the rest.
        bound = 30 + (1.0 * len(names) + (timeout + 2) * len(blocking)) / 2
        check(run.elapsed <= bound, "the run ended in %.1f s <= %.1f s" % (run.elapsed, bound))
        note("%d background children were started" % sum(w == "background" for _, w in run.spawned))
        check_no_process_left(marker)
        runs.append(run.outcomes())
    diff = [(a, b) for a, b in zip(runs[0], runs[1]) if a != b]
    if diff:
        # Say whether only the message ids in the reasons differ (statussim
        # numbers its messages per worker, so with -j they depend on which
        # worker ran the scenario before).
        ids = re.compile(r"\b(synced|do|id) \d+")
        same = all(ids.sub(r"\1 N", repr(a)) == ids.sub(r"\1 N", repr(b)) for a, b in diff)
        note("%d of %d scenarios differ%s" % (len(diff), len(runs[0]),
                                              " only in message ids" if same else ""))
    check(not diff, "both runs gave identical (scenario, verdict, error) lists",
          "; ".join("%r != %r" % d for d in diff[:5]))


# ---------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--statussim")
    parser.add_argument("--full-client")
    parser.add_argument("--work", default=None)
    parser.add_argument("--list", action="store_true", help="list the cases")
    parser.add_argument("case", nargs="?")
    args = parser.parse_args()
    if args.list:
        print("\n".join(CASES))
        return 0
    if args.case not in CASES or not args.statussim or not args.full_client:
        parser.error("need --statussim, --full-client and a CASE: " + ", ".join(CASES))
    work = args.work or tempfile.mkdtemp(prefix="hostile-")
    work = os.path.join(work, args.case)
    os.makedirs(work, exist_ok=True)
    h = Harness(os.path.abspath(args.statussim), os.path.abspath(args.full_client), work)
    global SLOW_BUILD
    SLOW_BUILD = sanitized(h)
    started = time.monotonic()
    try:
        CASES[args.case](h)
    except CheckFailed as e:
        print("FAILED:", e, flush=True)
        return 1
    finally:
        cleanup_markers()
    print("%s: all checks held (%.1f s)" % (args.case, time.monotonic() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
