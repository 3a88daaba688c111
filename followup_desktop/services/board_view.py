"""What the board shows: one light record per card, read in three set-based queries.

Qt-free so it can be tested and benchmarked without a window; the UI's column models only
hold these records and ids. Reads go through ``Database.raw`` (plain sqlite3): the board
paints before SQLAlchemy is even imported. Column names are those of store/models.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from ..store import EFFECTIVE_DUE_SQL
from ..store.database import Database


class CardRecord(NamedTuple):
    """One card as the board paints it. A NamedTuple, not a frozen dataclass: 10,000 of
    them are built at start, and a frozen dataclass's __init__ is ~4x slower."""

    id: int
    stage_id: int
    #: The position when this record was read; moves of *other* cards shift it without
    #: reloading it, so the board takes positions from the column order instead.
    position: int | None
    company: str
    role: str
    location: str
    tags: str
    archived: bool
    stage_entered_at: dt.datetime
    unanswered_nudges: int
    ghost_suggested: bool
    #: The earliest pending follow-up (effective due: snooze end if later), if any.
    next_due: dt.datetime | None
    next_title: str
    #: A thank-you email is still to be sent.
    thank_you_pending: bool
    #: Lower-cased text a search matches against (company, role, location, tags, notes, people).
    haystack: str


@dataclasses.dataclass(frozen=True, slots=True)
class StageRecord:
    id: int
    name: str
    position: int
    kind: str
    wip_limit: int | None
    hidden: bool


def load_stages(db: Database) -> list[StageRecord]:
    with db.raw() as con:
        return [
            StageRecord(sid, name, pos, kind, wip, bool(hidden))
            for sid, name, pos, kind, wip, hidden in con.execute(
                "SELECT id, name, position, kind, wip_limit, hidden FROM stage ORDER BY position"
            )
        ]


# The board's bulk read runs at every start on every card: plain driver SQL, datetimes parsed
# with fromisoformat (C). Through SQLAlchemy's typed result processing it took ~340 ms for
# 10,000 cards here. Column names are those of store/models.py (tests cover the round trip).
_APPS_SQL = (
    "SELECT a.id, a.stage_id, o.position, a.company, a.role, a.location, a.tags, a.notes,"
    " a.archived, a.stage_entered_at, a.unanswered_nudges, a.ghost_suggested"
    " FROM application a LEFT JOIN card_order o ON o.application_id = a.id"
    " WHERE a.deleted_at IS NULL"
)
# ``title`` is a bare column: SQLite takes it from the row of the MIN() only when the
# query has no other min()/max() — with MAX(kind = 'thank_you') beside it, a card could
# show the date of its earliest follow-up with the title of another. TOTAL() is no max.
_NEXT_SQL = (
    "SELECT application_id, title,"
    f" MIN{EFFECTIVE_DUE_SQL},"
    " TOTAL(kind = 'thank_you') > 0"
    " FROM follow_up WHERE status = 'pending' AND application_id IS NOT NULL"
)
_PEOPLE_SQL = (
    "SELECT ac.application_id, group_concat(c.name, ' ')"
    " FROM application_contact ac JOIN contact c ON c.id = ac.contact_id"
)


def _when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def load_cards(
    db: Database, ids: Iterable[int] | None = None, *, include_archived: bool = True
) -> dict[int, CardRecord]:
    """Card records by id: all live ones, or just ``ids`` (for a partial refresh)."""
    apps_sql, next_sql, people_sql = _APPS_SQL, _NEXT_SQL, _PEOPLE_SQL + " WHERE 1"
    params: tuple[int, ...] = ()
    if ids is not None:
        params = tuple(int(i) for i in ids)
        if not params:
            return {}
        marks = ",".join("?" * len(params))
        apps_sql += f" AND a.id IN ({marks})"
        next_sql += f" AND application_id IN ({marks})"
        people_sql += f" AND ac.application_id IN ({marks})"
    if not include_archived:
        apps_sql += " AND a.archived = 0"
    next_sql += " GROUP BY application_id"
    people_sql += " GROUP BY ac.application_id"
    with db.raw() as conn:
        next_by_app = {
            r[0]: (r[1], _when(r[2]), bool(r[3])) for r in conn.execute(next_sql, params)
        }
        people_by_app = {r[0]: r[1] or "" for r in conn.execute(people_sql, params)}
        out: dict[int, CardRecord] = {}
        for (
            app_id,
            stage_id,
            position,
            company,
            role,
            location,
            tags,
            notes,
            archived,
            entered,
            unanswered,
            ghost,
        ) in conn.execute(apps_sql, params):
            title, due, thanks = next_by_app.get(app_id, ("", None, False))
            out[app_id] = CardRecord(
                id=app_id,
                stage_id=stage_id,
                position=position,
                company=company,
                role=role,
                location=location,
                tags=tags,
                archived=bool(archived),
                stage_entered_at=_when(entered),
                unanswered_nudges=unanswered,
                ghost_suggested=bool(ghost),
                next_due=due,
                next_title=title,
                thank_you_pending=thanks,
                haystack="\n".join(
                    (company, role, location, tags, notes, people_by_app.get(app_id, ""))
                ).casefold(),
            )
        return out


_ORDER_SQL = "SELECT application_id FROM card_order WHERE stage_id = ? ORDER BY position"


_ALL_ORDER_SQL = "SELECT stage_id, application_id FROM card_order ORDER BY stage_id, position"


def card_order(db: Database, stage_ids: Iterable[int]) -> dict[int, list[int]]:
    """The live card ids of each stage in board order. Plain driver SQL (thousands of
    integers; SQLAlchemy's result machinery would triple the cost), and one scan for the
    whole board when several columns are asked for."""
    wanted = list(stage_ids)
    with db.raw() as conn:
        if len(wanted) <= 2:
            return {sid: [row[0] for row in conn.execute(_ORDER_SQL, (sid,))] for sid in wanted}
        out: dict[int, list[int]] = {sid: [] for sid in wanted}
        for sid, cid in conn.execute(_ALL_ORDER_SQL):
            if sid in out:
                out[sid].append(cid)
        return out


def stage_counts(db: Database) -> dict[int, int]:
    """Live applications per stage, archived ones included (what deleting a stage moves)."""
    with db.raw() as conn:
        return dict(
            conn.execute(
                "SELECT stage_id, count(*) FROM application WHERE deleted_at IS NULL"
                " GROUP BY stage_id"
            ).fetchall()
        )


def posting_url(db: Database, app_id: int) -> str:
    """The card's job posting address as typed ("" if none): read when its menu opens."""
    with db.raw() as conn:
        row = conn.execute("SELECT url FROM application WHERE id = ?", (app_id,)).fetchone()
        return str(row[0]) if row else ""
