"""Who has a data folder open: a lock on a file inside the folder (Qt-free).

The single-instance socket lives in the user's runtime directory, one per login session:
the app started from another session (another desktop, an SSH login with its own runtime
directory) did not see the one already running on the folder — two notifiers on one
database — and ``--restore`` run from there put a file back under a running app's feet.
A lock on a file in the folder itself is seen from every session of the machine, and the
kernel drops it when the process ends however it ends (a crash leaves no stale lock).
"""

from __future__ import annotations

import os
from pathlib import Path

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
try:  # Windows
    import msvcrt
except ImportError:
    msvcrt = None  # type: ignore[assignment]

LOCK_NAME = ".followup-desktop.lock"


class FolderLock:
    """An exclusive lock on ``folder`` held until :meth:`release` or the process ends."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / LOCK_NAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock; False, holding nothing, when another process (or another
        FolderLock in this one) has it."""
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            elif msvcrt is not None:  # pragma: no cover - Windows
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:  # BlockingIOError on POSIX, PermissionError on Windows
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the lock (the file stays: no race on it)
            self._fd = None
