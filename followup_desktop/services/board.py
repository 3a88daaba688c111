"""Moving cards: the dense-position bookkeeping behind drag and drop and keyboard moves.

Positions are 0..n-1 among the live cards of a stage (archived/deleted cards have NULL).
A move is a handful of Core statements (two range shifts, a count, two row updates)
instead of ORM bookkeeping: this is the hot path of every drop, and each statement reads
the row's current state from the database, so a multi-card move stays correct.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update

from ..core.changes import Changes
from ..core.types import ActivityKind, DomainError
from ..store.database import Database, Transaction
from ..store.models import Application, CardOrder, Stage, table_of
from .common import log_activity
from .playbook_runner import replan

_app = table_of(Application)
_stage = table_of(Stage)
_order = table_of(CardOrder)

# Prebuilt statements: a drop runs these, and building a statement costs three times more
# than executing it (see playbook_runner).
_POSITION = select(_order.c.stage_id, _order.c.position).where(
    _order.c.application_id == bindparam("b_app_id")
)
_UNPLACE = delete(_order).where(_order.c.application_id == bindparam("b_app_id"))
_CLOSE_GAP = (
    update(_order)
    .where(_order.c.stage_id == bindparam("b_stage_id"), _order.c.position > bindparam("b_pos"))
    .values(position=_order.c.position - 1)
)
_COUNT = (
    select(func.count()).select_from(_order).where(_order.c.stage_id == bindparam("b_stage_id"))
)
_OPEN_GAP = (
    update(_order)
    .where(_order.c.stage_id == bindparam("b_stage_id"), _order.c.position >= bindparam("b_pos"))
    .values(position=_order.c.position + 1)
)
_PLACE = insert(_order).values(
    application_id=bindparam("b_app_id"),
    stage_id=bindparam("b_stage_id"),
    position=bindparam("b_pos"),
)
_SET_STAGE = (
    update(_app).where(_app.c.id == bindparam("b_app_id")).values(stage_id=bindparam("b_stage_id"))
)
_STAGE_NAME = select(_stage.c.name).where(_stage.c.id == bindparam("b_stage_id"))
_ENTERED = (
    update(_app)
    .where(_app.c.id == bindparam("b_app_id"))
    .values(stage_entered_at=bindparam("b_now"), updated_at=bindparam("b_now"))
)


def _forget_stages(tx: Transaction) -> None:
    """Loaded Application objects may now hold a stale stage: let the ORM reload it."""
    for obj in list(tx.session.identity_map.values()):
        if isinstance(obj, Application):
            tx.session.expire(obj, ["stage_id", "stage_entered_at", "updated_at"])


def take_out(tx: Transaction, app_id: int, *, recorded: bool = False) -> None:
    """Remove a card from its column's order, closing the gap (no-op if already out).
    ``recorded``: the caller reports the card's new place in ``placements``."""
    tx.session.flush()
    conn = tx.session.connection()
    row = conn.execute(_POSITION, {"b_app_id": app_id}).one_or_none()
    if row is None:
        return
    conn.execute(_UNPLACE, {"b_app_id": app_id})
    conn.execute(_CLOSE_GAP, {"b_stage_id": row.stage_id, "b_pos": row.position})
    tx.changed.stage_cards.add(row.stage_id)
    if not recorded:
        tx.changed.unplaced = True


def put_in(
    tx: Transaction, app_id: int, stage_id: int, index: int | None, *, recorded: bool = False
) -> int:
    """Insert a card that is out of any order into ``stage_id`` at ``index`` (clamped;
    None = end), and make it a card of that stage. Returns the index used."""
    tx.session.flush()
    conn = tx.session.connection()
    n = conn.execute(_COUNT, {"b_stage_id": stage_id}).scalar_one()
    at = n if index is None else max(0, min(index, n))
    conn.execute(_OPEN_GAP, {"b_stage_id": stage_id, "b_pos": at})
    conn.execute(_PLACE, {"b_app_id": app_id, "b_stage_id": stage_id, "b_pos": at})
    conn.execute(_SET_STAGE, {"b_app_id": app_id, "b_stage_id": stage_id})
    tx.changed.stage_cards.add(stage_id)
    if recorded:
        tx.changed.placements.append((app_id, stage_id, at))
    else:
        tx.changed.unplaced = True
    _forget_stages(tx)
    return at


def _load_rows(tx: Transaction, app_ids: Sequence[int]) -> list[Any]:
    if len(set(app_ids)) != len(app_ids):
        raise DomainError("The same card was named twice in one move.")
    rows = (
        tx.session.connection()
        .execute(
            select(
                _app.c.id,
                _app.c.stage_id,
                _order.c.position,
                _app.c.archived,
                _app.c.deleted_at,
                _app.c.company,
                _stage.c.position.label("stage_pos"),
                _stage.c.name.label("stage_name"),
            )
            .join(_stage, _stage.c.id == _app.c.stage_id)
            .outerjoin(_order, _order.c.application_id == _app.c.id)
            .where(_app.c.id.in_(list(app_ids)))
        )
        .all()
    )
    found = {r.id: r for r in rows}
    for app_id in app_ids:
        r = found.get(app_id)
        if r is None or r.deleted_at is not None:
            raise DomainError(f"That application no longer exists (id {app_id}).")
        if r.archived:
            raise DomainError(f"{r.company} is archived; restore it before moving it.")
    return sorted(rows, key=lambda r: (r.stage_pos, r.position if r.position is not None else 0))


def _stage_name(tx: Transaction, stage_id: object) -> str:
    row = (
        tx.session.connection().execute(_STAGE_NAME, {"b_stage_id": stage_id}).one_or_none()
        if isinstance(stage_id, int) and not isinstance(stage_id, bool)
        else None
    )
    if row is None:
        raise DomainError("That stage no longer exists; the card was not moved.")
    return str(row.name)


def _after_stage_change(tx: Transaction, rows: Sequence[Any], new_stage: dict[int, int]) -> None:
    """Log, stamp and re-plan every card whose stage changed."""
    names: dict[int, str] = {}
    for r in rows:
        target = new_stage[r.id]
        if target == r.stage_id:
            continue
        if target not in names:
            names[target] = _stage_name(tx, target)
        tx.session.connection().execute(_ENTERED, {"b_app_id": r.id, "b_now": tx.now})
        log_activity(
            tx, r.id, ActivityKind.STAGE_CHANGED, f"Moved from {r.stage_name} to {names[target]}"
        )
        replan(tx, r.id)


def move_applications(
    db: Database, app_ids: Sequence[int], stage_id: int, index: int | None = None
) -> Changes:
    """Move cards to ``stage_id`` so they occupy final positions ``index``, ``index+1``, …
    (None = the end), keeping their current board order. Stage changes are logged and
    re-run the playbook (e.g. Rejected → feedback request)."""
    if not app_ids:
        raise DomainError("Nothing to move.")
    with db.write() as tx:
        _stage_name(tx, stage_id)
        ordered = _load_rows(tx, app_ids)
        for r in ordered:
            take_out(tx, r.id, recorded=True)
        at = index
        for r in ordered:
            at = put_in(tx, r.id, stage_id, at, recorded=True) + 1
            tx.changed.applications.add(r.id)
        _after_stage_change(tx, ordered, {r.id: stage_id for r in ordered})
    return tx.result


def place_applications(db: Database, placements: Sequence[tuple[int, int, int]]) -> Changes:
    """Put cards at exact (stage, index) places in one transaction: how a move is undone.

    Placements are applied in ascending index per stage after taking every card out, so
    each card lands back where it was."""
    if not placements:
        raise DomainError("Nothing to move.")
    with db.write() as tx:
        for _, stage_id, _ in placements:
            _stage_name(tx, stage_id)
        rows = _load_rows(tx, [p[0] for p in placements])
        for r in rows:
            take_out(tx, r.id, recorded=True)
        for app_id, stage_id, index in sorted(placements, key=lambda p: (p[1], p[2])):
            put_in(tx, app_id, stage_id, index, recorded=True)
            tx.changed.applications.add(app_id)
        _after_stage_change(tx, rows, {p[0]: p[1] for p in placements})
    return tx.result


def move_application(db: Database, app_id: int, stage_id: int, index: int | None = None) -> Changes:
    """Move one card; ``index`` is its final position in the target column (None = end)."""
    return move_applications(db, [app_id], stage_id, index)


def card_ids(db: Database, stage_id: int) -> list[int]:
    """The live cards of a stage in board order (a read helper for tests and undo)."""
    with db.read() as s:
        return list(
            s.scalars(
                select(CardOrder.application_id)
                .where(CardOrder.stage_id == stage_id)
                .order_by(CardOrder.position)
            )
        )
