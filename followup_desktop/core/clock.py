"""The only place that reads the wall clock.

Everything else receives a :class:`Clock`, so tests can travel in time (ManualClock) and the
app can be told which time zone the user lives in. Times are always aware UTC datetimes;
``tz`` is the user's IANA zone, used to place day-based follow-ups at a local wall time.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from zoneinfo import ZoneInfo

UTC = dt.UTC


class Clock(Protocol):
    """Source of the current time and the user's time zone."""

    @property
    def tz(self) -> dt.tzinfo: ...

    def now(self) -> dt.datetime:
        """The current instant as an aware UTC datetime."""
        ...


def local_day(when: dt.datetime, tz: dt.tzinfo) -> dt.date:
    """The user's calendar day of an instant (what a date field shows, what "today" is)."""
    return when.astimezone(tz).date()


def local_zone() -> dt.tzinfo:
    """The user's IANA zone (DST rules included), falling back to UTC when unknown."""
    try:
        import tzlocal

        zone = tzlocal.get_localzone()
        if isinstance(zone, dt.tzinfo):
            return zone
    except Exception:  # tzlocal raises assorted errors on misconfigured systems
        pass
    return ZoneInfo("UTC")


class SystemClock:
    """The real clock."""

    def __init__(self, tz: dt.tzinfo | None = None) -> None:
        self._tz = tz if tz is not None else local_zone()

    @property
    def tz(self) -> dt.tzinfo:
        return self._tz

    def now(self) -> dt.datetime:
        return dt.datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to: for tests and simulations."""

    def __init__(self, start: dt.datetime, tz: dt.tzinfo | None = None) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start.astimezone(UTC)
        self._tz = tz if tz is not None else ZoneInfo("UTC")

    @property
    def tz(self) -> dt.tzinfo:
        return self._tz

    def now(self) -> dt.datetime:
        return self._now

    def set(self, when: dt.datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = when.astimezone(UTC)

    def advance(self, delta: dt.timedelta) -> None:
        self._now = self._now + delta
