"""What a brand-new database starts with: the default stages of a job search."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, insert

from ..core.types import StageKind
from .models import Stage

DEFAULT_STAGES: tuple[tuple[str, StageKind], ...] = (
    ("Wishlist", StageKind.PLANNED),
    ("Applied", StageKind.OPEN),
    ("Interviewing", StageKind.OPEN),
    ("Offer", StageKind.OPEN),
    ("Accepted", StageKind.WON),
    ("Rejected", StageKind.REJECTED),
    ("Ghosted", StageKind.GHOSTED),
    ("Withdrawn", StageKind.CLOSED),
)


def seed_defaults(conn: Connection, now: dt.datetime) -> None:
    conn.execute(
        insert(Stage),
        [
            {"name": name, "position": i, "kind": kind, "hidden": False, "wip_limit": None}
            for i, (name, kind) in enumerate(DEFAULT_STAGES)
        ],
    )
