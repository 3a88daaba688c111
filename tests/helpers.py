"""Test doubles shared by several test modules (importable: pytest puts tests/ on sys.path)."""

from __future__ import annotations

import contextlib
import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument

from followup_desktop.core.clock import ManualClock
from followup_desktop.store.folder_lock import FolderLock


class FakeTimer(QObject):
    """Records when it would fire (by the injected clock); tests fire it by hand."""

    timeout = Signal()

    def __init__(self, clock: ManualClock) -> None:
        super().__init__()
        self.clock = clock
        self.interval: int | None = None
        self.deadline: dt.datetime | None = None

    def start(self, msec: int) -> None:
        self.interval = msec
        self.deadline = self.clock.now() + dt.timedelta(milliseconds=msec)

    def stop(self) -> None:
        self.interval = self.deadline = None

    def isActive(self) -> bool:
        return self.deadline is not None


def shown_tooltip(tip: str) -> str:
    """What a person reads in a tooltip: Qt shows it as rich text when it looks like
    markup (Qt::mightBeRichText, as QToolTip's label does), else as the characters."""
    doc = QTextDocument()
    if GuiQt.mightBeRichText(tip):
        doc.setHtml(tip)
    else:
        doc.setPlainText(tip)
    return doc.toPlainText()


HOLD = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from followup_desktop.store.folder_lock import FolderLock\n"
    "lock = FolderLock(Path(sys.argv[1]))\n"
    "print('held' if lock.acquire() else 'busy', flush=True)\n"
    "time.sleep(600)\n"
)


def in_use(folder: Path) -> bool:
    """Whether another process (or another FolderLock here) holds ``folder``'s lock."""
    lock = FolderLock(folder)
    if lock.acquire():
        lock.release()
        return False
    return True


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
