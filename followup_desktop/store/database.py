"""Opening the database file safely, and the transaction/broadcast machinery on top of it.

Opening is careful because data is sacred: a file that is not SQLite, is corrupt, belongs
to another program or comes from a newer major version is refused with a message and is
never written to. An older schema is copied to a timestamped backup, then upgraded step by
step, each step in its own transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.changes import ChangeRecorder, Changes
from ..core.clock import Clock
from ..core.types import DomainError
from . import DB_FILENAME
from .checkpoints import Checkpointer
from .errors import (
    CorruptDatabaseError,
    ForeignDatabaseError,
    MigrationError,
    NewerDatabaseError,
    NotADatabaseError,
)
from .migrations import APPLICATION_ID, SCHEMA_VERSION, SchemaVersion, path_from

if TYPE_CHECKING:  # SQLAlchemy is imported on first use, after the board has painted
    from sqlalchemy import Connection, Engine
    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger("followup.store")

__all__ = ["DB_FILENAME", "Database", "Transaction", "open_database"]
_SQLITE_MAGIC = b"SQLite format 3\x00"
#: SQLite checkpoints in the committing writer past this many log pages (16 MiB): only
#: when the background Checkpointer cannot keep up (see store/checkpoints.py).
AUTOCHECKPOINT_PAGES = 4000

Listener = Callable[[Changes], None]


class Transaction:
    """One write: the writer connection in a write transaction, the instant it happened,
    and what it changed. SQLAlchemy is joined to the transaction only when asked for: a
    drop writes through ``driver`` alone, and taking a pooled SQLAlchemy connection,
    beginning, committing and returning it cost ~0.2 ms of every drop (4% of its
    instructions); making an ORM session it never used cost ~0.12 ms more."""

    def __init__(
        self,
        driver: sqlite3.Connection,
        connect: Callable[[], Connection],
        make_session: sessionmaker[Session],
        now: dt.datetime,
        tz: dt.tzinfo,
        cache: dict[str, Any],
    ) -> None:
        self._driver = driver
        self._connect = connect
        self._connection: Connection | None = None
        self._make_session = make_session
        self._session: Session | None = None
        self.cache = cache
        self.now = now
        self.tz = tz
        self.changed = ChangeRecorder()
        #: What the transaction changed; set once it has committed.
        self.result = Changes()

    @property
    def connection(self) -> Connection:
        """SQLAlchemy Core on this transaction's connection (made on first use; it joins
        the transaction already begun, and never commits or ends it itself)."""
        if self._connection is None:
            self._connection = self._connect()
        return self._connection

    @property
    def session(self) -> Session:
        """An ORM session inside this transaction (it never commits or ends it itself)."""
        if self._session is None:
            self._session = self._make_session(
                bind=self.connection, join_transaction_mode="rollback_only"
            )
        return self._session

    @property
    def open_session(self) -> Session | None:
        """The session if this transaction has made one (it then may hold loaded rows)."""
        return self._session

    @property
    def driver(self) -> sqlite3.Connection:
        """This transaction's own sqlite3 connection, for the hot path of a drop: a plain
        ``execute`` costs ~0.01 ms where a prebuilt SQLAlchemy Core statement costs ~0.1 ms
        in bookkeeping. Pending ORM changes are flushed first so plain SQL sees them; the
        caller expires ORM objects whose rows it changes."""
        self.flush()
        return self._driver

    def flush(self) -> None:
        """Write what the session holds (before the commit)."""
        if self._session is not None:
            self._session.flush()

    def commit(self) -> None:
        self.flush()
        if self._connection is not None:
            self._connection.commit()  # SQLAlchemy's bookkeeping, then the driver's COMMIT
        else:
            self._driver.execute("COMMIT")

    def rollback(self) -> None:
        if self._connection is not None:
            self._connection.rollback()
        if self._driver.in_transaction:
            self._driver.execute("ROLLBACK")

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
        if self._connection is not None:
            self._connection.close()


class Database:
    """An open, verified, up-to-date database; hands out read sessions and write transactions."""

    def __init__(self, clock: Clock, path: Path) -> None:
        self.clock = clock
        self.path = path
        self._engine: Engine | None = None
        self._engine_lock = threading.Lock()
        self._read: sessionmaker[Session] | None = None
        self._write: sessionmaker[Session] | None = None
        self._write_engine: Engine | None = None
        #: The one connection every write goes through (see ``write``).
        self._writer: sqlite3.Connection | None = None
        #: One write at a time on it, whichever thread writes (SQLite allows one writer).
        self._write_lock = threading.RLock()
        self._raw: sqlite3.Connection | None = None
        self._listeners: list[Listener] = []
        #: Small values read on every write (playbook settings); dropped when settings change.
        self.cache: dict[str, Any] = {}
        #: Copies the write-ahead log into the file after writes, off the writer's path.
        self.checkpoints = Checkpointer(path)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, built on first use: importing SQLAlchemy and its ORM costs
        ~0.5 s here, and the first paint of the board does not need it (see ``raw``)."""
        if self._engine is not None:
            return self._engine
        with self._engine_lock:  # the app's warm-up thread may be building it right now
            if self._engine is None:
                from sqlalchemy import create_engine
                from sqlalchemy.orm import sessionmaker
                from sqlalchemy.pool import StaticPool

                from . import alerts

                engine = create_engine(f"sqlite+pysqlite:///{self.path}")
                _configure(engine)
                self._read = sessionmaker(engine, expire_on_commit=False, autoflush=False)
                writer = _writer_connection(self.path)
                # SQLAlchemy joins a write on the writer itself: never begins, resets or
                # closes it (the transaction is ``write``'s).
                self._write_engine = create_engine(
                    "sqlite+pysqlite://",
                    creator=lambda: writer,
                    poolclass=StaticPool,
                    pool_reset_on_return=None,
                )
                # Its first connection initialises the dialect and rolls back: here, while
                # no write is open (a write builds the engine before it begins).
                self._write_engine.connect().close()
                self._writer = writer
                self._write = sessionmaker(expire_on_commit=False, autoflush=True)
                alerts.install(self._write)
                self._engine = engine
            return self._engine

    @contextlib.contextmanager
    def raw(self) -> Iterator[sqlite3.Connection]:
        """A read snapshot on a plain sqlite3 connection, for the board's bulk reads: no
        SQLAlchemy import, no result processing. Never used to write."""
        if self._raw is None:
            con = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            con.execute("PRAGMA busy_timeout=5000")
            con.execute("PRAGMA query_only=ON")
            self._raw = con
        self._raw.execute("BEGIN")
        try:
            yield self._raw
        finally:
            self._raw.execute("COMMIT")

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener(changes)`` after every committed write."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        with contextlib.suppress(ValueError):
            self._listeners.remove(listener)

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only snapshot (one SQLite read transaction). Objects stay readable after
        the block (closing detaches without expiring them)."""
        self.engine  # noqa: B018 - builds the session factories on first use
        assert self._read is not None
        with self._read() as session:
            yield session

    @contextlib.contextmanager
    def write(self) -> Iterator[Transaction]:
        """One all-or-nothing write. Listeners hear about it only after the commit.

        It runs on one plain sqlite3 connection kept for writing; SQLAlchemy joins it only
        if the service asks for a session or a Core connection (``Transaction``)."""
        from sqlalchemy.exc import IntegrityError

        self.engine  # noqa: B018 - builds the writer and the session factories on first use
        assert self._write is not None
        assert self._write_engine is not None
        assert self._writer is not None
        write_engine = self._write_engine
        with self._write_lock:
            # IMMEDIATE: the write lock up front, no deadlock upgrading a read lock later.
            self._writer.execute("BEGIN IMMEDIATE")
            tx = Transaction(
                self._writer,
                lambda: _joined(write_engine),
                self._write,
                self.clock.now(),
                self.clock.tz,
                self.cache,
            )
            try:
                yield tx
                tx.commit()
            except (IntegrityError, sqlite3.IntegrityError) as exc:
                # Hot paths write through Transaction.driver: their conflicts come straight
                # from sqlite3 and must read the same as SQLAlchemy's.
                orig = exc.orig if isinstance(exc, IntegrityError) else exc
                tx.rollback()
                log.warning("integrity error, rolled back: %s", orig)
                raise DomainError(f"That change conflicts with existing data ({orig}).") from exc
            except BaseException:
                tx.rollback()
                self.cache.clear()
                raise
            finally:
                tx.close()
        self.checkpoints.wrote()
        changes = tx.changed.freeze()
        tx.result = changes
        if changes.settings:
            self.cache.clear()
        if not changes.empty:
            for listener in list(self._listeners):
                listener(changes)

    def close(self) -> None:
        self.checkpoints.close()
        if self._engine is not None:
            self._engine.dispose()
        if self._write_engine is not None:
            self._write_engine.dispose()
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        if self._raw is not None:
            self._raw.close()
            self._raw = None


def _set_pragmas(dbapi_conn: sqlite3.Connection) -> None:
    # Take transaction control away from pysqlite (it would BEGIN lazily, after reads).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=5000")
    # The Checkpointer copies the log after writes; SQLite's own checkpoint, inside
    # the commit that crosses this many pages, stays only as a safety net.
    cur.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}")
    cur.close()


def _writer_connection(path: Path) -> sqlite3.Connection:
    """The connection writes go through: any thread may write (one at a time, under
    ``Database._write_lock``)."""
    con = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    _set_pragmas(con)
    return con


def _joined(write_engine: Engine) -> Connection:
    """A SQLAlchemy connection on the writer, inside the write already begun: its begin
    marks the transaction without a statement (pysqlite with autocommit off has none)."""
    connection = write_engine.connect()
    connection.begin()
    return connection


def _configure(engine: Engine) -> None:
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        _set_pragmas(dbapi_conn)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Straight to the driver: exec_driver_sql's bookkeeping cost more than the BEGIN.
        conn.connection.driver_connection.execute("BEGIN")


def open_database(path: Path, clock: Clock) -> Database:
    """Open (creating, verifying or upgrading) the database at ``path``.

    Raises a :class:`~followup_desktop.store.errors.DatabaseOpenError` subclass, with a
    message for the user, when the file must not be used; the file is then left untouched.
    """
    path = Path(path)
    state = inspect_file(path)
    if state is None:
        _create(path, clock)
    else:
        version = state
        if version < SCHEMA_VERSION:
            migrate(path, version, clock)
    return Database(clock, path)


def inspect_file(path: Path) -> SchemaVersion | None:
    """The schema version of an existing database, or None when there is none yet.

    Only reads. Raises when the file must not be opened.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    with path.open("rb") as fh:
        header = fh.read(len(_SQLITE_MAGIC))
    if header != _SQLITE_MAGIC:
        raise NotADatabaseError(
            f"{path} is not a Followup Desktop database (it is not an SQLite file). "
            "It was left untouched; choose another data folder or move the file away."
        )
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise CorruptDatabaseError(f"{path} cannot be opened: {exc}.") from exc
    try:
        check = con.execute("PRAGMA quick_check").fetchall()
        if check != [("ok",)]:
            detail = "; ".join(str(r[0]) for r in check[:3])
            raise CorruptDatabaseError(
                f"{path} is damaged ({detail}). It was left untouched. "
                "Restore a backup (files named followup.sqlite3.backup-*) or contact support."
            )
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        user_version = con.execute("PRAGMA user_version").fetchone()[0]
        tables = con.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabaseError(
            f"{path} is damaged or not a database ({exc}). It was left untouched."
        ) from exc
    finally:
        con.close()
    if app_id == 0 and tables == 0 and user_version == 0:
        return None  # an empty SQLite file: ours to initialise
    if app_id != APPLICATION_ID:
        raise ForeignDatabaseError(
            f"{path} is an SQLite database of another program, not Followup Desktop's. "
            "It was left untouched."
        )
    version = SchemaVersion.unpack(user_version)
    if version.major > SCHEMA_VERSION.major:
        raise NewerDatabaseError(
            f"{path} was written by a newer Followup Desktop (data format {version}); this "
            f"version understands format {SCHEMA_VERSION.major}.x. Update Followup Desktop to "
            "open it. The file was left untouched."
        )
    return version


def _create(path: Path, clock: Clock) -> None:
    from sqlalchemy import create_engine

    from .models import Base
    from .seed import seed_defaults

    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)
    engine = create_engine(f"sqlite+pysqlite:///{path}")
    _configure(engine)
    try:
        with engine.connect() as conn, conn.begin():
            Base.metadata.create_all(conn)
            conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION.packed()}")
            seed_defaults(conn, clock.now())
    finally:
        engine.dispose()
    log.info("created database %s (schema %s)", path, SCHEMA_VERSION)


def file_stamp(now: dt.datetime) -> str:
    """An instant in a file name: "20261129T102502Z"."""
    return now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def copy_database(source: Path, target: Path) -> None:
    """``source`` into ``target`` through SQLite's backup API: a consistent copy while
    others write (WAL included), and into a live database through its own pager. The
    target is readable only by the user from the moment it exists."""
    fd = os.open(target, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    os.chmod(target, 0o600)


def backup(path: Path, version: SchemaVersion, now: dt.datetime) -> Path:
    """Copy ``path`` (consistently, via SQLite's backup API) next to itself."""
    stamp = file_stamp(now)
    target = path.with_name(f"{path.name}.backup-v{version}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.backup-v{version}-{stamp}-{n}")
    copy_database(path, target)
    return target


def migrate(path: Path, version: SchemaVersion, clock: Clock) -> Path:
    """Back the file up, then run each step in its own transaction. Returns the backup path."""
    try:
        steps = path_from(version)
    except KeyError as exc:
        raise MigrationError(
            f"{path} uses data format {version}, which this version cannot upgrade. "
            "It was left untouched."
        ) from exc
    saved = backup(path, version, clock.now())
    log.info("backed up %s to %s before upgrading from %s", path, saved, version)
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA foreign_keys=OFF")  # table rebuilds need it off (SQLite docs)
        for start, target, step in steps:
            con.execute("BEGIN IMMEDIATE")
            try:
                step(con)
                problems = con.execute("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise MigrationError(
                        f"upgrade {start}→{target} broke references: {problems[:3]}"
                    )
                con.execute(f"PRAGMA user_version = {target.packed()}")
                con.execute("COMMIT")
            except BaseException as exc:
                con.execute("ROLLBACK")
                if isinstance(exc, MigrationError):
                    raise
                raise MigrationError(
                    f"Upgrading {path} from {start} to {target} failed ({exc}). The file is "
                    f"unchanged from format {start}; a backup is at {saved}."
                ) from exc
            log.info("upgraded %s: %s -> %s", path, start, target)
    finally:
        con.close()
    return saved
