"""Importing checked spreadsheet rows (services/csv_read.py) as cards: which are already
on the board, which stage each status means, and the import itself in one transaction —
with the people the rows name, and an undo and redo of one transaction each.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import TypeVar

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import selectinload

from ..core.changes import Changes
from ..core.playbook import day_based_due
from ..core.types import ActivityKind, ContactRole, DomainError, FollowUpStatus, StageKind
from ..store.database import Database, Transaction
from ..store.models import Application, Contact, FollowUp, Stage, application_contact
from .applications import mark_deleted, same_job_key
from .board import append_cards, take_out
from .common import log_activity
from .csv_read import Row, norm_header
from .followups import move_due
from .playbook_runner import replan, settings_for

#: Values per IN (...) list (SQLite binds at most 32,766 values in one statement).
_CHUNK = 500
_T = TypeVar("_T")


def _chunks(values: Sequence[_T]) -> Iterator[list[_T]]:
    """``values`` in lists a statement can bind."""
    for at in range(0, len(values), _CHUNK):
        yield list(values[at : at + _CHUNK])


@dataclasses.dataclass(frozen=True)
class Imported:
    ids: tuple[int, ...]
    people: tuple[int, ...] = ()  # contacts the import made (undo removes them again)
    links: tuple[tuple[int, int], ...] = ()  # (application, contact) links it made


def find_duplicates(db: Database, rows: Sequence[Row]) -> dict[int, str]:
    """Lines of ``rows`` whose company and role (case-insensitive) are already a live
    application, or appeared on an earlier line of the same file, each with which."""
    with db.read() as s:
        existing = {
            same_job_key(c, r)
            for c, r in s.execute(
                select(Application.company, Application.role).where(
                    Application.deleted_at.is_(None)
                )
            )
        }
    first_line: dict[tuple[str, str], int] = {}
    out: dict[int, str] = {}
    for row in rows:
        key = same_job_key(row.fields["company"], row.fields["role"])
        if key in existing:
            out[row.line] = "Already on the board"
        elif key in first_line:
            out[row.line] = f"Same as line {first_line[key]}"
        else:
            first_line[key] = row.line
    return out


#: What spreadsheets call their statuses → the board's stage: a default stage's name when
#: the board has a stage of that name, else the first stage of the kind. First match wins
#: ("Offer declined" is the candidate withdrawing, not an offer; "Not applied" is planned).
_STATUS_WORDS: tuple[tuple[tuple[str, ...], str | None, StageKind | None], ...] = (
    (("offer accepted", "accepted", "hired", "signed"), "Accepted", StageKind.WON),
    (
        ("offer declined", "declined offer", "withdrawn", "withdrew", "position filled"),
        "Withdrawn",
        StageKind.CLOSED,
    ),
    (
        ("not selected", "unsuccessful", "turned down", "rejected", "rejection", "declined"),
        "Rejected",
        StageKind.REJECTED,
    ),
    (("ghosted", "no response", "no reply", "no answer"), "Ghosted", StageKind.GHOSTED),
    (("offer",), "Offer", None),
    (
        ("interview", "screen", "onsite", "on site", "final round", "assessment", "take home"),
        "Interviewing",
        None,
    ),
    (
        ("wishlist", "saved", "interested", "to apply", "bookmarked", "not applied"),
        "Wishlist",
        StageKind.PLANNED,
    ),
    (
        ("applied", "submitted", "application sent", "in review", "under review", "waiting"),
        "Applied",
        None,
    ),
)


def match_stage(status: str, stages: Sequence[tuple[int, str, str]]) -> int | None:
    """The stage a status names: its own name (any case), else what the words usually
    mean ("Phone screen" → Interviewing, "No response" → Ghosted, "Offer accepted" → the
    won stage). ``stages`` are (id, name, kind) in board order; None when nothing fits."""
    wanted = " ".join(status.casefold().split())
    if not wanted:
        return None
    for sid, stage_name, _ in stages:
        if stage_name.casefold() == wanted:
            return sid
    words = norm_header(wanted)
    for phrases, name, kind in _STATUS_WORDS:
        if not any(re.search(rf"\b{re.escape(p)}", words) for p in phrases):
            continue
        by_name = [sid for sid, n, _ in stages if name and n.casefold() == name.casefold()]
        by_kind = [sid for sid, _, k in stages if kind and k == kind.value]
        found = by_name or by_kind
        return found[0] if found else None
    return None


def import_rows(
    db: Database,
    rows: Sequence[Row],
    default_stage_id: int,
    source: str,
    *,
    catch_up_from_today: bool = False,
    stage_for: Mapping[str, int] | None = None,
) -> Imported:
    """Add ``rows`` in one transaction, in file order at the end of their columns. A row's
    stage is the one ``stage_for`` names for its status (the person's choice in the
    preview), else matched by name or meaning (``match_stage``); no stage, or one the
    board does not have, means ``default_stage_id``. The playbook plans each card's
    follow-ups from its dates, and each timeline starts with "Imported from <source>".

    ``catch_up_from_today``: a follow-up the dates make overdue (a check-in due weeks
    before the app knew of the application, which may well have happened) is planned for
    the next nudge hour instead, as if the person had rescheduled it: a spreadsheet of
    last month's applications does not open as a wall of red badges."""
    if not rows:
        raise DomainError("Nothing to import.")
    with db.write() as tx:
        stages = {st.id: st for st in tx.session.scalars(select(Stage).order_by(Stage.position))}
        choices = [(st.id, st.name, st.kind.value) for st in stages.values()]
        matched_for: dict[str, int | None] = {}
        fallback = stages.get(default_stage_id)
        chosen = dict(stage_for or {})
        if fallback is None or not set(chosen.values()) <= set(stages):
            raise DomainError("That stage no longer exists; nothing was imported.")
        placed: list[tuple[Application, Stage]] = []
        for row in rows:
            if row.stage not in matched_for:  # a handful of distinct statuses
                matched_for[row.stage] = (
                    chosen[row.stage] if row.stage in chosen else match_stage(row.stage, choices)
                )
            matched = matched_for[row.stage]
            stage = fallback if matched is None else stages[matched]
            created = min(row.applied_at or tx.now, tx.now)
            entered = max(row.entered_at or created, created)
            app = Application(
                **row.fields,
                stage=stage,
                created_at=created,
                updated_at=tx.now,
                stage_entered_at=min(entered, tx.now),
                archived=row.archived,
                unanswered_nudges=0,
                ghost_suggested=False,
            )
            placed.append((app, stage))
        tx.session.add_all([app for app, _ in placed])
        tx.session.flush()  # one batched INSERT for all of them (a flush per row: 3x slower)
        append_cards(tx, [(app.id, stage.id) for app, stage in placed if not app.archived])
        for app, stage in placed:
            summary = f"Imported from {source} into {stage.name}"
            log_activity(tx, app.id, ActivityKind.CREATED, summary)
            tx.changed.applications.add(app.id)
            if not app.archived:  # archived cards stay silent, as when archived by hand
                replan(tx, app.id)
        ids = [app.id for app, _ in placed]
        people, links = _add_people(
            tx, [(app, row) for (app, _), row in zip(placed, rows, strict=True)]
        )
        if catch_up_from_today:
            _catch_up(tx, ids)
    return Imported(tuple(ids), people, links)


_Made = tuple[tuple[int, ...], tuple[tuple[int, int], ...]]


def _add_people(tx: Transaction, cards: Sequence[tuple[Application, Row]]) -> _Made:
    """Link each card to the person its row names: someone already known by that email,
    the same name (or email) met earlier in the file, or a new contact. Returns the new
    contacts' ids and the links made. People made here have no stay-in-touch cadence:
    nothing reminds of them until the person sets one."""
    named = [(app, row.contact) for app, row in cards if row.contact is not None]
    if not named:
        return (), ()
    emails = sorted({p.email.casefold() for _, p in named if p.email})
    known: dict[tuple[str, str], Contact] = {}
    for part in _chunks(emails):
        for found in tx.session.scalars(select(Contact).where(func.lower(Contact.email).in_(part))):
            known.setdefault(("", found.email.casefold()), found)
    created: list[Contact] = []
    links: list[tuple[int, Contact, ContactRole]] = []
    for app, person in named:
        key = ("", person.email.casefold()) if person.email else (person.name.casefold(), "")
        contact = known.get(key)
        if contact is None:
            contact = Contact(
                name=person.name,
                email=person.email,
                phone=person.phone,
                company=app.company,
                created_at=tx.now,
                updated_at=tx.now,
            )
            known[key] = contact
            created.append(contact)
        links.append((app.id, contact, person.role))
    tx.session.add_all(created)
    tx.session.flush()
    tx.session.execute(
        insert(application_contact),
        [{"application_id": a, "contact_id": c.id, "role": r} for a, c, r in links],
    )
    tx.changed.contacts.update(c.id for _, c, _ in links)
    return tuple(c.id for c in created), tuple((a, c.id) for a, c, _ in links)


def _catch_up(tx: Transaction, ids: Sequence[int]) -> None:
    settings = settings_for(tx)
    due = day_based_due(tx.now, 0, settings, tx.tz)
    if due <= tx.now:
        due = day_based_due(tx.now, 1, settings, tx.tz)
    for part in _chunks(ids):
        late = tx.session.scalars(
            select(FollowUp).where(
                FollowUp.application_id.in_(part),
                FollowUp.status == FollowUpStatus.PENDING,
                FollowUp.due_at < tx.now,
            )
        )
        for fu in late:
            move_due(tx, fu, due)


def _imported(tx: Transaction, ids: Sequence[int], deleted: bool) -> list[Application]:
    """The applications of an import, with their follow-ups loaded in the same read (a lazy
    load per card flushed the session each time: seconds for a big import). Asked in
    chunks: SQLite limits how many values one statement may bind."""
    out: list[Application] = []
    for part in _chunks(ids):
        out.extend(
            tx.session.scalars(
                select(Application)
                .options(selectinload(Application.follow_ups))
                .where(
                    Application.id.in_(part),
                    Application.deleted_at.is_not(None)
                    if deleted
                    else Application.deleted_at.is_(None),
                )
            )
        )
    out.sort(key=lambda app: app.id)
    return out


def discard_imported(
    db: Database,
    ids: Sequence[int],
    people: Sequence[int] = (),
    links: Sequence[tuple[int, int]] = (),
) -> Changes:
    """Undo an import: the cards go (softly, like Delete) in one transaction, with the
    links to people it made and the people it made — unless the person has since been
    linked to another card."""
    with db.write() as tx:
        apps = _imported(tx, ids, deleted=False)
        for app in apps:
            if not app.archived:
                take_out(tx, app.id)
        with tx.session.no_autoflush:  # one flush at the end, not one per card
            for app in apps:
                mark_deleted(tx, app, True)
        if links:
            tx.driver.executemany(
                "DELETE FROM application_contact WHERE application_id = ? AND contact_id = ?",
                list(links),
            )
            tx.changed.contacts.update(c for _, c in links)
        if people:
            imported = set(ids)
            links_of = select(
                application_contact.c.contact_id, application_contact.c.application_id
            )
            kept = {
                c
                for part in _chunks(people)
                for c, a in tx.session.execute(
                    links_of.where(application_contact.c.contact_id.in_(part))
                )
                if a not in imported
            }
            for part in _chunks([c for c in people if c not in kept]):
                tx.session.execute(
                    delete(Contact).where(Contact.id.in_(part)),
                    execution_options={"synchronize_session": False},
                )
                tx.changed.contacts.update(part)
    return tx.result


def restore_imported(db: Database, ids: Sequence[int], rows: Sequence[Row] = ()) -> Imported:
    """Redo an import after its undo: the same cards come back, in file order, and their
    people are linked again (``rows``: the import's rows, in the order of ``ids``)."""
    with db.write() as tx:
        apps = _imported(tx, ids, deleted=True)
        with tx.session.no_autoflush:  # one flush at the end, not one per card
            for app in apps:
                mark_deleted(tx, app, False)
        live = [app for app in apps if not app.archived]
        append_cards(tx, [(app.id, app.stage_id) for app in live])
        for app in live:
            replan(tx, app.id)
        row_of = dict(zip(ids, rows, strict=False))
        people, links = _add_people(tx, [(app, row_of[app.id]) for app in apps if app.id in row_of])
    return Imported(tuple(ids), people, links)
