"""The one write path: each service is one transaction, returns what changed, and refuses
bad input with a clear DomainError while changing nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from followup_desktop.core.changes import Changes
from followup_desktop.core.clock import ManualClock
from followup_desktop.core.types import (
    ActivityKind,
    ContactRole,
    DomainError,
    FollowUpKind,
    FollowUpStatus,
    InterviewKind,
    NotFoundError,
    Outcome,
    StageKind,
)
from followup_desktop.services import (
    activity,
    applications,
    board,
    contacts,
    followups,
    interviews,
    queries,
    stages,
)
from followup_desktop.services.playbook_runner import PLAYBOOK_SETTINGS_KEY
from followup_desktop.services.settings import playbook_settings, update_playbook_settings
from followup_desktop.store.columns import as_utc
from followup_desktop.store.database import Database, Transaction
from followup_desktop.store.models import Activity, Application, FollowUp, Stage

BERLIN = ZoneInfo("Europe/Berlin")


def stage_ids(db: Database) -> dict[str, int]:
    with db.read() as s:
        return {st.name: st.id for st in s.scalars(select(Stage))}


def snapshot(db: Database) -> list[tuple[str, list[tuple[object, ...]]]]:
    """Every row of every table: to prove a refused change left nothing behind."""
    out = []
    with db.engine.connect() as conn:
        tables = [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
            )
        ]
        for t in tables:
            out.append((t, [tuple(r) for r in conn.exec_driver_sql(f"SELECT * FROM {t}")]))
    return out


@pytest.fixture
def ids(db: Database) -> dict[str, int]:
    return stage_ids(db)


@pytest.fixture
def heard(db: Database) -> list[Changes]:
    got: list[Changes] = []
    db.subscribe(got.append)
    return got


# --- creating and editing ------------------------------------------------------------------


def test_create_returns_id_and_broadcasts_changes(
    db: Database, ids: dict[str, int], heard: list[Changes]
) -> None:
    created = applications.create_application(db, "  Acme  ", "Engineer", stage_id=ids["Applied"])
    assert heard == [created.changes]
    assert created.changes.applications == {created.id}
    assert created.changes.stage_cards == {ids["Applied"]}
    with db.read() as s:
        app = s.get(Application, created.id)
        assert app is not None
        assert (app.company, app.stage_id) == ("Acme", ids["Applied"])
        kinds = list(s.scalars(select(Activity.kind).where(Activity.application_id == app.id)))
    assert kinds == [ActivityKind.CREATED]
    assert board.card_ids(db, ids["Applied"]) == [created.id]
    # Applied is an open stage: the playbook already planned the first check-in.
    (check,) = queries.pending_follow_ups(db, created.id)
    assert check.kind is FollowUpKind.CHECK_IN


HOSTILE = [
    "'; DROP TABLE application; --",
    "<b>x</b>",
    "<img src=x onerror=alert(1)>",
    "שלום עולם",  # RTL
    "🚀 Rocket Inc. 👩‍💻",
    '=HYPERLINK("http://evil")',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_verbatim(db: Database, text: str) -> None:
    app_id = applications.create_application(db, text, text, notes=text).id
    with db.read() as s:
        app = s.get(Application, app_id)
        assert app is not None
        assert (app.company, app.role, app.notes) == (text, text, text)
        assert s.scalar(select(func.count()).select_from(Application)) == 1


def test_a_megabyte_of_notes_round_trips(db: Database) -> None:
    notes = ("Long notes ✓ " * 90_000)[:1_000_000]
    app_id = applications.create_application(db, "Acme", "Engineer", notes=notes).id
    with db.read() as s:
        app = s.get(Application, app_id)
        assert app is not None
        assert app.notes == notes


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"company": "", "role": "Engineer"}, "Company cannot be empty"),
        ({"company": "   ", "role": "Engineer"}, "Company cannot be empty"),
        ({"company": "Acme", "role": ""}, "Role cannot be empty"),
        ({"company": "Acme\nCorp", "role": "x"}, "one line"),
        ({"company": "A" * 501, "role": "x"}, "too long"),
        ({"company": "Acme", "role": "x", "notes": "x" * 5_000_001}, "too long"),
        ({"company": "Acme", "role": "x", "bogus": 1}, "Unknown application field"),
        ({"company": "Acme", "role": "x", "stage_id": 999}, "stage no longer exists"),
        ({"company": 5, "role": "x"}, "must be text"),
    ],
)
def test_bad_application_input_changes_nothing(
    db: Database, kwargs: dict[str, object], message: str
) -> None:
    before = snapshot(db)
    with pytest.raises(DomainError, match=message):
        applications.create_application(db, **kwargs)  # type: ignore[arg-type]
    assert snapshot(db) == before


@pytest.mark.parametrize(
    "when",
    [
        dt.datetime(1, 1, 1, tzinfo=dt.UTC),
        dt.datetime(9999, 12, 31, tzinfo=dt.UTC),
        dt.datetime(1969, 12, 31, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 1, 10),  # naive  # noqa: DTZ001
        "tomorrow",
    ],
)
def test_absurd_dates_are_refused_and_change_nothing(db: Database, when: object) -> None:
    app_id = applications.create_application(db, "Acme", "Engineer").id
    before = snapshot(db)
    with pytest.raises(DomainError):
        interviews.log_interview(db, app_id, when)  # type: ignore[arg-type]
    with pytest.raises(DomainError):
        followups.add_follow_up(db, app_id, "Ping", when)  # type: ignore[arg-type]
    assert snapshot(db) == before


def test_year_ten_thousand_cannot_even_be_constructed() -> None:
    with pytest.raises(ValueError, match="year"):
        dt.datetime(10_000, 1, 1, tzinfo=dt.UTC)


def test_editing_a_deleted_row_is_a_clear_error(db: Database) -> None:
    app_id = applications.create_application(db, "Acme", "Engineer").id
    applications.delete_application(db, app_id)
    with pytest.raises(NotFoundError, match="deleted"):
        applications.edit_application(db, app_id, company="Other")
    with pytest.raises(NotFoundError, match="no longer exists"):
        applications.edit_application(db, 12345, company="Other")
    with pytest.raises(NotFoundError, match="follow-up no longer exists"):
        followups.complete_follow_up(db, 999)


def test_edit_logs_only_changed_fields(db: Database) -> None:
    app_id = applications.create_application(db, "Acme", "Engineer").id
    ch = applications.edit_application(
        db, app_id, company="Acme", role="Senior Engineer", tags="a, B, b, a"
    )
    assert ch.applications == {app_id}
    with db.read() as s:
        app = s.get(Application, app_id)
        assert app is not None
        assert app.tags == "a, B"
        summaries = list(
            s.scalars(select(Activity.summary).where(Activity.kind == ActivityKind.EDITED))
        )
    assert summaries == ["Edited role, tags"]
    assert applications.edit_application(db, app_id, role="Senior Engineer").empty


def test_find_similar_warns_about_duplicates(db: Database) -> None:
    a = applications.create_application(db, "Acme", "Engineer").id
    assert applications.find_similar(db, " acme ", "ENGINEER") == [a]
    assert applications.find_similar(db, "acme", "engineer", exclude_id=a) == []
    assert applications.find_similar(db, "Acme", "Designer") == []


def test_find_similar_compares_letters_beyond_ascii(db: Database) -> None:
    """SQLite's lower() folds A-Z only: "Straße" typed again did not match itself (its key
    is "strasse"), nor "SOCIÉTÉ" "société", nor "STRASSE" "Straße". The import's
    look-alikes use the same key."""
    strasse = applications.create_application(db, "Straße AG", "Entwickler").id
    upper = applications.create_application(db, "SOCIÉTÉ GÉNÉRALE", "Analyste").id
    lower = applications.create_application(db, "société générale", "analyste").id
    assert applications.find_similar(db, "Straße AG", "Entwickler") == [strasse]
    assert applications.find_similar(db, "straße ag", "ENTWICKLER") == [strasse]
    assert applications.find_similar(db, "STRASSE AG", "entwickler") == [strasse]
    assert applications.find_similar(db, "Strasse AG", "Entwickler") == [strasse]
    schloss = applications.create_application(db, "Schloßstraße GmbH", "Dev").id
    assert applications.find_similar(db, "SCHLOSSSTRASSE GMBH", "dev") == [schloss]
    for typed in ("Société Générale", "SOCIÉTÉ GÉNÉRALE", "société générale"):
        assert sorted(applications.find_similar(db, typed, "ANALYSTE")) == [upper, lower]
    assert applications.find_similar(db, "Société", "Analyste") == []


# --- moving ---------------------------------------------------------------------------------


def test_move_between_columns_logs_and_keeps_positions_dense(
    db: Database, ids: dict[str, int]
) -> None:
    a, b, c = (
        applications.create_application(db, n, "r", stage_id=ids["Applied"]).id for n in "ABC"
    )
    ch = board.move_application(db, b, ids["Interviewing"], 0)
    assert ch.stage_cards == {ids["Applied"], ids["Interviewing"]}
    assert board.card_ids(db, ids["Applied"]) == [a, c]
    assert board.card_ids(db, ids["Interviewing"]) == [b]
    board.move_application(db, c, ids["Applied"], 0)  # reorder within a column
    assert board.card_ids(db, ids["Applied"]) == [c, a]
    board.move_application(db, c, ids["Applied"], 99)  # clamped to the end
    assert board.card_ids(db, ids["Applied"]) == [a, c]
    with db.read() as s:
        moves = list(
            s.scalars(select(Activity.summary).where(Activity.kind == ActivityKind.STAGE_CHANGED))
        )
    assert moves == ["Moved from Applied to Interviewing"]  # a reorder is not a stage change


def test_a_drop_writes_what_changed_and_reads_each_thing_once(
    db: Database, ids: dict[str, int]
) -> None:
    """A drop is the hot path: a reorder leaves the card's row alone (it rewrote the
    stage it already had), and a move reads its stage's name and the card's place once."""
    a, b = (applications.create_application(db, n, "r", stage_id=ids["Applied"]).id for n in "AB")
    with db.write() as tx:
        writer = tx.driver  # the connection every write runs on
    seen: list[str] = []
    writer.set_trace_callback(seen.append)
    try:
        board.move_application(db, b, ids["Applied"], 0)  # reorder
        reorder = list(seen)
        seen.clear()
        board.move_application(db, a, ids["Interviewing"], 0)
        move = list(seen)
    finally:
        writer.set_trace_callback(None)
    assert board.card_ids(db, ids["Applied"]) == [b]
    assert board.card_ids(db, ids["Interviewing"]) == [a]
    assert [q for q in reorder if q.startswith("UPDATE application")] == []
    # Between two open stages the "Applied on" day is not written (only leaving the Wishlist).
    assert [q for q in move if "created_at = ?" in q and q.startswith("UPDATE")] == []
    assert len([q for q in move if q.startswith("SELECT name, kind FROM stage")]) == 1
    assert [q for q in move + reorder if q.startswith("SELECT stage_id FROM card_order")] == []
    with db.read() as s:
        moved = s.get(Application, a)
        assert moved is not None
        assert moved.stage_id == ids["Interviewing"]


def test_the_first_move_after_start_stays_off_the_orm(
    db: Database, ids: dict[str, int], clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A move reads the playbook's settings as plain SQL like the rest of it: through the
    ORM, the first move after start compiled that read inside the first drop (~3 ms).
    The stored settings are still what it plans with."""
    update_playbook_settings(db, check_in_every_days=3)
    a = applications.create_application(db, "A", "r", stage_id=ids["Wishlist"]).id
    db.cache.clear()  # as in a new process

    def no_orm(self: Transaction) -> None:
        raise AssertionError("a move made an ORM session")

    monkeypatch.setattr(Transaction, "session", property(no_orm))
    board.move_application(db, a, ids["Applied"], 0)
    monkeypatch.undo()
    assert db.cache[PLAYBOOK_SETTINGS_KEY].check_in_every_days == 3
    with db.read() as s:
        check_in = s.scalars(
            select(FollowUp).where(
                FollowUp.application_id == a, FollowUp.status == FollowUpStatus.PENDING
            )
        ).one()
    # Three business days (the stored setting), not the default fourteen.
    assert check_in.due_at is not None
    assert as_utc(check_in.due_at) < clock.now() + dt.timedelta(days=6)


def test_an_undone_move_restores_the_stage_entry_and_the_follow_ups_timed_from_it(
    db: Database, ids: dict[str, int], clock: ManualClock
) -> None:
    """place_applications with ``entered`` (how a move is undone) puts back when the card
    had entered the stage, and the re-plan times the stage's follow-ups from it again."""
    a = applications.create_application(db, "A", "r", stage_id=ids["Applied"]).id

    def state() -> tuple[dt.datetime, list[tuple[object, dt.datetime]]]:
        with db.read() as s:
            app = s.get(Application, a)
            assert app is not None
            fus = s.scalars(
                select(FollowUp)
                .where(FollowUp.application_id == a, FollowUp.status == FollowUpStatus.PENDING)
                .order_by(FollowUp.id)
            )
            return app.stage_entered_at, [(f.kind, f.due_at) for f in fus]

    before = state()
    clock.advance(dt.timedelta(days=4))
    board.move_application(db, a, ids["Interviewing"], 0)
    assert state() != before
    board.place_applications(db, [(a, ids["Applied"], 0)], {a: before[0]})
    assert state() == before
    with db.read() as s:
        last = s.scalars(
            select(Activity.summary)
            .where(Activity.application_id == a)
            .order_by(Activity.id.desc())
        ).first()
    assert last == "Moved back from Interviewing to Applied (undo)"
    # Without ``entered`` (a plain placement), the card entered its stage now.
    board.place_applications(db, [(a, ids["Interviewing"], 0)])
    assert state()[0] == clock.now()


def test_leaving_the_wishlist_is_the_day_it_was_applied_for(
    db: Database, ids: dict[str, int], clock: ManualClock
) -> None:
    """Wishlisted three weeks ago, sent today: "Applied on" (and this week's applications
    sent) is today. Undone, the card gets back its Wishlist time; a card sent since its
    creation keeps its day through moves and undos."""
    wish = applications.create_application(db, "Dream Co", "r", stage_id=ids["Wishlist"]).id
    sent = applications.create_application(db, "Sent Co", "r", stage_id=ids["Applied"]).id

    def applied_on(app_id: int) -> dt.datetime:
        with db.read() as s:
            app = s.get(Application, app_id)
            assert app is not None
            return as_utc(app.created_at)  # type: ignore[return-value]

    start = clock.now()
    clock.advance(dt.timedelta(days=21))
    assert queries.progress_since(db, clock.now() - dt.timedelta(days=7), clock.now()).applied == 0
    board.move_application(db, wish, ids["Applied"], 0)
    assert applied_on(wish) == clock.now()
    assert queries.progress_since(db, clock.now() - dt.timedelta(days=7), clock.now()).applied == 1
    clock.advance(dt.timedelta(days=2))
    board.move_application(db, wish, ids["Interviewing"], 0)  # sent already: unchanged
    assert applied_on(wish) == start + dt.timedelta(days=21)
    # Undo both moves, as the board's undo does: back to Applied, then to the Wishlist,
    # where it gets back its old time.
    sent_at = start + dt.timedelta(days=21)
    board.place_applications(db, [(wish, ids["Applied"], 0)], {wish: sent_at})
    assert applied_on(wish) == sent_at
    board.place_applications(db, [(wish, ids["Wishlist"], 0)], {wish: start})
    assert applied_on(wish) == start
    # Given up on before applying (Wishlist → Withdrawn): no day it was sent.
    dropped = applications.create_application(db, "Maybe Co", "r", stage_id=ids["Wishlist"]).id
    made_at = applied_on(dropped)
    clock.advance(dt.timedelta(days=1))
    board.move_application(db, dropped, ids["Withdrawn"], 0)
    assert applied_on(dropped) == made_at
    # A card sent from the start: to the Wishlist and back by undo, its day stays.
    board.move_application(db, sent, ids["Wishlist"], 0)
    assert applied_on(sent) == start
    board.place_applications(db, [(sent, ids["Applied"], 0)], {sent: start})
    assert applied_on(sent) == start


def test_move_to_missing_stage_changes_nothing(db: Database, ids: dict[str, int]) -> None:
    a = applications.create_application(db, "A", "r").id
    stages.delete_stage(db, ids["Offer"])
    before = snapshot(db)
    with pytest.raises(DomainError, match="stage no longer exists"):
        board.move_application(db, a, ids["Offer"], 0)
    assert snapshot(db) == before


def test_multi_select_move_keeps_relative_order(db: Database, ids: dict[str, int]) -> None:
    a, b, c, d = (
        applications.create_application(db, n, "r", stage_id=ids["Applied"]).id for n in "ABCD"
    )
    x = applications.create_application(db, "X", "r", stage_id=ids["Offer"]).id
    board.move_applications(db, [d, b], ids["Offer"], 0)
    assert board.card_ids(db, ids["Offer"]) == [b, d, x]
    assert board.card_ids(db, ids["Applied"]) == [a, c]


def test_sorting_a_column_once_and_back(
    db: Database, ids: dict[str, int], clock: ManualClock, heard: list[Changes]
) -> None:
    """A column sorts in one transaction (ties keep their order; Unicode case folded; a
    snooze counts for the next follow-up; nothing planned goes last), returns the order it
    had, and that order can be put back; a column whose cards changed meanwhile refuses."""
    applied = ids["Applied"]
    made = {}
    for company, role in (("beta", "r"), ("Éclair", "r"), ("alpha", "b"), ("Alpha", "a")):
        made[company] = applications.create_application(db, company, role, stage_id=applied).id
        clock.advance(dt.timedelta(days=1))
    beta, eclair, alpha_b, alpha_a = made.values()
    start = board.card_ids(db, applied)
    assert start == [beta, eclair, alpha_b, alpha_a]  # each new card goes to the end

    heard.clear()
    assert board.sort_stage(db, applied, "company") == start
    assert board.card_ids(db, applied) == [alpha_a, alpha_b, beta, eclair]
    (change,) = heard
    assert change.stage_cards == {applied}
    assert change.placements == ()  # a re-arrangement: the board re-reads the column
    board.sort_stage(db, applied, "newest")
    assert board.card_ids(db, applied) == [alpha_a, alpha_b, eclair, beta]
    board.sort_stage(db, applied, "longest_in_stage")
    assert board.card_ids(db, applied) == start

    # By the next follow-up (on the Wishlist, where the playbook plans none of its own):
    # a snooze counts, and a card with nothing planned goes last.
    wish = ids["Wishlist"]
    w1, w2, w3 = (
        applications.create_application(db, n, "r", stage_id=wish).id for n in ("W1", "W2", "W3")
    )
    followups.add_follow_up(db, w3, "Ping", clock.now() + dt.timedelta(hours=2))
    fu = followups.add_follow_up(db, w2, "Ping", clock.now() + dt.timedelta(hours=1))
    followups.snooze_follow_up(db, fu.id, clock.now() + dt.timedelta(hours=3))
    assert board.sort_stage(db, wish, "next_follow_up") == [w1, w2, w3]
    assert board.card_ids(db, wish) == [w3, w2, w1]

    # Undo and redo: exactly the order given.
    board.set_stage_order(db, applied, start)
    assert board.card_ids(db, applied) == start
    board.move_application(db, beta, ids["Offer"], 0)
    before = snapshot(db)
    with pytest.raises(DomainError, match="cards changed"):
        board.set_stage_order(db, applied, start)
    with pytest.raises(DomainError, match="Unknown sort order"):
        board.sort_stage(db, applied, "salary")
    with pytest.raises(DomainError, match="stage no longer exists"):
        board.sort_stage(db, 999, "company")
    assert snapshot(db) == before


def test_several_follow_ups_done_or_snoozed_at_once(
    db: Database, ids: dict[str, int], clock: ManualClock
) -> None:
    """Back from a week away: several follow-ups snoozed or done in one transaction; one
    that is no longer to do refuses them all and changes nothing."""
    a, b = (applications.create_application(db, n, "r", stage_id=ids["Applied"]).id for n in "AB")
    ((fa,), (fb,)) = (queries.pending_follow_ups(db, x) for x in (a, b))
    later = clock.now() + dt.timedelta(days=20)
    followups.snooze_follow_ups(db, [fa.id, fb.id, fa.id], later)
    for x in (a, b):
        (fu,) = queries.pending_follow_ups(db, x)
        assert as_utc(fu.snoozed_until) == later
    followups.complete_follow_ups(db, [fa.id, fb.id], outcome=Outcome.NO_REPLY)
    with db.read() as s:
        done = list(s.scalars(select(FollowUp).where(FollowUp.id.in_([fa.id, fb.id]))))
        assert {(f.status, f.outcome) for f in done} == {(FollowUpStatus.DONE, Outcome.NO_REPLY)}
    (next_a,) = queries.pending_follow_ups(db, a)  # the playbook planned the next nudge
    followups.reopen_follow_ups(db, [fa.id, fb.id])  # a Done clicked by mistake, taken back
    assert {f.id for f in queries.pending_follow_ups(db, b)} == {fb.id}
    assert fa.id in {f.id for f in queries.pending_follow_ups(db, a)}
    followups.complete_follow_ups(db, [fa.id, fb.id], outcome=Outcome.NO_REPLY)
    (next_a,) = queries.pending_follow_ups(db, a)
    before = snapshot(db)
    with pytest.raises(DomainError, match="already done"):
        followups.complete_follow_ups(db, [next_a.id, fa.id])
    with pytest.raises(DomainError, match="already done"):
        followups.snooze_follow_ups(db, [next_a.id, fb.id], later)
    with pytest.raises(DomainError, match="No follow-up"):
        followups.snooze_follow_ups(db, [], later)
    assert snapshot(db) == before


def test_upcoming_interviews_are_those_not_over_yet(
    db: Database, ids: dict[str, int], clock: ManualClock
) -> None:
    now = clock.now()
    a, b, gone = (
        applications.create_application(db, n, "r", stage_id=ids["Interviewing"]).id
        for n in ("Acme", "Globex", "Archived Co")
    )
    hour = dt.timedelta(hours=1)
    over = interviews.log_interview(db, a, now - 2 * hour, duration_minutes=60).id
    on = interviews.log_interview(db, a, now - hour / 2, duration_minutes=60).id
    soon = interviews.log_interview(db, b, now + 26 * hour, kind=InterviewKind.ONSITE).id
    later = interviews.log_interview(db, b, now + 9 * 24 * hour).id
    hidden = interviews.log_interview(db, gone, now + hour).id
    applications.set_archived(db, gone, True)
    found = queries.upcoming_interviews(db, now, now + 7 * 24 * hour)
    assert [r.id for r in found] == [on, soon]  # ended, too far and archived left out
    assert {over, later, hidden}.isdisjoint(r.id for r in found)
    assert found[1].company == "Globex"
    assert found[1].kind is InterviewKind.ONSITE
    assert found[0].ends_at == found[0].starts_at + hour


def test_archive_and_delete_leave_the_board_and_come_back_where_they_were(
    db: Database, ids: dict[str, int]
) -> None:
    a, b, c = (
        applications.create_application(db, n, "r", stage_id=ids["Applied"]).id for n in "ABC"
    )
    applications.set_archived(db, b, True)
    assert board.card_ids(db, ids["Applied"]) == [a, c]
    assert queries.pending_follow_ups(db, b)  # kept…
    with db.read() as s:  # …but silent
        assert s.scalar(select(FollowUp.next_alert_at).where(FollowUp.application_id == b)) is None
    applications.set_archived(db, b, False, index=1)
    assert board.card_ids(db, ids["Applied"]) == [a, b, c]
    with db.read() as s:
        assert (
            s.scalar(select(FollowUp.next_alert_at).where(FollowUp.application_id == b)) is not None
        )
    applications.delete_application(db, c)
    assert board.card_ids(db, ids["Applied"]) == [a, b]
    applications.restore_application(db, c, index=0)
    assert board.card_ids(db, ids["Applied"]) == [c, a, b]
    applications.set_archived(db, a, True)
    with pytest.raises(DomainError, match="archived"):
        board.move_application(db, a, ids["Offer"])


def test_archiving_or_deleting_several_cards_is_all_or_nothing(
    db: Database, ids: dict[str, int]
) -> None:
    """One transaction for the lot: a card gone meanwhile refuses the whole step, and the
    cards before it in the list stay on the board (an undo of half a step would not
    exist on the stack)."""
    a, b, c = (
        applications.create_application(db, n, "r", stage_id=ids["Applied"]).id for n in "ABC"
    )
    applications.delete_application(db, b)
    for take in (applications.archive_applications, applications.delete_applications):
        with pytest.raises(NotFoundError):
            take(db, [a, b, c])
        assert board.card_ids(db, ids["Applied"]) == [a, c]
    applications.archive_applications(db, [a, c])
    assert board.card_ids(db, ids["Applied"]) == []
    with pytest.raises(NotFoundError):
        applications.unarchive_applications(db, [(a, 0), (b, 1), (c, 2)])
    assert board.card_ids(db, ids["Applied"]) == []
    applications.unarchive_applications(db, [(c, 0), (a, 0)])  # in the order given
    assert board.card_ids(db, ids["Applied"]) == [a, c]
    applications.delete_applications(db, [a, c])
    applications.restore_applications(db, [(b, None), (a, 0), (c, 1)])
    assert board.card_ids(db, ids["Applied"]) == [a, c, b]


def test_rejection_asks_for_feedback_and_stops_nudges(
    db: Database, ids: dict[str, int], clock: ManualClock
) -> None:
    app = applications.create_application(db, "Acme", "Engineer", stage_id=ids["Applied"]).id
    interviews.log_interview(db, app, dt.datetime(2026, 10, 23, 14, tzinfo=BERLIN))
    assert {f.kind for f in queries.pending_follow_ups(db, app)} == {
        FollowUpKind.THANK_YOU,
        FollowUpKind.CALL,
        FollowUpKind.STATUS_INQUIRY,
    }
    mine = followups.add_follow_up(
        db, app, "Send portfolio", dt.datetime(2026, 11, 2, 9, tzinfo=BERLIN)
    ).id
    board.move_application(db, app, ids["Rejected"])
    pending = queries.pending_follow_ups(db, app)
    assert {f.kind for f in pending} == {FollowUpKind.FEEDBACK_REQUEST, FollowUpKind.CUSTOM}
    assert mine in {f.id for f in pending}
    # Re-running (another move within the column) creates nothing new.
    board.move_application(db, app, ids["Rejected"], 0)
    assert len(queries.pending_follow_ups(db, app)) == 2


def test_scripted_scenario_two_unanswered_check_ins_then_rejection(
    db: Database, ids: dict[str, int], clock: ManualClock
) -> None:
    """The issue's scenario, end to end through the services."""
    app = applications.create_application(db, "Acme", "Engineer", stage_id=ids["Applied"]).id
    for n in (1, 2):
        (check,) = queries.pending_follow_ups(db, app)
        assert check.kind is FollowUpKind.CHECK_IN
        assert check.title == "Check in with Acme about your Engineer application"
        clock.set(check.due_at + dt.timedelta(hours=1))
        followups.complete_follow_up(db, check.id, outcome=Outcome.NO_REPLY)
        with db.read() as s:
            a = s.get(Application, app)
            assert a is not None
            assert a.unanswered_nudges == n
            assert a.ghost_suggested is (n == 2)
            assert a.stage_id == ids["Applied"]  # suggested, never moved
    assert queries.pending_follow_ups(db, app) == []  # stopped nudging
    board.move_application(db, app, ids["Rejected"])
    (fb,) = queries.pending_follow_ups(db, app)
    assert fb.kind is FollowUpKind.FEEDBACK_REQUEST
    applications.edit_application(db, app, feedback="Wanted more Kubernetes", lessons="Study k8s")
    with db.read() as s:
        a = s.get(Application, app)
        assert a is not None
        assert (a.feedback, a.lessons, a.ghost_suggested) == (
            "Wanted more Kubernetes",
            "Study k8s",
            False,
        )


def test_logged_contact_restarts_the_check_in(
    db: Database, ids: dict[str, int], clock: ManualClock
) -> None:
    app = applications.create_application(db, "Acme", "Engineer", stage_id=ids["Applied"]).id
    (check,) = queries.pending_follow_ups(db, app)
    assert check.due_at.astimezone(BERLIN) == dt.datetime(2026, 11, 5, 10, tzinfo=BERLIN)
    clock.advance(dt.timedelta(days=6))  # Wednesday 28 Oct
    activity.log_contact(db, app, ActivityKind.CALL_LOGGED, "Spoke to recruiter")
    (check,) = queries.pending_follow_ups(db, app)
    assert check.due_at.astimezone(BERLIN) == dt.datetime(2026, 11, 11, 10, tzinfo=BERLIN)
    with pytest.raises(DomainError, match="not happened yet"):
        activity.log_contact(
            db, app, ActivityKind.EMAIL_SENT, at=clock.now() + dt.timedelta(days=1)
        )
    with pytest.raises(DomainError, match="Only calls"):
        activity.log_contact(db, app, ActivityKind.STAGE_CHANGED)


def test_playbook_follow_ups_are_stored_as_the_orm_stores_them(
    db: Database, ids: dict[str, int]
) -> None:
    """The playbook inserts its follow-ups with plain SQL: every stored value (dates as
    text, enums, defaults, the alert time the ORM's flush hook derives) must be what the
    ORM writes for the same follow-up."""
    app = applications.create_application(db, "Acme", "Engineer", stage_id=ids["Interviewing"]).id
    jane = contacts.create_contact(db, "Jane", application_id=app, role=ContactRole.INTERVIEWER).id
    interviews.log_interview(
        db, app, dt.datetime(2026, 10, 22, 8, tzinfo=BERLIN), interviewer_ids=[jane]
    )
    with db.read() as s:
        made = list(s.scalars(select(FollowUp).where(FollowUp.application_id == app)))
    assert len(made) >= 2
    assert any(m.interview_id is not None and m.contact_id is not None for m in made)
    with db.write() as tx:
        twins = [
            FollowUp(
                application_id=m.application_id,
                contact_id=m.contact_id,
                interview_id=m.interview_id,
                kind=m.kind,
                title=m.title,
                status=m.status,
                due_at=m.due_at,
                escalate_at=m.escalate_at,
                created_by=m.created_by,
                playbook_key=None,
                rescheduled=False,
                created_at=m.created_at,
                updated_at=m.updated_at,
            )
            for m in made
        ]
        tx.session.add_all(twins)
        tx.session.flush()
        pairs = [(m.id, t.id) for m, t in zip(made, twins, strict=True)]

    def stored(fu_id: int) -> dict[str, object]:
        with db.raw() as con:
            cursor = con.execute("SELECT * FROM follow_up WHERE id = ?", (fu_id,))
            names = [c[0] for c in cursor.description]
            row = dict(zip(names, cursor.fetchone(), strict=True))
        del row["id"], row["playbook_key"]
        return row

    for made_id, twin_id in pairs:
        assert stored(made_id) == stored(twin_id)
        assert stored(made_id)["next_alert_at"] is not None


def test_retimed_and_cancelled_follow_ups_are_stored_as_the_orm_stores_them(
    db: Database, ids: dict[str, int], clock: ManualClock
) -> None:
    """Re-timings, kind changes and cancellations are plain SQL on the hot path too:
    each stored value must be the text the ORM writes for what it reads back."""
    from followup_desktop.store.columns import db_text

    app = applications.create_application(db, "Acme", "Engineer", stage_id=ids["Applied"]).id
    (check,) = queries.pending_follow_ups(db, app)
    clock.advance(dt.timedelta(days=3, minutes=7, microseconds=250))
    board.move_application(db, app, ids["Interviewing"])  # re-anchors the check-in
    interviews.log_interview(db, app, clock.now() - dt.timedelta(hours=2))  # -> inquiry
    board.move_application(db, app, ids["Rejected"])  # cancels what was planned

    def raw(fu_id: int) -> dict[str, object]:
        with db.raw() as con:
            cursor = con.execute("SELECT * FROM follow_up WHERE id = ?", (fu_id,))
            names = [c[0] for c in cursor.description]
            return dict(zip(names, cursor.fetchone(), strict=True))

    with db.read() as s:
        rows = list(s.scalars(select(FollowUp).where(FollowUp.application_id == app)))
    cancelled = [f for f in rows if f.status is FollowUpStatus.CANCELLED]
    assert cancelled
    assert check.id in {f.id for f in cancelled}
    for fu in rows:
        stored = raw(fu.id)
        for column in ("due_at", "escalate_at", "next_alert_at", "done_at", "updated_at"):
            value = getattr(fu, column)
            assert stored[column] == (None if value is None else db_text(value)), column
        assert (stored["status"], stored["kind"]) == (fu.status.value, fu.kind.value)
    inquiry = next(f for f in rows if f.id == check.id)
    assert inquiry.kind is FollowUpKind.STATUS_INQUIRY  # re-kinded after the interview
    assert inquiry.outcome_note  # the reason it was withdrawn
    assert raw(check.id)["next_alert_at"] is None


def test_timeline_rows_read_back_as_written(db: Database, ids: dict[str, int]) -> None:
    """The timeline is written with plain SQL on the hot path: the ORM must read back the
    same instant, kind and links as it would have written."""
    app = applications.create_application(db, "Acme", "Engineer", stage_id=ids["Applied"]).id
    when = dt.datetime(2026, 10, 21, 23, 30, 15, 250, tzinfo=BERLIN)
    activity.log_contact(db, app, ActivityKind.EMAIL_SENT, "Sent the portfolio", at=when)
    with db.read() as s:
        row = s.scalars(
            select(Activity).where(
                Activity.application_id == app, Activity.kind == ActivityKind.EMAIL_SENT
            )
        ).one()
    assert row.kind is ActivityKind.EMAIL_SENT
    assert row.at == when
    assert row.at.tzinfo is not None
    assert row.summary == "Sent the portfolio"
    assert (row.contact_id, row.follow_up_id) == (None, None)


def test_interviewers_get_one_thank_you_each_and_removal_withdraws(
    db: Database, ids: dict[str, int]
) -> None:
    app = applications.create_application(db, "Acme", "Engineer", stage_id=ids["Interviewing"]).id
    jane = contacts.create_contact(db, "Jane", application_id=app, role=ContactRole.INTERVIEWER).id
    raj = contacts.create_contact(db, "Raj").id
    iv = interviews.log_interview(
        db, app, dt.datetime(2026, 10, 22, 14, tzinfo=BERLIN), interviewer_ids=[jane, raj]
    ).id
    thanks = [f for f in queries.pending_follow_ups(db, app) if f.kind is FollowUpKind.THANK_YOU]
    assert sorted(f.title for f in thanks) == [
        "Send a thank-you email to Jane",
        "Send a thank-you email to Raj",
    ]
    interviews.edit_interview(db, iv, interviewer_ids=[jane])
    thanks = [f for f in queries.pending_follow_ups(db, app) if f.kind is FollowUpKind.THANK_YOU]
    assert [f.title for f in thanks] == ["Send a thank-you email to Jane"]
    # Moving the interview re-times its thank-you.
    interviews.edit_interview(db, iv, starts_at=dt.datetime(2026, 10, 22, 16, tzinfo=BERLIN))
    (t,) = [f for f in queries.pending_follow_ups(db, app) if f.kind is FollowUpKind.THANK_YOU]
    assert t.due_at == dt.datetime(2026, 10, 23, 17, tzinfo=BERLIN).astimezone(dt.UTC)
    interviews.delete_interview(db, iv)
    kinds = {f.kind for f in queries.pending_follow_ups(db, app)}
    assert kinds == {FollowUpKind.CHECK_IN}
    with pytest.raises(DomainError, match="listed twice"):
        interviews.log_interview(
            db, app, dt.datetime(2026, 10, 22, 14, tzinfo=BERLIN), interviewer_ids=[jane, jane]
        )


def test_snooze_reschedule_done_and_alert_bookkeeping(
    db: Database, ids: dict[str, int], clock: ManualClock
) -> None:
    app = applications.create_application(db, "Acme", "Engineer", stage_id=ids["Applied"]).id
    due = dt.datetime(2026, 10, 23, 9, tzinfo=dt.UTC)
    fu = followups.add_follow_up(db, app, "Send portfolio", due).id
    assert queries.next_due(db) == due
    clock.set(due)
    (alert,) = queries.due_alerts(db, clock.now())
    assert (alert.follow_up_id, alert.company, alert.escalation) == (fu, "Acme", False)
    followups.mark_notified(db, fu)
    assert queries.due_alerts(db, clock.now()) == []  # announced once, not again
    with pytest.raises(DomainError, match="future"):
        followups.snooze_follow_up(db, fu, clock.now() - dt.timedelta(hours=1))
    followups.snooze_follow_up(db, fu, clock.now() + dt.timedelta(hours=1))
    assert queries.due_alerts(db, clock.now() + dt.timedelta(minutes=59)) == []
    assert [
        a.follow_up_id for a in queries.due_alerts(db, clock.now() + dt.timedelta(hours=1))
    ] == [fu]
    followups.reschedule_follow_up(db, fu, due + dt.timedelta(days=3))
    with db.read() as s:
        row = s.get(FollowUp, fu)
        assert row is not None
        assert (row.rescheduled, row.snoozed_until, row.next_alert_at) == (
            True,
            None,
            due + dt.timedelta(days=3),
        )
    followups.complete_follow_up(db, fu, note="Sent")
    with db.read() as s:
        row = s.get(FollowUp, fu)
        assert row is not None
        assert (row.status, row.next_alert_at, row.done_at) == (
            FollowUpStatus.DONE,
            None,
            clock.now(),
        )
    with pytest.raises(DomainError, match="already done"):
        followups.complete_follow_up(db, fu)
    followups.reopen_follow_up(db, fu)
    assert fu in {f.id for f in queries.pending_follow_ups(db, app)}


def test_thank_you_escalates_once_after_its_first_alert(
    db: Database, ids: dict[str, int], clock: ManualClock
) -> None:
    app = applications.create_application(db, "Acme", "Engineer", stage_id=ids["Interviewing"]).id
    interviews.log_interview(db, app, dt.datetime(2026, 10, 22, 9, tzinfo=dt.UTC))
    (t,) = [f for f in queries.pending_follow_ups(db, app) if f.kind is FollowUpKind.THANK_YOU]
    clock.set(t.due_at)
    (alert,) = queries.due_alerts(db, clock.now())
    followups.mark_notified(db, alert.follow_up_id)
    assert queries.next_due(db) == t.escalate_at
    assert t.escalate_at is not None
    clock.set(t.escalate_at)
    (esc,) = queries.due_alerts(db, clock.now())
    assert esc.escalation
    followups.mark_notified(db, esc.follow_up_id, escalation=True)
    later = queries.due_alerts(db, clock.now() + dt.timedelta(days=1))
    assert t.id not in {a.follow_up_id for a in later}  # never a third time


# --- stages ---------------------------------------------------------------------------------


def test_stage_editing(db: Database, ids: dict[str, int]) -> None:
    s = stages.add_stage(db, "Phone screen", index=2, wip_limit=5).id
    with db.read() as sess:
        order = [st.name for st in sess.scalars(select(Stage).order_by(Stage.position))]
    assert order[:4] == ["Wishlist", "Applied", "Phone screen", "Interviewing"]
    with pytest.raises(DomainError, match="already a stage"):
        stages.add_stage(db, "applied")
    with pytest.raises(DomainError, match="WIP limit"):
        stages.edit_stage(db, s, wip_limit=0)
    stages.edit_stage(db, s, name="Screen", hidden=True, wip_limit=None)
    stages.move_stage(db, s, 0)
    with db.read() as sess:
        rows = list(sess.scalars(select(Stage).order_by(Stage.position)))
    assert [r.position for r in rows] == list(range(len(rows)))
    assert (rows[0].name, rows[0].hidden, rows[0].wip_limit) == ("Screen", True, None)
    app = applications.create_application(db, "Acme", "x", stage_id=s).id
    with pytest.raises(DomainError, match="choose where they go"):
        stages.delete_stage(db, s)
    stages.delete_stage(db, s, move_cards_to=ids["Applied"])
    assert board.card_ids(db, ids["Applied"]) == [app]


def test_rekinding_a_stage_replans_its_cards(db: Database, ids: dict[str, int]) -> None:
    app = applications.create_application(db, "Acme", "x", stage_id=ids["Wishlist"]).id
    assert queries.pending_follow_ups(db, app) == []
    stages.edit_stage(db, ids["Wishlist"], kind=StageKind.OPEN)
    assert [f.kind for f in queries.pending_follow_ups(db, app)] == [FollowUpKind.CHECK_IN]


def test_settings_change_retimes_pending_playbook_follow_ups(
    db: Database, ids: dict[str, int]
) -> None:
    app = applications.create_application(db, "Acme", "x", stage_id=ids["Applied"]).id
    (before,) = queries.pending_follow_ups(db, app)
    update_playbook_settings(db, check_in_every_days=21)
    assert playbook_settings(db).check_in_every_days == 21
    (after,) = queries.pending_follow_ups(db, app)
    assert after.id == before.id
    assert after.due_at - before.due_at >= dt.timedelta(days=7)
    with pytest.raises(DomainError, match="Check-in interval"):
        update_playbook_settings(db, check_in_every_days=0)
    assert playbook_settings(db).check_in_every_days == 21


def test_contacts_validate_and_link(db: Database) -> None:
    app = applications.create_application(db, "Acme", "x").id
    with pytest.raises(DomainError, match="email address"):
        contacts.create_contact(db, "Jane", email="not-an-email")
    c = contacts.create_contact(db, "Jane", application_id=app, role=ContactRole.RECRUITER).id
    contacts.link_contact(db, app, c, ContactRole.HIRING_MANAGER)
    contacts.unlink_contact(db, app, c)
    contacts.delete_contact(db, c)
    with pytest.raises(NotFoundError):
        contacts.edit_contact(db, c, name="x")


def test_unsubscribed_listeners_hear_nothing(db_path: Path, clock: ManualClock) -> None:
    from followup_desktop.store.database import open_database

    db = open_database(db_path, clock)
    seen: list[Changes] = []
    db.subscribe(seen.append)
    app = applications.create_application(db, "Acme", "x").id
    db.unsubscribe(seen.append)
    applications.edit_application(db, app, role="y")
    assert len(seen) == 1
    db.close()


def test_deleted_cards_are_purged_after_thirty_days(
    db: Database, ids: dict[str, int], clock: ManualClock
) -> None:
    from followup_desktop.services.applications import purge_deleted

    old = applications.create_application(db, "Old", "x", stage_id=ids["Applied"]).id
    interviews.log_interview(db, old, clock.now())
    recent = applications.create_application(db, "Recent", "x").id
    kept = applications.create_application(db, "Kept", "x").id
    applications.delete_application(db, old)
    clock.advance(dt.timedelta(days=25))
    applications.delete_application(db, recent)
    clock.advance(dt.timedelta(days=6))  # old: 31 days ago, recent: 6 days ago
    changes = purge_deleted(db)
    assert changes.applications == {old}
    with db.read() as s:
        left = set(s.scalars(select(Application.id)))
        orphans = s.scalar(
            select(func.count()).select_from(FollowUp).where(FollowUp.application_id == old)
        )
    assert left == {recent, kept}
    assert orphans == 0  # its follow-ups (and interviews, timeline) went with it
    applications.restore_application(db, recent)  # the recent one can still come back
    assert purge_deleted(db).empty


def test_stay_in_touch_reminders_for_people(db: Database, clock: ManualClock) -> None:
    app = applications.create_application(db, "Acme", "Engineer").id
    jane = contacts.create_contact(db, "Jane", application_id=app, keep_in_touch_days=21).id
    upcoming = queries.upcoming_follow_ups(db, clock.now() + dt.timedelta(days=60))
    (reminder,) = [r for r in upcoming if r.kind is FollowUpKind.KEEP_IN_TOUCH]
    assert (reminder.application_id, reminder.company, reminder.title) == (
        None,
        "Jane",
        "Keep in touch with Jane",
    )
    clock.advance(dt.timedelta(days=5))
    activity.log_contact(db, app, ActivityKind.CALL_LOGGED, "Coffee chat", contact_id=jane)
    (moved,) = [
        r
        for r in queries.upcoming_follow_ups(db, clock.now() + dt.timedelta(days=60))
        if r.kind is FollowUpKind.KEEP_IN_TOUCH
    ]
    assert moved.id == reminder.id
    assert moved.due > reminder.due
    clock.set(moved.due)
    (alert,) = [a for a in queries.due_alerts(db, clock.now()) if a.follow_up_id == moved.id]
    assert (alert.company, alert.application_id) == ("Jane", None)
    followups.complete_follow_up(db, moved.id)
    (next_one,) = [
        r
        for r in queries.upcoming_follow_ups(db, clock.now() + dt.timedelta(days=60))
        if r.kind is FollowUpKind.KEEP_IN_TOUCH
    ]
    assert next_one.id != moved.id
    contacts.edit_contact(db, jane, keep_in_touch_days=None)
    assert not [
        r
        for r in queries.upcoming_follow_ups(db, clock.now() + dt.timedelta(days=60))
        if r.kind is FollowUpKind.KEEP_IN_TOUCH
    ]


def test_the_panel_count_matches_its_list_and_uses_the_owed_index(
    db: Database, clock: ManualClock
) -> None:
    """count_upcoming counts exactly what upcoming_follow_ups lists (people's reminders in,
    archived and deleted cards out, snoozed ones by their snooze end), and both queries
    run on ix_follow_up_owed rather than sorting every pending row."""
    from sqlalchemy import event

    ids = [applications.create_application(db, f"C{i}", "r").id for i in range(6)]
    for app in ids:
        followups.add_follow_up(db, app, "Check in", clock.now() + dt.timedelta(days=2))
    contacts.create_contact(db, "Jane", application_id=ids[0], keep_in_touch_days=3)
    applications.set_archived(db, ids[1], True)
    applications.delete_application(db, ids[2])
    (snoozed,) = queries.pending_follow_ups(db, ids[3])[:1]
    followups.snooze_follow_up(db, snoozed.id, clock.now() + dt.timedelta(days=30))
    for days in (1, 4, 10, 60):
        until = clock.now() + dt.timedelta(days=days)
        listed = queries.upcoming_follow_ups(db, until)
        assert queries.count_upcoming(db, until) == len(listed)
        assert {r.application_id for r in listed}.isdisjoint({ids[1], ids[2]})
        assert [r.due for r in listed] == sorted(r.due for r in listed)

    plans: list[str] = []

    def explain(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if "follow_up" in statement and statement.lstrip().startswith("SELECT"):
            rows = cursor.connection.execute("EXPLAIN QUERY PLAN " + statement, parameters)
            plans.append(" | ".join(r[3] for r in rows))

    event.listen(db.engine, "before_cursor_execute", explain)
    try:
        until = clock.now() + dt.timedelta(days=7)
        queries.upcoming_follow_ups(db, until, limit=5)
        queries.count_upcoming(db, until)
    finally:
        event.remove(db.engine, "before_cursor_execute", explain)
    assert len(plans) == 2
    for plan in plans:
        assert "SEARCH follow_up USING" in plan, plan
        assert "INDEX ix_follow_up_owed" in plan, plan


def test_sample_data_never_names_one_person_twice_on_a_panel(
    db: Database, clock: ManualClock
) -> None:
    """The demo a person tries the app with: two thank-yous "to Lukas Schmidt" for one
    interview looked like the app duplicating follow-ups."""
    from followup_desktop.services import sample_data
    from followup_desktop.store.models import Contact, interview_interviewer

    sample_data.generate(db, clock, 40, seed=7)  # the demo as shipped (it had one)
    with db.read() as s:
        panels = s.execute(
            select(interview_interviewer.c.interview_id, Contact.name).join(
                Contact, Contact.id == interview_interviewer.c.contact_id
            )
        ).all()
    assert len(panels) > 10
    seen: set[tuple[int, str]] = set()
    for interview_id, name in panels:
        assert (interview_id, name) not in seen, name
        seen.add((interview_id, name))


# --- the days a card is dated by -------------------------------------------------------------


def test_an_application_sent_before_it_was_added_counts_from_that_day(
    db: Database, ids: dict[str, int], clock: ManualClock
) -> None:
    """Most people start the app mid-search: an application sent ten days ago is in its
    stage since then, and its first check-in is four days away, not fourteen."""
    from followup_desktop.services import board_view

    sent = dt.date(2026, 10, 12)  # Monday; the clock says Thursday 22 October
    app = applications.create_application(
        db, "Acme", "Engineer", stage_id=ids["Applied"], applied_on=sent
    ).id
    with db.read() as s:
        row = s.get(Application, app)
        assert row is not None
        assert row.created_at.astimezone(BERLIN) == dt.datetime(2026, 10, 12, 12, tzinfo=BERLIN)
        assert row.stage_entered_at == row.created_at
    (check,) = queries.pending_follow_ups(db, app)
    # 14 days after the 12th is Monday 26 October, the day after DST ended: 10:00 CET.
    assert check.due_at.astimezone(BERLIN) == dt.datetime(2026, 10, 26, 10, tzinfo=BERLIN)
    assert check.due_at.hour == 9  # UTC: one hour less than before the change
    card = board_view.load_cards(db, [app])[app]
    assert card.stage_entered_at.astimezone(BERLIN).date() == sent
    with pytest.raises(DomainError, match="cannot be in the future"):
        applications.create_application(db, "Globex", "Engineer", applied_on=dt.date(2026, 10, 23))


def test_correcting_the_days_re_plans_and_is_checked(
    db: Database, ids: dict[str, int], clock: ManualClock
) -> None:
    app = applications.create_application(db, "Acme", "Engineer", stage_id=ids["Applied"]).id
    today = dt.date(2026, 10, 22)
    changes = applications.edit_application(
        db, app, applied_on=dt.date(2026, 10, 1), in_stage_since=dt.date(2026, 10, 15)
    )
    assert app in changes.applications
    (check,) = queries.pending_follow_ups(db, app)
    assert check.due_at.astimezone(BERLIN) == dt.datetime(2026, 10, 29, 10, tzinfo=BERLIN)
    with db.read() as s:
        last = s.scalars(
            select(Activity).where(Activity.application_id == app).order_by(Activity.id.desc())
        ).first()
        assert last is not None
        assert last.summary == "Edited applied on, in this stage since"
    # The same days again change nothing (and log nothing).
    assert not applications.edit_application(
        db, app, applied_on=dt.date(2026, 10, 1), in_stage_since=dt.date(2026, 10, 15)
    ).applications
    before = snapshot(db)
    for bad, message in (
        ({"in_stage_since": dt.date(2026, 9, 30)}, "cannot be before the day it was applied"),
        ({"applied_on": dt.date(2026, 10, 16)}, "cannot be before the day it was applied"),
        ({"applied_on": today + dt.timedelta(days=1)}, "cannot be in the future"),
        ({"in_stage_since": dt.datetime(2026, 10, 2, tzinfo=dt.UTC)}, "must be a date"),
        ({"applied_on": "2026-10-02"}, "must be a date"),
        ({"applied_on": dt.date(1969, 12, 31)}, "out of range"),
        # A good text change in the same call is not kept either.
        ({"notes": "x", "in_stage_since": dt.date(2026, 9, 1)}, "cannot be before"),
    ):
        with pytest.raises(DomainError, match=message):
            applications.edit_application(db, app, **bad)
    assert snapshot(db) == before
    # Today is allowed (the instant is now, not a noon still to come).
    applications.edit_application(db, app, in_stage_since=today)
    with db.read() as s:
        row = s.get(Application, app)
        assert row is not None
        assert row.stage_entered_at == clock.now()


def test_a_card_names_its_earliest_follow_up_with_that_follow_up_s_date(
    db: Database, ids: dict[str, int], clock: ManualClock
) -> None:
    """The board's bulk read took the title from any row once a second aggregate sat
    beside MIN(): the date of one follow-up under the title of another."""
    from followup_desktop.services import board_view

    app = applications.create_application(db, "Acme", "Engineer", stage_id=ids["Applied"]).id
    soon = clock.now() + dt.timedelta(days=1)
    later = clock.now() + dt.timedelta(days=2)
    followups.add_follow_up(db, app, "Later one", later)
    followups.add_follow_up(db, app, "Soonest", soon)
    card = board_view.load_cards(db, [app])[app]
    assert (card.next_title, card.next_due) == ("Soonest", soon)
    assert not card.thank_you_pending
    jane = contacts.create_contact(db, "Jane", application_id=app, role=ContactRole.INTERVIEWER).id
    interviews.log_interview(db, app, clock.now() - dt.timedelta(hours=1), interviewer_ids=[jane])
    card = board_view.load_cards(db, [app])[app]
    assert card.thank_you_pending
    with db.read() as s:
        earliest = min(
            (f for f in s.scalars(select(FollowUp).where(FollowUp.application_id == app))),
            key=lambda f: f.due_at,
        )
    assert (card.next_title, card.next_due) == (earliest.title, earliest.due_at)


def test_lessons_learned_gathers_what_each_application_taught(
    db: Database, clock: ManualClock
) -> None:
    """Feedback and lessons from every live card, the most recently updated first; a card
    with neither (or only spaces), or a deleted one, is not listed."""
    acme = applications.create_application(db, "Acme", "Engineer").id
    globex = applications.create_application(db, "Globex", "SRE").id
    blank = applications.create_application(db, "Initech", "Dev").id
    gone = applications.create_application(db, "Hooli", "PM").id
    applications.edit_application(db, acme, feedback="Too little <b>system design</b>.")
    clock.advance(dt.timedelta(days=1))
    applications.edit_application(db, globex, lessons="Prepare a STAR story about on-call.")
    applications.edit_application(db, blank, feedback="   ", lessons="\n")
    applications.edit_application(db, gone, lessons="Ask about the team first.")
    applications.delete_applications(db, [gone])
    got = queries.lessons_learned(db)
    assert [(x.application_id, x.company, x.stage_name) for x in got] == [
        (globex, "Globex", "Wishlist"),
        (acme, "Acme", "Wishlist"),
    ]
    assert got[1].feedback == "Too little <b>system design</b>."
    assert got[0].lessons == "Prepare a STAR story about on-call."
    assert got[0].updated_at > got[1].updated_at
