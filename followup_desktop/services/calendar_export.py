"""The follow-ups still to do, as an iCalendar file (.ics) for the person's own calendar:
a thank-you, a call or a check-in then sits beside the interviews and the rest of the day.

Each follow-up is a 15-minute event at its due time (a snooze counts) with a UID of its
own, so importing a newer export updates the events a calendar already has instead of
adding them twice. Overdue ones are placed at the next quarter hour, marked overdue: an
event in the past is one nobody sees. No alarms: the app alerts already, and a calendar on
the phone as well would say everything twice. Written with icalendar (escaping, folding,
UTC times), as the invitation reader reads with it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from icalendar import Calendar, Event

from ..store.database import Database
from .panel_rows import FollowUpRow
from .queries import upcoming_follow_ups

PRODID = "-//Followup Desktop//Follow-ups//EN"
EVENT_LENGTH = dt.timedelta(minutes=15)
#: Follow-ups planned further out than this are not exported (the playbook re-times
#: check-ins as things happen: a date a year away is a guess, not an appointment).
HORIZON = dt.timedelta(days=120)


def uid_of(fu_id: int) -> str:
    return f"follow-up-{fu_id}@followup-desktop"


def _next_quarter(now: dt.datetime) -> dt.datetime:
    start = now.replace(second=0, microsecond=0)
    return start + dt.timedelta(minutes=15 - start.minute % 15)


def _event(row: FollowUpRow, now: dt.datetime) -> Event:
    overdue = row.due < now
    start = _next_quarter(now) if overdue else row.due
    title = row.title if row.company in row.title else f"{row.title} · {row.company}"
    event = Event()
    event.add("uid", uid_of(row.id))
    event.add("dtstamp", now)
    event.add("dtstart", start)
    event.add("dtend", start + EVENT_LENGTH)
    event.add("summary", f"{title} (overdue)" if overdue else title)
    about = " — ".join(part for part in (row.company, row.role) if part)
    event.add("description", f"{about}\nFrom Followup Desktop: mark it done there.")
    event.add("categories", ["Job search"])
    event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: the time stays free
    return event


def follow_ups_calendar(db: Database, now: dt.datetime) -> tuple[bytes, int]:
    """The calendar's bytes and how many events it holds: every pending follow-up of a
    live application (and each stay-in-touch reminder for a person) due within HORIZON."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Job search follow-ups")
    rows = upcoming_follow_ups(db, now + HORIZON)
    for row in rows:
        cal.add_component(_event(row, now))
    return cal.to_ical(), len(rows)


def export_calendar(db: Database, path: Path, now: dt.datetime) -> int:
    """Write the .ics to ``path`` (through a temporary file, renamed: a failed export
    leaves no half file); returns how many follow-ups it holds."""
    data, count = follow_ups_calendar(db, now)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)
    return count
