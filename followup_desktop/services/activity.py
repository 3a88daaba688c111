"""Logging contact with a company by hand: calls, emails, their replies, notes.

Every one except a plain note restarts the stay-in-touch cadence; a reply also resets the
unanswered count.
"""

from __future__ import annotations

import datetime as dt

from ..core import validation as v
from ..core.changes import Changes
from ..core.types import ActivityKind, DomainError
from ..store.database import Database
from ..store.models import Contact
from .common import get, live_application, log_activity
from .playbook_runner import replan, replan_contact

LOGGABLE = (
    ActivityKind.CALL_LOGGED,
    ActivityKind.EMAIL_SENT,
    ActivityKind.REPLY_RECEIVED,
    ActivityKind.NOTE,
)


def log_contact(
    db: Database,
    app_id: int,
    kind: ActivityKind,
    summary: str = "",
    *,
    at: dt.datetime | None = None,
    contact_id: int | None = None,
) -> Changes:
    if kind not in LOGGABLE:
        raise DomainError("Only calls, emails, replies and notes can be logged by hand.")
    summary = v.long_text("Summary", summary)
    if kind is ActivityKind.NOTE and not summary.strip():
        raise DomainError("A note cannot be empty.")
    with db.write() as tx:
        when = tx.now if at is None else v.instant("When", at)
        if when > tx.now + dt.timedelta(minutes=5):
            raise DomainError("You cannot log something that has not happened yet.")
        app = live_application(tx, app_id)
        if contact_id is not None:
            get(tx, Contact, contact_id)
        log_activity(tx, app.id, kind, summary, contact_id=contact_id, at=when)
        tx.session.flush()
        replan(tx, app)
        if contact_id is not None:
            replan_contact(tx, contact_id)
    return tx.result
