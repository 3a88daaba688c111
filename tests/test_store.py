"""Opening the database file: creation, verification, refusal, backups, WAL, file mode."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.core.clock import ManualClock
from followup_desktop.store import migrations
from followup_desktop.store.database import Database, backup, open_database
from followup_desktop.store.errors import (
    CorruptDatabaseError,
    ForeignDatabaseError,
    NewerDatabaseError,
    NotADatabaseError,
)
from followup_desktop.store.migrations import SCHEMA_VERSION, SchemaVersion
from followup_desktop.store.models import Application


def _pragma(path: Path, name: str) -> object:
    con = sqlite3.connect(path)
    try:
        return con.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        con.close()


def test_fresh_database_is_private_versioned_wal_with_default_stages(
    db: Database, db_path: Path
) -> None:
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert _pragma(db_path, "journal_mode") == "wal"
    assert _pragma(db_path, "application_id") == migrations.APPLICATION_ID
    assert SchemaVersion.unpack(int(_pragma(db_path, "user_version"))) == SCHEMA_VERSION  # type: ignore[arg-type]
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        names = [r[0] for r in conn.exec_driver_sql("SELECT name FROM stage ORDER BY position")]
    assert names == [
        "Wishlist",
        "Applied",
        "Interviewing",
        "Offer",
        "Accepted",
        "Rejected",
        "Ghosted",
        "Withdrawn",
    ]


def test_reopening_keeps_data(db_path: Path, clock: ManualClock) -> None:
    from followup_desktop.services.applications import create_application

    first = open_database(db_path, clock)
    app_id = create_application(first, "Acme", "Engineer").id
    first.close()
    second = open_database(db_path, clock)
    with second.engine.connect() as conn:
        assert (
            conn.exec_driver_sql("SELECT company FROM application WHERE id=?", (app_id,)).scalar()
            == "Acme"
        )
    second.close()
    assert not list(db_path.parent.glob("*.backup-*"))  # same version: nothing to back up


def _unchanged(path: Path, before: bytes) -> None:
    assert path.read_bytes() == before


def test_non_sqlite_file_is_refused_untouched(db_path: Path, clock: ManualClock) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_text("my shopping list\n")
    before = db_path.read_bytes()
    with pytest.raises(NotADatabaseError, match="not an SQLite file"):
        open_database(db_path, clock)
    _unchanged(db_path, before)


def test_corrupt_file_is_refused_untouched(db: Database, db_path: Path, clock: ManualClock) -> None:
    from followup_desktop.services.applications import create_application

    for i in range(200):
        create_application(db, f"Company {i}", "Role " + "x" * 200)
    db.close()
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(db_path.read_bytes())
    page = 4096
    for offset in range(2 * page + 100, len(data) - page, page):  # scribble over b-tree pages
        data[offset : offset + 64] = b"\xff" * 64
    db_path.write_bytes(bytes(data))
    before = db_path.read_bytes()
    with pytest.raises(CorruptDatabaseError, match="damaged"):
        open_database(db_path, clock)
    _unchanged(db_path, before)


def test_foreign_sqlite_database_is_refused_untouched(db_path: Path, clock: ManualClock) -> None:
    db_path.parent.mkdir(parents=True)
    con = sqlite3.connect(db_path)
    con.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    con.commit()
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(ForeignDatabaseError, match="another program"):
        open_database(db_path, clock)
    _unchanged(db_path, before)


def _set_version(path: Path, version: SchemaVersion) -> None:
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {version.packed()}")
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def test_newer_major_version_is_refused_untouched(
    db: Database, db_path: Path, clock: ManualClock
) -> None:
    db.close()
    _set_version(db_path, SchemaVersion(SCHEMA_VERSION.major + 1, 0))
    before = db_path.read_bytes()
    with pytest.raises(NewerDatabaseError, match="newer Followup Desktop"):
        open_database(db_path, clock)
    _unchanged(db_path, before)


def test_newer_minor_version_still_opens(db: Database, db_path: Path, clock: ManualClock) -> None:
    db.close()
    _set_version(db_path, SchemaVersion(SCHEMA_VERSION.major, SCHEMA_VERSION.minor + 1))
    again = open_database(db_path, clock)
    again.close()


def test_empty_file_is_initialised(db_path: Path, clock: ManualClock) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.touch()
    open_database(db_path, clock).close()
    assert _pragma(db_path, "application_id") == migrations.APPLICATION_ID


def test_backup_is_a_consistent_private_copy(
    db: Database, db_path: Path, clock: ManualClock
) -> None:
    from followup_desktop.services.applications import create_application

    create_application(db, "Acme", "Engineer")
    copy = backup(db_path, SCHEMA_VERSION, clock.now())
    assert copy.name == f"followup.sqlite3.backup-v{SCHEMA_VERSION}-20261022T090000Z"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    con = sqlite3.connect(copy)
    assert con.execute("SELECT company FROM application").fetchall() == [("Acme",)]
    con.close()
    assert backup(db_path, SCHEMA_VERSION, clock.now()) != copy  # never overwrites a backup


def test_naive_datetimes_cannot_be_stored(db: Database) -> None:
    import datetime as dt

    from followup_desktop.store.models import Stage

    with pytest.raises(Exception, match="naive datetime"), db.write() as tx:  # noqa: PT012
        tx.session.get(Stage, 1)
        from followup_desktop.store.models import Application

        tx.session.add(
            Application(
                company="x",
                role="y",
                stage_id=1,
                created_at=dt.datetime(2026, 1, 1),  # noqa: DTZ001 - the point of the test
                updated_at=dt.datetime(2026, 1, 1),  # noqa: DTZ001
                stage_entered_at=dt.datetime(2026, 1, 1),  # noqa: DTZ001
            )
        )
        tx.session.flush()


def test_plain_sql_datetimes_are_stored_like_sqlalchemy_stores_them(db: Database) -> None:
    """The drop path writes stage_entered_at with plain SQL (store.columns.db_text): the
    text must be byte-identical to UTCDateTime's, or ordering and range queries break."""
    from followup_desktop.services import applications
    from followup_desktop.store.columns import db_text

    app = applications.create_application(db, "Acme", "Engineer").id
    with db.read() as s:
        created = s.get(Application, app).created_at  # type: ignore[union-attr]
    with db.write() as tx:
        (raw,) = tx.driver.execute(
            "SELECT created_at FROM application WHERE id = ?", (app,)
        ).fetchone()
    assert db_text(created) == raw
    berlin = created.astimezone(ZoneInfo("Europe/Berlin"))
    assert db_text(berlin) == raw
    # Whole seconds and years before 1000 too (SQLAlchemy pads both; strftime's %Y did not).
    for when in (
        dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC),
        dt.datetime(5, 1, 2, tzinfo=dt.UTC),
    ):
        with db.write() as tx:
            tx.session.get(Application, app).created_at = when  # type: ignore[union-attr]
        with db.write() as tx:
            (raw,) = tx.driver.execute(
                "SELECT created_at FROM application WHERE id = ?", (app,)
            ).fetchone()
        assert db_text(when) == raw
    with pytest.raises(ValueError, match="naive"):
        db_text(created.replace(tzinfo=None))


def test_a_conflict_in_plain_sql_is_a_clear_error_and_changes_nothing(db: Database) -> None:
    """Hot paths write through Transaction.driver; a constraint they break must roll back
    the whole transaction and read like any other conflict, not escape as sqlite3's."""
    from sqlalchemy import select

    from followup_desktop.core.types import DomainError
    from followup_desktop.services import applications, board
    from followup_desktop.store.models import Stage

    with db.read() as s:
        board_stage = s.scalars(select(Stage.id).order_by(Stage.position)).first()
    assert board_stage is not None
    app = applications.create_application(db, "Acme", "Engineer", stage_id=board_stage).id

    def rename_then_duplicate() -> None:
        with db.write() as tx:
            tx.driver.execute("UPDATE application SET company = 'Changed' WHERE id = ?", (app,))
            position = tx.driver.execute(
                "SELECT position FROM card_order WHERE application_id = ?", (app,)
            ).fetchone()[0]
            tx.driver.execute(  # the same card again at the same (stage, position)
                "INSERT INTO card_order (application_id, stage_id, position) VALUES (?, ?, ?)",
                (app, board_stage, position),
            )

    with pytest.raises(DomainError, match="conflicts with existing data"):
        rename_then_duplicate()
    assert board.card_ids(db, board_stage) == [app]
    with db.read() as s:
        assert s.get(Application, app).company == "Acme"  # type: ignore[union-attr]


def test_orm_and_plain_sql_in_one_write_commit_or_roll_back_together(db: Database) -> None:
    """The session is made on first use inside the transaction's connection: ORM changes
    and plain SQL are one transaction, whichever comes first, and fail together."""
    from followup_desktop.services import applications

    app = applications.create_application(db, "Acme", "Engineer").id

    def companies() -> list[str]:
        with db.read() as s:
            return [a.company for a in s.query(Application).order_by(Application.id)]

    with db.write() as tx:  # plain SQL first, then the ORM (which must see it)
        tx.driver.execute("UPDATE application SET role = 'Lead' WHERE id = ?", (app,))
        row = tx.session.get(Application, app)
        assert row is not None
        assert row.role == "Lead"
        row.company = "Acme Corp"
    assert companies() == ["Acme Corp"]

    def change_then_crash() -> None:  # ORM first, then plain SQL, then a crash
        with db.write() as tx:
            row = tx.session.get(Application, app)
            assert row is not None
            row.company = "Lost"
            tx.driver.execute("UPDATE application SET role = 'Lost' WHERE id = ?", (app,))
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        change_then_crash()
    assert companies() == ["Acme Corp"]
    with db.read() as s:
        assert s.get(Application, app).role == "Lead"  # type: ignore[union-attr]

    # An ORM change that breaks a constraint fails at the commit's flush: a clear error,
    # and the plain SQL before it is rolled back too.
    def orphan_then_commit() -> None:
        with db.write() as tx:
            tx.driver.execute("UPDATE application SET company = 'Lost' WHERE id = ?", (app,))
            tx.session.get(Application, app).stage_id = 999_999  # type: ignore[union-attr]

    from followup_desktop.core.types import DomainError

    with pytest.raises(DomainError, match="conflicts with existing data"):
        orphan_then_commit()
    assert companies() == ["Acme Corp"]
    with db.write() as tx:  # and the next write works
        tx.driver.execute("UPDATE application SET company = 'Acme AG' WHERE id = ?", (app,))
    assert companies() == ["Acme AG"]


def test_the_first_write_that_asks_for_sqlalchemy_keeps_what_it_wrote_before(
    db_path: Path, clock: ManualClock
) -> None:
    """Writes run on one kept sqlite3 connection that SQLAlchemy joins when a service asks
    for a session. SQLAlchemy's first use of a connection rolls it back: were that to
    happen inside a write, the plain SQL before it would silently vanish."""
    fresh = open_database(db_path, clock)  # nothing built yet: no engine, no writer
    try:
        with fresh.write() as tx:
            tx.driver.execute(
                "UPDATE stage SET name = 'Saved' WHERE id = (SELECT min(id) FROM stage)"
            )
            assert tx.session.get(Application, 1) is None  # SQLAlchemy's first use
        assert _first_stage_name(db_path) == "Saved"
    finally:
        fresh.close()


def _first_stage_name(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return str(con.execute("SELECT name FROM stage ORDER BY id LIMIT 1").fetchone()[0])
    finally:
        con.close()


def test_writes_from_two_threads_take_turns(db: Database, db_path: Path) -> None:
    """Every write goes through one connection: a second thread's write waits for the
    first to commit instead of starting a transaction inside it."""
    import threading

    inside, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def slow_write() -> None:
        try:
            with db.write() as tx:
                tx.driver.execute("UPDATE stage SET name = name || ' A' WHERE id = 1")
                inside.set()
                release.wait(5)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    first = threading.Thread(target=slow_write)
    first.start()
    assert inside.wait(5)
    second_done = threading.Event()

    def quick_write() -> None:
        try:
            with db.write() as tx:
                tx.driver.execute("UPDATE stage SET name = name || ' B' WHERE id = 1")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        second_done.set()

    second = threading.Thread(target=quick_write)
    second.start()
    assert not second_done.wait(0.2)  # waiting for the first write
    release.set()
    first.join(5)
    second.join(5)
    assert errors == []
    assert _first_stage_name(db_path).endswith(" A B")


def test_a_write_takes_the_write_lock_before_its_first_statement(
    db: Database, db_path: Path
) -> None:
    """Writers begin IMMEDIATE: a second writer waits at the start of its transaction
    instead of failing halfway when it would upgrade a read lock."""
    other = sqlite3.connect(db_path, isolation_level=None, timeout=0)
    try:
        with db.write() as tx:
            tx.driver.execute("SELECT 1")  # the transaction has begun; nothing written
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again after the commit
        other.execute("ROLLBACK")
        with db.read() as session:  # readers do not take it
            session.get(Application, 1)
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
    finally:
        other.close()
