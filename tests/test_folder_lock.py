"""One app per data folder across login sessions: the folder's lock file
(store/folder_lock.py), which the app and --restore take."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from helpers import held_in_another_process, in_use

from followup_desktop.store.folder_lock import LOCK_NAME, FolderLock


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
