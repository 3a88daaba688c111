"""Sample data folders: `followup-desktop demo` and the first-run "Try with sample data"."""

from __future__ import annotations

from pathlib import Path

from .core.clock import ManualClock, SystemClock
from .services import board_view, sample_data
from .store.database import open_database

#: Above this, rows are inserted in bulk (the playbook still plans every card).
BULK_ABOVE = 300


def create_demo(target: Path, count: int, seed: int = 7) -> None:
    """Fill ``target`` with ``count`` sample applications. Refuses a folder that already
    holds applications: sample data is never mixed into a real search."""
    real = SystemClock()
    db = open_database(target / "followup.sqlite3", real)
    try:
        if board_view.load_cards(db):
            raise RuntimeError(f"{target} already holds applications; choose an empty folder")
        if count > BULK_ABOVE:
            sample_data.generate_bulk(db, count, seed=seed)
        else:
            clock = ManualClock(real.now(), real.tz)
            db.clock = clock  # the generator walks time forward through the services
            sample_data.generate(db, clock, count, seed=seed)
    finally:
        db.close()
