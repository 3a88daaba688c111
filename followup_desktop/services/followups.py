"""Acting on follow-ups: done, dismissed, snoozed, rescheduled, added by hand, announced."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..core import validation as v
from ..core.changes import Changes, Created
from ..core.types import (
    ActivityKind,
    CreatedBy,
    DomainError,
    FollowUpKind,
    FollowUpStatus,
    Outcome,
)
from ..store.database import Database, Transaction
from ..store.models import Contact, FollowUp
from .common import get, live_application, log_activity
from .playbook_runner import replan, replan_contact


def _pending(tx: Transaction, fu_id: int) -> FollowUp:
    fu = get(tx, FollowUp, fu_id)
    if fu.status is not FollowUpStatus.PENDING:
        raise DomainError(f"“{fu.title}” is already {fu.status.value}.")
    return fu


def _touch(tx: Transaction, fu: FollowUp) -> None:
    fu.updated_at = tx.now
    tx.changed.follow_ups.add(fu.id)
    if fu.application_id is not None:
        tx.changed.applications.add(fu.application_id)


def complete_follow_up(
    db: Database, fu_id: int, *, outcome: Outcome | None = None, note: str = ""
) -> Changes:
    """Mark done. ``outcome`` REPLIED also records their reply (resets the unanswered
    count); NO_REPLY counts towards suggesting Ghosted."""
    return complete_follow_ups(db, [fu_id], outcome=outcome, note=note)


def complete_follow_ups(
    db: Database, fu_ids: Sequence[int], *, outcome: Outcome | None = None, note: str = ""
) -> Changes:
    """Mark several done at once (back from a week away, say): one transaction, so one
    that is no longer to do refuses them all and changes nothing."""
    note = v.long_text("Note", note)
    if outcome is not None and not isinstance(outcome, Outcome):
        raise DomainError("Unknown outcome.")
    if not fu_ids:
        raise DomainError("No follow-up chosen.")
    with db.write() as tx:
        for fu_id in dict.fromkeys(fu_ids):
            _complete(tx, _pending(tx, fu_id), outcome, note)
    return tx.result


def _complete(tx: Transaction, fu: FollowUp, outcome: Outcome | None, note: str) -> None:
    fu.status = FollowUpStatus.DONE
    fu.done_at = tx.now
    fu.outcome = outcome
    fu.outcome_note = note
    _touch(tx, fu)
    summary = f"Done: {fu.title}" + (f" — {note}" if note else "")
    log_activity(
        tx,
        fu.application_id,
        ActivityKind.FOLLOW_UP_DONE,
        summary,
        contact_id=fu.contact_id,
        follow_up_id=fu.id,
    )
    if outcome is Outcome.REPLIED:
        log_activity(
            tx,
            fu.application_id,
            ActivityKind.REPLY_RECEIVED,
            "They replied",
            contact_id=fu.contact_id,
            follow_up_id=fu.id,
        )
    _replan_owners(tx, fu)


def _replan_owners(tx: Transaction, fu: FollowUp) -> None:
    """A follow-up done (or skipped) can move both its card's plan and, when it was about a
    person, that person's stay-in-touch reminder."""
    if fu.application is not None:
        replan(tx, fu.application)
    if fu.contact_id is not None:
        replan_contact(tx, fu.contact_id)


def dismiss_follow_up(db: Database, fu_id: int) -> Changes:
    """The user decided not to do it. Not a contact; does not restart the cadence."""
    with db.write() as tx:
        fu = _pending(tx, fu_id)
        fu.status = FollowUpStatus.DISMISSED
        fu.done_at = tx.now
        _touch(tx, fu)
        log_activity(
            tx,
            fu.application_id,
            ActivityKind.FOLLOW_UP_DISMISSED,
            f"Skipped: {fu.title}",
            follow_up_id=fu.id,
        )
        _replan_owners(tx, fu)
    return tx.result


def reopen_follow_up(db: Database, fu_id: int) -> Changes:
    """Undo done/dismissed: pending again, as it was."""
    return reopen_follow_ups(db, [fu_id])


def reopen_follow_ups(db: Database, fu_ids: Sequence[int]) -> Changes:
    """Several pending again at once (the panel's "Reopen" after a Done clicked by
    mistake), in one transaction; one already pending is left as it is."""
    with db.write() as tx:
        for fu_id in dict.fromkeys(fu_ids):
            fu = get(tx, FollowUp, fu_id)
            if fu.status is FollowUpStatus.PENDING:
                continue
            fu.status = FollowUpStatus.PENDING
            fu.done_at = None
            fu.outcome = None
            fu.outcome_note = ""
            _touch(tx, fu)
            if fu.application is not None:
                replan(tx, fu.application)
    return tx.result


def snooze_follow_up(db: Database, fu_id: int, until: dt.datetime) -> Changes:
    """Hide it until ``until``; the notifier speaks again then (not before)."""
    return snooze_follow_ups(db, [fu_id], until)


def snooze_follow_ups(db: Database, fu_ids: Sequence[int], until: dt.datetime) -> Changes:
    """Snooze several to the same time, in one transaction (all or none)."""
    if not fu_ids:
        raise DomainError("No follow-up chosen.")
    with db.write() as tx:
        when = v.instant("Snooze until", until)
        if when <= tx.now:
            raise DomainError("Snooze until a time in the future.")
        for fu_id in dict.fromkeys(fu_ids):
            fu = _pending(tx, fu_id)
            fu.snoozed_until = when
            _touch(tx, fu)
            log_activity(
                tx,
                fu.application_id,
                ActivityKind.FOLLOW_UP_SNOOZED,
                f"Snoozed: {fu.title}",
                follow_up_id=fu.id,
            )
    return tx.result


def move_due(tx: Transaction, fu: FollowUp, when: dt.datetime) -> None:
    """Give a pending follow-up a new due time, as the person chose it: the playbook leaves
    its timing alone from now on, and an escalation keeps its distance from the due time."""
    if fu.escalate_at is not None:
        fu.escalate_at = fu.escalate_at + (when - fu.due_at)
    fu.due_at = when
    fu.snoozed_until = None
    fu.rescheduled = True
    _touch(tx, fu)


def reschedule_follow_up(db: Database, fu_id: int, due_at: dt.datetime) -> Changes:
    """Move the due date. The playbook will leave this one's timing alone from now on;
    an escalation keeps its distance from the due time."""
    with db.write() as tx:
        when = v.instant("Due date", due_at)
        fu = _pending(tx, fu_id)
        move_due(tx, fu, when)
        log_activity(
            tx,
            fu.application_id,
            ActivityKind.FOLLOW_UP_RESCHEDULED,
            f"Rescheduled: {fu.title}",
            follow_up_id=fu.id,
        )
    return tx.result


def add_follow_up(
    db: Database,
    app_id: int,
    title: str,
    due_at: dt.datetime,
    *,
    kind: FollowUpKind = FollowUpKind.CUSTOM,
    details: str = "",
    contact_id: int | None = None,
) -> Created:
    """A follow-up of the user's own; the playbook never changes or removes it."""
    title = v.one_line("Title", title, required=True)
    details = v.long_text("Details", details)
    if not isinstance(kind, FollowUpKind):
        raise DomainError("Unknown follow-up kind.")
    with db.write() as tx:
        when = v.instant("Due date", due_at)
        app = live_application(tx, app_id)
        if contact_id is not None:
            get(tx, Contact, contact_id)
        fu = FollowUp(
            application=app,
            contact_id=contact_id,
            kind=kind,
            title=title,
            details=details,
            status=FollowUpStatus.PENDING,
            due_at=when,
            created_by=CreatedBy.USER,
            rescheduled=False,
            created_at=tx.now,
            updated_at=tx.now,
        )
        tx.session.add(fu)
        tx.session.flush()
        _touch(tx, fu)
    return Created(fu.id, tx.result)


def mark_notified(db: Database, fu_id: int, *, escalation: bool = False) -> Changes:
    """The notifier announced it; persisted so a restart neither loses nor repeats it."""
    with db.write() as tx:
        fu = get(tx, FollowUp, fu_id)
        _announce(fu, tx.now, escalation)
        tx.changed.follow_ups.add(fu.id)
    return tx.result


def mark_notified_many(db: Database, announced: list[tuple[int, bool]]) -> Changes:
    """Record in one transaction that these follow-ups were announced ((id, escalation))."""
    with db.write() as tx:
        for fu_id, escalation in announced:
            fu = tx.session.get(FollowUp, fu_id)
            if fu is None:
                continue  # deleted meanwhile: nothing to remember
            _announce(fu, tx.now, escalation)
            tx.changed.follow_ups.add(fu.id)
    return tx.result


def _announce(fu: FollowUp, now: dt.datetime, escalation: bool) -> None:
    """An announcement made after the escalation time covers the escalation too (a
    catch-up after days away says it once, not twice in a row)."""
    if escalation or (fu.escalate_at is not None and fu.escalate_at <= now):
        fu.escalation_notified_at = now
    fu.notified_at = now
