#!/usr/bin/env python3
"""A hostile process client for statussim: one misbehaviour per MODE.

    hostile_client.py MODE MARKER [--only NAME] [--wrap CMD...]

MARKER is a unique word (run_hostile.py makes one per run): it is on this
process's command line, and on the command line of every process this client
starts (the wrapped client, background children, grandchildren), so the test
can tell whether any of them outlived statussim.

Without --wrap the client is a trivial full-mode client: `ok: {}` for every
`do`, `synced` for every `sync`, no events. With --wrap CMD... it forwards
every harness message to CMD (a real client, e.g. statussim_full_client) and
that client's output back, synchronously: after each harness line it reads the
wrapped client's output up to the answer (a `result` for `do`, a `synced` for
`sync`, nothing for other messages), so what it writes, and when, depends
only on the messages it gets. The mode then mangles that output or adds to it.

--only NAME limits the misbehaviour to the scenario named NAME (from `init`);
in every other scenario the client behaves.

Modes without a wrapped client (they fail anyway):
  close-stdout-keep-running  at the first do: close stdout, sleep
  trickle                    at the first do: an event every 0.5 s, no result
  flood                      at the first do: 40 lines of ~1 MB events [1,1,...]
  grandchild-holds-stdout    at the first do: a grandchild keeps stdout, exit 3
  grandchild-setsid          the same, the grandchild in a new session
  bg-child-exit5             background children (stdio /dev/null), exit 5 at the first do
  stderr-flood-silent        hello, then lines on stderr forever; reads nothing
  no-read                    hello, then sleeps; reads nothing
  stop-self                  hello, then SIGSTOP to itself
  hang                       background children and one in a session of its
                             own (setsid), then at the first do: sleeps

Modes with a wrapped client (--wrap):
  good                       none: the wrapped client as it is
  bg-child-devnull           background children (stdio /dev/null), then behaves
  late-event                 at end: an event after the last synced
  late-garbage               at end: a line of text after the last synced
  nul-hides-event            the first result, a NUL byte, an event, on one line
  invalid-utf8               the first result with a 0xFF byte in a string
  text-after                 the first result followed by text on its line
  ok-and-error               the first result has ok and error
  ok-null                    the first result is ok: null
  throws-nonstring           the first result with throws has throws: false
  bom                        a UTF-8 BOM before every line
  crlf                       every line ends in CR LF
  id-float                   the ids of result and synced as floats (3.0)
  stderr-flood-answering     stderr flooded all along; in the --only scenario
                             it exits 7 after end (so the report shows the tail)
  no-synced                  at the first sync: sleeps
  ignore-term                ignores SIGTERM and does not exit after end
  exit2-after-end            exits 2 after end
"""
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time

HELLO = {"type": "hello", "protocol": 1, "mode": "full", "name": "hostile", "version": "0"}
LATE_EVENT = {"type": "event", "device": "a1", "name": "onUserStatusUpdated",
              "data": [{"userID": "mallory", "statusType": 1, "customStatus": "late"}]}
BOM = b"\xef\xbb\xbf"


def dumps(message):
    return json.dumps(message, separators=(",", ":")).encode()


def write(data):
    """All of `data` on stdout, unbuffered."""
    view = memoryview(data)
    while view:
        view = view[os.write(1, view):]


def log(text):
    try:
        os.write(2, ("hostile: " + text + "\n").encode())
    except OSError:
        pass


def sleep_forever():
    while True:
        time.sleep(1000)


def record_spawn(proc, what):
    """Appends "PID WHAT" to the file named by $STATUSSIM_HOSTILE_SPAWNED (the
    test checks that what it expects was started, and is gone)."""
    path = os.environ.get("STATUSSIM_HOSTILE_SPAWNED")
    if path:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        os.write(fd, ("%d %s\n" % (proc.pid, what)).encode())
        os.close(fd)
    return proc


def spawn_sleeper(marker, what, **popen_args):
    """A `sleep 1000` whose argv[0] is the marker (so /proc/PID/cmdline shows it)."""
    proc = subprocess.Popen([marker, "1000"], executable=shutil.which("sleep"), **popen_args)
    log("started %s %d" % (what, proc.pid))
    return record_spawn(proc, what)


def spawn_background(marker, count=2):
    """Children in this process group with no shared stdio."""
    for _ in range(count):
        spawn_sleeper(marker, "background", stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                      stderr=subprocess.DEVNULL)


def no_core_dumps():
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


class WrappedExited(Exception):
    pass


class Wrapped:
    """A real client behind this one, driven synchronously."""

    ANSWERS = {"do": "result", "sync": "synced"}

    def __init__(self, command):
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        record_spawn(self.proc, "wrapped")

    def readline(self):
        """The next line (bytes without the newline) and its message."""
        raw = self.proc.stdout.readline()
        if not raw:
            raise WrappedExited()
        line = raw.rstrip(b"\n")
        return line, json.loads(line)

    def exchange(self, raw, kind):
        """Forwards one harness line; the wrapped client's lines up to its answer."""
        try:
            self.proc.stdin.write(raw)
            self.proc.stdin.flush()
        except BrokenPipeError:
            raise WrappedExited()
        answer = self.ANSWERS.get(kind)
        lines = []
        while answer is not None:
            line, message = self.readline()
            lines.append((line, message))
            if message.get("type") == answer:
                break
        return lines

    def finish(self):
        """Closes its input; its exit code."""
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        return self.proc.wait()


class Hostile:
    def __init__(self, mode, marker, only, wrap):
        self.mode = mode
        self.marker = marker
        self.only = only
        self.wrapped = Wrapped(wrap + [marker]) if wrap else None
        self.scenario = None
        self.struck = False          # the one-time misbehaviour happened
        self.results_seen = 0
        self.mangled_throws = False

    def active(self):
        return self.only is None or self.scenario == self.only

    # ------------------------------------------------------------ output

    def emit(self, line, message):
        """Writes one line of output, mangled as the mode says."""
        kind = message.get("type")
        mode = self.mode
        end = b"\n"
        if kind == "result":
            self.results_seen += 1
        first_result = kind == "result" and self.results_seen == 1 and self.active()
        if mode == "bom":
            line = BOM + line
        elif mode == "crlf":
            end = b"\r\n"
        elif mode == "id-float" and kind in ("result", "synced"):
            message["id"] = float(message["id"])
            line = dumps(message)
        elif mode == "nul-hides-event" and first_result:
            log("a NUL at byte %d (0-based) of the line" % len(line))
            line = line + b"\0" + dumps({"type": "event", "device": "a1", "name": "error",
                                         "data": {"code": 2024, "message": "hidden"}})
        elif mode == "invalid-utf8" and first_result:
            line = line[:-1] + b',"note":"a\xffb"}'
            log("0xFF at byte %d (0-based) of the line" % line.index(b"\xff"))
        elif mode == "text-after" and first_result:
            line = line + b" and some text after the object"
        elif mode == "ok-and-error" and first_result:
            message.setdefault("ok", {})
            message["error"] = {"code": 3122, "message": "both"}
            message.pop("throws", None)
            line = dumps(message)
        elif mode == "ok-null" and first_result:
            message.pop("error", None)
            message.pop("throws", None)
            message["ok"] = None
            line = dumps(message)
        elif mode == "throws-nonstring" and kind == "result" and "throws" in message \
                and self.active() and not self.mangled_throws:
            self.mangled_throws = True
            message["throws"] = False
            line = dumps(message)
        write(line + end)

    def hello(self):
        if self.wrapped:
            line, message = self.wrapped.readline()
            self.emit(line, message)
        else:
            self.emit(dumps(HELLO), HELLO)

    # ------------------------------------------------------------ misbehaviour

    def at_start(self):
        mode = self.mode
        if mode in ("bg-child-devnull", "bg-child-exit5", "hang"):
            spawn_background(self.marker)
        if mode == "hang":
            spawn_sleeper(self.marker, "escapee", start_new_session=True, stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if mode == "ignore-term":
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if mode == "stderr-flood-answering":
            threading.Thread(target=self.flood_stderr, daemon=True).start()

    @staticmethod
    def flood_stderr():
        block = b"e" * 65536
        while True:
            try:
                os.write(2, block)
            except OSError:
                return

    def after_hello(self):
        mode = self.mode
        if mode == "stderr-flood-silent":
            block = b"flooding stderr with one more line\n" * 2000
            while True:
                os.write(2, block)
        if mode == "no-read":
            sleep_forever()
        if mode == "stop-self":
            os.kill(os.getpid(), signal.SIGSTOP)
            sleep_forever()  # if it is ever continued

    def at_first_do(self, message):
        mode = self.mode
        log("mode %s, first do %s in %r" % (mode, message.get("id"), self.scenario))
        if mode == "close-stdout-keep-running":
            os.close(1)
            sleep_forever()
        if mode == "trickle":
            for n in range(1, 1000000):
                time.sleep(0.5)
                write(dumps(LATE_EVENT) + b"\n")
                log("trickled event %d" % n)
        if mode == "flood":
            line = (b'{"type":"event","device":"a1","name":"onUserStatusUpdated","data":['
                    + b",".join([b"1"] * 500000) + b"]}\n")
            for _ in range(40):
                write(line)
            return
        if mode == "grandchild-holds-stdout":
            spawn_sleeper(self.marker, "grandchild")
            sys.exit(3)
        if mode == "grandchild-setsid":
            spawn_sleeper(self.marker, "grandchild-setsid", start_new_session=True)
            sys.exit(3)
        if mode == "bg-child-exit5":
            sys.exit(5)
        if mode == "hang":
            sleep_forever()

    def at_end(self):
        if self.mode == "late-event":
            write(dumps(LATE_EVENT) + b"\n")
        elif self.mode == "late-garbage":
            write(b"garbage after the last synced\n")

    def at_exit(self, code):
        if self.mode == "ignore-term":
            log("end of input; staying alive")
            sleep_forever()
        if self.mode == "exit2-after-end":
            return 2
        if self.mode == "stderr-flood-answering" and self.only is not None and self.active():
            return 7
        return code

    # ------------------------------------------------------------ the loop

    def answer(self, raw, kind, message):
        if self.wrapped:
            for line, out in self.wrapped.exchange(raw, kind):
                self.emit(line, out)
        elif kind == "do":
            result = {"type": "result", "id": message["id"], "ok": {}}
            self.emit(dumps(result), result)
        elif kind == "sync":
            synced = {"type": "synced", "id": message["id"]}
            self.emit(dumps(synced), synced)

    def run(self):
        no_core_dumps()
        self.at_start()
        self.hello()
        self.after_hello()
        stdin = sys.stdin.buffer
        while True:
            raw = stdin.readline()
            if not raw:
                break
            message = json.loads(raw)
            kind = message.get("type")
            if kind == "init":
                self.scenario = message.get("scenario")
            if kind == "do" and not self.struck and self.active():
                self.struck = True
                self.at_first_do(message)
            if kind == "sync" and self.mode == "no-synced" and self.active():
                log("sync %s in %r: no answer" % (message.get("id"), self.scenario))
                sleep_forever()
            self.answer(raw, kind, message)
            if kind == "end" and self.active():
                self.at_end()
        code = self.wrapped.finish() if self.wrapped else 0
        return self.at_exit(code)


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    mode, marker, rest = argv[1], argv[2], argv[3:]
    only = None
    wrap = []
    while rest:
        if rest[0] == "--only" and len(rest) > 1:
            only, rest = rest[1], rest[2:]
        elif rest[0] == "--wrap":
            wrap, rest = rest[1:], []
        else:
            sys.exit("unknown argument %r\n%s" % (rest[0], __doc__))
    try:
        return Hostile(mode, marker, only, wrap).run()
    except WrappedExited:
        log("the wrapped client exited early")
        return 70


if __name__ == "__main__":
    sys.exit(main(sys.argv))
