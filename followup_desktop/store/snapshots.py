"""Daily copies of the database, kept beside it, and putting one back.

Undo covers a session and deleted cards wait 30 days, but not a mistaken edit noticed a
week later, nor a file damaged by a crash or a failing disk. So once a day the app copies
the database to ``<data folder>/backups/followup-YYYY-MM-DD.sqlite3`` (the user's date)
and keeps the newest ``KEEP``. A copy is taken with SQLite's online backup API (a
consistent snapshot while the app runs, its WAL included), checked before it replaces
anything, and readable only by the user. Restoring goes through the same API into the
database file (SQLite's own pager, so the WAL stays coherent), after a copy of what is
being replaced. Qt-free: the app runs ``take_if_due`` off the UI thread.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import sqlite3
from pathlib import Path

from .database import copy_database, file_stamp, inspect_file
from .errors import CorruptDatabaseError, DatabaseOpenError, NotADatabaseError

KEEP = 10
DIR_NAME = "backups"
_NAME = re.compile(r"^followup-(\d{4}-\d{2}-\d{2})\.sqlite3$")


def snapshots_dir(db_path: Path) -> Path:
    return db_path.parent / DIR_NAME


def snapshots(db_path: Path) -> list[Path]:
    """The daily copies there are, oldest first (other files in the folder are not ours)."""
    folder = snapshots_dir(db_path)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if _NAME.match(p.name) and p.is_file())


def _copy(source: Path, target: Path) -> None:
    """``source`` into ``target`` (``copy_database``), then checked."""
    copy_database(source, target)
    # Read-write, though it only reads: the copy is in WAL mode like the original, and a
    # read-only connection leaves its -wal and -shm files behind when it closes.
    con = sqlite3.connect(target)
    try:
        check = con.execute("PRAGMA quick_check").fetchall()
    finally:
        con.close()
    if check != [("ok",)]:
        raise CorruptDatabaseError(f"The copy of {source} did not check out: {check[:3]}.")


def take(db_path: Path, day: dt.date) -> Path:
    """Copy the database as it is now to the copy for ``day`` (replacing one taken earlier
    that day only once the new one checked out)."""
    folder = snapshots_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700)
    target = folder / f"followup-{day.isoformat()}.sqlite3"
    part = target.with_name(target.name + ".part")
    part.unlink(missing_ok=True)
    try:
        _copy(db_path, part)
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return target


def prune(db_path: Path, keep: int = KEEP) -> list[Path]:
    """Remove all but the newest ``keep`` daily copies; returns what was removed."""
    old = snapshots(db_path)[:-keep] if keep > 0 else snapshots(db_path)
    for path in old:
        path.unlink(missing_ok=True)
    return old


def take_if_due(db_path: Path, day: dt.date, keep: int = KEEP) -> Path | None:
    """Today's copy if there is none yet (and the old ones beyond ``keep`` go); None when
    there already is one, or no database yet."""
    if not db_path.exists():
        return None
    if (snapshots_dir(db_path) / f"followup-{day.isoformat()}.sqlite3").exists():
        return None
    taken = take(db_path, day)
    prune(db_path, keep)
    return taken


def check_copy(db_path: Path, source: Path) -> None:
    """Raise, with the reason, unless ``source`` can be restored as ``db_path``: asked
    before the app restarts to restore it, so a wrong pick is turned down on the spot."""
    source = Path(source)
    if not source.is_file():
        raise NotADatabaseError(f"{source} does not exist; nothing was restored.")
    if source.resolve() == Path(db_path).resolve():
        raise NotADatabaseError("That is the database itself; nothing was restored.")
    if inspect_file(source) is None:  # refuses damaged, foreign and newer files
        raise NotADatabaseError(f"{source} is an empty database; nothing was restored.")


def restore(db_path: Path, source: Path, now: dt.datetime) -> Path | None:
    """Put the copy ``source`` back as the database at ``db_path``. What is there now is
    copied beside it first (``followup.sqlite3.before-restore-<UTC time>``, returned; None
    when there was no database). ``source`` must be a Followup Desktop database this
    version can open (an older format is upgraded at the next start, as usual); anything
    else is refused with the reason and nothing changes. The app must not be running."""
    source = Path(source)
    check_copy(db_path, source)
    saved: Path | None = None
    if db_path.exists():
        saved = db_path.with_name(f"{db_path.name}.before-restore-{file_stamp(now)}")
        try:
            healthy = inspect_file(db_path) is not None
        except DatabaseOpenError:
            healthy = False  # damaged: the very case for restoring
        if healthy:
            _copy(db_path, saved)
        else:  # its bytes as they are (and its WAL), then out of the way
            for suffix in ("", "-wal"):
                if Path(f"{db_path}{suffix}").exists():
                    shutil.copyfile(f"{db_path}{suffix}", f"{saved}{suffix}")
                    os.chmod(f"{saved}{suffix}", 0o600)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    copy_database(source, db_path)
    inspect_file(db_path)  # raises if what was written does not check out
    return saved
