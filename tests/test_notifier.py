"""The notifier with an injected clock and a fake timer: exact arming, delivery, exactly-once
across restarts, coalesced catch-up, quiet hours, actions, fallbacks. No sleeps."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import FakeTimer

from followup_desktop.core.clock import ManualClock
from followup_desktop.core.types import FollowUpStatus
from followup_desktop.notify.adapters import Adapter, Unavailable
from followup_desktop.notify.alerts import Alert
from followup_desktop.notify.driver import Notifier, Presenter
from followup_desktop.services import applications, followups, queries
from followup_desktop.services.settings import update_notify_settings
from followup_desktop.store.database import Database
from followup_desktop.store.models import FollowUp
from followup_desktop.ui.bridge import DataBridge


class Recorder(Adapter):
    NAME = "recorder"

    def __init__(self, log: list[Alert], fail: bool = False) -> None:
        super().__init__()
        self.log = log
        self.fail = fail

    def present(self, alert: Alert) -> None:
        if self.fail:
            raise Unavailable("server crashed")
        self.log.append(alert)


@pytest.fixture
def shown() -> list[Alert]:
    return []


def make(db: Database, clock: ManualClock, shown: list[Alert], extra=()):  # type: ignore[no-untyped-def]
    bridge = DataBridge(db)
    presenter = Presenter([*extra, ("recorder", lambda: Recorder(shown))], clock)
    timer = FakeTimer(clock)
    return Notifier(bridge, clock, presenter, timer=timer), timer


def run_until(notifier: Notifier, timer: FakeTimer, clock: ManualClock, until: dt.datetime) -> int:
    """Let time pass the way the event loop would: jump to each armed wake-up and fire."""
    fired = 0
    while timer.deadline is not None and timer.deadline <= until:
        clock.set(timer.deadline)
        timer.stop()
        notifier.fire()
        fired += 1
    clock.set(until)
    return fired


def add_due(db: Database, clock: ManualClock, minutes: int, company: str = "Acme") -> int:
    app = applications.create_application(db, company, "Engineer").id
    return followups.add_follow_up(
        db, app, f"Write to {company}", clock.now() + dt.timedelta(minutes=minutes)
    ).id


def test_arms_exactly_for_the_next_due_time_and_delivers_once(
    db: Database, clock: ManualClock, shown: list[Alert]
) -> None:
    fu = add_due(db, clock, 90)
    notifier, timer = make(db, clock, shown)
    notifier.start()
    assert shown == []
    assert timer.interval == 20 * 60 * 1000  # nothing yet: the safety interval
    run_until(notifier, timer, clock, clock.now() + dt.timedelta(minutes=89, seconds=59))
    assert shown == []
    assert notifier.wake_at == clock.now() + dt.timedelta(seconds=1)  # armed to the second
    run_until(notifier, timer, clock, clock.now() + dt.timedelta(seconds=1))
    assert [a.follow_up_ids for a in shown] == [(fu,)]
    assert shown[0].title == "Follow up: Acme"
    run_until(notifier, timer, clock, clock.now() + dt.timedelta(hours=5))
    assert len(shown) == 1  # not repeated
    with db.read() as s:
        row = s.get(FollowUp, fu)
        assert row is not None
        assert row.notified_at is not None


def test_replans_when_data_changes(db: Database, clock: ManualClock, shown: list[Alert]) -> None:
    notifier, timer = make(db, clock, shown)
    notifier.start()
    add_due(db, clock, 5)
    assert timer.interval == 5 * 60 * 1000


def test_exactly_once_across_a_restart(
    db: Database, clock: ManualClock, shown: list[Alert]
) -> None:
    add_due(db, clock, 1)
    first, timer = make(db, clock, shown)
    first.start()
    run_until(first, timer, clock, clock.now() + dt.timedelta(minutes=2))
    assert len(shown) == 1
    first.stop()
    again: list[Alert] = []
    second, _ = make(db, clock, again)
    second.start()  # the catch-up finds nothing new
    assert again == []


def test_catch_up_after_being_closed_is_one_summary(
    db: Database, clock: ManualClock, shown: list[Alert]
) -> None:
    ids = [add_due(db, clock, 10 + i, f"Company {i}") for i in range(5)]
    clock.advance(dt.timedelta(days=2))  # the app was closed (or the machine asleep)
    notifier, _ = make(db, clock, shown)
    notifier.start()
    (summary,) = shown
    assert summary.title == "5 follow-ups are due"
    assert summary.application_id is None
    assert set(summary.follow_up_ids) == set(ids)
    assert summary.body.endswith("… and 2 more")


def test_quiet_hours_hold_alerts_and_deliver_them_coalesced(
    db: Database, clock: ManualClock, shown: list[Alert]
) -> None:
    # Clock: 22 Oct 09:00 UTC = 11:00 Berlin. Quiet 12:00–13:00 local.
    update_notify_settings(db, quiet_enabled=True, quiet_start="12:00", quiet_end="13:00")
    notifier, timer = make(db, clock, shown)
    notifier.start()
    add_due(db, clock, 75, "A")  # 12:15 local
    add_due(db, clock, 80, "B")
    run_until(notifier, timer, clock, clock.now() + dt.timedelta(minutes=119))
    assert shown == []
    run_until(notifier, timer, clock, clock.now() + dt.timedelta(minutes=1))  # 13:00
    assert sorted(i for a in shown for i in a.follow_up_ids) == [1, 2]  # both, at 13:00
    assert all(a.body.endswith("min ago.") for a in shown)


def test_pause_holds_alerts_for_an_hour(
    db: Database, clock: ManualClock, shown: list[Alert]
) -> None:
    add_due(db, clock, 10)
    notifier, timer = make(db, clock, shown)
    notifier.start()
    notifier.pause()
    run_until(notifier, timer, clock, clock.now() + dt.timedelta(minutes=59))
    assert shown == []
    run_until(notifier, timer, clock, clock.now() + dt.timedelta(minutes=2))
    assert len(shown) == 1


def test_clock_jump_is_caught_up_on_resume(
    db: Database, clock: ManualClock, shown: list[Alert]
) -> None:
    add_due(db, clock, 30)
    notifier, _ = make(db, clock, shown)
    notifier.start()
    clock.advance(dt.timedelta(hours=10))  # suspended: the timer never fired
    notifier.on_resumed_from_sleep()
    assert len(shown) == 1


def test_actions_open_done_snooze_and_ignore_strangers(
    db: Database, clock: ManualClock, shown: list[Alert], qtbot
) -> None:  # type: ignore[no-untyped-def]
    fu = add_due(db, clock, 0)
    notifier, timer = make(db, clock, shown)
    notifier.start()
    (alert,) = shown
    with qtbot.waitSignal(notifier.openRequested) as opened:
        notifier.on_action(alert.key, "default")
    assert opened.args == [alert.application_id, fu]
    with qtbot.waitSignal(notifier.draftRequested) as drafted:
        notifier.on_action(alert.key, "draft")
    assert drafted.args == [alert.application_id, fu]
    notifier.on_action("fu:999:due", "done")  # not ours: nothing happens
    notifier.on_action(alert.key, "explode")
    notifier.on_action(alert.key, "snooze")
    (row,) = queries.pending_follow_ups(db, alert.application_id)  # type: ignore[arg-type]
    assert row.snoozed_until == clock.now() + dt.timedelta(hours=1)
    assert timer.interval == 20 * 60 * 1000  # re-armed (the snooze ends beyond the safety wake)
    run_until(notifier, timer, clock, clock.now() + dt.timedelta(hours=1))
    assert len(shown) == 2  # announced again after the snooze
    notifier.on_action(shown[-1].key, "done")
    assert [f.status for f in queries.pending_follow_ups(db, alert.application_id)] == []  # type: ignore[arg-type]
    with db.read() as s:
        done = s.get(FollowUp, fu)
        assert done is not None
        assert done.status is FollowUpStatus.DONE


def test_a_failing_adapter_falls_back_and_is_retried_later(
    db: Database, clock: ManualClock, shown: list[Alert]
) -> None:
    broken: list[Alert] = []
    attempts: list[int] = []

    def flaky() -> Adapter:
        attempts.append(1)
        return Recorder(broken, fail=True)

    def unavailable() -> Adapter:
        raise Unavailable("no bus")

    add_due(db, clock, 0, "A")
    notifier, timer = make(db, clock, shown, extra=[("missing", unavailable), ("flaky", flaky)])
    notifier.start()
    assert len(shown) == 1  # the last adapter delivered it
    assert attempts == [1]
    add_due(db, clock, 1, "B")
    run_until(notifier, timer, clock, clock.now() + dt.timedelta(minutes=2))
    assert len(shown) == 2
    assert attempts == [1]  # not re-created within the retry delay
    add_due(db, clock, 15, "C")
    run_until(notifier, timer, clock, clock.now() + dt.timedelta(minutes=16))
    assert attempts == [1, 1]  # tried again after 10 minutes
    assert len(shown) == 3


def test_undeliverable_alerts_are_not_marked_announced(db: Database, clock: ManualClock) -> None:
    bridge = DataBridge(db)
    presenter = Presenter([], clock)
    notifier = Notifier(bridge, clock, presenter, timer=FakeTimer(clock))
    add_due(db, clock, 0)
    notifier.start()
    assert queries.due_alerts(db, clock.now())  # still owed: the in-app panel keeps it


def test_idle_wakeups_per_hour(db: Database, clock: ManualClock, shown: list[Alert]) -> None:
    notifier, timer = make(db, clock, shown)
    notifier.start()
    assert run_until(notifier, timer, clock, clock.now() + dt.timedelta(hours=1)) <= 3


def test_thank_you_escalates_once_even_after_days_away(
    db: Database, clock: ManualClock, shown: list[Alert]
) -> None:
    from followup_desktop.services import interviews

    app = applications.create_application(db, "Acme", "Engineer").id
    interviews.log_interview(db, app, clock.now())
    clock.advance(dt.timedelta(days=4))  # past due (24 h) and escalation (48 h)
    notifier, timer = make(db, clock, shown)
    notifier.start()
    assert len(shown) == 1
    run_until(notifier, timer, clock, clock.now() + dt.timedelta(hours=2))
    assert len(shown) == 1  # the late announcement covered the escalation
