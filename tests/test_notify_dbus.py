"""End to end on a real (private) D-Bus session with a notification server we control.

Runs when a session bus is there and FOLLOWUP_TEST_DBUS=1: `make test` runs it inside
`dbus-run-session`. Proves: the alert reaches the server with the right title, body and
actions when the clock reaches the due time; clicking it opens the card; Done and Snooze
from the notification change the database; a server that goes away is survived.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import FakeTimer

from followup_desktop.core.clock import ManualClock
from followup_desktop.core.types import FollowUpStatus
from followup_desktop.notify.adapters import FreedesktopAdapter, InAppAdapter
from followup_desktop.notify.driver import Notifier, Presenter
from followup_desktop.services import applications, followups, queries
from followup_desktop.store.database import Database
from followup_desktop.store.models import FollowUp
from followup_desktop.ui.bridge import DataBridge

pytestmark = pytest.mark.skipif(
    os.environ.get("FOLLOWUP_TEST_DBUS") != "1" or not os.environ.get("DBUS_SESSION_BUS_ADDRESS"),
    reason="needs a private D-Bus session: run under dbus-run-session with FOLLOWUP_TEST_DBUS=1 "
    "(make test does)",
)

SERVER = Path(__file__).with_name("fake_notify_server.py")


@pytest.fixture
def server(tmp_path: Path):  # type: ignore[no-untyped-def]
    log = tmp_path / "calls.jsonl"
    proc = subprocess.Popen(
        [sys.executable, str(SERVER), "--log", str(log)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    yield proc, log
    proc.kill()
    proc.wait(timeout=10)
    proc.stdout.close()


def _calls(log: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def _invoke(nid: int, action: str) -> None:
    from jeepney import DBusAddress, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    with open_dbus_connection(bus="SESSION") as conn:
        addr = DBusAddress(
            "/org/freedesktop/Notifications",
            bus_name="org.freedesktop.Notifications",
            interface="org.followup.FakeServer",
        )
        conn.send_and_get_reply(new_method_call(addr, "Invoke", "us", (nid, action)), timeout=5)


def _notifier(db: Database, clock: ManualClock, fallback: list[str]) -> Notifier:
    presenter = Presenter(
        [
            ("freedesktop", FreedesktopAdapter),
            ("in-app", lambda: InAppAdapter(lambda a, _o: fallback.append(a.key))),
        ],
        clock,
    )
    return Notifier(DataBridge(db), clock, presenter, timer=FakeTimer(clock))


def test_alert_click_done_snooze_over_dbus(db: Database, clock: ManualClock, server, qtbot) -> None:  # type: ignore[no-untyped-def]
    _, log = server
    app = applications.create_application(db, "Acme <b>Corp</b>", "Engineer").id
    fu = followups.add_follow_up(
        db, app, "Send the thank-you email", clock.now() + dt.timedelta(minutes=1)
    ).id
    fallback: list[str] = []
    notifier = _notifier(db, clock, fallback)
    notifier.start()
    assert _calls(log) == []
    clock.advance(dt.timedelta(minutes=1))
    notifier.fire()
    (call,) = _calls(log)
    assert call["app"] == "Followup Desktop"
    assert call["summary"] == "Follow up: Acme <b>Corp</b>"  # summaries are never markup
    assert str(call["body"]).startswith("Send the thank-you email (Engineer)")
    assert call["actions"] == [
        "default",
        "Open",
        "draft",
        "Draft…",
        "done",
        "Done",
        "snooze",
        "Snooze 1 h",
        "tomorrow",
        "Tomorrow",
    ]
    assert fallback == []
    nid = int(call["id"])  # type: ignore[arg-type]
    # Clicking the notification opens the card.
    with qtbot.waitSignal(notifier.openRequested, timeout=5000) as opened:
        _invoke(nid, "default")
    assert opened.args == [app, fu]
    # "Snooze 1 h" from the notification.
    with qtbot.waitSignal(notifier.bridge.changed, timeout=5000):
        _invoke(nid, "snooze")
    (row,) = queries.pending_follow_ups(db, app)
    assert row.snoozed_until == clock.now() + dt.timedelta(hours=1)
    # An id the adapter did not create is ignored.
    _invoke(9999, "done")
    qtbot.wait(200)
    assert len(queries.pending_follow_ups(db, app)) == 1
    # "Done" from the notification.
    with qtbot.waitSignal(notifier.bridge.changed, timeout=5000):
        _invoke(nid, "done")
    with db.read() as s:
        done = s.get(FollowUp, fu)
        assert done is not None
        assert done.status is FollowUpStatus.DONE
    notifier.shutdown()


def test_server_gone_falls_back_to_in_app_and_keeps_the_alert(
    db: Database, clock: ManualClock, server
) -> None:  # type: ignore[no-untyped-def]
    proc, log = server
    app = applications.create_application(db, "Acme", "Engineer").id
    followups.add_follow_up(db, app, "First", clock.now())
    fallback: list[str] = []
    notifier = _notifier(db, clock, fallback)
    notifier.start()
    assert len(_calls(log)) == 1
    proc.kill()
    proc.wait(timeout=10)
    time.sleep(0.2)
    followups.add_follow_up(db, app, "Second", clock.now())
    notifier.fire()
    assert len(fallback) == 1  # shown in the window instead, not lost
    notifier.shutdown()
