"""Tests for the example client: this file plays the harness and its backend.

Each test starts client.py, writes PROTOCOL.md messages to it, answers its
`request`s with `reply`s the way the harness's backend would, and asserts
the `result`s and `event`s it writes.

    cd clients/python && python3 -m unittest -v
"""

import json
import os
import queue
import subprocess
import sys
import threading
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
CLIENT = os.path.join(HERE, "client.py")
TIMEOUT = 5  # seconds for any one line

APP = {
    "premium": True,
    "console": {"status_query_and_notify": True, "friend_status_notify": False, "web_max_instances": 1},
    "params": {"get_max_users": 500, "subscribe_max_users": 100, "rate_count": 20, "rate_window": 5000},
}


class FakeHarness:
    """The harness's side of the pipes."""

    def __init__(self, testcase, extra_env=None):
        env = dict(os.environ)
        env.pop("STATUSSIM_CLIENT_DEBUG", None)
        env.update(extra_env or {})
        self.testcase = testcase
        self.proc = subprocess.Popen([sys.executable, CLIENT], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env)
        self.lines = queue.Queue()
        self.stderr_lines = []
        threading.Thread(target=self._pump, daemon=True).start()
        threading.Thread(target=self._pump_stderr, daemon=True).start()
        self.sync_id = 0

    def _pump(self):
        for raw in self.proc.stdout:
            self.lines.put(raw.decode("utf-8"))
        self.lines.put(None)

    def _pump_stderr(self):
        for raw in self.proc.stderr:
            self.stderr_lines.append(raw.decode("utf-8"))

    def send(self, message):
        self.proc.stdin.write((json.dumps(message) + "\n").encode("utf-8"))
        self.proc.stdin.flush()

    def recv(self):
        try:
            line = self.lines.get(timeout=TIMEOUT)
        except queue.Empty:
            self.testcase.fail("client timeout; stderr:\n" + "".join(self.stderr_lines))
        self.testcase.assertIsNotNone(line, "client closed its output")
        self.testcase.assertTrue(line.endswith("\n"))
        return json.loads(line)

    def expect(self, **fields):
        """Reads one message and checks the named fields."""
        message = self.recv()
        for key, value in fields.items():
            self.testcase.assertEqual(message.get(key), value, "in %r" % message)
        return message

    def expect_request(self, device, op, body):
        message = self.expect(type="request", device=device, op=op)
        self.testcase.assertEqual(message["body"], body)
        return message["id"]

    def reply(self, request_id, device, code=0, data=None):
        self.send({"type": "reply", "id": request_id, "device": device, "code": code, "data": data or {}})

    def init(self, app=None, accounts=("alice", "bob", "carol")):
        self.send({"type": "init", "scenario": "test", "app": app or APP, "accounts": list(accounts), "friends": []})

    def do(self, do_id, device, action, **keys):
        message = {"type": "do", "id": do_id, "device": device, "action": action}
        message.update(keys)
        self.send(message)

    def call(self, do_id, device, api, *args):
        """`args` omitted = no argument; call(..., None) sends args: null."""
        if args:
            self.do(do_id, device, "call", api=api, args=args[0])
        else:
            self.do(do_id, device, "call", api=api)

    def login(self, device, user, platform="web", custom=""):
        self.do("login-" + device, device, "login", user=user, platform=platform)
        rid = self.expect_request(device, "login", {"user": user, "platform": platform})
        self.reply(rid, device, data={"premium": True, "customStatus": custom})
        self.expect(type="result", id="login-" + device, ok={})

    def sync(self):
        """Sends `sync` and expects `synced` next: nothing else is pending."""
        self.sync_id += 1
        self.send({"type": "sync", "id": "s%d" % self.sync_id})
        self.expect(type="synced", id="s%d" % self.sync_id)

    def close(self):
        self.proc.stdin.close()
        code = self.proc.wait(timeout=TIMEOUT)
        self.proc.stdout.close()
        self.proc.stderr.close()
        return code


class ClientTest(unittest.TestCase):
    def setUp(self):
        self.h = FakeHarness(self)
        self.h.expect(type="hello", protocol=1, mode="sdk", name="python-example")

    def tearDown(self):
        if self.h.proc.poll() is None:
            self.h.proc.kill()
            self.h.proc.wait()
        for stream in (self.h.proc.stdin, self.h.proc.stdout, self.h.proc.stderr):
            if not stream.closed:
                stream.close()

    def test_transcript_login_set_subscribe_push_sync(self):
        h = self.h
        h.init()
        h.login("a1", "alice")
        h.login("b1", "bob", platform="android")
        h.sync()
        h.call("3", "b1", "subscribeUserStatus", {"userIDList": ["alice"]})
        rid = h.expect_request("b1", "subscribe", {"userIDList": ["alice"]})
        h.reply(rid, "b1", data={"failureUserList": []})
        h.expect(type="result", id="3", ok={"failureUserList": []})
        h.call("4", "a1", "setSelfStatus", {"customStatus": "busy"})
        rid = h.expect_request("a1", "set_self_status", {"customStatus": "busy"})
        # Pushes come before the reply: each becomes an event at once.
        item = {"userID": "alice", "statusType": 1, "customStatus": "busy"}
        h.send({"type": "push", "device": "a1", "op": "status", "list": [item]})
        h.send({"type": "push", "device": "b1", "op": "status", "list": [item]})
        h.expect(type="event", device="a1", name="onUserStatusUpdated", data=[item])
        h.expect(type="event", device="b1", name="onUserStatusUpdated", data=[item])
        h.reply(rid, "a1")
        h.expect(type="result", id="4", ok=item)  # SET-3
        h.sync()
        self.assertEqual(h.close(), 0)

    def test_login_on_logged_in_device_sends_nothing(self):
        h = self.h
        h.init()
        h.login("a1", "alice")
        h.do("2", "a1", "login", user="bob", platform="web")
        h.expect(type="result", id="2", ok={})  # SES-9, no request before it

    def test_not_ready_codes_and_error_event(self):
        h = self.h
        h.init()
        h.call("1", "a1", "getUserStatus", {"userIDList": ["bob"]})
        h.expect(type="event", device="a1", name="error")
        h.expect(type="result", id="1")
        h.login("a1", "alice")
        h.do("2", "a1", "logout")
        rid = h.expect_request("a1", "logout", {})
        h.reply(rid, "a1")
        h.expect(type="result", id="2", ok={})
        h.call("3", "a1", "setSelfStatus")  # not ready comes before parameters (API-3)
        event = h.expect(type="event", device="a1", name="error")
        self.assertEqual(event["data"]["code"], 3005)
        result = h.expect(type="result", id="3")
        self.assertEqual(result["error"]["code"], 3005)
        h.do("4", "a1", "logout")
        h.expect(type="result", id="4", ok={})
        h.sync()

    def test_parameter_errors_throw_without_requests(self):
        h = self.h
        h.init()
        h.login("a1", "alice")
        cases = [
            ("setSelfStatus", ()), ("setSelfStatus", ({"customStatus": 5},)), ("setSelfStatus", (None,)),
            ("getUserStatus", ({"userIDList": []},)), ("getUserStatus", ({"userIDList": "bob"},)),
            ("subscribeUserStatus", ()), ("subscribeUserStatus", ({},)),
            ("unsubscribeUserStatus", (None,)), ("unsubscribeUserStatus", ({"userIDList": None},)),
            ("unsubscribeUserStatus", ("bob",)), ("unsubscribeUserStatus", ({"userIDList": "bob"},)),
        ]
        for i, (api, args) in enumerate(cases):
            h.call(str(i), "a1", api, *args)
            h.expect(type="result", id=str(i), throws="Params validate failed.")
        h.sync()

    def test_unsubscribe_all_forms(self):
        h = self.h
        h.init()
        h.login("a1", "alice")
        for i, args in enumerate([(), ({},), ({"userIDList": []},), ({"other": 1},)]):
            h.call(str(i), "a1", "unsubscribeUserStatus", *args)
            rid = h.expect_request("a1", "unsubscribe", {"all": True})
            h.reply(rid, "a1", data={"failureUserList": []})
            h.expect(type="result", id=str(i), ok={"failureUserList": []})

    def test_self_only_query_tier_and_truncation(self):
        h = self.h
        app = json.loads(json.dumps(APP))
        app["premium"] = False
        app["params"]["get_max_users"] = 2
        h.init(app=app)
        h.login("a1", "alice", custom="away")
        # GET-2: self only, no tier, no request, from the cache.
        h.call("1", "a1", "getUserStatus", {"userIDList": ["alice"]})
        self_entry = {"userID": "alice", "statusType": 1, "customStatus": "away"}
        h.expect(type="result", id="1", ok={"successUserList": [self_entry], "failureUserList": []})
        # GET-3: [self, self] needs the tier.
        h.call("2", "a1", "getUserStatus", {"userIDList": ["alice", "alice"]})
        h.expect(type="result", id="2", error={"code": 3122, "message": "this feature needs the premium edition"})
        h.call("3", "a1", "subscribeUserStatus", {"userIDList": ["bob"]})
        self.assertEqual(h.expect(type="result", id="3")["error"]["code"], 3122)
        h.call("4", "a1", "unsubscribeUserStatus")
        self.assertEqual(h.expect(type="result", id="4")["error"]["code"], 3122)
        app["premium"] = True
        h.send({"type": "configure", "app": app})
        # GET-5: 3 remain after self > 2: the first 2 of the list as given, self included.
        h.call("5", "a1", "getUserStatus", {"userIDList": ["bob", "alice", "carol", "x"]})
        rid = h.expect_request("a1", "get_user_status", {"userIDList": ["bob", "alice"]})
        h.reply(rid, "a1", data={
            "successUserList": [{"userID": "bob", "statusType": 3, "customStatus": ""},
                                {"userID": "alice", "statusType": 1, "customStatus": "away"}],
            "failureUserList": []})
        result = h.expect(type="result", id="5")
        self.assertEqual([e["userID"] for e in result["ok"]["successUserList"]], ["alice", "bob", "alice"])
        # Not truncated: self removed, the rest in order.
        h.call("6", "a1", "getUserStatus", {"userIDList": ["bob", "alice", 7]})
        rid = h.expect_request("a1", "get_user_status", {"userIDList": ["bob", 7]})
        h.reply(rid, "a1", data={
            "successUserList": [{"userID": "bob", "statusType": 3, "customStatus": ""}],
            "failureUserList": [{"userID": 7, "code": 70107, "message": "m"}]})
        result = h.expect(type="result", id="6")
        self.assertEqual(result["ok"]["failureUserList"], [{"userID": 7, "code": 70107, "message": "m"}])

    def test_subscribe_truncation(self):
        h = self.h
        app = json.loads(json.dumps(APP))
        app["params"]["subscribe_max_users"] = 2
        h.init(app=app)
        h.login("a1", "alice")
        h.call("1", "a1", "subscribeUserStatus", {"userIDList": ["bob", "carol", "dave"]})
        rid = h.expect_request("a1", "subscribe", {"userIDList": ["bob", "carol"]})
        h.reply(rid, "a1", data={"failureUserList": []})
        h.expect(type="result", id="1", ok={"failureUserList": []})
        h.call("2", "a1", "unsubscribeUserStatus", {"userIDList": ["bob", "carol", "dave"]})
        rid = h.expect_request("a1", "unsubscribe", {"userIDList": ["bob", "carol"]})
        h.reply(rid, "a1", data={"failureUserList": []})
        h.expect(type="result", id="2", ok={"failureUserList": []})

    def test_lost_device_still_sends_requests(self):
        h = self.h
        h.init()
        h.login("a1", "alice")
        h.do("2", "a1", "disconnect", how="silent")
        h.expect(type="result", id="2", ok={})  # no request: the harness applies the loss
        h.call("3", "a1", "subscribeUserStatus", {"userIDList": ["bob"]})
        rid = h.expect_request("a1", "subscribe", {"userIDList": ["bob"]})
        h.reply(rid, "a1", code=2801)
        self.assertEqual(h.expect(type="result", id="3")["error"]["code"], 2801)
        h.call("4", "a1", "getUserStatus", {"userIDList": ["alice"]})
        h.expect(type="result", id="4")  # self-only: answered locally
        h.sync()  # no error event for 2801 (API-2)

    def test_reconnect_emits_self_item_when_changed(self):
        h = self.h
        h.init()
        h.login("a1", "alice")
        h.do("r0", "a1", "reconnect")
        h.expect(type="result", id="r0", ok={})  # not lost: nothing to do
        h.do("2", "a1", "disconnect", how="close")
        h.expect(type="result", id="2", ok={})
        h.do("3", "a1", "reconnect")
        rid = h.expect_request("a1", "reconnect", {})
        h.reply(rid, "a1", data={"customStatus": "busy"})
        h.expect(type="event", device="a1", name="onUserStatusUpdated",
                 data=[{"userID": "alice", "statusType": 1, "customStatus": "busy"}])
        h.expect(type="result", id="3", ok={})
        h.do("4", "a1", "disconnect")
        h.expect(type="result", id="4", ok={})
        h.do("5", "a1", "reconnect")
        rid = h.expect_request("a1", "reconnect", {})
        h.reply(rid, "a1", data={"customStatus": "busy"})
        h.expect(type="result", id="5", ok={})  # unchanged: no item
        h.sync()

    def test_kicked_while_lost(self):
        h = self.h
        h.init()
        h.login("w1", "alice")
        h.do("2", "w1", "disconnect", how="silent")
        h.expect(type="result", id="2", ok={})
        h.do("3", "w1", "reconnect")
        rid = h.expect_request("w1", "reconnect", {})
        h.send({"type": "push", "device": "w1", "op": "kicked", "data": {"type": "multipleAccount"}})
        h.expect(type="event", device="w1", name="kickedOut", data={"type": "multipleAccount"})
        h.reply(rid, "w1", code=3003)
        h.expect(type="result", id="3", ok={})
        h.call("4", "w1", "setSelfStatus", {"customStatus": "x"})
        h.expect(type="event", device="w1", name="error")
        self.assertEqual(h.expect(type="result", id="4")["error"]["code"], 3003)

    def test_kicked_push_between_steps_and_cache_from_items(self):
        h = self.h
        h.init()
        h.login("a1", "alice", platform="android")
        h.login("b1", "bob")
        # A push outside any request (e.g. a timer during `time`).
        h.send({"type": "time", "now": 30000})
        h.send({"type": "push", "device": "a1", "op": "status",
                "list": [{"userID": "alice", "statusType": 1, "customStatus": "set elsewhere"},
                         {"userID": "bob", "statusType": 1, "customStatus": "b"}]})
        h.expect(type="event", device="a1", name="onUserStatusUpdated")
        h.sync()
        h.call("3", "a1", "getUserStatus", {"userIDList": ["alice"]})
        entry = h.expect(type="result", id="3")["ok"]["successUserList"][0]
        self.assertEqual(entry["customStatus"], "set elsewhere")  # SES-8
        h.send({"type": "push", "device": "a1", "op": "kicked", "data": {"type": "multipleDevice"}})
        h.expect(type="event", device="a1", name="kickedOut", data={"type": "multipleDevice"})
        h.call("4", "a1", "getUserStatus", {"userIDList": ["alice"]})
        h.expect(type="event", device="a1", name="error")
        self.assertEqual(h.expect(type="result", id="4")["error"]["code"], 3002)

    def test_backend_error_is_a_rejection(self):
        h = self.h
        h.init()
        h.login("a1", "alice")
        h.call("1", "a1", "setSelfStatus", {"customStatus": "x" * 101})
        rid = h.expect_request("a1", "set_self_status", {"customStatus": "x" * 101})
        h.send({"type": "reply", "id": rid, "device": "a1", "code": 70402})
        self.assertEqual(h.expect(type="result", id="1")["error"]["code"], 70402)
        h.sync()  # no error event (API-2)

    def test_end_then_init_forgets_devices_and_unknown_types_are_ignored(self):
        h = self.h
        h.init()
        h.login("a1", "alice")
        h.send({"type": "end"})
        h.send({"type": "something-new", "extra": 1})
        h.init()
        h.call("1", "a1", "getUserStatus", {"userIDList": ["alice"]})
        event = h.expect(type="event", device="a1", name="error")
        self.assertEqual(event["data"]["code"], 2024)  # a new world: never logged in
        h.expect(type="result", id="1")
        h.sync()
        h.send({"type": "end"})
        self.assertEqual(h.close(), 0)
        self.assertIn("something-new", "".join(h.stderr_lines))


class DebugTest(unittest.TestCase):
    def test_debug_echoes_traffic_to_stderr_only(self):
        h = FakeHarness(self, {"STATUSSIM_CLIENT_DEBUG": "1"})
        h.expect(type="hello")
        h.init()
        h.sync()
        self.assertEqual(h.close(), 0)
        log = "".join(h.stderr_lines)
        self.assertIn('-> {"type":"hello"', log)
        self.assertIn('<- {"type": "sync"', log)


if __name__ == "__main__":
    unittest.main()
