"""One app per data folder across login sessions: the folder's lock file
(store/folder_lock.py), which the app and --restore take."""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from followup_desktop.store.folder_lock import LOCK_NAME, FolderLock, in_use

HOLD = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from followup_desktop.store.folder_lock import FolderLock\n"
    "lock = FolderLock(Path(sys.argv[1]))\n"
    "print('held' if lock.acquire() else 'busy', flush=True)\n"
    "time.sleep(600)\n"
)


@contextlib.contextmanager
def held_in_another_process(folder: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding ``folder``'s lock (as the app would, from another session),
    killed at the end (SIGKILL: as if it crashed)."""
    with subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder)], stdout=subprocess.PIPE, text=True
    ) as proc:
        try:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "held"
            yield proc
        finally:
            proc.kill()
            proc.wait(timeout=30)


def test_one_holder_at_a_time(tmp_path: Path) -> None:
    folder = tmp_path / "data"  # made on first use
    first, second = FolderLock(folder), FolderLock(folder)
    assert first.acquire()
    assert first.acquire()  # again: still held, no error
    assert not second.acquire()
    assert not second.held
    assert in_use(folder)
    first.release()
    first.release()  # twice is fine
    assert not in_use(folder)
    assert second.acquire()
    second.release()
    assert stat.S_IMODE(os.stat(folder / LOCK_NAME).st_mode) == 0o600


def test_a_lock_held_by_another_process_is_seen_and_dies_with_it(tmp_path: Path) -> None:
    with held_in_another_process(tmp_path):
        assert in_use(tmp_path)
        assert not FolderLock(tmp_path).acquire()
    # Killed: nothing released the lock on purpose, and the kernel did.
    assert not in_use(tmp_path)
