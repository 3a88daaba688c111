"""Settings › Data: where the database and its daily copies are, a copy on demand, and
how to put one back (store/snapshots.py does the work)."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from .. import paths
from ..core.clock import Clock, local_day
from ..store import snapshots
from ..store.errors import DatabaseOpenError
from .forms import ask_yes, plain_label


class DataTab(QWidget):
    def __init__(
        self,
        db_path: Path,
        clock: Clock,
        parent: QWidget | None = None,
        *,
        restore: Callable[[Path], None] | None = None,
    ) -> None:
        """``restore(copy)``: restart the app on that copy (the button is there only
        with it; the command line stays the way when the app cannot be running)."""
        super().__init__(parent)
        self.db_path = db_path
        self.clock = clock
        self._restore = restore
        #: Asks (question, detail) before restoring; tests answer it.
        self.confirm: Callable[[str, str], bool] = lambda q, d: ask_yes(self, "Restore", q, d)
        folder = snapshots.snapshots_dir(db_path)
        intro = plain_label(
            f"Your applications are kept in {db_path}. Every day the app also keeps a copy "
            f"of them; the last {snapshots.KEEP} copies are in {folder}."
        )
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.latest = plain_label("")
        self.latest.setObjectName("settings-backups-latest")
        self.copy_now = QPushButton("Make a copy now")
        self.copy_now.setObjectName("settings-backup-now")
        self.copy_now.clicked.connect(self.make_copy)
        open_folder = QPushButton("Open the folder")
        open_folder.setObjectName("settings-backups-open")
        open_folder.clicked.connect(self.open_folder)
        self.restore_button = QPushButton("Restore a copy…")
        self.restore_button.setObjectName("settings-backup-restore")
        self.restore_button.setToolTip("Go back to one of the copies: the app restarts with it")
        self.restore_button.clicked.connect(lambda: self.restore_copy())
        self.restore_button.setVisible(restore is not None)
        restore_hint = plain_label(
            "To go back to a copy: Restore a copy… (the app restarts with it), or quit "
            "Followup Desktop (tray menu › Quit) and run\n"
            f"    {restore_command(db_path.parent)}\n"
            "The data as it is then is kept beside it, so that can be undone the same way."
        )
        restore_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.copy_now)
        row.addWidget(open_folder)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.latest)
        lay.addLayout(row)
        lay.addSpacing(12)
        lay.addWidget(restore_hint)
        lay.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        kept = snapshots.snapshots(self.db_path)
        self.latest.setText(
            f"Latest copy: {kept[-1].name} ({len(kept)} kept)." if kept else "No copy yet."
        )

    def make_copy(self) -> None:
        """Today's copy, taken now (replacing an earlier one of today): ~0.1 s for 10,000
        cards, so on the spot rather than in a thread the person would wait for anyway."""
        try:
            taken = snapshots.take(self.db_path, local_day(self.clock.now(), self.clock.tz))
        except Exception as exc:  # disk full, folder not writable: say so, change nothing
            self.latest.setText(f"Could not make a copy: {exc}")
            return
        snapshots.prune(self.db_path)
        self.refresh()
        self.latest.setText(self.latest.text() + f" Saved {taken.name}.")

    def restore_copy(self, copy: Path | None = None) -> bool:
        """Pick a copy (``copy``: already picked), check it, ask, then restart on it.
        A file that cannot be restored is turned down here, with the reason, and the app
        goes on as it was. Whether the restart was asked for."""
        if copy is None:
            folder = snapshots.snapshots_dir(self.db_path)
            picked, _ = QFileDialog.getOpenFileName(
                self,
                "Restore a copy",
                str(folder),
                "Followup Desktop data (*.sqlite3);;All files (*)",
            )
            if not picked:
                return False
            copy = Path(picked)
        try:
            snapshots.check_copy(self.db_path, copy)
        except DatabaseOpenError as exc:
            self.latest.setText(f"Cannot restore that file: {exc}")
            return False
        if self._restore is None or not self.confirm(
            f"Restore {copy.name}?",
            "Followup Desktop restarts with the applications as they were in that copy. "
            "Your data as it is now is kept beside it, so this can be undone the same way.",
        ):
            return False
        self._restore(copy)
        return True

    def open_folder(self) -> None:
        folder = snapshots.snapshots_dir(self.db_path)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def restore_command(data: Path) -> str:
    """The command that restores a copy into ``data`` (naming the folder unless it is the
    one the app opens by default)."""
    folder = "" if data == paths.data_dir() else f" --data-dir {shlex.quote(str(data))}"
    return f"followup-desktop{folder} --restore <copy>"
