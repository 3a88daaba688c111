"""Export every application to CSV (a spreadsheet, a backup a person can read).

Cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
return) get a leading apostrophe, as OWASP recommends for CSV injection: a company called
``=HYPERLINK("http://evil")`` is shown as text, not executed.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sqlalchemy import select

from ..store.database import Database
from ..store.models import Application, CardOrder, Stage
from .board_view import load_cards

COLUMNS = (
    "company",
    "role",
    "stage",
    "position",
    "url",
    "location",
    "salary",
    "source",
    "tags",
    "created_utc",
    "stage_entered_utc",
    "next_follow_up",
    "next_follow_up_due_utc",
    "archived",
    "notes",
    "feedback",
    "lessons",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """A cell a spreadsheet will show as text, never evaluate."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _rows(db: Database) -> list[list[str]]:
    cards = load_cards(db)
    with db.read() as s:
        stages = {st.id: (st.position, st.name) for st in s.scalars(select(Stage))}
        apps = list(
            s.execute(
                select(Application, CardOrder.position)
                .outerjoin(CardOrder, CardOrder.application_id == Application.id)
                .where(Application.deleted_at.is_(None))
            ).all()
        )
    # Board order: each column's cards by sort key, then its archived cards.
    apps.sort(key=lambda r: (stages[r[0].stage_id][0], r[1] is None, r[1] or 0, r[0].id))
    out = []
    rank: dict[int, int] = {}
    for app, key in apps:
        position = None
        if key is not None:  # the card's place in its column, counted from 1
            position = rank[app.stage_id] = rank.get(app.stage_id, 0) + 1
        card = cards.get(app.id)
        due = card.next_due.isoformat() if card and card.next_due else ""
        values = (
            app.company,
            app.role,
            stages[app.stage_id][1],
            "" if position is None else position,
            app.url,
            app.location,
            app.salary,
            app.source,
            app.tags,
            app.created_at.isoformat(),
            app.stage_entered_at.isoformat(),
            card.next_title if card else "",
            due,
            "yes" if app.archived else "no",
            app.notes,
            app.feedback,
            app.lessons,
        )
        out.append([neutralise(v) for v in values])
    return out


def export_csv(db: Database, path: Path) -> int:
    """Write the CSV (UTF-8 with a BOM so spreadsheets detect it); returns the row count.
    Written to a temporary file first and renamed, so a failed export leaves no half file."""
    rows = _rows(db)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(buf.getvalue(), encoding="utf-8-sig")
    tmp.replace(path)
    return len(rows)
