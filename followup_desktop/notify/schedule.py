"""When the notifier must wake up next. Pure functions over instants, Qt-free.

One single-shot timer is armed for the earliest of: the next due/escalation time, the end
of quiet hours or of a pause (when something is being held), and a safety interval that
notices clock jumps and sleep. No polling: with nothing due the process wakes
``60 / SAFETY_INTERVAL`` times an hour.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

#: Qt timers take a signed 32-bit millisecond count.
MAX_TIMER_MS = 2**31 - 1
#: Re-check at least this often (clock changes, resume from sleep without a signal).
SAFETY_INTERVAL = dt.timedelta(minutes=20)


@dataclasses.dataclass(frozen=True, slots=True)
class QuietHours:
    """A daily window (local time) in which alerts are held, e.g. 21:00–08:00."""

    start: dt.time
    end: dt.time

    def contains(self, when: dt.datetime, tz: dt.tzinfo) -> bool:
        t = when.astimezone(tz).time()
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= t < self.end
        return t >= self.start or t < self.end

    def ends_after(self, when: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
        """The first end of quiet hours after ``when`` (an instant, in UTC)."""
        local = when.astimezone(tz)
        day = local.date()
        for offset in (0, 1, 2):
            candidate = dt.datetime.combine(day + dt.timedelta(days=offset), self.end, tzinfo=tz)
            if candidate.astimezone(dt.UTC) > when:
                return candidate.astimezone(dt.UTC)
        raise AssertionError("unreachable: an end time recurs daily")

    @classmethod
    def parse(cls, start: str, end: str) -> QuietHours:
        return cls(dt.time.fromisoformat(start), dt.time.fromisoformat(end))


def hold_until(
    now: dt.datetime,
    tz: dt.tzinfo,
    quiet: QuietHours | None,
    paused_until: dt.datetime | None,
) -> dt.datetime | None:
    """If alerts must be held at ``now``, until when; else None."""
    until = now
    for _ in range(3):  # a pause may end inside quiet hours, and the other way round
        moved = False
        if paused_until is not None and until < paused_until:
            until, moved = paused_until, True
        if quiet is not None and quiet.contains(until, tz):
            until, moved = quiet.ends_after(until, tz), True
        if not moved:
            break
    return None if until == now else until


def next_wake(
    next_due: dt.datetime | None,
    now: dt.datetime,
    tz: dt.tzinfo,
    *,
    quiet: QuietHours | None = None,
    paused_until: dt.datetime | None = None,
    safety: dt.timedelta = SAFETY_INTERVAL,
) -> dt.datetime:
    """The instant to wake at: never in the past, never later than ``now + safety``."""
    latest = now + safety
    if next_due is None:
        return latest
    when = max(next_due, now)
    held = hold_until(when, tz, quiet, paused_until)
    if held is not None:
        when = held
    return min(when, latest)


def delay_ms(wake: dt.datetime, now: dt.datetime) -> int:
    """Milliseconds until ``wake`` for a single-shot timer (0 … 2**31-1)."""
    ms = (wake - now) / dt.timedelta(milliseconds=1)
    return int(max(0, min(MAX_TIMER_MS, round(ms))))
