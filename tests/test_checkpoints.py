"""The write-ahead log is copied into the database file by a background thread after
writes, not inside the commit that crosses SQLite's mark (store/checkpoints.py)."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from followup_desktop.services import applications
from followup_desktop.store.checkpoints import Checkpointer
from followup_desktop.store.database import AUTOCHECKPOINT_PAGES, Database

WAIT_S = 10.0  # generous: a loaded CI machine; the checks below never wait this long


def _in_file_alone(db: Database, tmp_path: Path) -> list[str]:
    """The companies the database file holds without its log: a copy of the main file
    alone, opened where no log lies beside it."""
    copy = tmp_path / "file-alone.sqlite3"
    shutil.copyfile(db.path, copy)
    con = sqlite3.connect(copy)
    try:
        return sorted(r[0] for r in con.execute("SELECT company FROM application"))
    finally:
        con.close()


def test_writers_leave_checkpoints_to_the_thread(db: Database) -> None:
    """The app's connections checkpoint on their own only past the far safety mark."""
    with db.write() as tx:
        assert tx.driver.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == (
            AUTOCHECKPOINT_PAGES
        )
    assert AUTOCHECKPOINT_PAGES > 1000  # SQLite's default, which hitched every ~75 drops


def test_the_log_is_copied_once_writes_pause(db: Database, tmp_path: Path) -> None:
    db.checkpoints.close()
    db.checkpoints = Checkpointer(db.path, quiet_s=0.05)
    for n in range(3):
        applications.create_application(db, f"Acme {n}", "Engineer")
    assert db.checkpoints.wait_idle(WAIT_S)
    assert db.checkpoints.runs >= 1
    assert db.checkpoints.last is not None
    busy, frames, copied = db.checkpoints.last
    assert (busy, copied) == (0, frames)
    assert frames > 0
    assert _in_file_alone(db, tmp_path) == ["Acme 0", "Acme 1", "Acme 2"]


def test_a_long_run_of_writes_is_copied_without_a_pause(db: Database, tmp_path: Path) -> None:
    """No pause ever comes (quiet_s is an hour): the burst count starts the copy."""
    db.checkpoints.close()
    db.checkpoints = Checkpointer(db.path, quiet_s=3600, burst=4)
    for n in range(4):
        applications.create_application(db, f"Acme {n}", "Engineer")
    assert db.checkpoints.wait_idle(WAIT_S)
    assert db.checkpoints.runs == 1
    assert len(_in_file_alone(db, tmp_path)) == 4


def test_no_checkpoint_before_writes_pause(db: Database, tmp_path: Path) -> None:
    db.checkpoints.close()
    db.checkpoints = Checkpointer(db.path, quiet_s=3600, burst=100)
    applications.create_application(db, "Acme", "Engineer")
    assert not db.checkpoints.wait_idle(0.2)
    assert db.checkpoints.runs == 0
    assert _in_file_alone(db, tmp_path) == []  # still only in the log


def test_close_stops_the_thread_and_later_writes_start_none(db: Database) -> None:
    applications.create_application(db, "Acme", "Engineer")
    assert any(t.name == "wal-checkpoint" for t in threading.enumerate())
    db.checkpoints.close()
    db.checkpoints.close()  # twice is fine
    assert not any(t.name == "wal-checkpoint" for t in threading.enumerate())
    db.checkpoints.wrote()
    assert not any(t.name == "wal-checkpoint" for t in threading.enumerate())


def test_a_failed_checkpoint_is_logged_not_raised(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    con = sqlite3.connect(db.path)
    con.close()
    with caplog.at_level(logging.WARNING, logger="followup.store"):
        db.checkpoints.checkpoint(con)
    assert "checkpoint of" in caplog.text
    assert db.checkpoints.runs == 0
