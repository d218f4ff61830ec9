"""The SDK half of SPEC.md: one SdkInstance per device.

This module knows nothing of stdin, stdout or JSON lines. An SdkInstance talks
to the backend through a `transport` object with one method,

    transport.request(device, op, body) -> (code, data, message)

and emits events through

    transport.emit(device, name, data)

so an adapter author can replace the transport (client.py speaks PROTOCOL.md
v1 over pipes) and keep the SDK logic, or replace the SDK logic with calls into
a real SDK and keep the transport.

Every step and call returns an Outcome: ok(data), error(code), or throws(text).
The behaviour follows the reference SDK (sim/sdk_client.cc) rule by rule; the
comments cite the SPEC.md rule IDs.
"""

# Error codes (SPEC VAL-4: codes are normative, messages are not).
CODE_OK = 0
CODE_NETWORK_TIMEOUT = 2801  # API-4
CODE_NOT_LOGGED_IN = 2024  # API-1: never logged in
CODE_LOGGED_OUT = 3005  # API-1
CODE_KICKED_ACCOUNT = 3003  # API-1: kicked, multipleAccount
CODE_KICKED_DEVICE = 3002  # API-1: kicked, multipleDevice
CODE_RATE_LIMITED = 2996  # RL-2
CODE_NO_PREMIUM = 3122  # GET-3, SUB-2, UNS-3
CODE_SWITCH_OFF = 72001  # GET-4, SUB-2, UNS-3
CODE_INVALID_PARAMETER = 70402  # SET-5, SUB-5
CODE_UNKNOWN_USER = 70107  # GET-7, SUB-6, UNS-5

MESSAGES = {
    CODE_OK: "ok",
    CODE_NETWORK_TIMEOUT: "request timed out: the connection is lost",
    CODE_NOT_LOGGED_IN: "not logged in",
    CODE_LOGGED_OUT: "logged out",
    CODE_KICKED_ACCOUNT: "kicked out: logged in on another web instance (multipleAccount)",
    CODE_KICKED_DEVICE: "kicked out: logged in on another device of the same platform (multipleDevice)",
    CODE_RATE_LIMITED: "too many requests",
    CODE_NO_PREMIUM: "this feature needs the premium edition",
    CODE_SWITCH_OFF: "user status query and notification is turned off in the console",
    CODE_INVALID_PARAMETER: "invalid parameter",
    CODE_UNKNOWN_USER: "the user does not exist",
}

PARAMS_FAILED = "Params validate failed."  # the text every parameter error throws

STATUS_ONLINE = 1  # VAL-1

KICK_MULTIPLE_ACCOUNT = "multipleAccount"  # VAL-3, SES-4
KICK_MULTIPLE_DEVICE = "multipleDevice"  # VAL-3, SES-5

# SPEC PAR-2 defaults of the two parameters the SDK itself reads.
DEFAULT_GET_MAX_USERS = 500
DEFAULT_SUBSCRIBE_MAX_USERS = 100

# Stands for "no argument" (JavaScript undefined): `args` absent from `do`.
# An explicit JSON null arrives as None, which is a present value (UNS-6).
NO_ARGS = object()

# Login states of one instance.
NEVER = "never"
LOGGED_IN = "loggedIn"
LOGGED_OUT = "loggedOut"
KICKED = "kicked"


def message_for(code):
    """A default message for a code (messages are not normative, VAL-4)."""
    return MESSAGES.get(code, "error")


class Outcome:
    """What an application sees from one call (VAL-4): exactly one of
    ok (resolved data), error (rejected {code, message}) or throws (text)."""

    def __init__(self, ok=None, error=None, throws=None):
        self.ok = ok
        self.error = error
        self.throws = throws

    @staticmethod
    def success(data=None):
        return Outcome(ok={} if data is None else data)

    @staticmethod
    def rejected(code, message=None):
        return Outcome(error={"code": code, "message": message or message_for(code)})

    @staticmethod
    def thrown(text=PARAMS_FAILED):
        return Outcome(throws=text)

    def to_result(self, do_id):
        """The PROTOCOL.md `result` message for `do` `do_id`."""
        if self.throws is not None:
            return {"type": "result", "id": do_id, "throws": self.throws}
        if self.error is not None:
            return {"type": "result", "id": do_id, "error": self.error}
        return {"type": "result", "id": do_id, "ok": self.ok}


def status_item(user_id, status_type, custom_status):
    """One status item as the SDK delivers it (VAL-2)."""
    return {"userID": user_id, "statusType": status_type, "customStatus": custom_status}


def non_empty_id_list(args):
    """The options object's `userIDList` if it is a non-empty list, else None
    (GET-1, SUB-1)."""
    if not isinstance(args, dict):
        return None
    ids = args.get("userIDList")
    if not isinstance(ids, list) or not ids:
        return None
    return ids


def first_n(ids, n):
    """The first n IDs of a list (GET-5, SUB-4, UNS-4)."""
    return ids[: max(int(n), 0)]


class SdkInstance:
    """One SDK instance on one device: its login state, its link state and its
    own-status cache (SES-8).

    `app` is a callable returning the current app dict (`premium`, `console`,
    `params`): it is read at the instant of use, so a `configure` applies to
    the next call (GATE-4).
    """

    def __init__(self, device, transport, app):
        self.device = device
        self.transport = transport
        self.app = app
        self.state = NEVER
        self.kick_type = KICK_MULTIPLE_ACCOUNT
        self.link_up = True  # False from a `disconnect` until `reconnect` or `logout`
        self.user = ""
        self.cache = ""  # SES-8: the account's custom status as this instance knows it

    # ------------------------------------------------------------ helpers

    def _request(self, op, body):
        return self.transport.request(self.device, op, body)

    def _emit(self, name, data):
        self.transport.emit(self.device, name, data)

    def _premium(self):
        return bool(self.app().get("premium", False))

    def _param(self, name, default):
        return self.app().get("params", {}).get(name, default)

    # ------------------------------------------------------------ steps

    def login(self, user, platform):
        """SES-1. A login on a logged-in device (connected, lost, or kicked
        while lost and not yet told) changes nothing (SES-9)."""
        if self.state == LOGGED_IN:
            return Outcome.success()
        code, data, message = self._request("login", {"user": user, "platform": platform})
        if code != CODE_OK:
            return Outcome.rejected(code, message)
        self.state = LOGGED_IN
        self.link_up = True
        self.user = user
        self.cache = (data or {}).get("customStatus", "")  # SES-8
        return Outcome.success()

    def logout(self):
        """SES-3; a logout of a lost instance logs it out (SES-9; docs/choices.md M2, settled by SES-9)."""
        if self.state != LOGGED_IN:
            return Outcome.success()  # SES-9
        self.state = LOGGED_OUT
        self.link_up = True  # SES-9 (docs/choices.md M2): a logged-out device is no longer lost
        self.cache = ""
        self._request("logout", {})
        return Outcome.success()

    def disconnect(self, how):
        """SES-6. The harness applies the loss to its backend itself when it
        sends the `do` (PROTOCOL.md), so there is no request: the instance only
        remembers that its link is down."""
        if self.state != LOGGED_IN or not self.link_up:
            return Outcome.success()  # SES-9, docs/choices.md M3
        self.link_up = False
        return Outcome.success()

    def reconnect(self):
        """SES-7. The SDK logs in again by itself; the reply carries the
        backend's custom status, or the not-ready code if the instance was
        kicked while lost (its kickedOut push came first: SES-4, SES-5)."""
        if self.state != LOGGED_IN or self.link_up:
            return Outcome.success()  # SES-9
        self.link_up = True
        code, data, _ = self._request("reconnect", {})
        if code != CODE_OK:
            # Kicked while lost: not ready from now on (API-1); the step itself succeeds.
            self.state = KICKED
            self.kick_type = KICK_MULTIPLE_ACCOUNT if code == CODE_KICKED_ACCOUNT else KICK_MULTIPLE_DEVICE
            return Outcome.success()
        custom = (data or {}).get("customStatus", "")
        if custom != self.cache:
            # SES-7: the only item the reconnecting instance receives for its return.
            self.cache = custom
            self._emit("onUserStatusUpdated", [status_item(self.user, STATUS_ONLINE, custom)])
        return Outcome.success()

    # ------------------------------------------------------------ pushes

    def on_status_push(self, items):
        """EVT-1..3: items pushed by the backend. Own items update the cache
        (SES-8); all are delivered in one onUserStatusUpdated event (EVT-6)."""
        delivered = []
        for item in items:
            user_id = item.get("userID")
            custom = item.get("customStatus", "")
            if user_id == self.user:
                self.cache = custom  # SES-8
            delivered.append(status_item(user_id, item.get("statusType"), custom))
        if delivered:
            self._emit("onUserStatusUpdated", delivered)

    def on_kicked_push(self, kick_type):
        """SES-4, SES-5: kicked; not ready from now on (API-1)."""
        self.state = KICKED
        self.kick_type = kick_type
        self._emit("kickedOut", {"type": kick_type})

    # ------------------------------------------------------------ calls

    def call(self, api, args=NO_ARGS):
        """One of the four API calls. API-3's order starts here: ready first."""
        if self.state != LOGGED_IN:
            return self._not_ready()
        if api == "setSelfStatus":
            return self.set_self_status(args)
        if api == "getUserStatus":
            return self.get_user_status(args)
        if api == "subscribeUserStatus":
            return self.subscribe_user_status(args)
        if api == "unsubscribeUserStatus":
            return self.unsubscribe_user_status(args)
        return Outcome.thrown()

    def _not_ready(self):
        """API-1: the reason as the code; API-2: also an `error` event."""
        code = CODE_NOT_LOGGED_IN
        if self.state == LOGGED_OUT:
            code = CODE_LOGGED_OUT
        elif self.state == KICKED:
            code = CODE_KICKED_ACCOUNT if self.kick_type == KICK_MULTIPLE_ACCOUNT else CODE_KICKED_DEVICE
        outcome = Outcome.rejected(code)
        self._emit("error", dict(outcome.error))
        return outcome

    def set_self_status(self, args):
        """SET-1..6. The backend checks the length (SET-5) and answers 2801
        on a lost connection (API-4)."""
        custom = args.get("customStatus") if isinstance(args, dict) else None
        if not isinstance(custom, str):
            return Outcome.thrown()  # SET-1
        code, _, message = self._request("set_self_status", {"customStatus": custom})
        if code != CODE_OK:
            return Outcome.rejected(code, message)
        self.cache = custom  # SES-8
        return Outcome.success(status_item(self.user, STATUS_ONLINE, custom))  # SET-3

    def get_user_status(self, args):
        """GET-1..8."""
        ids = non_empty_id_list(args)
        if ids is None:
            return Outcome.thrown()  # GET-1
        # GET-2: the first occurrence of the caller's own ID is answered here.
        self_at = None
        for i, user_id in enumerate(ids):
            if isinstance(user_id, str) and user_id == self.user:
                self_at = i
                break
        success = []
        if self_at is not None:
            success.append(status_item(self.user, STATUS_ONLINE, self.cache))
            if len(ids) == 1:
                # Self only: no tier, no switch, no rate limit, no request; works while lost.
                return Outcome.success({"successUserList": success, "failureUserList": []})
        if not self._premium():
            return Outcome.rejected(CODE_NO_PREMIUM)  # GET-3
        remaining = [user_id for i, user_id in enumerate(ids) if i != self_at]
        max_users = self._param("get_max_users", DEFAULT_GET_MAX_USERS)
        # GET-5: past the limit, the first get_max_users of the list *as given* (self included).
        sent = first_n(ids, max_users) if len(remaining) > max_users else remaining
        code, data, message = self._request("get_user_status", {"userIDList": sent})
        if code != CODE_OK:
            return Outcome.rejected(code, message)
        data = data or {}
        for entry in data.get("successUserList", []):
            success.append(status_item(entry.get("userID"), entry.get("statusType"), entry.get("customStatus", "")))
        failure = [failure_entry(e) for e in data.get("failureUserList", [])]
        return Outcome.success({"successUserList": success, "failureUserList": failure})  # GET-8

    def subscribe_user_status(self, args):
        """SUB-1..10."""
        ids = non_empty_id_list(args)
        if ids is None:
            return Outcome.thrown()  # SUB-1
        if not self._premium():
            return Outcome.rejected(CODE_NO_PREMIUM)  # SUB-2
        sent = first_n(ids, self._param("subscribe_max_users", DEFAULT_SUBSCRIBE_MAX_USERS))  # SUB-4
        code, data, message = self._request("subscribe", {"userIDList": sent})
        if code != CODE_OK:
            return Outcome.rejected(code, message)
        return Outcome.success({"failureUserList": failure_list(data)})  # SUB-7

    def unsubscribe_user_status(self, args):
        """UNS-1..6: no argument, {}, an absent or empty list: all. Anything
        present that is not an object, or a userIDList that is not a list
        (null included), throws."""
        ids = None
        if args is not NO_ARGS:
            if not isinstance(args, dict):
                return Outcome.thrown()  # UNS-6: null options throw too
            if "userIDList" in args:
                ids = args["userIDList"]
                if not isinstance(ids, list):
                    return Outcome.thrown()  # UNS-2
        if not self._premium():
            return Outcome.rejected(CODE_NO_PREMIUM)  # UNS-3
        if not ids:
            body = {"all": True}  # UNS-1
        else:
            body = {"userIDList": first_n(ids, self._param("subscribe_max_users", DEFAULT_SUBSCRIBE_MAX_USERS))}  # UNS-4
        code, data, message = self._request("unsubscribe", body)
        if code != CODE_OK:
            return Outcome.rejected(code, message)
        return Outcome.success({"failureUserList": failure_list(data)})  # UNS-5


def failure_entry(entry):
    """A failureUserList entry as the SDK resolves it: {userID, code, message}."""
    code = entry.get("code")
    return {"userID": entry.get("userID"), "code": code, "message": entry.get("message") or message_for(code)}


def failure_list(data):
    return [failure_entry(e) for e in (data or {}).get("failureUserList", [])]
