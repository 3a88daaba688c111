"""Daily copies of the database and putting one back (store/snapshots.py, the CLI's
--restore, the app's daily check)."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from followup_desktop.core.clock import ManualClock
from followup_desktop.services import applications, board_view
from followup_desktop.store import snapshots
from followup_desktop.store.database import Database, open_database
from followup_desktop.store.errors import (
    DatabaseOpenError,
    ForeignDatabaseError,
    NewerDatabaseError,
)
from followup_desktop.store.migrations import SCHEMA_VERSION, SchemaVersion

DAY = dt.date(2026, 10, 22)


def _companies(path: Path, clock: ManualClock) -> list[str]:
    db = open_database(path, clock)
    try:
        return sorted(r.company for r in board_view.load_cards(db).values())
    finally:
        db.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def test_one_private_checked_copy_a_day_and_the_newest_ten_are_kept(
    db: Database, db_path: Path, clock: ManualClock
) -> None:
    applications.create_application(db, "Acme", "Engineer")
    taken = snapshots.take_if_due(db_path, DAY)
    assert taken == db_path.parent / "backups" / "followup-2026-10-22.sqlite3"
    assert stat.S_IMODE(taken.stat().st_mode) == 0o600
    assert snapshots.take_if_due(db_path, DAY) is None  # one a day
    applications.create_application(db, "Globex", "Engineer")  # (the app is still open)
    assert _companies(taken, clock) == ["Acme"]
    folder = snapshots.snapshots_dir(db_path)
    (folder / "notes.txt").write_text("mine")  # not ours: never touched
    for n in range(1, 13):
        snapshots.take_if_due(db_path, DAY + dt.timedelta(days=n))
    kept = snapshots.snapshots(db_path)
    assert len(kept) == snapshots.KEEP
    assert kept[0].name == "followup-2026-10-25.sqlite3"
    assert kept[-1].name == "followup-2026-11-03.sqlite3"
    assert _companies(kept[-1], clock) == ["Acme", "Globex"]
    assert (folder / "notes.txt").read_text() == "mine"
    assert not list(folder.glob("*.part"))
    # Nothing else is left there either (a checking connection's -wal/-shm files, say).
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [p.name for p in kept] + ["notes.txt"]
    )


def test_no_database_no_copy(tmp_path: Path) -> None:
    assert snapshots.take_if_due(tmp_path / "followup.sqlite3", DAY) is None
    assert not (tmp_path / "backups").exists()


def test_restoring_puts_a_copy_back_and_keeps_what_was_there(
    db: Database, db_path: Path, clock: ManualClock
) -> None:
    applications.create_application(db, "Acme", "Engineer")
    copy = snapshots.take(db_path, DAY)
    applications.create_application(db, "Oops", "Engineer")
    db.close()
    saved = snapshots.restore(db_path, copy, clock.now())
    assert saved == db_path.with_name("followup.sqlite3.before-restore-20261022T090000Z")
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert _companies(db_path, clock) == ["Acme"]
    assert _companies(saved, clock) == ["Acme", "Oops"]
    # Restoring can itself be undone: the copy kept beside it goes back the same way.
    assert snapshots.restore(db_path, saved, clock.now() + dt.timedelta(hours=1)) is not None
    assert _companies(db_path, clock) == ["Acme", "Oops"]


def test_a_damaged_database_is_set_aside_and_the_copy_restored(
    db: Database, db_path: Path, clock: ManualClock
) -> None:
    applications.create_application(db, "Acme", "Engineer")
    copy = snapshots.take(db_path, DAY)
    db.close()
    with sqlite3.connect(db_path) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damaged = bytearray(db_path.read_bytes())
    damaged[4096:8192] = b"\xff" * 4096  # a page of garbage
    db_path.write_bytes(bytes(damaged))
    with pytest.raises(DatabaseOpenError):
        open_database(db_path, clock)
    saved = snapshots.restore(db_path, copy, clock.now())
    assert saved is not None
    assert saved.read_bytes() == bytes(damaged)  # kept as it was, for whoever wants it
    assert _companies(db_path, clock) == ["Acme"]


def _foreign(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    con.commit()
    con.close()
    return path


def _newer(copy: Path) -> Path:
    con = sqlite3.connect(copy)
    con.execute(f"PRAGMA user_version = {SchemaVersion(SCHEMA_VERSION.major + 1, 0).packed()}")
    con.commit()
    con.close()
    return copy


def test_what_cannot_be_restored_is_refused_and_nothing_changes(
    db: Database, db_path: Path, tmp_path: Path, clock: ManualClock
) -> None:
    applications.create_application(db, "Acme", "Engineer")
    newer = _newer(snapshots.take(db_path, DAY))
    db.close()
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    before = (_digest(db_path), sorted(p.name for p in db_path.parent.iterdir()))
    for source, error, message in (
        (tmp_path / "missing.sqlite3", DatabaseOpenError, "does not exist"),
        (text, DatabaseOpenError, "not an SQLite file"),
        (_foreign(tmp_path / "photos.sqlite3"), ForeignDatabaseError, "another program"),
        (newer, NewerDatabaseError, "newer Followup Desktop"),
        (db_path, DatabaseOpenError, "the database itself"),
    ):
        with pytest.raises(error, match=message):
            snapshots.restore(db_path, source, clock.now())
        assert (_digest(db_path), sorted(p.name for p in db_path.parent.iterdir())) == before


def _cli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "followup_desktop", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_restore_from_the_command_line(db: Database, db_path: Path, clock: ManualClock) -> None:
    applications.create_application(db, "Acme", "Engineer")
    copy = snapshots.take(db_path, DAY)
    applications.create_application(db, "Oops", "Engineer")
    db.close()
    out = _cli(db_path.parent, "--restore", str(copy))
    assert out.returncode == 0, out.stderr
    assert f"restored {copy} as {db_path}" in out.stdout
    assert "the database as it was is kept in" in out.stdout
    assert _companies(db_path, clock) == ["Acme"]
    bad = _cli(db_path.parent, "--restore", str(db_path.parent / "nope.sqlite3"))
    assert bad.returncode == 2
    assert "does not exist; nothing was restored" in bad.stderr


def test_restore_refuses_while_the_app_runs_on_the_folder(
    qapp,
    db: Database,
    db_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    from followup_desktop.__main__ import restore_main
    from followup_desktop.ui.single_instance import InstanceServer

    copy = snapshots.take(db_path, DAY)
    running = InstanceServer(db_path.parent)
    try:
        before = _digest(db_path)
        assert restore_main(db_path.parent, str(copy)) == 2
        assert _digest(db_path) == before
    finally:
        running.close()


def test_restore_refuses_while_the_app_runs_in_another_session(db: Database, db_path: Path) -> None:
    """Another login session's app has its socket in another runtime directory: the
    folder's lock still tells."""
    from helpers import held_in_another_process

    copy = snapshots.take(db_path, DAY)
    before = _digest(db_path)
    with held_in_another_process(db_path.parent):
        out = _cli(db_path.parent, "--restore", str(copy))
    assert out.returncode == 2
    assert "quit it first" in out.stderr
    assert _digest(db_path) == before


def test_the_app_takes_the_day_s_copy_off_the_ui_thread(
    db: Database, db_path: Path, clock: ManualClock
) -> None:
    from followup_desktop.app import copy_daily

    thread = copy_daily(db_path, clock)
    assert thread.name == "daily-copy"
    thread.join(timeout=30)
    assert [p.name for p in snapshots.snapshots(db_path)] == ["followup-2026-10-22.sqlite3"]


def test_restoring_for_the_app_waits_for_it_to_quit_then_starts_it(
    qapp, db: Database, db_path: Path, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """``--restore COPY --then-start`` (Settings › Data › Restore a copy…): it waits while
    the app still holds the folder, restores once it has quit, then starts the app again
    with a notice of what it did."""
    import subprocess
    import threading

    from helpers import held_in_another_process

    from followup_desktop import __main__ as cli

    applications.create_application(db, "Acme", "Engineer")
    copy = snapshots.take(db_path, DAY)
    applications.create_application(db, "Oops", "Engineer")
    db.close()
    started: list[list[str]] = []
    with held_in_another_process(db_path.parent) as app:  # the app, quitting in 0.5 s
        monkeypatch.setattr(subprocess, "Popen", lambda command, **kw: started.append(command))
        threading.Timer(0.5, app.kill).start()
        assert cli.restore_main(db_path.parent, str(copy), then_start=True) == 0
        monkeypatch.undo()
    assert _companies(db_path, clock) == ["Acme"]
    (command,) = started
    assert command[-4:-1] == ["--data-dir", str(db_path.parent), "--notice"]
    assert command[-1].startswith(f"Restored {copy.name}. Your data as it was is kept in ")
    assert "--notice-error" not in command


def test_restoring_for_the_app_says_why_nothing_was_restored(
    qapp, db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The app started afterwards tells what went wrong (a message box): a file that
    cannot be restored, or an app that never let go of the folder."""
    import subprocess

    from helpers import held_in_another_process

    from followup_desktop import __main__ as cli

    before = _digest(db_path)
    started: list[list[str]] = []
    monkeypatch.setattr(subprocess, "Popen", lambda command, **kw: started.append(command))
    missing = db_path.parent / "gone.sqlite3"
    assert cli.restore_main(db_path.parent, str(missing), then_start=True) == 2
    (command,) = started
    assert command[-1] == "--notice-error"
    assert "does not exist; nothing was restored" in command[-2]
    monkeypatch.undo()
    copy = snapshots.take(db_path, DAY)
    db.close()
    before = _digest(db_path)
    with held_in_another_process(db_path.parent):  # never quits
        monkeypatch.setattr(cli, "THEN_START_WAIT_S", 0.3)
        monkeypatch.setattr(subprocess, "Popen", lambda command, **kw: started.append(command))
        assert cli.restore_main(db_path.parent, str(copy), then_start=True) == 2
        monkeypatch.undo()
    assert "quit it first" in started[-1][-2]
    assert started[-1][-1] == "--notice-error"
    assert _digest(db_path) == before
