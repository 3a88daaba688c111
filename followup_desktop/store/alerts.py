"""Keeps ``FollowUp.next_alert_at`` true on every flush, whichever service changed what.

The notifier arms one timer from ``MIN(next_alert_at)``; because the column is derived here
(and nowhere else), a snooze, a reschedule, an archive or a "done" can never leave a stale
alert behind.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from ..core.types import FollowUpStatus
from .models import Application, FollowUp


def alert_time(
    status: FollowUpStatus,
    due_at: dt.datetime,
    *,
    snoozed_until: dt.datetime | None,
    notified_at: dt.datetime | None,
    escalate_at: dt.datetime | None,
    escalation_notified_at: dt.datetime | None,
    application_live: bool,
) -> dt.datetime | None:
    """When the notifier should next speak about a follow-up, or None.

    - pending, live application: at the effective due time (due, or snooze end if later),
      unless it was already announced since then;
    - then once more at the escalation time, if that is later and not yet announced.
    """
    if status is not FollowUpStatus.PENDING or not application_live:
        return None
    due = due_at
    if snoozed_until is not None and snoozed_until > due:
        due = snoozed_until
    if notified_at is None or notified_at < due:
        return due
    if (
        escalate_at is not None
        and escalate_at > due
        and (escalation_notified_at is None or escalation_notified_at < escalate_at)
    ):
        return escalate_at
    return None


def alert_time_of(fu: FollowUp, *, application_live: bool) -> dt.datetime | None:
    return alert_time(
        fu.status,
        fu.due_at,
        snoozed_until=fu.snoozed_until,
        notified_at=fu.notified_at,
        escalate_at=fu.escalate_at,
        escalation_notified_at=fu.escalation_notified_at,
        application_live=application_live,
    )


def _is_live(app: Application | None) -> bool:
    return app is None or (not app.archived and app.deleted_at is None)


def _refresh(session: Session, flush_context: Any, instances: Any) -> None:
    touched: set[FollowUp] = set()
    new = session.new  # built on each access: asked once, not per object (was O(n²))
    for obj in list(new) + list(session.dirty):
        if isinstance(obj, FollowUp):
            touched.add(obj)
        elif isinstance(obj, Application) and obj not in new:
            state = inspect(obj)
            if (
                state.attrs.archived.history.has_changes()
                or state.attrs.deleted_at.history.has_changes()
            ):
                touched.update(obj.follow_ups)
    for fu in touched:
        value = alert_time_of(fu, application_live=_is_live(fu.application))
        if fu.next_alert_at != value:
            fu.next_alert_at = value


def install(session_factory: Any) -> None:
    """Attach the listener to a sessionmaker (or Session class)."""
    event.listen(session_factory, "before_flush", _refresh)
