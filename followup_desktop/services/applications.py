"""Creating, editing, archiving and deleting applications (cards)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select

from ..core import validation as v
from ..core.changes import Changes, Created
from ..core.clock import local_day
from ..core.dates import short_date
from ..core.types import ActivityKind, DomainError
from ..store.database import Database, Transaction
from ..store.models import Application, Stage
from .board import put_in, take_out
from .common import get, live_application, log_activity
from .playbook_runner import replan

#: Editable fields and how each is checked. Stage and position change only by moving.
_FIELDS: dict[str, tuple[str, Any]] = {
    "company": ("Company", lambda label, x: v.one_line(label, x, required=True)),
    "role": ("Role", lambda label, x: v.one_line(label, x, required=True)),
    "url": ("Job posting URL", v.one_line),
    "location": ("Location", v.one_line),
    "salary": ("Salary", v.one_line),
    "source": ("Source", v.one_line),
    "description": ("Job description", v.long_text),
    "tags": ("Tags", lambda label, x: v.tags(x)),
    "notes": ("Notes", v.long_text),
    "document_path": ("Résumé / document", v.one_line),
    "feedback": ("Feedback", v.long_text),
    "lessons": ("Lessons learned", v.long_text),
}
#: Days a person may correct (an application added after it was sent, a card moved on
#: the board days after the stage really changed): field -> (label, column). Days in
#: stage and the playbook's check-ins count from them.
_DAYS: dict[str, tuple[str, str]] = {
    "applied_on": ("Applied on", "created_at"),
    "in_stage_since": ("In this stage since", "stage_entered_at"),
}
FIELD_LABELS = {name: label for name, (label, _) in (_FIELDS | _DAYS).items()}


def _instant_of(day: dt.date, tx: Transaction) -> dt.datetime:
    """What is stored for a day the user picked: now for today, else noon in their zone
    (a time every day has, DST changes included)."""
    if day >= local_day(tx.now, tx.tz):
        return tx.now
    return dt.datetime.combine(day, dt.time(12), tzinfo=tx.tz).astimezone(dt.UTC)


def _set_days(tx: Transaction, app: Application, days: Mapping[str, Any]) -> list[str]:
    """Check and set the day fields given; returns those that changed. The card must have
    entered its stage on or after the day it was applied for."""
    today = local_day(tx.now, tx.tz)
    changed = []
    for name, value in days.items():
        label, column = _DAYS[name]
        day = v.past_day(label, value, today)
        if local_day(getattr(app, column), tx.tz) != day:
            setattr(app, column, _instant_of(day, tx))
            changed.append(name)
    applied, entered = local_day(app.created_at, tx.tz), local_day(app.stage_entered_at, tx.tz)
    if changed and entered < applied:
        raise DomainError(
            f"In this stage since ({short_date(entered)}) cannot be before the day it was"
            f" applied for ({short_date(applied)})."
        )
    return changed


def clean_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """``fields`` checked and tidied (a DomainError names the first bad one)."""
    unknown = set(fields) - set(_FIELDS)
    if unknown:
        raise DomainError(f"Unknown application field: {', '.join(sorted(unknown))}.")
    out = {}
    for name, value in fields.items():
        label, check = _FIELDS[name]
        out[name] = check(label, value)
    return out


def create_application(
    db: Database,
    company: str,
    role: str,
    *,
    stage_id: int | None = None,
    index: int | None = None,
    **fields: Any,
) -> Created:
    """Add a card (at the end of the first stage unless told otherwise). ``applied_on``
    (a past day) dates an application sent before it was added: it has been in its stage
    since then, and its check-ins count from then."""
    applied_on = fields.pop("applied_on", None)
    data = clean_fields({"company": company, "role": role, **fields})
    with db.write() as tx:
        if stage_id is None:
            stage = tx.session.scalars(select(Stage).order_by(Stage.position).limit(1)).first()
            if stage is None:
                raise DomainError("There are no stages; add one first.")
        else:
            stage = get(tx, Stage, stage_id)
        app = Application(
            **data,
            stage=stage,
            created_at=tx.now,
            updated_at=tx.now,
            stage_entered_at=tx.now,
            archived=False,
            unanswered_nudges=0,
            ghost_suggested=False,
        )
        if applied_on is not None:
            day = v.past_day(_DAYS["applied_on"][0], applied_on, local_day(tx.now, tx.tz))
            app.created_at = app.stage_entered_at = _instant_of(day, tx)
        tx.session.add(app)
        tx.session.flush()
        put_in(tx, app.id, stage.id, index)
        log_activity(tx, app.id, ActivityKind.CREATED, f"Added in {stage.name}")
        tx.changed.applications.add(app.id)
        replan(tx, app)
    return Created(app.id, tx.result)


def edit_application(db: Database, app_id: int, **fields: Any) -> Changes:
    """Change fields (text, and the days in ``_DAYS``: dates in the user's zone); logs
    which ones. Unchanged values are not logged."""
    days = {k: fields.pop(k) for k in list(fields) if k in _DAYS}
    data = clean_fields(fields)
    with db.write() as tx:
        app = live_application(tx, app_id)
        changed = [k for k, val in data.items() if getattr(app, k) != val]
        for k in changed:
            setattr(app, k, data[k])
        redated = _set_days(tx, app, days)
        changed += redated
        if not changed:
            return tx.result
        app.updated_at = tx.now
        log_activity(
            tx,
            app.id,
            ActivityKind.EDITED,
            "Edited " + ", ".join(FIELD_LABELS[k].lower() for k in changed),
        )
        tx.changed.applications.add(app.id)
        if {"company", "role"} & set(changed) or redated:
            replan(tx, app)
    return tx.result


#: A card going back on the board: (application id, index in its column; None = end).
PutBack = tuple[int, int | None]


def set_archived(db: Database, app_id: int, archived: bool, *, index: int | None = None) -> Changes:
    """Archive (take off the board, silence its alerts) or restore to ``index`` (None = end)."""
    if archived:
        return archive_applications(db, [app_id])
    return unarchive_applications(db, [(app_id, index)])


def archive_applications(db: Database, ids: Sequence[int]) -> Changes:
    """Archive several cards in one transaction: all of them, or (one is gone) none."""
    with db.write() as tx:
        for app_id in ids:
            _set_archived(tx, live_application(tx, app_id), True, None)
    return tx.result


def unarchive_applications(db: Database, cards: Sequence[PutBack]) -> Changes:
    """Bring archived cards back, each at its index, in the order given (so indexes
    taken in board order land where they were)."""
    with db.write() as tx:
        for app_id, index in cards:
            _set_archived(tx, live_application(tx, app_id), False, index)
    return tx.result


def _set_archived(tx: Transaction, app: Application, archived: bool, index: int | None) -> None:
    if app.archived == archived:
        return
    if archived:
        take_out(tx, app.id)
    else:
        put_in(tx, app.id, app.stage_id, index)
    app.archived = archived
    app.updated_at = tx.now
    log_activity(tx, app.id, ActivityKind.ARCHIVED if archived else ActivityKind.UNARCHIVED, "")
    tx.changed.applications.add(app.id)
    tx.changed.follow_ups.update(f.id for f in app.follow_ups)
    if not archived:
        replan(tx, app)


def delete_application(db: Database, app_id: int) -> Changes:
    """Soft-delete: off the board and silent, but restorable (undo) until purged."""
    return delete_applications(db, [app_id])


def delete_applications(db: Database, ids: Sequence[int]) -> Changes:
    """Soft-delete several cards in one transaction: all of them, or (one is gone) none."""
    with db.write() as tx:
        for app_id in ids:
            app = live_application(tx, app_id)
            take_out(tx, app.id)
            mark_deleted(tx, app, True)
    return tx.result


def mark_deleted(tx: Transaction, app: Application, deleted: bool) -> None:
    """Soft-delete ``app`` or bring it back (its row only: the caller takes it off the
    board or puts it back); its follow-ups fall silent or speak again with it."""
    app.deleted_at = tx.now if deleted else None
    app.updated_at = tx.now
    tx.changed.applications.add(app.id)
    tx.changed.follow_ups.update(f.id for f in app.follow_ups)


def restore_application(db: Database, app_id: int, *, index: int | None = None) -> Changes:
    """Undo a delete: back on the board at ``index`` (None = end)."""
    return restore_applications(db, [(app_id, index)])


def restore_applications(db: Database, cards: Sequence[PutBack]) -> Changes:
    """Undo a delete of several cards in one transaction, each back at its index, in
    the order given."""
    with db.write() as tx:
        for app_id, index in cards:
            app = get(tx, Application, app_id)
            if app.deleted_at is None:
                continue
            mark_deleted(tx, app, False)
            if not app.archived:
                put_in(tx, app.id, app.stage_id, index)
            replan(tx, app)
    return tx.result


def same_job_key(company: str, role: str) -> tuple[str, str]:
    """What two applications share when they are the same job: company and role without
    surrounding spaces, compared case-insensitively by Unicode rules ("Straße" is
    "STRASSE"). Used by "already applied?" and by the import's look-alikes."""
    return company.strip().casefold(), role.strip().casefold()


#: SQLite's lower() folds only the ASCII letters A-Z.
_SQL_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _stored_spellings(text: str) -> list[str]:
    """What SQLite's lower() gives for the ways ``text`` is likely stored (as typed, all
    lower, all upper, folded, capitalised): the keys to look up in the (lower(company),
    lower(role)) index. lower() leaves "É" and "ß" alone, so "SOCIÉTÉ" and "société"
    only meet through these spellings; the final comparison is ``same_job_key``."""
    t = text.strip()
    forms = (t, t.lower(), t.upper(), t.casefold(), t.casefold().upper(), t.title())
    lowered = {f.translate(_SQL_LOWER) for f in forms}
    return sorted({v for f in lowered for v in _sharp_s_spellings(f)})


def _sharp_s_spellings(text: str) -> list[str]:
    """``text`` with each "ss" also as "ß": "STRASSE" typed folds to "strasse", and a
    stored "Straße" is "straße" to lower(). Up to three of them (eight spellings)."""
    parts = text.split("ss")
    if len(parts) == 1 or len(parts) > 4:
        return [text]
    out = [parts[0]]
    for part in parts[1:]:
        out = [done + sep + part for done in out for sep in ("ss", "ß")]
    return out


def find_similar(
    db: Database, company: str, role: str, *, exclude_id: int | None = None
) -> list[int]:
    """Live applications with the same company and role (``same_job_key``): "already
    applied?", asked at every keystroke of the quick-add dialog, so an index lookup."""
    key = same_job_key(company, role)
    if not key[0] or not key[1]:
        return []
    companies, roles = _stored_spellings(company), _stored_spellings(role)
    sql = (
        "SELECT id, company, role FROM application"
        f" WHERE lower(company) IN ({','.join('?' * len(companies))})"
        f" AND lower(role) IN ({','.join('?' * len(roles))}) AND deleted_at IS NULL"
    )
    with db.raw() as con:
        rows = con.execute(sql, (*companies, *roles)).fetchall()
    return [app_id for app_id, c, r in rows if app_id != exclude_id and same_job_key(c, r) == key]


#: Deleted cards stay restorable (undo, "restore") this long, then are removed for good.
PURGE_AFTER = dt.timedelta(days=30)


def purge_deleted(db: Database, older_than: dt.timedelta = PURGE_AFTER) -> Changes:
    """Remove for good the applications deleted more than ``older_than`` ago, with their
    interviews, follow-ups and timeline (foreign keys cascade). Deleting means deleting:
    nothing lingers in the file forever."""
    from sqlalchemy import delete

    with db.write() as tx:
        cutoff = tx.now - older_than
        gone = list(
            tx.session.scalars(
                select(Application.id).where(
                    Application.deleted_at.is_not(None), Application.deleted_at < cutoff
                )
            )
        )
        if gone:
            tx.session.execute(
                delete(Application).where(Application.id.in_(gone)),
                execution_options={"synchronize_session": False},
            )
            tx.changed.applications.update(gone)
    return tx.result
