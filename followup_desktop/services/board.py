"""Moving cards: the card-order bookkeeping behind drag and drop and keyboard moves.

A card's place is a sparse sort key in ``card_order`` (see store.models.CardOrder): taking
a card out deletes its row, putting it in at index ``i`` reads the keys of the cards at
``i-1`` and ``i`` through the unique (stage, position) index and takes the midpoint. This is
the hot path of every drop, so it runs as plain SQL on the transaction's own sqlite3
connection (``Transaction.driver``): ~0.01 ms a statement instead of ~0.1 ms through
SQLAlchemy Core, and each statement reads the current rows, so a multi-card move stays
correct.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from sqlalchemy import select

from ..core.changes import Changes
from ..core.types import ActivityKind, DomainError, StageKind
from ..store import EFFECTIVE_DUE_SQL
from ..store.columns import db_text
from ..store.database import Database, Transaction
from ..store.migrations import ORDER_GAP
from ..store.models import Application, CardOrder
from .common import expire_loaded, log_activity
from .playbook_runner import replan

#: Keys stay well inside SQLite's signed 64-bit integers; beyond this a column is renumbered.
_KEY_LIMIT = 1 << 62

_STAGE_OF = "SELECT stage_id FROM card_order WHERE application_id = ?"
_UNPLACE = "DELETE FROM card_order WHERE application_id = ?"
_NEIGHBOURS = (
    "SELECT position FROM card_order WHERE stage_id = ? ORDER BY position LIMIT 2 OFFSET ?"
)
_FIRST = "SELECT min(position) FROM card_order WHERE stage_id = ?"
_END = "SELECT count(*), max(position) FROM card_order WHERE stage_id = ?"
_LAST = "SELECT max(position) FROM card_order WHERE stage_id = ?"
_PLACE = "INSERT INTO card_order (application_id, stage_id, position) VALUES (?, ?, ?)"
_SET_STAGE = "UPDATE application SET stage_id = ? WHERE id = ?"
_STAGE_NAME = "SELECT name, kind FROM stage WHERE id = ?"
#: Leaving the Wishlist for good: the day it was applied for is today ("Applied on").
_SENT = "UPDATE application SET created_at = ? WHERE id = ?"
#: An undone send: back to when it entered the Wishlist, if that move had stamped it.
_UNSENT = "UPDATE application SET created_at = ? WHERE id = ? AND created_at = stage_entered_at"
_PLANNED = StageKind.PLANNED.value
_CLOSED = StageKind.CLOSED.value
_ENTERED = "UPDATE application SET stage_entered_at = ?, updated_at = ? WHERE id = ?"
_IN_ORDER = "SELECT application_id FROM card_order WHERE stage_id = ? ORDER BY position"
_CLEAR_STAGE = "DELETE FROM card_order WHERE stage_id = ?"
_STAGE_ATTRS = ("stage_id", "stage", "stage_entered_at", "updated_at", "created_at")


_ASK = -1  # (no stage has a negative id)


def take_out(
    tx: Transaction, app_id: int, *, recorded: bool = False, placed_in: int | None = _ASK
) -> None:
    """Remove a card from its column's order (no-op if already out). ``recorded``: the
    caller reports the card's new place in ``placements``. ``placed_in``: the column the
    caller read the card in (None: in none) in this transaction, so it is not read again."""
    con = tx.driver
    if placed_in == _ASK:
        row = con.execute(_STAGE_OF, (app_id,)).fetchone()
        placed_in = None if row is None else row[0]
    if placed_in is None:
        return
    con.execute(_UNPLACE, (app_id,))
    tx.changed.stage_cards.add(placed_in)
    if not recorded:
        tx.changed.unplaced = True


def _renumber(con: sqlite3.Connection, stage_id: int) -> None:
    """Spread a column's keys ``ORDER_GAP`` apart again, keeping its order (rare: only when
    a gap is used up). Delete and re-insert, since an in-place update would collide with
    the unique index halfway through."""
    _lay_out(con, stage_id, [r[0] for r in con.execute(_IN_ORDER, (stage_id,))])


def _lay_out(con: sqlite3.Connection, stage_id: int, ids: Sequence[int]) -> None:
    """A column's keys written anew, ``ORDER_GAP`` apart, in the order of ``ids``."""
    con.execute(_CLEAR_STAGE, (stage_id,))
    con.executemany(
        _PLACE, [(app_id, stage_id, (i + 1) * ORDER_GAP) for i, app_id in enumerate(ids)]
    )


def _slot(con: sqlite3.Connection, stage_id: int, index: int | None) -> tuple[int, int]:
    """(index actually used, sort key) for a card going to ``index`` of a column (clamped;
    None = the end)."""
    for _ in range(2):  # a second pass after renumbering always finds room
        if index is not None and index <= 0:
            first = con.execute(_FIRST, (stage_id,)).fetchone()[0]
            if first is None:
                return 0, ORDER_GAP
            if first - ORDER_GAP > -_KEY_LIMIT:
                return 0, first - ORDER_GAP
        elif index is not None:
            keys = [r[0] for r in con.execute(_NEIGHBOURS, (stage_id, index - 1))]
            if len(keys) == 2:
                before, after = keys
                if after - before >= 2:
                    return index, (before + after) // 2
            elif len(keys) == 1 and keys[0] + ORDER_GAP < _KEY_LIMIT:
                return index, keys[0] + ORDER_GAP  # exactly at the end
            elif not keys:
                index = None  # past the end: clamp
                continue
        if index is None:
            count, last = con.execute(_END, (stage_id,)).fetchone()
            if last is None:
                return 0, ORDER_GAP
            if last + ORDER_GAP < _KEY_LIMIT:
                return count, last + ORDER_GAP
        _renumber(con, stage_id)
    raise AssertionError("no room in a freshly renumbered column")  # pragma: no cover


def put_in(
    tx: Transaction,
    app_id: int,
    stage_id: int,
    index: int | None,
    *,
    recorded: bool = False,
    same_stage: bool = False,
) -> int:
    """Insert a card that is out of any order into ``stage_id`` at ``index`` (clamped;
    None = end), and make it a card of that stage (``same_stage``: the caller knows it
    is one already: a reorder need not rewrite the card's row). Returns the index used."""
    con = tx.driver
    at, key = _slot(con, stage_id, index)
    con.execute(_PLACE, (app_id, stage_id, key))
    if not same_stage:
        con.execute(_SET_STAGE, (stage_id, app_id))
    tx.changed.stage_cards.add(stage_id)
    if recorded:
        tx.changed.placements.append((app_id, stage_id, at))
    else:
        tx.changed.unplaced = True
    # A loaded copy of the card may now hold a stale stage: let the ORM read it again.
    expire_loaded(tx, Application, (app_id,), _STAGE_ATTRS)
    return at


def append_cards(tx: Transaction, cards: Sequence[tuple[int, int]]) -> None:
    """Put cards that are out of any order at the ends of their columns, in the order
    given: (application id, stage id) pairs. One read and two batched statements per
    column, where ``put_in`` counts the column for every card's index (an import of
    10,000 cards spent most of its time counting)."""
    con = tx.driver
    by_stage: dict[int, list[int]] = {}
    for app_id, stage_id in cards:
        by_stage.setdefault(stage_id, []).append(app_id)
    for stage_id, ids in by_stage.items():
        last = con.execute(_LAST, (stage_id,)).fetchone()[0] or 0
        if last + len(ids) * ORDER_GAP >= _KEY_LIMIT:
            _renumber(con, stage_id)
            last = con.execute(_LAST, (stage_id,)).fetchone()[0] or 0
        con.executemany(
            _PLACE, [(a, stage_id, last + (i + 1) * ORDER_GAP) for i, a in enumerate(ids)]
        )
        con.executemany(_SET_STAGE, [(stage_id, a) for a in ids])
        tx.changed.stage_cards.add(stage_id)
        expire_loaded(tx, Application, ids, _STAGE_ATTRS)
    tx.changed.unplaced = True


class _Card(NamedTuple):
    id: int
    stage_id: int
    stage_name: str
    placed_in: int | None  # the column whose order holds it (None: none)
    stage_kind: str


_LOAD = (
    "SELECT a.id, a.stage_id, s.name, a.archived, a.deleted_at, a.company,"
    " s.position, o.position, o.stage_id, s.kind"
    " FROM application a JOIN stage s ON s.id = a.stage_id"
    " LEFT JOIN card_order o ON o.application_id = a.id WHERE a.id IN ({marks})"
)


def _load_rows(tx: Transaction, app_ids: Sequence[int]) -> list[_Card]:
    """The cards to move in board order; refuses gone or archived ones."""
    if len(set(app_ids)) != len(app_ids):
        raise DomainError("The same card was named twice in one move.")
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in app_ids):
        raise DomainError("A card id must be a whole number.")
    sql = _LOAD.format(marks=",".join("?" * len(app_ids)))
    rows = {r[0]: r for r in tx.driver.execute(sql, tuple(app_ids))}
    for app_id in app_ids:
        r = rows.get(app_id)
        if r is None or r[4] is not None:
            raise DomainError(f"That application no longer exists (id {app_id}).")
        if r[3]:
            raise DomainError(f"{r[5]} is archived; restore it before moving it.")
    ordered = sorted(rows.values(), key=lambda r: (r[6], r[7] if r[7] is not None else 0))
    return [_Card(r[0], r[1], r[2], r[8], r[9]) for r in ordered]


#: A stage's name and kind, as a move reads them.
_Stage = tuple[str, str]


def _stage_name(
    tx: Transaction,
    stage_id: object,
    refusal: str = "That stage no longer exists; the card was not moved.",
) -> _Stage:
    row = (
        tx.driver.execute(_STAGE_NAME, (stage_id,)).fetchone()
        if isinstance(stage_id, int) and not isinstance(stage_id, bool)
        else None
    )
    if row is None:
        raise DomainError(refusal)
    return str(row[0]), str(row[1])


def _after_stage_change(
    tx: Transaction,
    rows: Sequence[_Card],
    new_stage: dict[int, int],
    names: dict[int, _Stage],
    entered: Mapping[int, dt.datetime] | None = None,
) -> None:
    """Log, stamp and re-plan every card whose stage changed. ``names``: stage names and
    kinds the caller has read (others are read here). ``entered``: when a card had
    entered the stage it goes back to (an undo), instead of now.

    A card leaving the Wishlist (a not-applied-yet stage) was applied for now: its
    "Applied on" day (created_at) becomes today, so its days to an answer and the week's
    "applications sent" count from the day it was sent, not the day it was wishlisted.
    Undone, it gets back the time it entered the Wishlist."""
    for r in rows:
        target = new_stage[r.id]
        if target == r.stage_id:
            continue
        if target not in names:
            names[target] = _stage_name(tx, target)
        target_name, target_kind = names[target]
        now = db_text(tx.now)
        back = entered.get(r.id) if entered else None
        if (r.stage_kind == _PLANNED) != (target_kind == _PLANNED):  # sent, or un-sent
            # (Not into a closed-otherwise stage, Withdrawn or Position filled: from the
            # Wishlist that is a job given up on before applying.)
            if back is None and target_kind not in (_PLANNED, _CLOSED):
                tx.driver.execute(_SENT, (now, r.id))
            elif back is not None and target_kind == _PLANNED:
                tx.driver.execute(_UNSENT, (db_text(back), r.id))
        tx.driver.execute(_ENTERED, (now if back is None else db_text(back), now, r.id))
        expire_loaded(tx, Application, (r.id,), _STAGE_ATTRS)
        summary = f"Moved from {r.stage_name} to {target_name}"
        if back is not None:
            summary = f"Moved back from {r.stage_name} to {target_name} (undo)"
        log_activity(tx, r.id, ActivityKind.STAGE_CHANGED, summary)
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
        names = {stage_id: _stage_name(tx, stage_id)}
        ordered = _load_rows(tx, app_ids)
        for r in ordered:
            take_out(tx, r.id, recorded=True, placed_in=r.placed_in)
        at = index
        for r in ordered:
            same = r.stage_id == stage_id
            at = put_in(tx, r.id, stage_id, at, recorded=True, same_stage=same) + 1
            tx.changed.applications.add(r.id)
        _after_stage_change(tx, ordered, {r.id: stage_id for r in ordered}, names)
    return tx.result


def place_applications(
    db: Database,
    placements: Sequence[tuple[int, int, int]],
    entered: Mapping[int, dt.datetime] | None = None,
) -> Changes:
    """Put cards at exact (stage, index) places in one transaction: how a move is undone.

    Placements are applied in ascending index per stage after taking every card out, so
    each card lands back where it was. ``entered``: when each card had entered the stage
    it goes back to; an undone move restores it, and with it the days the card shows in
    the stage and the follow-ups timed from it (a move re-times the check-in; undone
    without it, the card came back "0d" with its check-in days later than before)."""
    if not placements:
        raise DomainError("Nothing to move.")
    with db.write() as tx:
        names = {sid: _stage_name(tx, sid) for _, sid, _ in placements}
        rows = _load_rows(tx, [p[0] for p in placements])
        was_in = {r.id: r.stage_id for r in rows}
        for r in rows:
            take_out(tx, r.id, recorded=True, placed_in=r.placed_in)
        for app_id, stage_id, index in sorted(placements, key=lambda p: (p[1], p[2])):
            same = was_in[app_id] == stage_id
            put_in(tx, app_id, stage_id, index, recorded=True, same_stage=same)
            tx.changed.applications.add(app_id)
        _after_stage_change(tx, rows, {p[0]: p[1] for p in placements}, names, entered)
    return tx.result


def move_application(db: Database, app_id: int, stage_id: int, index: int | None = None) -> Changes:
    """Move one card; ``index`` is its final position in the target column (None = end)."""
    return move_applications(db, [app_id], stage_id, index)


#: The orders a column can be sorted in, and how the menus name them.
SORTS: dict[str, str] = {
    "next_follow_up": "Next follow-up, soonest first",
    "company": "Company, A to Z",
    "longest_in_stage": "Longest in this stage first",
    "newest": "Newest first",
}

_SORT_ROWS = (
    "SELECT o.application_id, a.company, a.role, a.stage_entered_at, a.created_at, f.due"
    " FROM card_order o JOIN application a ON a.id = o.application_id"
    f" LEFT JOIN (SELECT application_id, MIN{EFFECTIVE_DUE_SQL} AS due FROM follow_up"
    "  WHERE status = 'pending' GROUP BY application_id) f ON f.application_id = a.id"
    " WHERE o.stage_id = ? ORDER BY o.position"
)


#: Sort keys over _SORT_ROWS rows (ISO texts in UTC sort as the times they are).
_KEYS: dict[str, Callable[[tuple[Any, ...]], Any]] = {
    "next_follow_up": lambda r: (r[5] is None, r[5] or ""),  # nothing planned goes last
    "company": lambda r: (r[1].casefold(), r[2].casefold()),  # a company's openings together
    "longest_in_stage": lambda r: r[3],
    "newest": lambda r: r[4],
}


def _rewrite_order(tx: Transaction, stage_id: int, ids: Sequence[int]) -> None:
    _lay_out(tx.driver, stage_id, ids)
    tx.changed.stage_cards.add(stage_id)
    tx.changed.unplaced = True


def sort_stage(db: Database, stage_id: int, by: str) -> list[int]:
    """Sort a column's cards once (``by`` is a key of SORTS; ties keep their order) and
    return the order they had, for undo. A one-off re-arrangement, not a mode: cards
    dropped afterwards go where they are dropped, as on any board."""
    if by not in SORTS:
        raise DomainError(f"Unknown sort order: {by!r}.")
    with db.write() as tx:
        _stage_name(tx, stage_id, refusal="That stage no longer exists.")
        rows = tx.driver.execute(_SORT_ROWS, (stage_id,)).fetchall()
        before = [r[0] for r in rows]
        # (Python's sort is stable, reversed too: ties keep the order they had.)
        after = [r[0] for r in sorted(rows, key=_KEYS[by], reverse=by == "newest")]
        if after != before:
            _rewrite_order(tx, stage_id, after)
    return before


def set_stage_order(db: Database, stage_id: int, ids: Sequence[int]) -> Changes:
    """Put a column's cards in exactly the order ``ids`` (how a sort is undone and
    redone). Refused, changing nothing, when the column no longer holds those cards."""
    with db.write() as tx:
        _stage_name(tx, stage_id, refusal="That stage no longer exists.")
        now_in = [r[0] for r in tx.driver.execute(_IN_ORDER, (stage_id,))]
        if sorted(now_in) != sorted(ids):
            raise DomainError("The column's cards changed since it was sorted.")
        _rewrite_order(tx, stage_id, ids)
    return tx.result


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
