"""The follow-up method as pure functions: no database, no Qt."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from followup_desktop.core import playbook as pb
from followup_desktop.core.settings import PlaybookSettings
from followup_desktop.core.types import (
    CreatedBy,
    DomainError,
    FollowUpKind,
    FollowUpStatus,
    Outcome,
    StageKind,
)

BERLIN = ZoneInfo("Europe/Berlin")
S = PlaybookSettings()


def at(y: int, m: int, d: int, h: int = 0, mi: int = 0, tz: dt.tzinfo = BERLIN) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=tz).astimezone(dt.UTC)


def facts(**kw: object) -> pb.ApplicationFacts:
    base: dict[str, object] = {
        "id": 7,
        "company": "Acme",
        "role": "Engineer",
        "stage_kind": StageKind.OPEN,
        "stage_entered_at": at(2026, 10, 1, 9),
    }
    base.update(kw)
    return pb.ApplicationFacts(**base)  # type: ignore[arg-type]


def apply(f: pb.ApplicationFacts, plan: pb.Plan, now: dt.datetime) -> pb.ApplicationFacts:
    """What the service layer does with a plan, in memory."""
    fus = {fu.id: fu for fu in f.follow_ups}
    for r in plan.retime:
        fus[r.follow_up_id] = dataclasses.replace(
            fus[r.follow_up_id],
            due_at=r.due_at,
            escalate_at=r.escalate_at,
            kind=r.kind or fus[r.follow_up_id].kind,
        )
    for c in plan.cancel:
        fus[c.follow_up_id] = dataclasses.replace(
            fus[c.follow_up_id], status=FollowUpStatus.CANCELLED, done_at=now
        )
    next_id = max(fus, default=0) + 1
    for n in plan.create:
        fus[next_id] = pb.FollowUpFact(
            id=next_id,
            kind=n.kind,
            status=FollowUpStatus.PENDING,
            created_by=CreatedBy.PLAYBOOK,
            key=n.key,
            due_at=n.due_at,
            escalate_at=n.escalate_at,
            interview_id=n.interview_id,
            contact_id=n.contact_id,
        )
        next_id += 1
    return dataclasses.replace(f, follow_ups=tuple(fus.values()))


def pending(f: pb.ApplicationFacts, kind: FollowUpKind | None = None) -> list[pb.FollowUpFact]:
    return [
        fu
        for fu in f.follow_ups
        if fu.status is FollowUpStatus.PENDING and (kind is None or fu.kind is kind)
    ]


# --- scripted scenario from the issue: an interview on the Friday before DST ends ----------

FRIDAY_INTERVIEW = pb.InterviewFact(
    id=1,
    starts_at=at(2026, 10, 23, 14),  # Friday 23 Oct 2026, 14:00 CEST
    ends_at=at(2026, 10, 23, 15),
    interviewers=(pb.Person(11, "Jane Doe"), pb.Person(12, "Raj Patel")),
)


def test_interview_before_dst_change_gets_thank_yous_and_a_call() -> None:
    now = at(2026, 10, 23, 16)
    f = facts(interviews=(FRIDAY_INTERVIEW,), last_touch_at=at(2026, 10, 20, 9))
    plan = pb.plan(f, S, now, BERLIN)
    thanks = [c for c in plan.create if c.kind is FollowUpKind.THANK_YOU]
    assert sorted(t.title for t in thanks) == [
        "Send a thank-you email to Jane Doe",
        "Send a thank-you email to Raj Patel",
    ]
    for t in thanks:
        # 24 h after the end: Saturday 15:00 CEST.
        assert t.due_at.astimezone(BERLIN) == dt.datetime(2026, 10, 24, 15, tzinfo=BERLIN)
        # 48 h later in real time crosses the DST change: Sunday 14:00 CET on the wall clock.
        assert t.escalate_at == at(2026, 10, 23, 15) + dt.timedelta(hours=48)
        assert t.escalate_at is not None
        assert t.escalate_at.astimezone(BERLIN).hour == 14
    (call,) = [c for c in plan.create if c.kind is FollowUpKind.CALL]
    # Calendar week later at 10:00 local, winter time now: 09:00 UTC.
    assert call.due_at == dt.datetime(2026, 10, 30, 9, tzinfo=dt.UTC)
    (inquiry,) = [c for c in plan.create if c.kind is FollowUpKind.STATUS_INQUIRY]
    # 14 days after the interview is Friday 6 Nov, 10:00 CET.
    assert inquiry.due_at.astimezone(BERLIN) == dt.datetime(2026, 11, 6, 10, tzinfo=BERLIN)


def test_replanning_is_idempotent() -> None:
    now = at(2026, 10, 23, 16)
    f = facts(interviews=(FRIDAY_INTERVIEW,))
    f = apply(f, pb.plan(f, S, now, BERLIN), now)
    again = pb.plan(f, S, now, BERLIN)
    assert not again.changes_follow_ups


def test_no_interviewer_named_gives_one_generic_thank_you_replaced_when_named() -> None:
    now = at(2026, 10, 23, 16)
    bare = dataclasses.replace(FRIDAY_INTERVIEW, interviewers=())
    f = facts(interviews=(bare,))
    plan = pb.plan(f, S, now, BERLIN)
    (generic,) = [c for c in plan.create if c.kind is FollowUpKind.THANK_YOU]
    assert generic.title == "Send a thank-you email to your interviewers"
    f = apply(f, plan, now)
    f = dataclasses.replace(f, interviews=(FRIDAY_INTERVIEW,))
    plan = pb.plan(f, S, now, BERLIN)
    assert len([c for c in plan.create if c.kind is FollowUpKind.THANK_YOU]) == 2
    (cancel,) = plan.cancel
    assert cancel.follow_up_id == pending(f, FollowUpKind.THANK_YOU)[0].id


def test_old_interview_gets_no_thank_you() -> None:
    now = at(2026, 11, 20, 9)
    plan = pb.plan(facts(interviews=(FRIDAY_INTERVIEW,)), S, now, BERLIN)
    assert not [c for c in plan.create if c.kind is FollowUpKind.THANK_YOU]


def test_reply_after_interview_cancels_the_call() -> None:
    now = at(2026, 10, 23, 16)
    f = facts(interviews=(FRIDAY_INTERVIEW,))
    f = apply(f, pb.plan(f, S, now, BERLIN), now)
    f = dataclasses.replace(
        f, last_reply_at=at(2026, 10, 26, 11), last_touch_at=at(2026, 10, 26, 11)
    )
    plan = pb.plan(f, S, at(2026, 10, 26, 12), BERLIN)
    call = pending(f, FollowUpKind.CALL)[0]
    assert [c.follow_up_id for c in plan.cancel] == [call.id]
    assert plan.cancel[0].reason == "They replied after the interview."


def test_check_in_restarts_on_contact_and_skips_weekends() -> None:
    now = at(2026, 10, 1, 9)
    f = facts(stage_entered_at=now)
    plan = pb.plan(f, S, now, BERLIN)
    (check,) = plan.create
    assert check.kind is FollowUpKind.CHECK_IN
    assert check.due_at.astimezone(BERLIN) == dt.datetime(2026, 10, 15, 10, tzinfo=BERLIN)
    f = apply(f, plan, now)
    # A call logged on Wednesday 7 Oct: 14 days later is Wednesday 21 Oct.
    f = dataclasses.replace(f, last_touch_at=at(2026, 10, 7, 16))
    (rt,) = pb.plan(f, S, now, BERLIN).retime
    assert rt.due_at.astimezone(BERLIN) == dt.datetime(2026, 10, 21, 10, tzinfo=BERLIN)
    # Touch on Saturday 10 Oct: 24 Oct is a Saturday → Monday 26 Oct (after DST ends).
    f = dataclasses.replace(f, last_touch_at=at(2026, 10, 10, 12))
    (rt,) = pb.plan(f, S, now, BERLIN).retime
    assert rt.due_at.astimezone(BERLIN) == dt.datetime(2026, 10, 26, 10, tzinfo=BERLIN)
    assert rt.due_at == dt.datetime(2026, 10, 26, 9, tzinfo=dt.UTC)


def test_planned_stage_gets_no_nudges() -> None:
    plan = pb.plan(facts(stage_kind=StageKind.PLANNED), S, at(2026, 10, 1, 9), BERLIN)
    assert plan == pb.Plan()


def _answer_nudge(
    f: pb.ApplicationFacts, when: dt.datetime, outcome: Outcome
) -> pb.ApplicationFacts:
    (fu,) = [x for x in pending(f) if x.kind.is_nudge]
    done = dataclasses.replace(fu, status=FollowUpStatus.DONE, done_at=when, outcome=outcome)
    others = tuple(x for x in f.follow_ups if x.id != fu.id)
    return dataclasses.replace(f, follow_ups=(*others, done), last_touch_at=when)


def test_two_unanswered_check_ins_suggest_ghosted_then_rejection_asks_feedback() -> None:
    t0 = at(2026, 9, 1, 9)
    f = facts(stage_entered_at=t0)
    f = apply(f, pb.plan(f, S, t0, BERLIN), t0)
    t1 = at(2026, 9, 15, 10)
    f = _answer_nudge(f, t1, Outcome.NO_REPLY)
    p1 = pb.plan(f, S, t1, BERLIN)
    assert p1.unanswered_nudges == 1
    assert not p1.suggest_ghosted
    f = apply(f, p1, t1)
    (second,) = pending(f, FollowUpKind.CHECK_IN)
    assert second.key == "a7:check_in:2"
    t2 = at(2026, 9, 29, 10)
    f = _answer_nudge(f, t2, Outcome.NO_REPLY)
    p2 = pb.plan(f, S, t2, BERLIN)
    assert p2.unanswered_nudges == 2
    assert p2.suggest_ghosted  # suggested, never moved: the plan has no stage change at all
    assert not p2.create  # and it stops nudging
    f = apply(f, p2, t2)
    # The user moves it to Rejected.
    t3 = at(2026, 10, 2, 11)  # a Friday; feedback request the next business day: Monday
    f = dataclasses.replace(f, stage_kind=StageKind.REJECTED, stage_entered_at=t3)
    p3 = pb.plan(f, S, t3, BERLIN)
    (fb,) = p3.create
    assert fb.kind is FollowUpKind.FEEDBACK_REQUEST
    assert fb.due_at.astimezone(BERLIN) == dt.datetime(2026, 10, 5, 10, tzinfo=BERLIN)
    assert not p3.suggest_ghosted
    f = apply(f, p3, t3)
    assert not pb.plan(f, S, t3, BERLIN).changes_follow_ups


def test_a_reply_resets_the_unanswered_count() -> None:
    t0 = at(2026, 9, 1, 9)
    f = facts(stage_entered_at=t0)
    f = apply(f, pb.plan(f, S, t0, BERLIN), t0)
    f = _answer_nudge(f, at(2026, 9, 15, 10), Outcome.NO_REPLY)
    f = dataclasses.replace(f, last_reply_at=at(2026, 9, 16, 10))
    assert pb.plan(f, S, at(2026, 9, 16, 10), BERLIN).unanswered_nudges == 0


def test_terminal_stage_cancels_playbook_nudges_but_not_user_follow_ups() -> None:
    now = at(2026, 10, 23, 16)
    f = facts(interviews=(FRIDAY_INTERVIEW,))
    f = apply(f, pb.plan(f, S, now, BERLIN), now)
    mine = pb.FollowUpFact(
        id=99,
        kind=FollowUpKind.CUSTOM,
        status=FollowUpStatus.PENDING,
        created_by=CreatedBy.USER,
        key=None,
        due_at=now,
    )
    f = dataclasses.replace(f, follow_ups=(*f.follow_ups, mine), stage_kind=StageKind.WON)
    plan = pb.plan(f, S, now, BERLIN)
    cancelled = {c.follow_up_id for c in plan.cancel}
    assert 99 not in cancelled
    assert cancelled == {fu.id for fu in pending(f) if fu.created_by is CreatedBy.PLAYBOOK}
    assert not plan.create


def test_user_rescheduled_follow_up_is_not_retimed() -> None:
    now = at(2026, 10, 1, 9)
    f = facts(stage_entered_at=now)
    f = apply(f, pb.plan(f, S, now, BERLIN), now)
    (check,) = pending(f)
    moved = dataclasses.replace(check, due_at=at(2026, 12, 1, 9), rescheduled=True)
    f = dataclasses.replace(f, follow_ups=(moved,), last_touch_at=at(2026, 10, 5, 9))
    assert not pb.plan(f, S, now, BERLIN).changes_follow_ups


def test_settings_are_validated() -> None:
    import pytest

    with pytest.raises(DomainError, match="Check-in interval"):
        PlaybookSettings(check_in_every_days=0)
    with pytest.raises(DomainError, match="escalation"):
        PlaybookSettings(thank_you_due_hours=48, thank_you_escalate_hours=24)
    with pytest.raises(DomainError, match="Unknown setting"):
        S.replace(bogus=1)
    assert PlaybookSettings.from_dict({**S.to_dict(), "from_the_future": 3}) == S


# --- property: any history, planned twice, changes nothing the second time ---------------

instants = st.integers(min_value=0, max_value=120 * 24).map(
    lambda h: at(2026, 9, 1) + dt.timedelta(hours=h)
)


@st.composite
def histories(draw: st.DrawFn) -> tuple[pb.ApplicationFacts, dt.datetime, PlaybookSettings]:
    n = draw(st.integers(0, 3))
    interviews = []
    for i in range(n):
        start = draw(instants)
        people = draw(st.lists(st.integers(1, 4), unique=True, max_size=3))
        interviews.append(
            pb.InterviewFact(
                id=i + 1,
                starts_at=start,
                ends_at=start + dt.timedelta(minutes=draw(st.integers(15, 240))),
                interviewers=tuple(pb.Person(p, f"P{p}") for p in people),
            )
        )
    s = PlaybookSettings(
        check_in_every_days=draw(st.integers(3, 30)),
        call_after_days=draw(st.integers(1, 14)),
        max_unanswered_nudges=draw(st.integers(1, 4)),
        business_days_only=draw(st.booleans()),
        nudge_hour=draw(st.integers(0, 23)),
    )
    f = facts(
        stage_kind=draw(st.sampled_from(list(StageKind))),
        stage_entered_at=draw(instants),
        interviews=tuple(interviews),
        last_touch_at=draw(st.none() | instants),
        last_reply_at=draw(st.none() | instants),
    )
    return f, draw(instants), s


@settings(max_examples=300, deadline=None)
@given(histories(), st.lists(st.sampled_from(["done", "no_reply", "reply"]), max_size=4))
def test_plan_apply_plan_is_a_fixed_point(
    h: tuple[pb.ApplicationFacts, dt.datetime, PlaybookSettings], answers: list[str]
) -> None:
    f, now, s = h
    f = apply(f, pb.plan(f, s, now, BERLIN), now)
    for answer in answers:  # the user works through some nudges, replanning after each
        nudges = [x for x in pending(f) if x.kind.is_nudge]
        if not nudges:
            break
        now = now + dt.timedelta(days=3)
        fu = nudges[0]
        outcome = Outcome.REPLIED if answer == "reply" else Outcome.NO_REPLY
        done = dataclasses.replace(fu, status=FollowUpStatus.DONE, done_at=now, outcome=outcome)
        f = dataclasses.replace(
            f,
            follow_ups=(*(x for x in f.follow_ups if x.id != fu.id), done),
            last_touch_at=now,
            last_reply_at=now if answer == "reply" else f.last_reply_at,
        )
        f = apply(f, pb.plan(f, s, now, BERLIN), now)
    again = pb.plan(f, s, now, BERLIN)
    assert not again.changes_follow_ups, again
    keys = [fu.key for fu in f.follow_ups if fu.key]
    assert len(keys) == len(set(keys))
    assert (
        len(
            [
                x
                for x in pending(f)
                if x.kind in (FollowUpKind.CHECK_IN, FollowUpKind.STATUS_INQUIRY)
            ]
        )
        <= 1
    )
    if f.stage_kind.is_terminal:
        assert all(x.kind is FollowUpKind.FEEDBACK_REQUEST for x in pending(f))


# --- staying in touch with a person -------------------------------------------------------


def contact(**kw: object) -> pb.ContactFacts:
    base: dict[str, object] = {
        "id": 3,
        "name": "Jane Doe",
        "every_days": 30,
        "created_at": at(2026, 9, 1, 9),
        "last_touch_at": None,
    }
    base.update(kw)
    return pb.ContactFacts(**base)  # type: ignore[arg-type]


def test_keep_in_touch_reminder_follows_the_last_contact() -> None:
    now = at(2026, 9, 1, 9)
    c = contact()
    (new,) = pb.plan_contact(c, S, now, BERLIN).create
    assert (new.kind, new.title, new.contact_id) == (
        FollowUpKind.KEEP_IN_TOUCH,
        "Keep in touch with Jane Doe",
        3,
    )
    assert new.due_at.astimezone(BERLIN) == dt.datetime(2026, 10, 1, 10, tzinfo=BERLIN)
    fu = pb.FollowUpFact(
        id=1,
        kind=new.kind,
        status=FollowUpStatus.PENDING,
        created_by=CreatedBy.PLAYBOOK,
        key=new.key,
        due_at=new.due_at,
        contact_id=3,
    )
    c = dataclasses.replace(c, follow_ups=(fu,))
    assert not pb.plan_contact(c, S, now, BERLIN).changes_follow_ups  # idempotent
    c = dataclasses.replace(c, last_touch_at=at(2026, 9, 10, 15))  # a call on Thu 10 Sep
    (rt,) = pb.plan_contact(c, S, now, BERLIN).retime
    assert rt.due_at.astimezone(BERLIN) == dt.datetime(2026, 10, 12, 10, tzinfo=BERLIN)  # Sat → Mon
    off = pb.plan_contact(dataclasses.replace(c, every_days=None), S, now, BERLIN)
    assert [x.follow_up_id for x in off.cancel] == [1]
    # Done: the next one counts from then, with a new key.
    done = dataclasses.replace(fu, status=FollowUpStatus.DONE, done_at=at(2026, 10, 2, 9))
    (nxt,) = pb.plan_contact(dataclasses.replace(c, follow_ups=(done,)), S, now, BERLIN).create
    assert nxt.key == "c3:keep_in_touch:2"
    assert nxt.due_at.astimezone(BERLIN).date() == dt.date(2026, 11, 2)
