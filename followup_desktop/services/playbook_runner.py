"""Runs the pure playbook inside a write transaction: gather facts, plan, apply.

This runs on every cross-column drop, so gathering and the common outcomes (re-time,
cancel, counters) use prebuilt Core statements: building a SQLAlchemy statement costs
~0.25 ms on our reference machine, executing a prebuilt one ~0.08 ms. ``next_alert_at`` is
kept true here with the same function the flush listener uses (store/alerts.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from ..core import playbook
from ..core.settings import PlaybookSettings
from ..core.types import (
    ActivityKind,
    CreatedBy,
    DomainError,
    FollowUpKind,
    FollowUpStatus,
    Outcome,
    StageKind,
)
from ..store.alerts import alert_time
from ..store.columns import as_utc, db_text
from ..store.database import Transaction
from ..store.models import (
    Activity,
    Application,
    Contact,
    FollowUp,
    Setting,
    table_of,
)
from .common import expire_loaded

log = logging.getLogger("followup.playbook")

PLAYBOOK_SETTINGS_KEY = "playbook"
_TOUCH_KINDS = [k for k in ActivityKind if k.is_touch]

# The reads run on every cross-column drop, as plain SQL on the transaction's own sqlite3
# connection (Transaction.driver): SQLAlchemy's per-statement bookkeeping and typed result
# processing cost more than SQLite's work here. Values come back as stored (enums by
# value, instants as naive UTC text) and are typed in _read_follow_ups and _gather.
_APP = (
    "SELECT a.company, a.role, a.stage_entered_at, a.archived, a.deleted_at,"
    " a.unanswered_nudges, a.ghost_suggested, s.kind"
    " FROM application a JOIN stage s ON s.id = a.stage_id WHERE a.id = ?"
)
_TOUCHES = (
    "SELECT max(at) FILTER (WHERE kind IN ({})), max(at) FILTER (WHERE kind = ?)"
    " FROM activity WHERE application_id = ?"
).format(", ".join("?" * len(_TOUCH_KINDS)))
_TOUCH_PARAMS = (*(k.value for k in _TOUCH_KINDS), ActivityKind.REPLY_RECEIVED.value)
_INTERVIEWS = (
    "SELECT i.id, i.starts_at, i.duration_minutes, c.id, c.name FROM interview i"
    " LEFT JOIN interview_interviewer ii ON ii.interview_id = i.id"
    " LEFT JOIN contact c ON c.id = ii.contact_id"
    " WHERE i.application_id = ? ORDER BY i.starts_at, i.id, c.name"
)
#: What the planner and the alert bookkeeping read of a follow-up (see _read_follow_ups).
_FOLLOW_UP_COLUMNS = (
    "SELECT id, kind, status, created_by, playbook_key, due_at, escalate_at, done_at,"
    " outcome, rescheduled, interview_id, contact_id, snoozed_until, notified_at,"
    " escalation_notified_at FROM follow_up"
)
_FOLLOW_UPS = _FOLLOW_UP_COLUMNS + " WHERE application_id = ?"
_fu = table_of(FollowUp)
#: Columns without a value here are NULL, as the model's defaults are.
_INSERT_FOLLOW_UP = (
    "INSERT INTO follow_up (application_id, contact_id, interview_id, kind, title, details,"
    " status, due_at, escalate_at, next_alert_at, outcome_note, created_by, playbook_key,"
    " rescheduled, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?, '', ?, ?, 0, ?, ?)"
)
# Retimes and cancellations too (a cross-column drop re-anchors the card's check-in,
# a move to a closed stage cancels what was planned): a Core statement cost ~0.1 ms each.
_RETIME = (
    "UPDATE follow_up SET due_at = ?, escalate_at = ?, next_alert_at = ?, updated_at = ?"
    " WHERE id = ?"
)
_RETIME_KIND = "UPDATE follow_up SET kind = ?, title = ? WHERE id = ?"
_CANCEL = (
    "UPDATE follow_up SET status = ?, done_at = ?, outcome_note = ?, next_alert_at = NULL,"
    " updated_at = ? WHERE id = ?"
)
_app_t = table_of(Application)
# Plain SQL on the driver like the reads above: a moved card's counters change on many
# drops (into or out of an open stage), and a Core statement cost ~0.1 ms of bookkeeping.
_COUNTERS = "UPDATE application SET unanswered_nudges = ?, ghost_suggested = ? WHERE id = ?"


_SETTINGS = "SELECT value FROM setting WHERE key = ?"


def load_settings(session: Session) -> PlaybookSettings:
    row = session.get(Setting, PLAYBOOK_SETTINGS_KEY)
    return _parse_settings(None if row is None else row.value)


def _parse_settings(value: str | None) -> PlaybookSettings:
    if value is None:
        return PlaybookSettings()
    try:
        return PlaybookSettings.from_dict(json.loads(value))
    except (ValueError, TypeError, DomainError) as exc:
        log.warning("stored playbook settings unusable (%s); using defaults", exc)
        return PlaybookSettings()


#: Per follow-up id: (snoozed_until, notified_at, escalation_notified_at).
AlertState = dict[int, tuple[dt.datetime | None, dt.datetime | None, dt.datetime | None]]


@dataclasses.dataclass(slots=True)
class _Gathered:
    facts: playbook.ApplicationFacts
    live: bool
    unanswered: int
    ghost: bool
    #: follow-up id -> (snoozed_until, notified_at, escalation_notified_at)
    alert_state: AlertState


def _gather(tx: Transaction, app_id: int) -> _Gathered | None:
    con = tx.driver
    app = con.execute(_APP, (app_id,)).fetchone()
    if app is None:
        return None
    company, role, entered, archived, deleted_at, unanswered, ghost, kind = app
    touch, reply = con.execute(_TOUCHES, (*_TOUCH_PARAMS, app_id)).fetchone()
    interviews: dict[int, tuple[dt.datetime, int, list[playbook.Person]]] = {}
    for iid, starts, minutes, cid, cname in con.execute(_INTERVIEWS, (app_id,)):
        entry = interviews.setdefault(iid, (_instant(starts), minutes, []))
        if cid is not None:
            entry[2].append(playbook.Person(cid, cname))
    follow_ups, alert_state = _read_follow_ups(con.execute(_FOLLOW_UPS, (app_id,)))
    facts = playbook.ApplicationFacts(
        id=app_id,
        company=company,
        role=role,
        stage_kind=StageKind(kind),
        stage_entered_at=_instant(entered),
        interviews=tuple(
            playbook.InterviewFact(
                id=iid,
                starts_at=starts,
                ends_at=starts + dt.timedelta(minutes=minutes),
                interviewers=tuple(people),
            )
            for iid, (starts, minutes, people) in interviews.items()
        ),
        follow_ups=tuple(follow_ups),
        last_touch_at=as_utc(touch),
        last_reply_at=as_utc(reply),
    )
    return _Gathered(
        facts=facts,
        live=not archived and deleted_at is None,
        unanswered=unanswered,
        ghost=bool(ghost),
        alert_state=alert_state,
    )


def _instant(text: str) -> dt.datetime:
    """A NOT NULL instant as stored (see store.columns.as_utc)."""
    when = as_utc(text)
    assert when is not None
    return when


def _read_follow_ups(rows: Any) -> tuple[list[playbook.FollowUpFact], AlertState]:
    """Follow-ups as the planner sees them (rows of _FOLLOW_UP_COLUMNS), plus what
    ``alert_time`` needs to re-time them: (snoozed_until, notified_at,
    escalation_notified_at) by id."""
    facts = []
    alert_state: AlertState = {}
    for (
        fu_id,
        kind,
        status,
        created_by,
        key,
        due_at,
        escalate_at,
        done_at,
        outcome,
        rescheduled,
        interview_id,
        contact_id,
        snoozed_until,
        notified_at,
        escalation_notified_at,
    ) in rows:
        facts.append(
            playbook.FollowUpFact(
                id=fu_id,
                kind=FollowUpKind(kind),
                status=FollowUpStatus(status),
                created_by=CreatedBy(created_by),
                key=key,
                due_at=_instant(due_at),
                escalate_at=as_utc(escalate_at),
                done_at=as_utc(done_at),
                outcome=None if outcome is None else Outcome(outcome),
                rescheduled=bool(rescheduled),
                interview_id=interview_id,
                contact_id=contact_id,
            )
        )
        alert_state[fu_id] = (
            as_utc(snoozed_until),
            as_utc(notified_at),
            as_utc(escalation_notified_at),
        )
    return facts, alert_state


def gather(tx: Transaction, app_id: int) -> playbook.ApplicationFacts:
    got = _gather(tx, app_id)
    if got is None:
        raise DomainError(f"That application no longer exists (id {app_id}).")
    return got.facts


def settings_for(tx: Transaction) -> PlaybookSettings:
    """The playbook's settings, read once per process (until a write changes them).
    Plain SQL on the writer, like the rest of a move: through the ORM the first read
    compiled its statement inside the first drop after start (~3 ms)."""
    cached = tx.cache.get(PLAYBOOK_SETTINGS_KEY)
    if not isinstance(cached, PlaybookSettings):
        row = tx.driver.execute(_SETTINGS, (PLAYBOOK_SETTINGS_KEY,)).fetchone()
        cached = tx.cache[PLAYBOOK_SETTINGS_KEY] = _parse_settings(None if row is None else row[0])
    return cached


def replan(
    tx: Transaction, app: Application | int, settings: PlaybookSettings | None = None
) -> None:
    """Bring an application's playbook follow-ups in line with the method. Idempotent.

    Archived and deleted applications are frozen: they are planned again when restored."""
    app_id = app if isinstance(app, int) else app.id
    got = _gather(tx, app_id)  # reads through tx.driver, which flushes pending ORM changes
    if got is None or not got.live:
        return
    the_plan = playbook.plan(got.facts, settings or settings_for(tx), tx.now, tx.tz)
    _apply(tx, the_plan, app_id, None, got.alert_state)
    if got.unanswered != the_plan.unanswered_nudges or got.ghost != the_plan.suggest_ghosted:
        tx.driver.execute(
            _COUNTERS, (the_plan.unanswered_nudges, int(the_plan.suggest_ghosted), app_id)
        )
        expire_loaded(tx, Application, {app_id})
        tx.changed.applications.add(app_id)


def _apply(
    tx: Transaction,
    the_plan: playbook.Plan,
    app_id: int | None,
    contact_id: int | None,
    alert_state: AlertState,
) -> None:
    """Carry out a plan's creations, re-timings and cancellations in the transaction.

    New follow-ups are inserted with plain SQL on the transaction's connection (a drop into
    another stage creates one about every third move; through the ORM each cost a flush
    with its alert hook, ~0.5 ms). The row is what the ORM would store — the alert time
    comes from the same ``alert_time`` the hook uses; a test compares the two rows."""
    touched: set[int] = set()
    if the_plan.create:
        con = tx.driver
        stamp = db_text(tx.now)
        for new in the_plan.create:
            alert = _planned_alert(new.due_at, new.escalate_at)
            cursor = con.execute(
                _INSERT_FOLLOW_UP,
                (
                    app_id,
                    new.contact_id if new.contact_id is not None else contact_id,
                    new.interview_id,
                    FollowUpKind(new.kind).value,
                    new.title,
                    FollowUpStatus.PENDING.value,
                    db_text(new.due_at),
                    None if new.escalate_at is None else db_text(new.escalate_at),
                    None if alert is None else db_text(alert),
                    CreatedBy.PLAYBOOK.value,
                    new.key,
                    stamp,
                    stamp,
                ),
            )
            assert cursor.lastrowid is not None
            touched.add(cursor.lastrowid)
    if the_plan.retime or the_plan.cancel:
        con = tx.driver
        now = db_text(tx.now)
        for rt in the_plan.retime:
            alert = _planned_alert(rt.due_at, rt.escalate_at, alert_state[rt.follow_up_id])
            con.execute(
                _RETIME,
                (
                    db_text(rt.due_at),
                    None if rt.escalate_at is None else db_text(rt.escalate_at),
                    None if alert is None else db_text(alert),
                    now,
                    rt.follow_up_id,
                ),
            )
            if rt.kind is not None:
                con.execute(_RETIME_KIND, (FollowUpKind(rt.kind).value, rt.title, rt.follow_up_id))
            touched.add(rt.follow_up_id)
        for c in the_plan.cancel:
            con.execute(
                _CANCEL, (FollowUpStatus.CANCELLED.value, now, c.reason, now, c.follow_up_id)
            )
            touched.add(c.follow_up_id)
    expire_loaded(tx, FollowUp, touched)
    tx.changed.follow_ups.update(touched)
    if app_id is not None and the_plan.changes_follow_ups:
        tx.changed.applications.add(app_id)
    if contact_id is not None and the_plan.changes_follow_ups:
        tx.changed.contacts.add(contact_id)


def _planned_alert(
    due_at: dt.datetime,
    escalate_at: dt.datetime | None,
    state: tuple[dt.datetime | None, dt.datetime | None, dt.datetime | None] = (None, None, None),
) -> dt.datetime | None:
    """When the notifier should speak about a playbook follow-up the plan creates or
    re-times: pending, on a live application (the plan runs for no other). ``state``:
    (snoozed until, notified at, escalation notified at) of an existing follow-up."""
    snoozed, notified, esc_notified = state
    return alert_time(
        FollowUpStatus.PENDING,
        due_at,
        snoozed_until=snoozed,
        notified_at=notified,
        escalate_at=escalate_at,
        escalation_notified_at=esc_notified,
        application_live=True,
    )


_CONTACT = select(Contact.name, Contact.keep_in_touch_days, Contact.created_at).where(
    Contact.id == bindparam("contact_id")
)
_CONTACT_TOUCH = select(func.max(Activity.at)).where(
    Activity.contact_id == bindparam("contact_id"), Activity.kind.in_(_TOUCH_KINDS)
)
_CONTACT_FOLLOW_UPS = (
    _FOLLOW_UP_COLUMNS + " WHERE contact_id = ? AND application_id IS NULL AND kind = ?"
)


def replan_contact(tx: Transaction, contact_id: int) -> None:
    """Bring a person's stay-in-touch reminder in line with their cadence. Idempotent."""
    tx.flush()  # the session's pending changes, if it has any, before reading
    conn = tx.connection
    params = {"contact_id": contact_id}
    row = conn.execute(_CONTACT, params).one_or_none()
    if row is None:
        return
    facts_fus, alert_state = _read_follow_ups(
        tx.driver.execute(_CONTACT_FOLLOW_UPS, (contact_id, FollowUpKind.KEEP_IN_TOUCH.value))
    )
    facts = playbook.ContactFacts(
        id=contact_id,
        name=row.name,
        every_days=row.keep_in_touch_days,
        created_at=row.created_at,
        last_touch_at=as_utc(conn.execute(_CONTACT_TOUCH, params).scalar()),
        follow_ups=tuple(facts_fus),
    )
    the_plan = playbook.plan_contact(facts, settings_for(tx), tx.now, tx.tz)
    _apply(tx, the_plan, None, contact_id, alert_state)
