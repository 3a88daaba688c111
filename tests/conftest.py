"""Test setup shared by every test.

Qt must never try a real display: QT_QPA_PLATFORM is set before any QApplication exists
(without it and without DISPLAY Qt aborts the whole run). Every platform dir points into a
temporary folder so no test can touch the user's real data.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

if os.environ.get("FOLLOWUP_TEST_XCB") != "1":
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
if not os.environ.get("XDG_RUNTIME_DIR"):
    # Qt wants one (mode 0700); removed when the test session ends, not left in /tmp.
    _runtime = tempfile.TemporaryDirectory(prefix="followup-runtime-")
    os.environ["XDG_RUNTIME_DIR"] = _runtime.name
os.environ.pop(  # a developer's own override must not leak into tests
    "FOLLOWUP_DESKTOP_DATA_DIR", None
)

import pytest

from followup_desktop.core.clock import ManualClock
from followup_desktop.store.database import Database, open_database

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        monkeypatch.setenv(var, str(home / sub))


@pytest.fixture
def clock() -> ManualClock:
    """Thursday 22 October 2026, 09:00 UTC, a user in Berlin (DST ends Sunday 25 October)."""
    return ManualClock(dt.datetime(2026, 10, 22, 9, 0, tzinfo=dt.UTC), BERLIN)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "followup.sqlite3"


@pytest.fixture
def db(db_path: Path, clock: ManualClock) -> Iterator[Database]:
    database = open_database(db_path, clock)
    yield database
    database.close()


@pytest.fixture
def ui_settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, db: Database, clock: ManualClock, ui_settings):  # type: ignore[no-untyped-def]
    """The real main window on a temporary database. After the test: closed, and no timer
    left running (a dangling timer would fire into a dead window)."""
    from PySide6.QtCore import QTimer

    from followup_desktop.ui.bridge import DataBridge
    from followup_desktop.ui.main_window import MainWindow

    bridge = DataBridge(db)
    win = MainWindow(bridge, clock, ui_settings)
    win.confirm = lambda question, detail: True
    qtbot.addWidget(win)
    win.resize(1400, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    running = [t for t in win.findChildren(QTimer) if t.isActive()]
    bridge.detach()
    assert running == [], f"timers left running: {running}"
