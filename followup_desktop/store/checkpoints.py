"""Copying the write-ahead log into the database file off the writer's path (Qt-free).

In WAL mode SQLite checkpoints on its own: the commit that leaves 1,000 pages in the log
copies them into the database file and waits for the disk before it returns. Measured at
10,000 cards, that commit took 7-19 ms against ~0.5 ms for the others, once every ~75
drops: a hitch in the middle of a run of drags, inside the drop's "persisted, then
repainted". The app's connections leave that to a far higher mark, as a safety net
(database.AUTOCHECKPOINT_PAGES), and a :class:`Checkpointer` thread does it instead, on
its own connection, once writes have paused for ``quiet_s``, or after ``burst`` commits
without a pause.

A PASSIVE checkpoint takes no lock that writers or readers wait for: it copies the frames
no open read snapshot still needs. The next writer starts the log over only when all were
copied before it began, so during back-to-back writes the log still grows until a pause
(a person pauses; a benchmark may not, and then the safety net applies). sqlite3 releases
the GIL while SQLite works, so the board keeps running meanwhile. When the last
connection closes, SQLite checkpoints whatever is left and removes the log.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger("followup.store")

#: Seconds without a commit before the log is copied.
QUIET_S = 1.0
#: Commits after which the log is copied even while writes go on (~13 pages each at most
#: for a drop: well under SQLite's own 1,000-page mark on average, never far above it).
BURST = 100


class Checkpointer:
    """Checkpoints ``path``'s log in a background thread after writes (see module doc).

    ``wrote()`` is all a writer calls: a counter under a lock. Only the first write after
    the thread went to sleep wakes it, and the write that fills a burst (waking it on
    every write cost the writer ~40 µs, up to 130, handing the GIL over and back); while
    writes go on, the thread looks at the counter once every ``quiet_s`` and copies the
    log when it has stopped moving."""

    def __init__(self, path: Path, *, quiet_s: float = QUIET_S, burst: int = BURST) -> None:
        self.path = path
        self.quiet_s = quiet_s
        self.burst = burst
        self._writes = 0  # every write so far
        self._pending = 0  # writes since the last checkpoint began
        self._sleeping = False  # the thread waits for _wake (nothing pending)
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        #: Checkpoints run so far, and the last one's (busy, log frames, frames copied).
        self.runs = 0
        self.last: tuple[int, int, int] | None = None

    def wrote(self) -> None:
        """A write transaction committed."""
        with self._lock:
            if self._stopped.is_set():
                return
            self._writes += 1
            self._pending += 1
            if self._pending == 1:
                self._idle.clear()
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="wal-checkpoint", daemon=True
                )
                self._thread.start()
            wake = self._sleeping or self._pending == self.burst  # (a full burst: now)
            self._sleeping = False
        if wake:
            self._wake.set()

    def wait_idle(self, timeout: float) -> bool:
        """Block until every write so far has been checkpointed (for tests and shutdown);
        False if ``timeout`` seconds went by first."""
        return self._idle.wait(timeout)

    def close(self) -> None:
        """Stop the thread (a checkpoint under way finishes first). Safe to repeat."""
        with self._lock:
            self._stopped.set()
            thread, self._thread = self._thread, None
        self._wake.set()
        if thread is not None:
            thread.join()

    def checkpoint(self, con: sqlite3.Connection) -> None:
        """One PASSIVE checkpoint on ``con``; failures are logged, never raised (the
        writers' data is already safe in the log)."""
        try:
            row = con.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.Error as exc:
            log.warning("checkpoint of %s failed: %s", self.path, exc)
            return
        self.runs += 1
        self.last = (int(row[0]), int(row[1]), int(row[2]))

    def _run(self) -> None:
        con = sqlite3.connect(self.path, isolation_level=None)
        try:
            while self._sleep_until_written() and self._settle():
                self.checkpoint(con)
                with self._lock:
                    if self._pending == 0:
                        self._idle.set()
        finally:
            con.close()
            self._idle.set()

    def _sleep_until_written(self) -> bool:
        """Wait while nothing is pending; False when closing."""
        with self._lock:
            self._sleeping = self._pending == 0
            sleeping = self._sleeping
        if sleeping:
            self._wake.wait()
            self._wake.clear()
        return not self._stopped.is_set()

    def _settle(self) -> bool:
        """Wait for a pause in the writes (or a full burst); False when closing. Takes
        the pending writes on: those that come later wait for the next round."""
        while True:
            with self._lock:
                seen = self._writes
                burst = self._pending >= self.burst
            if not burst:
                woken = self._wake.wait(self.quiet_s)  # (by a full burst, or closing)
                self._wake.clear()
                if self._stopped.is_set():
                    return False
                with self._lock:
                    burst = self._pending >= self.burst or (
                        not woken and self._writes == seen  # no write for quiet_s: a pause
                    )
            if burst:
                with self._lock:
                    self._pending = 0
                return True
