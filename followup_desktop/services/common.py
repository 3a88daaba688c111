"""Helpers shared by the service modules: loading rows or failing clearly, logging activity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TypeVar

from sqlalchemy.orm.util import identity_key

from ..core.types import ActivityKind, NotFoundError
from ..store.columns import db_text
from ..store.database import Transaction
from ..store.models import (
    Application,
    Base,
    Contact,
    FollowUp,
    Interview,
    Stage,
)

T = TypeVar("T", bound=Base)

_WHAT = {
    Application: "application",
    Stage: "stage",
    Contact: "contact",
    Interview: "interview",
    FollowUp: "follow-up",
}


def get(tx: Transaction, model: type[T], row_id: int) -> T:
    """The row, or a NotFoundError saying it is gone (deleted elsewhere, or never existed)."""
    row = tx.session.get(model, row_id) if isinstance(row_id, int) else None
    if row is None:
        raise NotFoundError(f"That {_WHAT.get(model, 'item')} no longer exists (id {row_id}).")
    return row


def expire_loaded(
    tx: Transaction, model: type[Base], ids: Iterable[int], attrs: Sequence[str] | None = None
) -> None:
    """Plain SQL updates bypass the identity map: drop the loaded copy (if any) of those
    rows, or just ``attrs`` of it, so the ORM reads them again. Looked up by key, not by
    walking every loaded object: an import of 10,000 cards walked 10,000 objects per card.
    A transaction that has no session yet has nothing loaded (and a drop makes none)."""
    session = tx.open_session
    if session is None:
        return
    for row_id in ids:
        obj = session.identity_map.get(identity_key(model, row_id))
        if obj is not None:
            session.expire(obj, attrs)


def live_application(tx: Transaction, app_id: int) -> Application:
    app = get(tx, Application, app_id)
    if app.deleted_at is not None:
        raise NotFoundError(f"That application was deleted (id {app_id}).")
    return app


_INSERT_ACTIVITY = (
    "INSERT INTO activity (application_id, contact_id, follow_up_id, at, kind, summary)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)


def log_activity(
    tx: Transaction,
    application_id: int | None,
    kind: ActivityKind,
    summary: str,
    *,
    contact_id: int | None = None,
    follow_up_id: int | None = None,
    at: dt.datetime | None = None,
) -> None:
    """Append to the timeline: plain SQL on the transaction's connection (the timeline is
    append-only, no ORM object is ever needed for it; every drop logs one line, and a
    SQLAlchemy Core insert cost ~0.2 ms of bookkeeping where this costs ~0.02 ms).
    Values are stored exactly as the mapped columns store them (db_text, enum value)."""
    tx.driver.execute(
        _INSERT_ACTIVITY,
        (
            application_id,
            contact_id,
            follow_up_id,
            db_text(tx.now if at is None else at),
            ActivityKind(kind).value,
            summary,
        ),
    )
    if application_id is not None:
        tx.changed.activity.add(application_id)
