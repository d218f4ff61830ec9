#!/usr/bin/env python3
"""The Python example client with one planted bug, for the explore tests: a
client statussim has never seen. Its subscribeUserStatus drops the caller's
own ID before sending the list, so the backend never names it in
failureUserList (SPEC SUB-5 wants it there with code 70402). A realistic
slip: "you cannot subscribe to yourself, so don't ask"."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "clients", "python"))

import client  # noqa: E402
import statussim_sdk  # noqa: E402

def _subscribe(self, args):
    ids = statussim_sdk.non_empty_id_list(args)
    if ids is not None:
        ids = [i for i in ids if i != self.user]
        if not ids:
            return statussim_sdk.Outcome.success({"failureUserList": []})
        args = dict(args, userIDList=ids)
    return _original_subscribe(self, args)


_original_subscribe = statussim_sdk.SdkInstance.subscribe_user_status
statussim_sdk.SdkInstance.subscribe_user_status = _subscribe

if __name__ == "__main__":
    sys.exit(client.main(sys.argv[1:]))
