"""Read-side questions the UI and the notifier ask. No writes here."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import selectinload

from ..core.types import ContactRole, FollowUpKind, FollowUpStatus, InterviewKind
from ..store.columns import as_utc, db_text
from ..store.database import Database
from ..store.models import (
    Activity,
    Application,
    CardOrder,
    Contact,
    FollowUp,
    Interview,
    Stage,
    application_contact,
)
from .panel_rows import FollowUpRow, InterviewRow


def next_due(db: Database) -> dt.datetime | None:
    """The earliest moment the notifier must speak (may be in the past: overdue, unannounced).

    One ``MIN`` over the ``next_alert_at`` index (store/alerts.py keeps it true), so it
    stays O(log n) at 100,000 follow-ups.
    """
    with db.read() as s:
        value = s.scalar(select(func.min(FollowUp.next_alert_at)))
    return as_utc(value)


@dataclasses.dataclass(frozen=True, slots=True)
class DueAlert:
    follow_up_id: int
    application_id: int | None
    title: str
    company: str
    role: str
    kind: FollowUpKind
    due_at: dt.datetime
    escalation: bool  # this alert is the escalation, not the first announcement


def due_alerts(db: Database, now: dt.datetime) -> list[DueAlert]:
    """Everything the notifier owes the user at ``now`` (next_alert_at <= now), oldest first."""
    with db.read() as s:
        rows = s.execute(
            select(FollowUp, func.coalesce(Application.company, Contact.name), Application.role)
            .outerjoin(Application, FollowUp.application_id == Application.id)
            .outerjoin(Contact, FollowUp.contact_id == Contact.id)
            .where(FollowUp.next_alert_at <= now)
            .order_by(FollowUp.next_alert_at, FollowUp.id)
        ).all()
    out = []
    for fu, company, role in rows:
        assert fu.next_alert_at is not None
        escalation = (
            fu.notified_at is not None
            and fu.escalate_at is not None
            and fu.next_alert_at == fu.escalate_at
        )
        out.append(
            DueAlert(
                follow_up_id=fu.id,
                application_id=fu.application_id,
                title=fu.title,
                company=company or "",
                role=role or "",
                kind=fu.kind,
                due_at=fu.next_alert_at,
                escalation=escalation,
            )
        )
    return out


def pending_follow_ups(db: Database, application_id: int) -> list[FollowUp]:
    with db.read() as s:
        return list(
            s.scalars(
                select(FollowUp)
                .where(
                    FollowUp.application_id == application_id,
                    FollowUp.status == FollowUpStatus.PENDING,
                )
                .order_by(FollowUp.due_at)
            )
        )


#: The same expression as the ix_follow_up_owed index (store.EFFECTIVE_DUE_SQL);
#: tests check SQLite uses the index for the panel's query.
_EFFECTIVE_DUE = case(
    (FollowUp.snoozed_until > FollowUp.due_at, FollowUp.snoozed_until), else_=FollowUp.due_at
)


def next_follow_up_id(db: Database, application_id: int) -> int | None:
    """The pending follow-up the card's badge shows: the soonest by its effective due time
    (a snooze counts), as board_view reads the badge; None when nothing is planned."""
    with db.read() as s:
        return s.scalar(
            select(FollowUp.id)
            .where(
                FollowUp.application_id == application_id,
                FollowUp.status == FollowUpStatus.PENDING,
            )
            .order_by(_EFFECTIVE_DUE, FollowUp.id)
            .limit(1)
        )


def _owed_before(until: dt.datetime) -> tuple[Any, ...]:
    """Pending follow-ups due before ``until``: those of live applications, and the
    stay-in-touch reminders that belong to a person rather than an application.

    "Live" is asked of card_order (only cards on the board have a row there): both index
    lookups, where reading the wide application table for its archived/deleted columns made
    the panel's count take 16 ms at 6,000 owed follow-ups."""
    on_board = select(CardOrder.application_id).where(
        CardOrder.application_id == FollowUp.application_id
    )
    return (
        FollowUp.status == FollowUpStatus.PENDING,
        or_(FollowUp.application_id.is_(None), on_board.exists()),
        until > _EFFECTIVE_DUE,
    )


def upcoming_follow_ups(
    db: Database, until: dt.datetime, *, limit: int | None = None
) -> list[FollowUpRow]:
    """Pending follow-ups of live applications due before ``until`` (overdue ones included),
    soonest first; at most ``limit`` of them."""
    effective = _EFFECTIVE_DUE
    with db.read() as s:
        rows = s.execute(
            select(
                FollowUp.id,
                FollowUp.application_id,
                func.coalesce(Application.company, Contact.name, ""),
                func.coalesce(Application.role, ""),
                FollowUp.title,
                FollowUp.kind,
                effective,
                FollowUp.escalate_at,
            )
            .outerjoin(Application, FollowUp.application_id == Application.id)
            .outerjoin(Contact, FollowUp.contact_id == Contact.id)
            .where(*_owed_before(until))
            .order_by(effective, FollowUp.id)
            .limit(limit)
        ).all()
    out = []
    for r in rows:
        due = as_utc(r[6])
        assert due is not None
        out.append(FollowUpRow(r[0], r[1], r[2], r[3], r[4], r[5], due, r[7]))
    return out


_INTERVIEWS = (
    "SELECT i.id, i.application_id, a.company, a.role, i.starts_at, i.duration_minutes,"
    " i.kind, i.round FROM interview i JOIN application a ON a.id = i.application_id"
    " JOIN card_order o ON o.application_id = a.id"  # on the board: live, not archived
    " WHERE i.starts_at < :until AND i.starts_at >= :earliest ORDER BY i.starts_at, i.id"
)
#: The longest interview the editor takes (a day): one that began this long ago is over.
_LONGEST = dt.timedelta(days=1)


def upcoming_interviews(db: Database, now: dt.datetime, until: dt.datetime) -> list[InterviewRow]:
    """Interviews of cards on the board that have not ended by ``now`` and begin before
    ``until``, soonest first: the week ahead, where the person prepares."""
    with db.raw() as con:
        rows = con.execute(
            _INTERVIEWS, {"until": db_text(until), "earliest": db_text(now - _LONGEST)}
        ).fetchall()
    out = []
    for iid, app_id, company, role, starts, minutes, kind, rnd in rows:
        start = dt.datetime.fromisoformat(starts).replace(tzinfo=dt.UTC)
        end = start + dt.timedelta(minutes=minutes)
        if end > now:
            out.append(
                InterviewRow(iid, app_id, company, role, start, end, InterviewKind(kind), rnd)
            )
    return out


@dataclasses.dataclass(frozen=True, slots=True)
class LinkedContact:
    id: int
    name: str
    title: str
    email: str
    phone: str
    linkedin_url: str
    role: ContactRole
    notes: str = ""
    keep_in_touch_days: int | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class ApplicationDetail:
    """Everything the card editor shows, read in one snapshot."""

    app: Application
    stage_name: str
    contacts: list[LinkedContact]
    interviews: list[Interview]
    follow_ups: list[FollowUp]
    activity: list[Activity]


def application_detail(db: Database, app_id: int) -> ApplicationDetail | None:
    with db.read() as s:
        app = s.get(Application, app_id)
        if app is None or app.deleted_at is not None:
            return None
        stage = s.get(Stage, app.stage_id)
        contacts = [
            LinkedContact(
                c.id,
                c.name,
                c.title,
                c.email,
                c.phone,
                c.linkedin_url,
                role,
                c.notes,
                c.keep_in_touch_days,
            )
            for c, role in s.execute(
                select(Contact, application_contact.c.role)
                .join(application_contact, application_contact.c.contact_id == Contact.id)
                .where(application_contact.c.application_id == app_id)
                .order_by(Contact.name)
            )
        ]
        interviews = list(
            s.scalars(
                select(Interview)
                .options(selectinload(Interview.interviewers))
                .where(Interview.application_id == app_id)
                .order_by(Interview.starts_at)
            )
        )
        fus = list(
            s.scalars(
                select(FollowUp)
                .where(FollowUp.application_id == app_id)
                .order_by(FollowUp.status != FollowUpStatus.PENDING, FollowUp.due_at)
            )
        )
        acts = list(
            s.scalars(
                select(Activity)
                .where(Activity.application_id == app_id)
                .order_by(Activity.at.desc(), Activity.id.desc())
            )
        )
        return ApplicationDetail(app, stage.name if stage else "", contacts, interviews, fus, acts)


@dataclasses.dataclass(frozen=True, slots=True)
class ContactChoice:
    """Someone in the address book to link to an application, and ``detail``: what
    tells them from others of the same name (the same recruiter entered twice, two
    people called María García)."""

    id: int
    name: str
    detail: str


def contact_choices(db: Database, exclude: Collection[int] = ()) -> list[ContactChoice]:
    """Everyone but ``exclude``, by name; the detail is their company, else the
    companies of the applications they are on (two, then "…"), else their email."""
    with db.read() as s:
        people = list(s.scalars(select(Contact).order_by(Contact.name, Contact.id)))
        links = s.execute(
            select(application_contact.c.contact_id, Application.company)
            .join(Application, Application.id == application_contact.c.application_id)
            .where(Application.deleted_at.is_(None))
            .order_by(Application.company)
        ).all()
    on: dict[int, list[str]] = {}
    for contact_id, company in links:
        companies = on.setdefault(contact_id, [])
        if company not in companies:
            companies.append(company)
    out = []
    for c in people:
        if c.id in exclude:
            continue
        companies = on.get(c.id, [])
        detail = c.company or ", ".join(companies[:2]) + ("…" if len(companies) > 2 else "")
        out.append(ContactChoice(c.id, c.name, detail or c.email))
    return out


def count_upcoming(db: Database, until: dt.datetime) -> int:
    """How many rows ``upcoming_follow_ups`` would return without a limit."""
    return count_owed_by(db, [until])[0]


def count_owed_by(db: Database, bounds: Sequence[dt.datetime]) -> list[int]:
    """For each of ``bounds``, how many rows ``upcoming_follow_ups`` would return up to it:
    one pass over the owed index for all of them (the panel counts its groups this way)."""
    with db.read() as s:
        row = s.execute(
            select(*(func.count().filter(bound > _EFFECTIVE_DUE) for bound in bounds))
            .select_from(FollowUp)
            .where(*_owed_before(max(bounds)))
        ).one()
    return [int(n or 0) for n in row]


@dataclasses.dataclass(frozen=True, slots=True)
class Progress:
    """What the person did in a span of time: the method's "show progress"."""

    applied: int
    interviews: int
    follow_ups_done: int

    @property
    def empty(self) -> bool:
        return not (self.applied or self.interviews or self.follow_ups_done)


_PROGRESS = (
    "SELECT"
    # Sent: a card still on the wishlist (a 'planned' stage) has not gone anywhere yet.
    " (SELECT count(*) FROM application a JOIN stage s ON s.id = a.stage_id"
    "  WHERE a.deleted_at IS NULL AND a.created_at >= :since AND a.created_at <= :now"
    "  AND s.kind != 'planned'),"
    " (SELECT count(*) FROM interview i JOIN application a ON a.id = i.application_id"
    "  WHERE a.deleted_at IS NULL AND i.starts_at >= :since AND i.starts_at <= :now),"
    " (SELECT count(*) FROM follow_up WHERE status = 'done' AND done_at >= :since"
    "  AND done_at <= :now)"
)


def progress_since(db: Database, since: dt.datetime, now: dt.datetime) -> Progress:
    """Applications sent (added, wishlist aside), interviews held and follow-ups done
    between ``since`` and ``now``: one plain query (~2 ms at 10,000 cards), run when the
    Follow-ups panel refreshes."""
    with db.raw() as con:
        applied, held, done = con.execute(
            _PROGRESS, {"since": db_text(since), "now": db_text(now)}
        ).fetchone()
    return Progress(applied, held, done)


@dataclasses.dataclass(frozen=True, slots=True)
class Lesson:
    """What one application taught: the feedback it got and what to do differently."""

    application_id: int
    company: str
    role: str
    stage_name: str
    updated_at: dt.datetime
    feedback: str
    lessons: str


#: What a note of only these holds nothing (SQLite's trim() takes spaces alone by default).
_BLANKS = " \t\r\n"


def lessons_learned(db: Database) -> list[Lesson]:
    """Every live application with feedback or lessons written down, the most recently
    updated first: the method's "record what to improve", read back across the search
    (a rejection's feedback was only ever seen on its own card)."""
    with db.read() as s:
        rows = s.execute(
            select(
                Application.id,
                Application.company,
                Application.role,
                Stage.name,
                Application.updated_at,
                Application.feedback,
                Application.lessons,
            )
            .join(Stage, Stage.id == Application.stage_id)
            .where(
                Application.deleted_at.is_(None),
                or_(
                    func.trim(Application.feedback, _BLANKS) != "",
                    func.trim(Application.lessons, _BLANKS) != "",
                ),
            )
            .order_by(Application.updated_at.desc(), Application.id.desc())
        )
        return [Lesson(*row) for row in rows]
