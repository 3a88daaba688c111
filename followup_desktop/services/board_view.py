"""What the board shows: one light record per card, read in three set-based queries.

Qt-free so it can be tested and benchmarked without a window; the UI's column models only
hold these records and ids.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from sqlalchemy import case, func, select

from ..core.types import FollowUpKind, FollowUpStatus
from ..store.database import Database
from ..store.models import (
    Application,
    CardOrder,
    Contact,
    FollowUp,
    Stage,
    application_contact,
)


@dataclasses.dataclass(frozen=True, slots=True)
class CardRecord:
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


_effective_due = case(
    (FollowUp.snoozed_until > FollowUp.due_at, FollowUp.snoozed_until), else_=FollowUp.due_at
)
_NEXT = (
    select(
        FollowUp.application_id,
        FollowUp.title,
        func.min(_effective_due).label("next_due"),
        func.max(case((FollowUp.kind == FollowUpKind.THANK_YOU, 1), else_=0)).label("thanks"),
    )
    .where(FollowUp.status == FollowUpStatus.PENDING, FollowUp.application_id.is_not(None))
    .group_by(FollowUp.application_id)
)
_PEOPLE = (
    select(application_contact.c.application_id, func.group_concat(Contact.name, " "))
    .join(Contact, Contact.id == application_contact.c.contact_id)
    .group_by(application_contact.c.application_id)
)
_APPS = (
    select(
        Application.id,
        Application.stage_id,
        CardOrder.position,
        Application.company,
        Application.role,
        Application.location,
        Application.tags,
        Application.notes,
        Application.archived,
        Application.stage_entered_at,
        Application.unanswered_nudges,
        Application.ghost_suggested,
    )
    .outerjoin(CardOrder, CardOrder.application_id == Application.id)
    .where(Application.deleted_at.is_(None))
)


def _utc(value: object) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    assert isinstance(value, dt.datetime)
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def load_stages(db: Database) -> list[StageRecord]:
    with db.read() as s:
        return [
            StageRecord(st.id, st.name, st.position, st.kind.value, st.wip_limit, st.hidden)
            for st in s.scalars(select(Stage).order_by(Stage.position))
        ]


def load_cards(
    db: Database, ids: Iterable[int] | None = None, *, include_archived: bool = True
) -> dict[int, CardRecord]:
    """Card records by id: all live ones, or just ``ids`` (for a partial refresh)."""
    apps = _APPS
    nxt = _NEXT
    people = _PEOPLE
    if ids is not None:
        wanted = list(ids)
        if not wanted:
            return {}
        apps = apps.where(Application.id.in_(wanted))
        nxt = nxt.where(FollowUp.application_id.in_(wanted))
        people = people.where(application_contact.c.application_id.in_(wanted))
    if not include_archived:
        apps = apps.where(Application.archived.is_(False))
    with db.read() as s:
        conn = s.connection()
        next_by_app = {r[0]: (r[1], _utc(r[2]), bool(r[3])) for r in conn.execute(nxt)}
        people_by_app = {r[0]: r[1] or "" for r in conn.execute(people)}
        out: dict[int, CardRecord] = {}
        for r in conn.execute(apps):
            title, due, thanks = next_by_app.get(r.id, ("", None, False))
            hay = "\n".join(
                (r.company, r.role, r.location, r.tags, r.notes, people_by_app.get(r.id, ""))
            ).casefold()
            out[r.id] = CardRecord(
                id=r.id,
                stage_id=r.stage_id,
                position=r.position,
                company=r.company,
                role=r.role,
                location=r.location,
                tags=r.tags,
                archived=r.archived,
                stage_entered_at=r.stage_entered_at,
                unanswered_nudges=r.unanswered_nudges,
                ghost_suggested=r.ghost_suggested,
                next_due=due,
                next_title=title,
                thank_you_pending=thanks,
                haystack=hay,
            )
        return out


_ORDER_SQL = "SELECT application_id FROM card_order WHERE stage_id = ? ORDER BY position"


_ALL_ORDER_SQL = "SELECT stage_id, application_id FROM card_order ORDER BY stage_id, position"


def card_order(db: Database, stage_ids: Iterable[int]) -> dict[int, list[int]]:
    """The live card ids of each stage in board order. Plain driver SQL (thousands of
    integers; SQLAlchemy's result machinery would triple the cost), and one scan for the
    whole board when several columns are asked for."""
    wanted = list(stage_ids)
    with db.read() as s:
        conn = s.connection()
        if len(wanted) <= 2:
            return {
                sid: [row[0] for row in conn.exec_driver_sql(_ORDER_SQL, (sid,))] for sid in wanted
            }
        out: dict[int, list[int]] = {sid: [] for sid in wanted}
        for sid, cid in conn.exec_driver_sql(_ALL_ORDER_SQL):
            if sid in out:
                out[sid].append(cid)
        return out
