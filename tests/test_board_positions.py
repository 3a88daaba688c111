"""The board order matches a reference list model under any sequence of moves, archives,
deletes and restores: sort keys stay unique per column, only live cards have one, and
the index a move reports is the card's rank. Includes the rare paths: a gap used up (the
column is renumbered) and keys at the edge of SQLite's integers."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from followup_desktop.core.clock import ManualClock
from followup_desktop.services import applications, board
from followup_desktop.store.database import Database, open_database
from followup_desktop.store.models import Application, CardOrder, Stage

N_APPS = 8


def _board_order(db: Database) -> dict[int, list[int]]:
    with db.read() as s:
        rows = s.execute(
            select(CardOrder.application_id, CardOrder.stage_id, CardOrder.position).order_by(
                CardOrder.stage_id, CardOrder.position
            )
        ).all()
        # The order row's copy of the stage never disagrees with the application's, and
        # only live cards have one.
        mismatched = s.execute(
            select(func.count())
            .select_from(CardOrder)
            .join(Application, Application.id == CardOrder.application_id)
            .where(
                (Application.stage_id != CardOrder.stage_id)
                | Application.archived
                | Application.deleted_at.is_not(None)
            )
        ).scalar()
        assert mismatched == 0
    by_stage: dict[int, list[int]] = {}
    last: dict[int, int] = {}
    for app_id, stage_id, pos in rows:
        assert pos > last.get(stage_id, -(1 << 63)), f"duplicate key in stage {stage_id}: {rows}"
        last[stage_id] = pos
        by_stage.setdefault(stage_id, []).append(app_id)
    return by_stage


ops = st.lists(
    st.one_of(
        st.tuples(
            st.just("move"),
            st.integers(0, N_APPS - 1),
            st.integers(0, 3),
            st.integers(-1, N_APPS + 1),
        ),
        st.tuples(
            st.just("archive"), st.integers(0, N_APPS - 1), st.just(0), st.integers(-1, N_APPS)
        ),
        st.tuples(
            st.just("delete"), st.integers(0, N_APPS - 1), st.just(0), st.integers(-1, N_APPS)
        ),
    ),
    max_size=40,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops)
def test_random_operations_match_a_list_model(operations: list[tuple[str, int, int, int]]) -> None:
    clock = ManualClock(dt.datetime(2026, 10, 22, 9, tzinfo=dt.UTC))
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "f.sqlite3", clock)
        try:
            with db.read() as s:
                stage_ids = list(s.scalars(select(Stage.id).order_by(Stage.position)))[:4]
            model: dict[int, list[int]] = {sid: [] for sid in stage_ids}
            ids = []
            for i in range(N_APPS):
                sid = stage_ids[i % 4]
                ids.append(applications.create_application(db, f"C{i}", "r", stage_id=sid).id)
                model[sid].append(ids[-1])
            off: dict[int, str] = {}  # app id -> "archived"/"deleted"
            home = {a: stage_ids[i % 4] for i, a in enumerate(ids)}
            for op, which, stage_i, index in operations:
                app = ids[which]
                idx = None if index < 0 else index
                if op == "move" and app not in off:
                    target = stage_ids[stage_i]
                    model[home[app]].remove(app)
                    lst = model[target]
                    lst.insert(len(lst) if idx is None else min(idx, len(lst)), app)
                    home[app] = target
                    board.move_application(db, app, target, idx)
                elif op == "archive":
                    if off.get(app) == "archived":
                        applications.set_archived(db, app, False, index=idx)
                        lst = model[home[app]]
                        lst.insert(len(lst) if idx is None else min(idx, len(lst)), app)
                        del off[app]
                    elif app not in off:
                        applications.set_archived(db, app, True)
                        model[home[app]].remove(app)
                        off[app] = "archived"
                elif op == "delete":
                    if off.get(app) == "deleted":
                        applications.restore_application(db, app, index=idx)
                        lst = model[home[app]]
                        lst.insert(len(lst) if idx is None else min(idx, len(lst)), app)
                        del off[app]
                    elif app not in off:
                        applications.delete_application(db, app)
                        model[home[app]].remove(app)
                        off[app] = "deleted"
            actual = _board_order(db)
            assert {k: v for k, v in model.items() if v} == actual
        finally:
            db.close()


def test_thousands_of_moves_keep_the_order(db: Database) -> None:
    """3,000 seeded random moves over 300 cards: still matching the model, and every move
    reports the rank the card landed at."""
    rng = random.Random(20261128)
    with db.read() as s:
        stage_ids = list(s.scalars(select(Stage.id).order_by(Stage.position)))
    model: dict[int, list[int]] = {sid: [] for sid in stage_ids}
    home: dict[int, int] = {}
    for i in range(300):
        sid = stage_ids[i % len(stage_ids)]
        app = applications.create_application(db, f"C{i}", "r", stage_id=sid).id
        model[sid].append(app)
        home[app] = sid
    apps = list(home)
    for _ in range(3_000):
        app = rng.choice(apps)
        target = rng.choice(stage_ids)
        model[home[app]].remove(app)
        idx = rng.randint(0, len(model[target]))
        model[target].insert(idx, app)
        home[app] = target
        changes = board.move_application(db, app, target, idx)
        assert changes.placements == ((app, target, idx),)
    assert _board_order(db) == {k: v for k, v in model.items() if v}


def _column(db: Database, name: str) -> int:
    with db.read() as s:
        return s.scalars(select(Stage.id).where(Stage.name == name)).one()


def test_a_used_up_gap_renumbers_the_column_and_keeps_its_order(db: Database) -> None:
    """Dropping again and again into the same gap (and above the first card) halves the
    room each time; past ~32 drops the column is renumbered, invisibly to the order."""
    applied = _column(db, "Applied")
    wishlist = _column(db, "Wishlist")
    model = [applications.create_application(db, f"A{i}", "r", stage_id=applied).id for i in (0, 1)]
    for i in range(80):
        app = applications.create_application(db, f"W{i}", "r", stage_id=wishlist).id
        at = 1 if i % 2 else 0  # between the first two, or above the first
        changes = board.move_application(db, app, applied, at)
        assert changes.placements == ((app, applied, at),)
        model.insert(at, app)
    assert _board_order(db)[applied] == model
    with db.read() as s:
        keys = list(s.scalars(select(CardOrder.position).where(CardOrder.stage_id == applied)))
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize("edge", [(1 << 62) - 5, -(1 << 62) + 5])
def test_keys_near_the_integer_limits_renumber_instead_of_overflowing(
    db: Database, edge: int
) -> None:
    applied = _column(db, "Applied")
    a = applications.create_application(db, "A", "r", stage_id=applied).id
    b = applications.create_application(db, "B", "r", stage_id=applied).id
    with db.write() as tx:
        tx.driver.execute("UPDATE card_order SET position = ? WHERE application_id = ?", (edge, a))
        tx.driver.execute(
            "UPDATE card_order SET position = ? WHERE application_id = ?",
            (edge + 1 if edge > 0 else edge - 1, b),
        )
    order = [a, b] if edge > 0 else [b, a]
    assert _board_order(db)[applied] == order
    c = applications.create_application(db, "C", "r").id
    board.move_application(db, c, applied, None)  # after the last
    d = applications.create_application(db, "D", "r").id
    board.move_application(db, d, applied, 0)  # above the first
    e = applications.create_application(db, "E", "r").id
    board.move_application(db, e, applied, 1)  # between neighbours one apart
    assert _board_order(db)[applied] == [d, e, *order, c]


def test_an_index_past_the_end_lands_last_and_reports_its_rank(db: Database) -> None:
    applied = _column(db, "Applied")
    first = applications.create_application(db, "A", "r", stage_id=applied).id
    app = applications.create_application(db, "B", "r").id
    changes = board.move_application(db, app, applied, 99)
    assert changes.placements == ((app, applied, 1),)
    assert _board_order(db)[applied] == [first, app]
