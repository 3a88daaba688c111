"""A tiny org.freedesktop.Notifications server for end-to-end tests (jeepney, blocking).

It claims the name on the session bus, answers Notify/GetCapabilities/GetServerInformation/
CloseNotification, appends every Notify call as a JSON line to --log, and exposes
org.followup.FakeServer.Invoke(u id, s action) so a test can "click" a notification
(the server then emits ActionInvoked, as a real one does).

    python tests/fake_notify_server.py --log calls.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys

from jeepney import DBusAddress, MessageType, new_error, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import Proxy, open_dbus_connection

PATH = "/org/freedesktop/Notifications"
IFACE = "org.freedesktop.Notifications"
CONTROL = "org.followup.FakeServer"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--log", required=True)
    ap.add_argument("--no-actions", action="store_true")
    args = ap.parse_args()
    conn = open_dbus_connection(bus="SESSION")
    reply = Proxy(message_bus, conn).RequestName("org.freedesktop.Notifications", 4)
    if reply != (1,):
        print(f"could not own the name: {reply}", file=sys.stderr)
        return 1
    emitter = DBusAddress(PATH, interface=IFACE)
    next_id = 1
    caps = ["body"] + ([] if args.no_actions else ["actions"])
    print("ready", flush=True)
    while True:
        msg = conn.receive()
        if msg.header.message_type != MessageType.method_call:
            continue
        member = msg.header.fields.get(3)  # member
        iface = msg.header.fields.get(2)  # interface
        if iface == IFACE and member == "Notify":
            app, replaces, _icon, summary, body, actions, _hints, timeout = msg.body
            nid = replaces or next_id
            next_id += 1
            with open(args.log, "a", encoding="utf-8") as fh:
                fh.write(
                    json.dumps(
                        {
                            "id": nid,
                            "app": app,
                            "summary": summary,
                            "body": body,
                            "actions": list(actions),
                            "timeout": timeout,
                        }
                    )
                    + "\n"
                )
            conn.send(new_method_return(msg, "u", (nid,)))
        elif iface == IFACE and member == "GetCapabilities":
            conn.send(new_method_return(msg, "as", (caps,)))
        elif iface == IFACE and member == "GetServerInformation":
            conn.send(new_method_return(msg, "ssss", ("fake", "followup-tests", "1", "1.2")))
        elif iface == IFACE and member == "CloseNotification":
            (nid,) = msg.body
            conn.send(new_method_return(msg))
            conn.send(new_signal(emitter, "NotificationClosed", "uu", (nid, 3)))
        elif iface == CONTROL and member == "Invoke":
            nid, action = msg.body
            conn.send(new_method_return(msg))
            conn.send(new_signal(emitter, "ActionInvoked", "us", (nid, action)))
        elif iface == CONTROL and member == "Quit":
            conn.send(new_method_return(msg))
            return 0
        else:
            conn.send(
                new_error(msg, "org.freedesktop.DBus.Error.UnknownMethod", "s", (str(member),))
            )


if __name__ == "__main__":
    sys.exit(main())
