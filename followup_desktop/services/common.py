"""Helpers shared by the service modules: loading rows or failing clearly, logging activity."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from sqlalchemy import bindparam, insert

from ..core.types import ActivityKind, NotFoundError
from ..store.database import Transaction
from ..store.models import (
    Activity,
    Application,
    Base,
    Contact,
    FollowUp,
    Interview,
    Stage,
    table_of,
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


def live_application(tx: Transaction, app_id: int) -> Application:
    app = get(tx, Application, app_id)
    if app.deleted_at is not None:
        raise NotFoundError(f"That application was deleted (id {app_id}).")
    return app


_INSERT_ACTIVITY = insert(table_of(Activity)).values(
    application_id=bindparam("application_id"),
    contact_id=bindparam("contact_id"),
    follow_up_id=bindparam("follow_up_id"),
    at=bindparam("at"),
    kind=bindparam("kind"),
    summary=bindparam("summary"),
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
    """Append to the timeline (a prebuilt Core insert: the timeline is append-only, no
    ORM object is ever needed for it)."""
    tx.session.flush()
    tx.session.connection().execute(
        _INSERT_ACTIVITY,
        {
            "application_id": application_id,
            "contact_id": contact_id,
            "follow_up_id": follow_up_id,
            "at": tx.now if at is None else at,
            "kind": kind,
            "summary": summary,
        },
    )
    if application_id is not None:
        tx.changed.activity.add(application_id)
