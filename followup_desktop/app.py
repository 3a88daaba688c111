"""Wiring: build everything, show the window, run the event loop.

Kept short on purpose: each piece lives in its own module; this file only connects them.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

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
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is None or QApplication.platformName() in (
            "offscreen",
            "minimal",
        ):
            return  # nobody could see the dialog, and it would wait for them forever
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            APP_NAME,
            "Something went wrong. Your data is safe; the last action may not have been saved.",
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
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
    quit_after_ms: int | None = None,
    notice: str | None = None,
    notice_error: bool = False,
) -> int:
    """``notice``: what to tell the person once the window is up (how a restore they
    asked for went: see __main__.restore_main); ``notice_error``: it says what failed."""
    log_file = logs.setup(log_dir, level=logging.DEBUG if debug else logging.INFO, stderr=debug)
    log.info("%s %s starting; data in %s; log %s", APP_NAME, __version__, data_dir, log_file)

    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QMessageBox

    from . import memory

    memory.quiet_pyside()  # before the app's and SQLAlchemy's modules load
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
    from .store.folder_lock import FolderLock
    from .ui.single_instance import InstanceServer, hand_over

    if hand_over(data_dir):
        log.info("another instance is running on %s: asked it to come to the front", data_dir)
        return 0
    folder_lock = FolderLock(data_dir)
    if not folder_lock.acquire():  # running in another login session: no socket to reach
        message = (
            f"{APP_NAME} is already running on {data_dir} in another session (another "
            "login or desktop). Quit it there first: two copies on one database would "
            "remind you of everything twice."
        )
        log.error("%s", message)
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, message)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()
        return 2
    instance = InstanceServer(data_dir)

    clock = SystemClock()
    try:
        db = open_database(paths.database_path(data_dir), clock)
    except DatabaseOpenError as exc:
        log.error("cannot open database: %s", exc)
        instance.close()  # before the message waits: a kill then leaves no stale socket
        folder_lock.release()
        box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, str(exc))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()
        return 2

    from .ui.bridge import DataBridge
    from .ui.main_window import MainWindow

    settings = QSettings(str(data_dir / "ui.ini"), QSettings.Format.IniFormat)
    bridge = DataBridge(db)
    window = MainWindow(bridge, clock, settings)
    wake = _quit_on_signals(app, window)
    _warm_up_in_background(db)
    window.show()
    from PySide6.QtCore import QTimer

    background: list[_Background] = []
    if quit_after_paint:  # benchmarks: the whole start-up, up to a painted board

        def painted() -> None:
            window.board.viewport().repaint()
            log.info("board painted")
            app.quit()

        QTimer.singleShot(0, painted)
    else:
        # The notifier, tray and sleep watcher need SQLAlchemy: they start once the board
        # is on screen.
        QTimer.singleShot(
            0, lambda: background.append(_start_background(app, window, bridge, clock, instance))
        )
        if quit_after_ms is not None:  # benchmarks: memory once everything has started
            QTimer.singleShot(quit_after_ms, app.quit)
        if notice:
            QTimer.singleShot(0, lambda: window.tell(notice, error=notice_error))
    code = app.exec()
    wake.close()
    for started in background:
        started.shutdown()
    instance.close()
    bridge.detach()
    db.close()
    folder_lock.release()
    log.info("exited with %s", code)
    return int(code)


def _warm_up_in_background(db: Any) -> None:
    """Run ``warm_up`` in a thread while the window builds and paints (~0.5 s here): the
    first write then finds SQLAlchemy, the engine and the mappers ready. Imports are
    thread-safe, and a write that comes first waits for the import lock or the engine's."""
    import threading

    threading.Thread(target=warm_up, args=(db,), name="warm-up", daemon=True).start()


def warm_up(db: Any) -> None:
    """Load what the first write needs (modules, the engine and its dialect, the ORM
    mappers), then settle it (followup_desktop.memory): it lives as long as the process.
    The services are those the board's undoable commands (ui/commands.py) call: left to
    the first drag, importing them took ~10 ms of its drop."""
    from . import memory

    try:
        from sqlalchemy.orm import configure_mappers

        from .services import (  # noqa: F401
            applications,
            board,
            csv_import,
            followups,
            playbook_runner,
            queries,
        )
        from .store import models  # noqa: F401

        db.engine  # noqa: B018 - builds the engine and session factories
        configure_mappers()
    except Exception:  # a real problem will surface, loudly, on first use
        log.exception("warm-up failed")
    memory.settle()


class _Background:
    """The notifier, the tray icon and the sleep watcher: what keeps running when the
    window is closed to the tray."""

    def __init__(self, notifier: Any, tray: Any, sleep: Any, daily: Any) -> None:
        self.notifier = notifier
        self.tray = tray
        self.sleep = sleep
        self.daily = daily

    def shutdown(self) -> None:
        self.daily.stop()
        self.notifier.shutdown()
        if self.tray is not None:
            self.tray.icon.hide()


def _start_background(app: Any, window: Any, bridge: Any, clock: Any, instance: Any) -> _Background:
    from PySide6.QtCore import QTimer

    from .notify.adapters import FreedesktopAdapter, InAppAdapter, PlyerAdapter, TrayAdapter
    from .notify.driver import Notifier, Presenter
    from .notify.sleep import SleepWatcher
    from .ui.tray import Tray

    tray = Tray(app.windowIcon()) if Tray.available() else None
    window.tray = tray
    app.setQuitOnLastWindowClosed(tray is None)
    factories: list[tuple[str, Any]] = []
    if sys.platform.startswith("linux"):
        factories.append(("freedesktop", FreedesktopAdapter))
    factories += [
        ("tray", lambda: TrayAdapter(tray.icon if tray is not None else None)),
        ("plyer", PlyerAdapter),
        ("in-app", lambda: InAppAdapter(window.show_alert)),
    ]
    notifier = Notifier(bridge, clock, Presenter(factories, clock))

    def open_card(app_id: int, follow_up_id: object) -> None:
        window.bring_to_front()
        window.open_card(app_id, follow_up_id)

    notifier.openRequested.connect(open_card)

    def draft(app_id: int, follow_up_id: int) -> None:
        window.bring_to_front()
        window.draft_follow_up(app_id, follow_up_id)

    notifier.draftRequested.connect(draft)
    notifier.showDueRequested.connect(window.show_due)
    instance.raiseRequested.connect(window.bring_to_front)
    sleep = SleepWatcher()
    sleep.resumed.connect(notifier.on_resumed_from_sleep)
    if tray is not None:
        tray.openRequested.connect(window.bring_to_front)
        tray.dueRequested.connect(window.show_due)
        tray.pauseToggled.connect(lambda on: notifier.pause() if on else notifier.resume())
        tray.quitRequested.connect(window.quit_app)
        # After the panel's reload (it follows a change by a moment): the count it shows.
        window.due.dueNowChanged.connect(tray.set_due_count)
        tray.set_due_count(window.due.model.due_now)
    # After the first paint (the catch-up queries and may show a summary): start-up first.
    QTimer.singleShot(300, notifier.start)  # after the board: a catch-up may show a summary

    from .services.applications import purge_deleted

    bridge.call(purge_deleted)  # deleted more than 30 days ago: gone for good
    daily = QTimer(app)  # the app, not the window: it runs on while closed to the tray
    daily.setInterval(DAILY_COPY_CHECK_MS)
    daily.timeout.connect(lambda: copy_daily(bridge.db.path, clock))
    daily.start()
    QTimer.singleShot(DAILY_COPY_AFTER_MS, lambda: copy_daily(bridge.db.path, clock))
    return _Background(notifier, tray, sleep, daily)


#: The day's copy of the database (store/snapshots.py) is taken a little after start-up,
#: off the UI thread, and looked for again every few hours while the app keeps running.
DAILY_COPY_AFTER_MS = 20_000
DAILY_COPY_CHECK_MS = 4 * 3600 * 1000


def copy_daily(db_path: Path, clock: Any) -> threading.Thread:
    """Take today's copy in a thread (a 10,000-card database takes ~0.1 s to copy and
    check: not on the UI thread); a failure is logged, and tried again at the next check."""
    from .core.clock import local_day
    from .store import snapshots

    day = local_day(clock.now(), clock.tz)

    def work() -> None:
        try:
            taken = snapshots.take_if_due(db_path, day)
        except Exception:  # disk full, folder not writable…: the app carries on
            log.exception("could not copy the database to %s", snapshots.snapshots_dir(db_path))
        else:
            if taken is not None:
                log.info("daily copy of the database: %s", taken)

    thread = threading.Thread(target=work, name="daily-copy", daemon=True)
    thread.start()
    return thread


def _quit_on_signals(app: Any, window: Any) -> Any:
    """SIGTERM/SIGINT (logout, Ctrl+C) end the app cleanly: the C-level handler writes to a
    socket Qt watches (signal.set_wakeup_fd), so nothing polls to let Python see signals."""
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    rsock, wsock = socket.socketpair()
    rsock.setblocking(False)
    wsock.setblocking(False)
    signal.set_wakeup_fd(wsock.fileno())
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: None)
    notifier = QSocketNotifier(rsock.fileno(), QSocketNotifier.Type.Read, app)

    def received() -> None:
        rsock.recv(64)
        log.info("signal received: quitting")
        window.quitting = True
        window.unattended = True
        window.close()
        app.quit()

    notifier.activated.connect(received)

    class _Closer:
        def close(self) -> None:
            signal.set_wakeup_fd(-1)
            notifier.setEnabled(False)
            rsock.close()
            wsock.close()

    return _Closer()
