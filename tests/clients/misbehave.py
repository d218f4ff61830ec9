#!/usr/bin/env python3
"""A full-mode client that misbehaves on purpose, one way per MODE.

It answers like a trivial full-mode client (every `do` ok {}, every `sync`
synced, no events) except for the misbehaviour named by its argument, which
happens at the first `do`. The harness tests use it to check that every way a
client can fail gives a precise verdict and never hangs the run.
"""
import json
import os
import signal
import sys
import time

MODE = sys.argv[1] if len(sys.argv) > 1 else "good"
MARKER = sys.argv[2] if len(sys.argv) > 2 else ""


def send(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def misbehave(msg):
    """Runs at the first `do`; returns True when the message was handled."""
    print("misbehave: mode " + MODE, file=sys.stderr, flush=True)
    if MODE == "not-json":
        sys.stdout.write("this is not json\n")
    elif MODE == "unknown-type":
        send({"type": "bogus"})
    elif MODE == "wrong-id":
        send({"type": "result", "id": msg["id"] + 100, "ok": {}})
    elif MODE == "hang":
        time.sleep(3600)
    elif MODE == "exit":
        sys.exit(3)
    elif MODE == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    elif MODE == "flood":
        line = json.dumps({"type": "event", "device": "a1", "name": "onUserStatusUpdated",
                           "data": [{"userID": "x" * 1000, "statusType": 1, "customStatus": ""}]})
        while True:
            sys.stdout.write(line + "\n")
    elif MODE == "long-line":
        sys.stdout.write("[" * (3 << 20) + "\n")
        sys.stdout.flush()
        time.sleep(3600)
    elif MODE == "flaky":
        # Every other process (a marker file toggles) rejects its first call.
        if os.path.exists(MARKER):
            os.remove(MARKER)
            return False
        open(MARKER, "w").close()
        send({"type": "result", "id": msg["id"], "error": {"code": 1, "message": "flaky"}})
    elif MODE == "exit-once":
        if not os.path.exists(MARKER):
            open(MARKER, "w").close()
            sys.exit(4)
        return False
    else:
        return False
    sys.stdout.flush()
    return True


def main():
    if MODE == "no-hello":
        send({"type": "result", "id": 1, "ok": {}})
    elif MODE == "wrong-version":
        send({"type": "hello", "protocol": 2, "mode": "full", "name": "bad", "version": "0"})
    elif MODE == "silent":
        time.sleep(3600)
    else:
        send({"type": "hello", "protocol": 1, "mode": "full", "name": "misbehave", "version": "0"})
    first_do = True
    for raw in sys.stdin:
        msg = json.loads(raw)
        kind = msg.get("type")
        if kind == "do":
            if MODE == "slow":
                time.sleep(0.05)
            if first_do:
                first_do = False
                if misbehave(msg):
                    continue
            send({"type": "result", "id": msg["id"], "ok": {}})
        elif kind == "sync":
            if MODE == "no-synced":
                time.sleep(3600)
            send({"type": "synced", "id": msg["id"]})
        elif kind == "init":
            print("misbehave: init pid %d" % os.getpid(), file=sys.stderr, flush=True)
        elif kind == "end":
            if MODE == "late-output":
                send({"type": "event", "device": "a1", "name": "onUserStatusUpdated", "data": []})
            elif MODE == "exit-after-end":
                return 2
            elif MODE == "stay-after-end":
                time.sleep(3600)
    return 0


if __name__ == "__main__":
    sys.exit(main())
