"""Read-side questions the UI and the notifier ask. No writes here."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import func, select

from ..core.types import FollowUpKind, FollowUpStatus
from ..store.database import Database
from ..store.models import Application, FollowUp


def next_due(db: Database) -> dt.datetime | None:
    """The earliest moment the notifier must speak (may be in the past: overdue, unannounced).

    One ``MIN`` over the ``next_alert_at`` index (store/alerts.py keeps it true), so it
    stays O(log n) at 100,000 follow-ups.
    """
    with db.read() as s:
        value = s.scalar(select(func.min(FollowUp.next_alert_at)))
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


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
            select(FollowUp, Application.company, Application.role)
            .outerjoin(Application, FollowUp.application_id == Application.id)
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
