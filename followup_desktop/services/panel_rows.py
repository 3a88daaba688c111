"""What the Follow-ups panel lists: a follow-up to do, an interview to come. Plain data
with no database import, so the panel (built before the window first paints) can tell
its rows apart without loading SQLAlchemy's query layer; services.queries reads them."""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..core.types import FollowUpKind, InterviewKind


@dataclasses.dataclass(frozen=True, slots=True)
class FollowUpRow:
    """A pending follow-up as the Due panel lists it."""

    id: int
    application_id: int | None
    company: str
    role: str
    title: str
    kind: FollowUpKind
    due: dt.datetime  # effective: the snooze end when later than the due date
    escalate_at: dt.datetime | None


@dataclasses.dataclass(frozen=True, slots=True)
class InterviewRow:
    """An interview still to come (or under way) as the Follow-ups panel lists it."""

    id: int
    application_id: int
    company: str
    role: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    kind: InterviewKind
    round: int
