"""Positions stay dense (0..n-1, no gaps, no duplicates) and match a reference list model
under any sequence of moves, archives, deletes and restores."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from followup_desktop.core.clock import ManualClock
from followup_desktop.services import applications, board
from followup_desktop.store.database import Database, open_database
from followup_desktop.store.models import Application, CardOrder, Stage

N_APPS = 8


def _positions_are_dense(db: Database) -> dict[int, list[int]]:
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
    for app_id, stage_id, pos in rows:
        cards = by_stage.setdefault(stage_id, [])
        assert pos == len(cards), f"gap or duplicate in stage {stage_id}: {rows}"
        cards.append(app_id)
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
            actual = _positions_are_dense(db)
            assert {k: v for k, v in model.items() if v} == actual
        finally:
            db.close()


def test_thousands_of_moves_keep_order_dense(db: Database) -> None:
    """3,000 seeded random moves over 300 cards: still dense, still matching the model."""
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
        board.move_application(db, app, target, idx)
    assert _positions_are_dense(db) == {k: v for k, v in model.items() if v}
