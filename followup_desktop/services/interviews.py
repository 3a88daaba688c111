"""Logging interviews: each one runs the playbook (thank-yous per interviewer, the call)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select

from ..core import validation as v
from ..core.changes import Changes, Created
from ..core.types import ActivityKind, DomainError, InterviewKind
from ..store.database import Database, Transaction
from ..store.models import Application, Contact, Interview
from .common import get, live_application, log_activity
from .playbook_runner import replan


def _interviewers(tx: Transaction, ids: Sequence[int]) -> list[Contact]:
    if len(set(ids)) != len(ids):
        raise DomainError("The same interviewer is listed twice.")
    return [get(tx, Contact, i) for i in ids]


def log_interview(
    db: Database,
    app_id: int,
    starts_at: dt.datetime,
    *,
    duration_minutes: int = 60,
    kind: InterviewKind = InterviewKind.VIDEO,
    round: int | None = None,
    interviewer_ids: Sequence[int] = (),
    points_discussed: str = "",
    questions_asked: str = "",
    notes: str = "",
) -> Created:
    if not isinstance(kind, InterviewKind):
        raise DomainError("Unknown interview kind.")
    duration = v.whole_number("Duration (minutes)", duration_minutes, low=1, high=24 * 60)
    points = v.long_text("Points discussed", points_discussed)
    questions = v.long_text("Questions I asked", questions_asked)
    notes = v.long_text("Notes", notes)
    with db.write() as tx:
        start = v.instant("Interview time", starts_at)
        app = live_application(tx, app_id)
        interview = add_interview(
            tx, app, start, duration, kind, round, interviewer_ids, points, questions, notes
        )
    return Created(interview.id, tx.result)


def add_interview(
    tx: Transaction,
    app: Application,
    start: dt.datetime,
    duration: int,
    kind: InterviewKind,
    round: int | None,
    interviewer_ids: Sequence[int],
    points: str = "",
    questions: str = "",
    notes: str = "",
) -> Interview:
    """Log an interview of ``app`` inside ``tx`` (checked values), with its timeline line,
    and run the playbook: what ``log_interview`` and an invitation share."""
    if round is None:
        round = 1 + int(
            tx.session.scalar(
                select(func.coalesce(func.max(Interview.round), 0)).where(
                    Interview.application_id == app.id
                )
            )
            or 0
        )
    v.whole_number("Round", round, low=1, high=100)
    interview = Interview(
        application=app,
        starts_at=start,
        duration_minutes=duration,
        kind=kind,
        round=round,
        points_discussed=points,
        questions_asked=questions,
        notes=notes,
        created_at=tx.now,
        interviewers=_interviewers(tx, interviewer_ids),
    )
    tx.session.add(interview)
    tx.session.flush()
    names = ", ".join(c.name for c in interview.interviewers)
    log_activity(
        tx,
        app.id,
        ActivityKind.INTERVIEW_LOGGED,
        f"Round {round} ({kind.value})" + (f" with {names}" if names else ""),
    )
    tx.changed.interviews.add(interview.id)
    tx.changed.applications.add(app.id)
    app.updated_at = tx.now
    replan(tx, app)
    return interview


def edit_interview(
    db: Database,
    interview_id: int,
    *,
    starts_at: dt.datetime | None = None,
    duration_minutes: int | None = None,
    kind: InterviewKind | None = None,
    round: int | None = None,
    interviewer_ids: Sequence[int] | None = None,
    points_discussed: str | None = None,
    questions_asked: str | None = None,
    notes: str | None = None,
) -> Changes:
    """Change an interview; moved times re-time the playbook's pending thank-yous."""
    with db.write() as tx:
        interview = get(tx, Interview, interview_id)
        app = live_application(tx, interview.application_id)
        if starts_at is not None:
            interview.starts_at = v.instant("Interview time", starts_at)
        if duration_minutes is not None:
            interview.duration_minutes = v.whole_number(
                "Duration (minutes)", duration_minutes, low=1, high=24 * 60
            )
        if kind is not None:
            if not isinstance(kind, InterviewKind):
                raise DomainError("Unknown interview kind.")
            interview.kind = kind
        if round is not None:
            interview.round = v.whole_number("Round", round, low=1, high=100)
        if interviewer_ids is not None:
            interview.interviewers = _interviewers(tx, interviewer_ids)
        if points_discussed is not None:
            interview.points_discussed = v.long_text("Points discussed", points_discussed)
        if questions_asked is not None:
            interview.questions_asked = v.long_text("Questions I asked", questions_asked)
        if notes is not None:
            interview.notes = v.long_text("Notes", notes)
        tx.changed.interviews.add(interview.id)
        tx.changed.applications.add(app.id)
        replan(tx, app)
    return tx.result


def delete_interview(db: Database, interview_id: int) -> Changes:
    """Remove an interview; the playbook withdraws its pending thank-yous and call."""
    with db.write() as tx:
        interview = get(tx, Interview, interview_id)
        app = live_application(tx, interview.application_id)
        for fu in app.follow_ups:
            if fu.interview_id == interview_id:
                fu.interview_id = None  # what ON DELETE SET NULL does, kept in step in memory
                tx.changed.follow_ups.add(fu.id)
        tx.session.delete(interview)
        tx.session.flush()
        tx.session.expire(app, ["interviews"])
        tx.changed.interviews.add(interview_id)
        tx.changed.applications.add(app.id)
        replan(tx, app)
    return tx.result
