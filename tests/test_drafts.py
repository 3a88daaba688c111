"""Drafts of follow-up messages: the pure renderer, the shipped templates, the user's own
templates and what a draft is filled in from (no Qt)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from followup_desktop.core import drafts
from followup_desktop.core.clock import ManualClock
from followup_desktop.core.types import ContactRole, DomainError, FollowUpKind, FollowUpStatus
from followup_desktop.services import applications, board, contacts, interviews
from followup_desktop.services import drafts as draft_service
from followup_desktop.services.board_view import load_stages
from followup_desktop.store.database import Database
from followup_desktop.store.models import FollowUp

BERLIN_NOW = dt.datetime(2026, 10, 22, 9, 0, tzinfo=dt.UTC)  # Thursday, 11:00 in Berlin


def facts(**kw: object) -> drafts.DraftFacts:
    base: dict[str, object] = {"kind": FollowUpKind.THANK_YOU, "title": "Say thanks"}
    return drafts.DraftFacts(**{**base, **kw})  # type: ignore[arg-type]


def test_spoken_list_reads_notes_typed_one_per_line() -> None:
    assert drafts.spoken_list("") == ""
    assert drafts.spoken_list("the data platform.") == "the data platform"
    assert drafts.spoken_list("- Kafka\n\n* on-call rota;\n• 1. team growth") == (
        "Kafka, on-call rota and 1. team growth"
    )
    assert drafts.spoken_list("1) Kafka\n2. Flink") == "Kafka and Flink"


def test_when_phrase_is_in_the_users_time_zone(clock: ManualClock) -> None:
    tz, now = clock.tz, BERLIN_NOW
    assert drafts.when_phrase(None, now, tz) == "recently"
    assert drafts.when_phrase(now - dt.timedelta(hours=2), now, tz) == "today"
    # 23:30 UTC on Wednesday is 01:30 on Thursday in Berlin: today, not yesterday.
    assert drafts.when_phrase(dt.datetime(2026, 10, 21, 23, 30, tzinfo=dt.UTC), now, tz) == "today"
    assert drafts.when_phrase(now - dt.timedelta(days=1), now, tz) == "yesterday"
    assert drafts.when_phrase(now - dt.timedelta(days=3), now, tz) == "on Monday"
    assert drafts.when_phrase(now - dt.timedelta(days=9), now, tz) == "on Tuesday 13 October"


def test_render_fills_in_known_names_and_prompts_for_the_rest(clock: ManualClock) -> None:
    template = "\n\n Subject:  Thanks,  $first_name \nHi $first_name,\n$points.\n$nonsense $$5\n\n"
    got = drafts.render(
        template,
        facts(person="Ada  Lovelace", email="ada@example.com", points="engines\nnotes"),
        BERLIN_NOW,
        clock.tz,
    )
    assert got.subject == "Thanks, Ada"
    assert got.to == "ada@example.com"
    assert got.body == "Hi Ada,\nengines and notes.\n$nonsense $5"  # a typo stays visible
    nobody = drafts.render("Hi $first_name, $points; $my_name", facts(), BERLIN_NOW, clock.tz)
    assert nobody.subject == ""
    assert nobody.body == "Hi there, [a specific point from the interview]; [your name]"


def test_every_kind_has_a_shipped_template_that_uses_only_known_names(
    clock: ManualClock,
) -> None:
    for kind in drafts.TEMPLATE_KINDS:
        text = draft_service.default_template(kind)
        assert drafts.placeholders_in(text) <= set(drafts.PLACEHOLDERS), kind
        got = drafts.render(text, facts(kind=kind, company="Acme"), BERLIN_NOW, clock.tz)
        assert got.subject, kind
        assert "$" not in got.subject + got.body, kind
    assert not drafts.Draft(FollowUpKind.CALL, "", "s", "b").is_email


def _stage(db: Database, name: str) -> int:
    return next(s.id for s in load_stages(db) if s.name == name)


def _applied(db: Database, company: str, role: str) -> int:
    return applications.create_application(db, company, role, stage_id=_stage(db, "Applied")).id


def _interviewed(db: Database, clock: ManualClock) -> tuple[int, int, int]:
    app = _applied(db, "Hooli", "Backend Engineer")
    ada = contacts.create_contact(
        db, "Ada Lovelace", application_id=app, role=ContactRole.INTERVIEWER, email="ada@h.example"
    ).id
    contacts.create_contact(
        db, "Rita Recruiter", application_id=app, role=ContactRole.RECRUITER, phone="+49 30 1234"
    )
    interviews.log_interview(
        db,
        app,
        clock.now() - dt.timedelta(days=1),
        interviewer_ids=[ada],
        points_discussed="- their move to Kafka\n- the on-call rota",
        questions_asked="How do teams plan?",
    )
    return app, ada, clock.now().year


def _pending(db: Database, app: int, kind: FollowUpKind) -> int:
    with db.read() as s:
        return s.scalars(
            select(FollowUp.id).where(
                FollowUp.application_id == app,
                FollowUp.kind == kind,
                FollowUp.status == FollowUpStatus.PENDING,
            )
        ).one()


def test_a_thank_you_names_the_interviewer_and_the_points_discussed(
    db: Database, clock: ManualClock
) -> None:
    app, _, _ = _interviewed(db, clock)
    draft_service.update_draft_settings(db, my_name="  Grace  Hopper ")
    got = draft_service.draft_for(db, _pending(db, app, FollowUpKind.THANK_YOU), clock)
    assert got.to == "ada@h.example"
    assert got.subject == "Thank you for the Backend Engineer interview"
    assert got.body.startswith("Hi Ada,\n\nThank you for taking the time to talk with me yesterday")
    assert "our conversation about their move to Kafka and the on-call rota." in got.body
    assert got.body.endswith("Best regards,\nGrace Hopper")
    # The call follows the same interview; a check-in goes to the recruiter when no
    # follow-up names a person.
    call = draft_service.draft_for(db, _pending(db, app, FollowUpKind.CALL), clock)
    assert not call.is_email
    assert "I enjoyed talking about their move to Kafka and the on-call rota." in call.body


def test_a_check_in_goes_to_the_recruiter_and_says_when_you_applied(
    db: Database, clock: ManualClock
) -> None:
    app = _applied(db, "Initech", "Analyst")
    contacts.create_contact(db, "Zed Interviewer", application_id=app, role=ContactRole.INTERVIEWER)
    contacts.create_contact(
        db, "Rita Recruiter", application_id=app, role=ContactRole.RECRUITER, email="rita@x.example"
    )
    got = draft_service.draft_for(db, _pending(db, app, FollowUpKind.CHECK_IN), clock)
    assert got.to == "rita@x.example"
    assert "Hi Rita," in got.body
    assert "Analyst role at Initech on Thursday 22 October" in got.body


def test_a_rejection_drafts_the_feedback_request(db: Database, clock: ManualClock) -> None:
    app = _applied(db, "Globex", "SRE")
    board.move_application(db, app, _stage(db, "Rejected"))
    clock.advance(dt.timedelta(days=2))
    got = draft_service.draft_for(db, _pending(db, app, FollowUpKind.FEEDBACK_REQUEST), clock)
    assert got.subject == "Thank you, and a request for feedback"
    assert "Hi there," in got.body
    assert "your decision on the SRE role" in got.body


def test_own_templates_are_kept_validated_and_reset(db: Database, clock: ManualClock) -> None:
    app, _, _ = _interviewed(db, clock)
    fu = _pending(db, app, FollowUpKind.THANK_YOU)
    mine = "Subject: Cheers $first_name\nThanks for $points!"
    draft_service.update_draft_settings(db, templates={"thank_you": mine})
    assert draft_service.draft_settings(db).template(FollowUpKind.THANK_YOU) == mine
    got = draft_service.draft_for(db, fu, clock)
    assert (got.subject, got.body) == (
        "Cheers Ada",
        "Thanks for their move to Kafka and the on-call rota!",
    )
    bad = [
        ({"thank_you": "Hi $frist_name"}, r"uses \$frist_name, which the app cannot fill in"),
        ({"party": "x"}, "no follow-up kind 'party'"),
        ({"thank_you": "x" * (drafts.TEMPLATE_MAX + 1)}, "longer than 20,000 characters"),
    ]
    for templates, message in bad:
        with pytest.raises(DomainError, match=message):
            draft_service.update_draft_settings(db, templates=templates)
    with pytest.raises(DomainError, match="one line"):
        draft_service.update_draft_settings(db, my_name="a\nb")
    with pytest.raises(DomainError, match="does not look like an email address"):
        draft_service.update_draft_settings(db, my_email="grace at navy")
    draft_service.update_draft_settings(db, my_email=" grace@navy.example ")
    assert draft_service.draft_settings(db).my_email == "grace@navy.example"
    assert draft_service.draft_settings(db).template(FollowUpKind.THANK_YOU) == mine
    # Blank, or the shipped text again: the kind follows the shipped template.
    draft_service.update_draft_settings(db, templates={"thank_you": "  "})
    assert draft_service.draft_settings(db).templates == {}
    shipped = draft_service.default_template(FollowUpKind.CHECK_IN)
    draft_service.update_draft_settings(db, templates={"check_in": shipped})
    assert draft_service.draft_settings(db).templates == {}


def test_a_draft_for_a_gone_follow_up_is_a_clear_error(db: Database, clock: ManualClock) -> None:
    with pytest.raises(DomainError, match="no longer exists"):
        draft_service.draft_for(db, 999, clock)
    app = _applied(db, "Gone", "Role")
    fu = _pending(db, app, FollowUpKind.CHECK_IN)
    applications.delete_application(db, app)
    with pytest.raises(DomainError, match="deleted"):
        draft_service.draft_for(db, fu, clock)


def test_progress_counts_what_was_done_in_the_span(db: Database, clock: ManualClock) -> None:
    from followup_desktop.services import followups, queries

    old = _applied(db, "Old", "Role")
    clock.advance(dt.timedelta(days=8))
    new = _applied(db, "New", "Role")
    gone = _applied(db, "Gone", "Role")
    applications.delete_application(db, gone)
    applications.create_application(db, "Someday", "Role", stage_id=_stage(db, "Wishlist"))
    followups.complete_follow_up(db, _pending(db, old, FollowUpKind.CHECK_IN))
    interviews.log_interview(db, new, clock.now() - dt.timedelta(hours=2))
    interviews.log_interview(db, old, clock.now() + dt.timedelta(days=2))  # not yet held
    week = queries.progress_since(db, clock.now() - dt.timedelta(days=7), clock.now())
    assert (week.applied, week.interviews, week.follow_ups_done) == (1, 1, 1)
    assert not week.empty
    clock.advance(dt.timedelta(days=30))
    assert queries.progress_since(db, clock.now() - dt.timedelta(days=7), clock.now()).empty


def test_a_keep_in_touch_note_goes_to_the_person(db: Database, clock: ManualClock) -> None:
    """A stay-in-touch reminder belongs to a person, not to an application."""
    mia = contacts.create_contact(
        db, "Mia Chen", company="Initech", email="mia@i.example", keep_in_touch_days=30
    ).id
    clock.advance(dt.timedelta(days=31))
    with db.read() as s:
        fu = s.scalars(select(FollowUp.id).where(FollowUp.contact_id == mia)).one()
    got = draft_service.draft_for(db, fu, clock)
    assert (got.to, got.subject) == ("mia@i.example", "Catching up")
    assert got.body.startswith("Hi Mia,\n\nIt has been a while since we last spoke")


def test_dates_are_english_whatever_the_c_locale_says(monkeypatch: pytest.MonkeyPatch) -> None:
    """Qt sets the C library's locale from the environment at start-up, and strftime's
    %a/%b follow it: a German desktop got "Di" badges and "on Dienstag" in an English
    email. The words are the app's own now; strftime is never asked for them."""
    import datetime as dt_

    from followup_desktop.core import dates
    from followup_desktop.ui import timefmt

    def refuse(self: object, fmt: str) -> str:
        raise AssertionError(f"strftime({fmt!r}) would follow the C locale")

    class Date(dt_.datetime):
        strftime = refuse  # type: ignore[assignment]

        def __format__(self, spec: str) -> str:
            if spec:
                raise AssertionError(f"format spec {spec!r} would call strftime")
            return super().__format__(spec)

    tz = dt_.UTC
    now = Date(2026, 12, 1, 9, 0, tzinfo=tz)  # a Tuesday
    for due, label in (
        (now + dt_.timedelta(hours=3), "Today 12:00"),
        (now + dt_.timedelta(days=1), "Tomorrow 09:00"),
        (now + dt_.timedelta(days=3), "Fri 09:00"),
        (now + dt_.timedelta(days=30), "Thu 31 Dec"),
    ):
        got = Date.fromtimestamp(due.timestamp(), tz)
        assert timefmt.badge_for(got, now, tz)[1] == label
    assert timefmt.local(Date(2026, 12, 6, 17, 5, tzinfo=tz), tz) == "Sun 06 Dec 2026, 17:05"
    assert dates.long_date(dt_.date(2026, 12, 1)) == "Tuesday 1 December"
    assert dates.short_date(dt_.date(2026, 12, 1)) == "Tue 1 Dec 2026"
