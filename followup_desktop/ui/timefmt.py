"""Turning UTC instants into what a person reads: badges, relative days, local times."""

from __future__ import annotations

import datetime as dt
import enum

from ..core.dates import hhmm, month, weekday


class Badge(enum.Enum):
    OVERDUE = "overdue"
    TODAY = "today"
    UPCOMING = "upcoming"


def badge_for(due: dt.datetime, now: dt.datetime, tz: dt.tzinfo) -> tuple[Badge, str]:
    """Overdue (red), due today (amber) or upcoming (neutral), with a short label."""
    local_due = due.astimezone(tz)
    today = now.astimezone(tz).date()
    if due <= now:
        days = (today - local_due.date()).days
        return Badge.OVERDUE, "Overdue" if days <= 0 else f"Overdue {days}d"
    if local_due.date() == today:
        return Badge.TODAY, f"Today {hhmm(local_due)}"
    if local_due.date() == today + dt.timedelta(days=1):
        return Badge.UPCOMING, f"Tomorrow {hhmm(local_due)}"
    if (local_due.date() - today).days < 7:
        return Badge.UPCOMING, f"{weekday(local_due, short=True)} {hhmm(local_due)}"
    return (
        Badge.UPCOMING,
        f"{weekday(local_due, short=True)} {local_due.day} {month(local_due, short=True)}",
    )


def days_in_stage(entered: dt.datetime, now: dt.datetime, tz: dt.tzinfo) -> int:
    """Calendar days since the card entered its stage, in the user's zone."""
    return max(0, (now.astimezone(tz).date() - entered.astimezone(tz).date()).days)


def local(when: dt.datetime | None, tz: dt.tzinfo) -> str:
    """The instant in the user's zone, as "Tue 01 Dec 2026, 10:00" ("" for none)."""
    if when is None:
        return ""
    at = when.astimezone(tz)
    return f"{weekday(at, short=True)} {at.day:02d} {month(at, short=True)} {at.year}, {hhmm(at)}"


def to_local_naive(when: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """For a date/time editor: the user's wall-clock time, without a zone."""
    return when.astimezone(tz).replace(tzinfo=None)


def from_local_naive(wall: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """A wall-clock time the user typed, in their zone, as UTC. A time skipped by a DST
    change resolves like the clock on the wall would (zoneinfo's fold=0 rule)."""
    return wall.replace(tzinfo=tz).astimezone(dt.UTC)
