"""Snooze presets, computed in the user's zone so "tomorrow 9:00" means their 9:00."""

from __future__ import annotations

import datetime as dt


def in_one_hour(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(hours=1)


def _at_local(day: dt.date, hour: int, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=tz).astimezone(dt.UTC)


def tomorrow_at(now: dt.datetime, tz: dt.tzinfo, hour: int = 9) -> dt.datetime:
    return _at_local(now.astimezone(tz).date() + dt.timedelta(days=1), hour, tz)


def next_monday_at(now: dt.datetime, tz: dt.tzinfo, hour: int = 9) -> dt.datetime:
    """The coming Monday (a week ahead when today is Monday)."""
    today = now.astimezone(tz).date()
    ahead = (7 - today.weekday()) % 7 or 7
    return _at_local(today + dt.timedelta(days=ahead), hour, tz)


PRESETS = (
    ("In 1 hour", "hour"),
    ("Tomorrow 9:00", "tomorrow"),
    ("Next Monday 9:00", "monday"),
)


def preset(name: str, now: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    if name == "hour":
        return in_one_hour(now)
    if name == "tomorrow":
        return tomorrow_at(now, tz)
    if name == "monday":
        return next_monday_at(now, tz)
    raise ValueError(f"unknown snooze preset {name!r}")
