"""What a notification says: one per follow-up, or one summary when many are due at once
(a catch-up after the app was closed, or the end of quiet hours). Qt-free."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from ..services.queries import DueAlert

#: More due at once than this become one summary notification instead of a burst.
MAX_INDIVIDUAL = 3

#: (action key, label) pairs offered with every alert; "default" is the click (it opens
#: the card). "Draft…" opens the message the follow-up asks for, ready to send.
ACTIONS: tuple[tuple[str, str], ...] = (
    ("default", "Open"),
    ("draft", "Draft…"),
    ("done", "Done"),
    ("snooze", "Snooze 1 h"),
    ("tomorrow", "Tomorrow"),
)


@dataclasses.dataclass(frozen=True, slots=True)
class Alert:
    key: str  # stable: which follow-ups (and whether escalated) it speaks for
    title: str
    body: str
    application_id: int | None  # what "Open" shows; None for a summary
    follow_up_ids: tuple[int, ...]
    escalation_ids: tuple[int, ...]  # the subset announced as escalations

    @property
    def summary(self) -> bool:
        return len(self.follow_up_ids) > 1


def _when(due: dt.datetime, now: dt.datetime) -> str:
    late = now - due
    if late < dt.timedelta(minutes=5):
        return "due now"
    if late < dt.timedelta(hours=1):
        return f"due {int(late.total_seconds() // 60)} min ago"
    if late < dt.timedelta(days=1):
        return f"due {int(late.total_seconds() // 3600)} h ago"
    return f"due {late.days} day{'s' if late.days != 1 else ''} ago"


def build(due: Sequence[DueAlert], now: dt.datetime) -> list[Alert]:
    """Turn what is owed into notifications (plain text: adapters escape as needed)."""
    if not due:
        return []
    if len(due) <= MAX_INDIVIDUAL:
        out = []
        for d in due:
            title = f"Follow up: {d.company}" if d.company else "Follow up"
            body = d.title + (f" ({d.role})" if d.role else "")
            body += (
                " — a gentle reminder, it is past its time."
                if d.escalation
                else f" — {_when(d.due_at, now)}."
            )
            out.append(
                Alert(
                    key=f"fu:{d.follow_up_id}:{'esc' if d.escalation else 'due'}",
                    title=title,
                    body=body,
                    application_id=d.application_id,
                    follow_up_ids=(d.follow_up_id,),
                    escalation_ids=(d.follow_up_id,) if d.escalation else (),
                )
            )
        return out
    lines = [f"• {d.company}: {d.title}" for d in due[:MAX_INDIVIDUAL]]
    rest = len(due) - MAX_INDIVIDUAL
    if rest:
        lines.append(f"… and {rest} more")
    ids = tuple(d.follow_up_id for d in due)
    return [
        Alert(
            key="summary:" + ",".join(str(i) for i in ids[:20]),
            title=f"{len(due)} follow-ups are due",
            body="\n".join(lines),
            application_id=None,
            follow_up_ids=ids,
            escalation_ids=tuple(d.follow_up_id for d in due if d.escalation),
        )
    ]
