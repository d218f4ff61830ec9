#!/usr/bin/env python3
"""An example statussim client in `sdk` mode (PROTOCOL.md, version 1).

The harness starts this program and talks to it over stdin/stdout, one JSON
object per line. This file is the protocol loop; the SDK logic (the client half
of SPEC.md) lives in statussim_sdk.py, one SdkInstance per device.

    statussim run scenarios --client exec:'python3 clients/python/client.py'

Rules this loop keeps:
- the first line out is `hello`;
- every line out is one JSON object, flushed at once; logs go to stderr only;
- a `do` is answered by exactly one `result`; in between, the SDK may send
  `request`s and must read until the matching `reply`, handling `push`es that
  arrive before it;
- events are written as they happen, so `synced` can be written at once;
- one process serves many scenarios: `end` forgets everything, and another
  `init` may follow; end of input exits 0.

Set STATUSSIM_CLIENT_DEBUG=1 (or pass --log-level debug) to echo all traffic
to stderr.
"""

import argparse
import json
import os
import sys

from statussim_sdk import NO_ARGS, Outcome, SdkInstance

PROTOCOL_VERSION = 1
HELLO = {"type": "hello", "protocol": PROTOCOL_VERSION, "mode": "sdk", "name": "python-example", "version": "1.0.0"}


def kick_type_of(push):
    """The kick type of a `push` with `op: kicked`: multipleAccount or
    multipleDevice (SES-4, SES-5).

    PROTOCOL.md: the kick type is `data: {type}`, the same shape as the
    kickedOut event's data (the message's own `type` is "push").
    """
    data = push.get("data")
    return data.get("type") if isinstance(data, dict) else None


class ProtocolError(Exception):
    """The harness broke the protocol (or closed our input mid-exchange)."""


class Harness:
    """The JSON-lines connection to the harness, and the transport the SDK
    instances use (`request`, `emit`)."""

    def __init__(self, inp, out, log, debug=False):
        self.inp = inp
        self.out = out
        self.log = log
        self.debug = debug
        self.next_request_id = 1
        self.app = {}
        self.devices = {}  # device name -> SdkInstance, for the current scenario

    # ------------------------------------------------------------ lines

    def write(self, message):
        line = json.dumps(message, separators=(",", ":"))
        if self.debug:
            self.log.write("-> " + line + "\n")
            self.log.flush()
        self.out.write(line + "\n")
        self.out.flush()  # the harness waits for this line: never leave it buffered

    def read(self):
        """The next message, or None at end of input."""
        while True:
            raw = self.inp.readline()
            if not raw:
                return None
            line = raw.strip()
            if not line:
                continue
            if self.debug:
                self.log.write("<- " + line + "\n")
                self.log.flush()
            try:
                message = json.loads(line)
            except ValueError as e:
                raise ProtocolError("not JSON: %s (%s)" % (line[:200], e))
            if not isinstance(message, dict):
                raise ProtocolError("not a JSON object: %s" % line[:200])
            return message

    def warn(self, text):
        self.log.write("python-example: " + text + "\n")
        self.log.flush()

    # ------------------------------------------------------------ transport for SdkInstance

    def request(self, device, op, body):
        """Sends one backend request and returns (code, data, message) from its reply.
        Pushes that arrive before the reply are delivered first (they may
        produce events)."""
        request_id = "r%d" % self.next_request_id
        self.next_request_id += 1
        self.write({"type": "request", "id": request_id, "device": device, "op": op, "body": body})
        while True:
            message = self.read()
            if message is None:
                raise ProtocolError("end of input while waiting for reply %s" % request_id)
            kind = message.get("type")
            if kind == "reply" and message.get("id") == request_id:
                return message.get("code", 0), message.get("data") or {}, message.get("message")
            if kind == "push":
                self.on_push(message)
            else:
                self.warn("ignored while waiting for reply %s: %s" % (request_id, json.dumps(message)[:200]))

    def emit(self, device, name, data):
        self.write({"type": "event", "device": device, "name": name, "data": data})

    # ------------------------------------------------------------ messages

    def device(self, name):
        """The SDK instance of a device, created at first use (every device is
        new after `init`)."""
        if name not in self.devices:
            self.devices[name] = SdkInstance(name, self, lambda: self.app)
        return self.devices[name]

    def on_push(self, message):
        sdk = self.device(message.get("device"))
        op = message.get("op")
        if op == "status":
            sdk.on_status_push(message.get("list", []))
        elif op == "kicked":
            sdk.on_kicked_push(kick_type_of(message))
        else:
            self.warn("unknown push op: %r" % op)

    def on_do(self, message):
        sdk = self.device(message.get("device"))
        action = message.get("action")
        if action == "login":
            outcome = sdk.login(message.get("user"), message.get("platform"))
        elif action == "logout":
            outcome = sdk.logout()
        elif action == "disconnect":
            outcome = sdk.disconnect(message.get("how", "close"))
        elif action == "reconnect":
            outcome = sdk.reconnect()
        elif action == "call":
            # `args` absent = no argument (undefined); `args: null` is a present null (UNS-6).
            args = message["args"] if "args" in message else NO_ARGS
            outcome = sdk.call(message.get("api"), args)
        else:
            self.warn("unknown action: %r" % action)
            outcome = Outcome.thrown("unknown action %r" % action)
        self.write(outcome.to_result(message.get("id")))

    def handle(self, message):
        """One message outside a request/reply exchange."""
        kind = message.get("type")
        if kind == "init":
            self.devices = {}
            self.app = message.get("app") or {}
        elif kind == "configure":
            self.app = message.get("app") or {}
        elif kind == "do":
            self.on_do(message)
        elif kind == "push":
            self.on_push(message)  # e.g. a timer fired during `time`
        elif kind == "time":
            pass  # sdk mode: the harness's backend runs the timers
        elif kind == "sync":
            # Events are written as they happen, so all of them are out already.
            self.write({"type": "synced", "id": message.get("id")})
        elif kind == "end":
            self.devices = {}
        elif kind == "reply":
            self.warn("reply to no open request: %s" % json.dumps(message)[:200])
        else:
            self.warn("unknown message type: %r" % kind)

    def run(self):
        self.write(HELLO)
        while True:
            message = self.read()
            if message is None:
                return 0
            self.handle(message)


def main(argv):
    parser = argparse.ArgumentParser(description="statussim example client (sdk mode, protocol v1)")
    parser.add_argument("--log-level", choices=["info", "debug"], default=None,
                        help="debug echoes every line in and out to stderr")
    options = parser.parse_args(argv)
    debug = options.log_level == "debug" or os.environ.get("STATUSSIM_CLIENT_DEBUG") == "1"
    inp = open(sys.stdin.fileno(), "r", encoding="utf-8", newline="\n", closefd=False)
    out = open(sys.stdout.fileno(), "w", encoding="utf-8", newline="\n", closefd=False)
    try:
        return Harness(inp, out, sys.stderr, debug).run()
    except ProtocolError as e:
        sys.stderr.write("python-example: protocol error: %s\n" % e)
        return 1
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
