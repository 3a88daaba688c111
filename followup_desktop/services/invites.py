"""Logging an interview from its calendar invitation (.ics): the time, the length and the
people on it, so each interviewer gets a thank-you addressed to the right email.

Reading is separate from writing: ``read_invite`` checks the file and says what it found
(nothing is written); the person chooses who interviewed them; ``log_interview_from_invite``
then adds those people to the card as interviewers and logs the interview, in one
transaction. Parsing is icalendar's (folded lines, escapes, zones defined in the file or
by Windows names); a floating time (no zone) is the user's own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from ..core import validation as v
from ..core.changes import Created
from ..core.types import ContactRole, DomainError, InterviewKind
from ..store.database import Database
from ..store.models import Contact, application_contact
from .common import live_application
from .interviews import add_interview

#: An invitation is a few kilobytes; anything this big is not one.
INVITE_MAX_BYTES = 1_000_000


@dataclasses.dataclass(frozen=True, slots=True)
class Invitee:
    name: str
    email: str
    organizer: bool = False

    @property
    def label(self) -> str:
        who = f"{self.name} <{self.email}>" if self.name else self.email
        return who + (" (organizer)" if self.organizer else "")


@dataclasses.dataclass(frozen=True, slots=True)
class Invite:
    title: str
    starts_at: dt.datetime  # aware
    minutes: int
    location: str
    people: tuple[Invitee, ...]
    kind: InterviewKind


def read_invite(path: Path, tz: dt.tzinfo) -> Invite:
    """The first event of the calendar file at ``path``. Refused with the reason: a missing,
    huge or non-calendar file, one with no event, a cancellation, an all-day event."""
    from icalendar import Calendar

    name = path.name
    try:
        if path.stat().st_size > INVITE_MAX_BYTES:
            raise DomainError(f"{name} is too big to be an invitation.")
        data = path.read_bytes()
    except OSError as exc:
        raise DomainError(f"{name} cannot be read ({exc.strerror or exc}).") from exc
    try:
        cal = Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as exc:
        raise DomainError(f"{name} is not a calendar invitation (.ics).") from exc
    events = list(cal.walk("VEVENT"))
    if not events:
        raise DomainError(f"{name} has no meeting in it.")
    event = events[0]
    if str(cal.get("METHOD", "")).upper() == "CANCEL" or (
        str(event.get("STATUS", "")).upper() == "CANCELLED"
    ):
        raise DomainError(f"{name} cancels the meeting; there is no interview to log.")
    if "DTSTART" not in event:
        raise DomainError(f"{name} does not say when the meeting is.")
    try:
        start = event.decoded("DTSTART")
    except (ValueError, TypeError, KeyError):
        start = None
    if isinstance(start, dt.date) and not isinstance(start, dt.datetime):
        raise DomainError(f"{name} is an all-day event: log the interview with its time.")
    if not isinstance(start, dt.datetime):
        raise DomainError(f"{name} gives a start time that cannot be read.")
    start = start if start.tzinfo is not None else start.replace(tzinfo=tz)
    length = _length(event, start, tz)
    minutes = max(1, min(24 * 60, round(length.total_seconds() / 60)))
    location = " ".join(str(event.get("LOCATION", "")).split())
    return Invite(
        title=" ".join(str(event.get("SUMMARY", "")).split()),
        starts_at=start.astimezone(dt.UTC),
        minutes=minutes,
        location=location,
        people=_people(event),
        kind=_kind(location, str(event.get("DESCRIPTION", ""))),
    )


def _length(event: Any, start: dt.datetime, tz: dt.tzinfo) -> dt.timedelta:
    """From DTEND or DURATION; an hour when neither can be read (or ends before it starts)."""
    try:
        end = event.decoded("DTEND") if "DTEND" in event else None
        span = event.decoded("DURATION") if "DURATION" in event else None
    except (ValueError, TypeError, KeyError):
        end = span = None
    if isinstance(end, dt.datetime):
        span = (end if end.tzinfo is not None else end.replace(tzinfo=tz)) - start
    if isinstance(span, dt.timedelta) and span > dt.timedelta(0):
        return span
    return dt.timedelta(hours=1)


def _people(event: object) -> tuple[Invitee, ...]:
    """The organizer and the attendees, once each (by email), without rooms and
    equipment."""
    found: dict[str, Invitee] = {}
    entries: list[tuple[object, bool]] = []
    organizer = event.get("ORGANIZER")  # type: ignore[attr-defined]
    if organizer is not None:
        entries.append((organizer, True))
    attendees = event.get("ATTENDEE", [])  # type: ignore[attr-defined]
    if not isinstance(attendees, list):
        attendees = [attendees]
    entries += [(a, False) for a in attendees]
    for address, is_organizer in entries:
        params = getattr(address, "params", {})
        if str(params.get("CUTYPE", "INDIVIDUAL")).upper() in ("ROOM", "RESOURCE"):
            continue
        email = str(address).strip()
        if email.lower().startswith("mailto:"):
            email = email[len("mailto:") :]
        email = email.strip()
        name = " ".join(str(params.get("CN", "")).strip().strip('"').split())
        if name.casefold() == email.casefold():
            name = ""
        key = email.casefold()
        if "@" not in email or key in found:
            continue
        found[key] = Invitee(name, email, is_organizer)
    return tuple(found.values())


def _kind(location: str, description: str) -> InterviewKind:
    """A video link in the place or the text makes it a video interview; a place with no
    link, on site; otherwise a phone call is the likeliest."""
    text = f"{location} {description}".casefold()
    if any(w in text for w in ("zoom.us", "meet.google", "teams.microsoft", "webex", "http")):
        return InterviewKind.VIDEO
    return InterviewKind.ONSITE if location else InterviewKind.PHONE


def log_interview_from_invite(
    db: Database,
    app_id: int,
    invite: Invite,
    interviewers: Sequence[Invitee],
    *,
    kind: InterviewKind | None = None,
) -> Created:
    """Add ``interviewers`` to the card (someone already known by that email is linked,
    not copied; a new person is linked as an interviewer, an existing link keeps its role)
    and log the interview at the invitation's time. One transaction."""
    chosen_kind = invite.kind if kind is None else kind
    if not isinstance(chosen_kind, InterviewKind):
        raise DomainError("Unknown interview kind.")
    note = f"From the invitation \u201c{invite.title}\u201d" if invite.title else ""
    if invite.location:
        note += (", " if note else "") + f"at {invite.location}"
    note = v.long_text("Notes", note)
    with db.write() as tx:
        start = v.instant("Interview time", invite.starts_at)
        app = live_application(tx, app_id)
        ids: list[int] = []
        for person in interviewers:
            email = v.one_line("Email", person.email)
            contact = tx.session.scalars(
                select(Contact).where(func.lower(Contact.email) == email.casefold()).limit(1)
            ).first()
            if contact is None:
                name = v.one_line("Name", person.name) or email.split("@")[0]
                # Where they work, as a person added by hand or by the import would have it.
                contact = Contact(
                    name=name,
                    email=email,
                    company=app.company,
                    created_at=tx.now,
                    updated_at=tx.now,
                )
                tx.session.add(contact)
                tx.session.flush()
            linked = tx.session.execute(
                select(application_contact.c.role).where(
                    application_contact.c.application_id == app.id,
                    application_contact.c.contact_id == contact.id,
                )
            ).first()
            if linked is None:
                tx.session.execute(
                    insert(application_contact).values(
                        application_id=app.id, contact_id=contact.id, role=ContactRole.INTERVIEWER
                    )
                )
            tx.changed.contacts.add(contact.id)
            if contact.id not in ids:
                ids.append(contact.id)
        interview = add_interview(
            tx, app, start, invite.minutes, chosen_kind, None, ids, "", "", note
        )
    return Created(interview.id, tx.result)
