"""The follow-up method, as pure functions: facts about one application in, a plan out.

This is the product's heart. Nothing here touches the database or Qt: the service layer
gathers :class:`ApplicationFacts`, calls :func:`plan`, and applies the :class:`Plan` in the
same transaction as the change that triggered it.

Rules (every number is a :class:`PlaybookSettings` value):

1. Thank-you: for each interview, one per interviewer (one generic if none is named), due
   ``thank_you_due_hours`` after it ends, escalating at ``thank_you_escalate_hours``.
2. Follow-up call: after the latest interview, ``call_after_days`` later, unless they replied.
3. Stay in touch: while the stage is *open*, one pending check-in (a status inquiry once
   there has been an interview), due ``check_in_every_days`` after the last contact; any
   logged contact restarts it.
4. Rejection prep: nudges marked "no reply" since their last reply are counted; at
   ``max_unanswered_nudges`` the playbook stops nudging and suggests Ghosted (never moves).
   Reaching a Rejected stage creates a feedback request.
5. Never nag: terminal stages cancel the playbook's pending nudges; nothing is created twice
   (every playbook follow-up has a stable key and is never re-created, whatever its status);
   the user's own follow-ups are never touched, nor ones the user rescheduled.

Day-based follow-ups fall due at ``nudge_hour`` local time (DST-safe via the user's zone),
moved off weekends when ``business_days_only``; hour-based ones are exact durations.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from .settings import PlaybookSettings
from .types import CreatedBy, FollowUpKind, FollowUpStatus, Outcome, StageKind

#: Logging an interview older than this creates no thank-you: too late to be useful.
THANK_YOU_TOO_LATE = dt.timedelta(days=7)
#: A day-based nudge whose due date is older than this when first planned is skipped.
NUDGE_TOO_LATE = dt.timedelta(days=7)
#: Imported rejections older than this get no feedback request.
FEEDBACK_TOO_LATE = dt.timedelta(days=30)

_CHECK_IN_FAMILY = (FollowUpKind.CHECK_IN, FollowUpKind.STATUS_INQUIRY)


@dataclasses.dataclass(frozen=True, slots=True)
class Person:
    id: int
    name: str


@dataclasses.dataclass(frozen=True, slots=True)
class InterviewFact:
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    interviewers: tuple[Person, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class FollowUpFact:
    id: int
    kind: FollowUpKind
    status: FollowUpStatus
    created_by: CreatedBy
    key: str | None
    due_at: dt.datetime
    escalate_at: dt.datetime | None = None
    done_at: dt.datetime | None = None
    outcome: Outcome | None = None
    rescheduled: bool = False  # the user moved it: the playbook keeps its hands off
    interview_id: int | None = None
    contact_id: int | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class ApplicationFacts:
    id: int
    company: str
    role: str
    stage_kind: StageKind
    stage_entered_at: dt.datetime
    interviews: tuple[InterviewFact, ...] = ()
    follow_ups: tuple[FollowUpFact, ...] = ()
    #: When we were last in touch (applied, call, email, reply, follow-up done …), if ever.
    last_touch_at: dt.datetime | None = None
    #: When they last replied, if ever.
    last_reply_at: dt.datetime | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class NewFollowUp:
    key: str
    kind: FollowUpKind
    title: str
    due_at: dt.datetime
    escalate_at: dt.datetime | None = None
    interview_id: int | None = None
    contact_id: int | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Retime:
    """Change a pending playbook follow-up's timing (and, for check-ins that became status
    inquiries after an interview, its kind and title)."""

    follow_up_id: int
    due_at: dt.datetime
    escalate_at: dt.datetime | None
    kind: FollowUpKind | None = None
    title: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Cancel:
    follow_up_id: int
    reason: str


@dataclasses.dataclass(frozen=True, slots=True)
class Plan:
    create: tuple[NewFollowUp, ...] = ()
    retime: tuple[Retime, ...] = ()
    cancel: tuple[Cancel, ...] = ()
    unanswered_nudges: int = 0
    suggest_ghosted: bool = False

    @property
    def changes_follow_ups(self) -> bool:
        return bool(self.create or self.retime or self.cancel)


def day_based_due(
    anchor: dt.datetime, days: int, settings: PlaybookSettings, tz: dt.tzinfo
) -> dt.datetime:
    """``days`` calendar days after ``anchor`` (in the user's zone) at ``nudge_hour`` local time.

    Calendar days, not 24 h multiples: a check-in planned across a DST change still falls at
    10:00 on the wall clock.
    """
    day = anchor.astimezone(tz).date() + dt.timedelta(days=days)
    if settings.business_days_only:
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
    local = dt.datetime.combine(day, dt.time(settings.nudge_hour), tzinfo=tz)
    return local.astimezone(dt.UTC)


def thank_you_key(app_id: int, interview_id: int, contact_id: int | None) -> str:
    return f"a{app_id}:thank_you:i{interview_id}:c{contact_id or 0}"


def call_key(app_id: int, interview_id: int) -> str:
    return f"a{app_id}:call:i{interview_id}"


def check_in_key(app_id: int, seq: int) -> str:
    return f"a{app_id}:check_in:{seq}"


def feedback_key(app_id: int) -> str:
    return f"a{app_id}:feedback"


def count_unanswered(follow_ups: Iterable[FollowUpFact], last_reply_at: dt.datetime | None) -> int:
    """Nudges marked done with "no reply" since their last reply."""
    count = 0
    for fu in follow_ups:
        if (
            fu.kind.is_nudge
            and fu.status is FollowUpStatus.DONE
            and fu.outcome is Outcome.NO_REPLY
            and fu.done_at is not None
            and (last_reply_at is None or fu.done_at > last_reply_at)
        ):
            count += 1
    return count


def plan(
    facts: ApplicationFacts, settings: PlaybookSettings, now: dt.datetime, tz: dt.tzinfo
) -> Plan:
    """What the playbook wants changed for one application. Applying it and planning again
    yields an empty plan (idempotence is property-tested)."""
    by_key = {fu.key: fu for fu in facts.follow_ups if fu.key is not None}
    pending_ours = [
        fu
        for fu in facts.follow_ups
        if fu.status is FollowUpStatus.PENDING and fu.created_by is CreatedBy.PLAYBOOK
    ]
    create: list[NewFollowUp] = []
    retime: list[Retime] = []
    cancel: list[Cancel] = []
    cancelled: set[int] = set()

    def drop(fu: FollowUpFact, reason: str) -> None:
        if fu.id not in cancelled:
            cancelled.add(fu.id)
            cancel.append(Cancel(fu.id, reason))

    def want(spec: NewFollowUp, *, too_late: bool) -> None:
        existing = by_key.get(spec.key)
        if existing is None:
            if not too_late:
                create.append(spec)
            return
        if (
            existing.status is FollowUpStatus.PENDING
            and existing.created_by is CreatedBy.PLAYBOOK
            and not existing.rescheduled
            and (existing.due_at != spec.due_at or existing.escalate_at != spec.escalate_at)
        ):
            retime.append(Retime(existing.id, spec.due_at, spec.escalate_at))

    kind = facts.stage_kind
    unanswered = count_unanswered(facts.follow_ups, facts.last_reply_at)

    # Terminal stages: the process is over, stop every nudge (the feedback request excepted).
    if kind.is_terminal:
        for fu in pending_ours:
            if fu.kind is not FollowUpKind.FEEDBACK_REQUEST:
                drop(fu, f"The application moved to a {kind.category} stage.")
    else:
        _plan_interviews(facts, settings, now, tz, want, drop, pending_ours)

    # 3. Stay in touch while open; 4. stop at the cap.
    check_ins = [fu for fu in facts.follow_ups if fu.kind in _CHECK_IN_FAMILY and fu.key]
    pending_check_ins = [fu for fu in pending_ours if fu.kind in _CHECK_IN_FAMILY]
    capped = unanswered >= settings.max_unanswered_nudges
    if kind is StageKind.OPEN and not capped:
        anchor_candidates = [facts.stage_entered_at]
        if facts.last_touch_at is not None:
            anchor_candidates.append(facts.last_touch_at)
        anchor_candidates.extend(i.ends_at for i in facts.interviews)
        anchor = max(anchor_candidates)
        due = day_based_due(anchor, settings.check_in_every_days, settings, tz)
        fu_kind = FollowUpKind.STATUS_INQUIRY if facts.interviews else FollowUpKind.CHECK_IN
        if pending_check_ins:
            first, *extra = sorted(pending_check_ins, key=lambda f: f.due_at)
            for fu in extra:
                drop(fu, "Only one check-in is kept pending at a time.")
            new_due = first.due_at if first.rescheduled else due
            if first.kind is not fu_kind:
                retime.append(
                    Retime(first.id, new_due, None, fu_kind, _check_in_title(fu_kind, facts))
                )
            elif new_due != first.due_at:
                retime.append(Retime(first.id, new_due, None))
        else:
            seq = 1 + max((_seq_of(fu.key) for fu in check_ins), default=0)
            create.append(
                NewFollowUp(
                    key=check_in_key(facts.id, seq),
                    kind=fu_kind,
                    title=_check_in_title(fu_kind, facts),
                    due_at=due,
                )
            )
    elif not kind.is_terminal:
        reason = (
            "Stopped nudging: earlier follow-ups went unanswered."
            if capped
            else "The application is not in an active stage."
        )
        for fu in pending_check_ins:
            drop(fu, reason)

    # 4b. Rejected: ask for feedback (once). Moved out of Rejected again (an undo, a
    # mistake): the pending request goes with it.
    if kind is not StageKind.REJECTED:
        for fu in pending_ours:
            if fu.kind is FollowUpKind.FEEDBACK_REQUEST:
                drop(fu, "The application is no longer in a Rejected stage.")
    if kind is StageKind.REJECTED:
        want(
            NewFollowUp(
                key=feedback_key(facts.id),
                kind=FollowUpKind.FEEDBACK_REQUEST,
                title=f"Ask {facts.company} for feedback on your application",
                due_at=day_based_due(
                    facts.stage_entered_at, settings.feedback_after_days, settings, tz
                ),
            ),
            too_late=now - facts.stage_entered_at > FEEDBACK_TOO_LATE,
        )

    return Plan(
        create=tuple(create),
        retime=tuple(retime),
        cancel=tuple(cancel),
        unanswered_nudges=unanswered,
        suggest_ghosted=kind is StageKind.OPEN and capped,
    )


def _plan_interviews(
    facts: ApplicationFacts,
    settings: PlaybookSettings,
    now: dt.datetime,
    tz: dt.tzinfo,
    want: _Want,
    drop: _Drop,
    pending_ours: list[FollowUpFact],
) -> None:
    """Rules 1 and 2: thank-yous per interviewer and one call after the latest interview."""
    wanted_keys: set[str] = set()
    for interview in facts.interviews:
        people: tuple[Person | None, ...] = interview.interviewers or (None,)
        for person in people:
            key = thank_you_key(facts.id, interview.id, person.id if person else None)
            wanted_keys.add(key)
            who = person.name if person else "your interviewers"
            want(
                NewFollowUp(
                    key=key,
                    kind=FollowUpKind.THANK_YOU,
                    title=f"Send a thank-you email to {who}",
                    due_at=interview.ends_at + dt.timedelta(hours=settings.thank_you_due_hours),
                    escalate_at=interview.ends_at
                    + dt.timedelta(hours=settings.thank_you_escalate_hours),
                    interview_id=interview.id,
                    contact_id=person.id if person else None,
                ),
                too_late=now - interview.ends_at > THANK_YOU_TOO_LATE,
            )

    latest = max(facts.interviews, key=lambda i: (i.ends_at, i.id), default=None)
    replied = (
        latest is not None
        and facts.last_reply_at is not None
        and facts.last_reply_at > latest.ends_at
    )
    if latest is not None and not replied:
        key = call_key(facts.id, latest.id)
        wanted_keys.add(key)
        due = day_based_due(latest.ends_at, settings.call_after_days, settings, tz)
        want(
            NewFollowUp(
                key=key,
                kind=FollowUpKind.CALL,
                title=f"Call {facts.company} to follow up on your interview",
                due_at=due,
                interview_id=latest.id,
            ),
            too_late=now - due > NUDGE_TOO_LATE,
        )

    for fu in pending_ours:
        if fu.kind not in (FollowUpKind.THANK_YOU, FollowUpKind.CALL) or fu.key in wanted_keys:
            continue
        if fu.kind is FollowUpKind.CALL and replied:
            drop(fu, "They replied after the interview.")
        elif fu.kind is FollowUpKind.CALL:
            drop(fu, "A later interview replaced this call.")
        else:
            drop(fu, "The interview or interviewer it was for was removed.")


class _Want(Protocol):
    def __call__(self, spec: NewFollowUp, *, too_late: bool) -> None: ...


class _Drop(Protocol):
    def __call__(self, fu: FollowUpFact, reason: str) -> None: ...


def _seq_of(key: str | None) -> int:
    try:
        return int((key or "").rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return 0


def _check_in_title(kind: FollowUpKind, facts: ApplicationFacts) -> str:
    if kind is FollowUpKind.STATUS_INQUIRY:
        return f"Ask {facts.company} how the process for {facts.role} is going"
    return f"Check in with {facts.company} about your {facts.role} application"


# --- staying in touch with people (networking), independent of any one application ------


@dataclasses.dataclass(frozen=True, slots=True)
class ContactFacts:
    id: int
    name: str
    #: Days between reminders; None = the user wants none for this person.
    every_days: int | None
    created_at: dt.datetime
    #: Last logged contact with this person (call, email, reply, done follow-up), if any.
    last_touch_at: dt.datetime | None
    follow_ups: tuple[FollowUpFact, ...] = ()


def keep_in_touch_key(contact_id: int, seq: int) -> str:
    return f"c{contact_id}:keep_in_touch:{seq}"


def plan_contact(
    facts: ContactFacts, settings: PlaybookSettings, now: dt.datetime, tz: dt.tzinfo
) -> Plan:
    """One pending "keep in touch" reminder per person with a cadence, due that many days
    after the last contact (at the usual local hour, on a working day); re-timed by any new
    contact, withdrawn when the cadence is cleared. Idempotent like :func:`plan`."""
    mine = [
        fu
        for fu in facts.follow_ups
        if fu.kind is FollowUpKind.KEEP_IN_TOUCH and fu.created_by is CreatedBy.PLAYBOOK
    ]
    pending = sorted(
        (fu for fu in mine if fu.status is FollowUpStatus.PENDING), key=lambda f: f.due_at
    )
    if facts.every_days is None:
        return Plan(
            cancel=tuple(
                Cancel(fu.id, "Stay-in-touch reminders were turned off.") for fu in pending
            )
        )
    # The clock restarts at the last contact, or when the last reminder was done or skipped.
    anchor = max(
        [facts.created_at, facts.last_touch_at or facts.created_at]
        + [fu.done_at for fu in mine if fu.done_at is not None]
    )
    due = day_based_due(anchor, facts.every_days, settings, tz)
    if pending:
        first, *extra = pending
        cancel = tuple(
            Cancel(fu.id, "Only one reminder is kept pending at a time.") for fu in extra
        )
        retime = () if first.rescheduled or first.due_at == due else (Retime(first.id, due, None),)
        return Plan(retime=retime, cancel=cancel)
    seq = 1 + max((_seq_of(fu.key) for fu in mine), default=0)
    return Plan(
        create=(
            NewFollowUp(
                key=keep_in_touch_key(facts.id, seq),
                kind=FollowUpKind.KEEP_IN_TOUCH,
                title=f"Keep in touch with {facts.name}",
                due_at=due,
                contact_id=facts.id,
            ),
        )
    )
