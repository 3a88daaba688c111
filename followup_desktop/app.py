"""Wiring: build everything, show the window, run the event loop.

Kept short on purpose: each piece lives in its own module; this file only connects them.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from . import APP_ID, APP_NAME, __version__, logs, paths

log = logging.getLogger("followup.app")


def _install_excepthook(show_dialog: bool) -> None:
    """Log every uncaught exception; show it in a dialog with copyable details (Vorta,
    qutebrowser): a Qt slot that raises must not silently kill the app."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, exc, tb))
        log.error("uncaught exception:\n%s", text)
        sys.__stderr__.write(text) if sys.__stderr__ else None
        if not show_dialog:
            return
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            APP_NAME,
            "Something went wrong. Your data is safe; the last action may not have been saved.",
        )
        box.setTextFormat(__import__("PySide6.QtCore", fromlist=["Qt"]).Qt.TextFormat.PlainText)
        box.setDetailedText(text)
        box.exec()

    sys.excepthook = hook


def run(
    data_dir: Path,
    *,
    log_dir: Path,
    debug: bool = False,
    theme: str = "system",
    quit_after_paint: bool = False,
) -> int:
    log_file = logs.setup(log_dir, level=logging.DEBUG if debug else logging.INFO, stderr=debug)
    log.info("%s %s starting; data in %s; log %s", APP_NAME, __version__, data_dir, log_file)

    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    icon = paths.resource("icons/followup-desktop.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    from .ui import theme as theming

    theming.apply(app, theme)
    _install_excepthook(show_dialog=not debug)

    from .core.clock import SystemClock
    from .store.database import open_database
    from .store.errors import DatabaseOpenError

    clock = SystemClock()
    try:
        db = open_database(paths.database_path(data_dir), clock)
    except DatabaseOpenError as exc:
        log.error("cannot open database: %s", exc)
        box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, str(exc))
        box.setTextFormat(__import__("PySide6.QtCore", fromlist=["Qt"]).Qt.TextFormat.PlainText)
        box.exec()
        return 2

    from .ui.bridge import DataBridge
    from .ui.main_window import MainWindow

    settings = QSettings(str(data_dir / "ui.ini"), QSettings.Format.IniFormat)
    bridge = DataBridge(db)
    window = MainWindow(bridge, clock, settings)
    window.show()
    if quit_after_paint:  # benchmarks: the whole start-up, up to a painted board
        from PySide6.QtCore import QTimer

        def painted() -> None:
            window.board.viewport().repaint()
            app.quit()

        QTimer.singleShot(0, painted)
    code = app.exec()
    bridge.detach()
    db.close()
    log.info("exited with %s", code)
    return int(code)
