"""When the notifier wakes: pure functions, no Qt, no sleeping."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from followup_desktop.notify.schedule import (
    MAX_TIMER_MS,
    SAFETY_INTERVAL,
    QuietHours,
    delay_ms,
    hold_until,
    next_wake,
)

BERLIN = ZoneInfo("Europe/Berlin")
NOW = dt.datetime(2026, 10, 22, 12, 0, tzinfo=dt.UTC)  # 14:00 in Berlin
QUIET = QuietHours(dt.time(21), dt.time(8))


def test_nothing_due_wakes_only_at_the_safety_interval() -> None:
    assert next_wake(None, NOW, BERLIN) == NOW + SAFETY_INTERVAL


def test_due_soon_wakes_exactly_then() -> None:
    due = NOW + dt.timedelta(minutes=3, seconds=7)
    wake = next_wake(due, NOW, BERLIN)
    assert wake == due
    assert delay_ms(wake, NOW) == 187_000


def test_overdue_wakes_now() -> None:
    assert next_wake(NOW - dt.timedelta(days=2), NOW, BERLIN) == NOW


def test_far_future_is_capped_by_safety_and_the_timer_limit() -> None:
    far = NOW + dt.timedelta(days=400)
    assert next_wake(far, NOW, BERLIN) == NOW + SAFETY_INTERVAL
    assert next_wake(far, NOW, BERLIN, safety=dt.timedelta(days=1000)) == far
    assert delay_ms(far, NOW) == MAX_TIMER_MS
    assert delay_ms(NOW - dt.timedelta(seconds=5), NOW) == 0


def test_quiet_hours_wrap_midnight_and_hold_until_morning() -> None:
    evening = dt.datetime(2026, 10, 22, 21, 30, tzinfo=BERLIN)
    assert QUIET.contains(evening, BERLIN)
    assert QUIET.contains(dt.datetime(2026, 10, 23, 7, 59, tzinfo=BERLIN), BERLIN)
    assert not QUIET.contains(dt.datetime(2026, 10, 23, 8, 0, tzinfo=BERLIN), BERLIN)
    assert not QuietHours(dt.time(9), dt.time(9)).contains(evening, BERLIN)
    morning = dt.datetime(2026, 10, 23, 8, 0, tzinfo=BERLIN)
    assert hold_until(evening.astimezone(dt.UTC), BERLIN, QUIET, None) == morning
    due = evening.astimezone(dt.UTC)
    assert (
        next_wake(
            due, due - dt.timedelta(minutes=1), BERLIN, quiet=QUIET, safety=dt.timedelta(days=1)
        )
        == morning
    )


def test_quiet_hours_end_on_the_night_dst_ends() -> None:
    """25 Oct 2026: clocks go back at 03:00 CEST; 08:00 CET is 07:00 UTC."""
    night = dt.datetime(2026, 10, 24, 23, 0, tzinfo=BERLIN).astimezone(dt.UTC)
    end = QUIET.ends_after(night, BERLIN)
    assert end == dt.datetime(2026, 10, 25, 7, 0, tzinfo=dt.UTC)


def test_daytime_quiet_window() -> None:
    lunch = QuietHours(dt.time(12), dt.time(13))
    assert lunch.contains(dt.datetime(2026, 10, 22, 12, 30, tzinfo=BERLIN), BERLIN)
    assert not lunch.contains(dt.datetime(2026, 10, 22, 13, 0, tzinfo=BERLIN), BERLIN)


def test_pause_then_quiet_hours_chain() -> None:
    paused = dt.datetime(2026, 10, 22, 21, 15, tzinfo=BERLIN).astimezone(dt.UTC)
    start = dt.datetime(2026, 10, 22, 20, 30, tzinfo=BERLIN).astimezone(dt.UTC)
    assert hold_until(start, BERLIN, QUIET, paused) == dt.datetime(2026, 10, 23, 8, tzinfo=BERLIN)
    assert hold_until(NOW, BERLIN, QUIET, None) is None
