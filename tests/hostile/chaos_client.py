#!/usr/bin/env python3
"""A chaos client: a real full-mode client that sometimes misbehaves.

    chaos_client.py SEED MARKER FULL_CLIENT [ARG...]

It wraps FULL_CLIENT (e.g. statussim_full_client) synchronously, as
hostile_client.py --wrap does, and in each process (statussim starts one per
scenario) picks from a hash of SEED and the scenario's name (from `init`)
whether it misbehaves, at which harness message (0 is `init`), and how (KINDS).
The plan depends on nothing else, so two runs with the same seed must give the
same verdicts whatever the order, the jobs or the timing. MARKER is on the
command line of every process it starts (see run_hostile.py).
"""
import hashlib
import json
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostile_client import (Wrapped, WrappedExited, log, no_core_dumps,  # noqa: E402
                            sleep_forever, spawn_background, write)

KINDS = ["sigsegv", "sigkill", "exit0", "garbage", "hang", "close-stdout", "bg-child"]
# The kinds that leave the harness waiting for its timeout.
BLOCKING = {"hang", "close-stdout"}
# Words the error of a scenario must hold when the kind struck (any of them).
ERRORS = {
    "sigsegv": ["client killed by signal 11 (SIGSEGV)"],
    "sigkill": ["client killed by signal 9 (SIGKILL)"],
    "exit0": ["client exited with code 0"],
    "garbage": ["client protocol error: not JSON",
                "client protocol error: output after the scenario's last synced: garbage"],
    "hang": ["client timeout"],
    "close-stdout": ["client timeout"],
}
STRIKE_ONE_IN = 3     # about one scenario in 3 gets a misbehaviour
LAST_INDEX = 24       # at one of the messages 0..23


def plan(seed, scenario):
    """None, or (message index, kind) for this scenario."""
    digest = hashlib.sha256(("%s\0%s" % (seed, scenario)).encode()).digest()
    if digest[0] % STRIKE_ONE_IN != 0:
        return None
    return digest[1] % LAST_INDEX, KINDS[digest[2] % len(KINDS)]


def strike(kind, marker):
    """Misbehaves; returns only for the kinds that go on."""
    log("chaos: %s" % kind)
    if kind == "sigsegv":
        os.kill(os.getpid(), signal.SIGSEGV)
    elif kind == "sigkill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif kind == "exit0":
        os._exit(0)
    elif kind == "garbage":
        write(b"garbage from the chaos client\n")
        return
    elif kind == "hang":
        sleep_forever()
    elif kind == "close-stdout":
        os.close(1)
        sleep_forever()
    elif kind == "bg-child":
        spawn_background(marker, count=1)
        return
    sleep_forever()  # a signal that did not end it


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    seed, marker, command = argv[1], argv[2], argv[3:]
    no_core_dumps()
    wrapped = Wrapped(command + [marker])
    line, _ = wrapped.readline()
    write(line + b"\n")  # hello
    the_plan = None
    index = 0
    stdin = sys.stdin.buffer
    while True:
        raw = stdin.readline()
        if not raw:
            break
        message = json.loads(raw)
        kind = message.get("type")
        if kind == "init":
            the_plan = plan(seed, message.get("scenario"))
            index = 0
        if the_plan is not None and the_plan[0] == index:
            strike(the_plan[1], marker)
        for line, _ in wrapped.exchange(raw, kind):
            write(line + b"\n")
        index += 1
    return wrapped.finish()


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except WrappedExited:
        log("chaos: the wrapped client exited early")
        sys.exit(70)
