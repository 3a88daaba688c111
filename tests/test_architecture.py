"""The layering promises: the core never needs Qt, and nothing outside clock.py reads the
wall clock."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import followup_desktop

PACKAGE = Path(followup_desktop.__file__).parent
QT_FREE = ("core", "store", "services")


def _modules(sub: str) -> list[str]:
    return [f"followup_desktop.{sub}.{m.name}" for m in pkgutil.iter_modules([str(PACKAGE / sub)])]


def test_core_store_services_import_with_qt_uninstalled() -> None:
    """Run in a fresh interpreter where importing PySide6 (or shiboken6) fails, as if
    it were not installed."""
    modules = [m for sub in QT_FREE for m in _modules(sub)]
    assert len(modules) > 10
    script = f"""
import sys
class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6'):
            raise ImportError('Qt is not installed (blocked by test)')
        return None
sys.meta_path.insert(0, NoQt())
import importlib
for m in {modules!r}:
    importlib.import_module(m)
assert not any(k.startswith(('PySide6', 'shiboken6')) for k in sys.modules)
print('ok', len({modules!r}))
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("ok")


def test_only_the_clock_reads_the_wall_clock() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "clock.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("now", "utcnow", "today"):
                base = node.value
                name = getattr(base, "attr", getattr(base, "id", ""))
                if name in ("datetime", "date", "dt"):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("time", "monotonic")
                and getattr(node.value, "id", "") == "time"
            ):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []


def test_the_board_paints_without_sqlalchemy(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Start-up keeps SQLAlchemy off the path to the first paint (it loads in a thread):
    opening an existing database, building the window and painting it must not import it."""
    from followup_desktop.core.clock import SystemClock
    from followup_desktop.services import applications
    from followup_desktop.store.database import open_database

    db = open_database(tmp_path / "followup.sqlite3", SystemClock())
    applications.create_application(db, "Acme", "Engineer")
    db.close()
    script = f"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from followup_desktop.core.clock import SystemClock
from followup_desktop.store.database import open_database
from followup_desktop.ui.bridge import DataBridge
from followup_desktop.ui.main_window import MainWindow
db = open_database(Path({str(tmp_path)!r}) / "followup.sqlite3", SystemClock())
settings = QSettings({str(tmp_path / "ui.ini")!r}, QSettings.Format.IniFormat)
w = MainWindow(DataBridge(db), SystemClock(), settings)
w.show()
app.processEvents()
w.board.viewport().repaint()
assert w.board.store, "no cards were read"
loaded = sorted(m for m in sys.modules if m.startswith("sqlalchemy"))
print("loaded:", loaded[:5])
sys.exit(1 if loaded else 0)
"""
    env = dict(__import__("os").environ, XDG_RUNTIME_DIR=str(tmp_path))
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_warm_up_loads_what_the_first_drag_runs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The first drop after start imports the board's undoable commands (ui/commands.py,
    loaded late: start-up does not need them). Their services must already be loaded by
    the warm-up thread: importing them inside that drop took ~10 ms."""
    script = f"""
import sys
from pathlib import Path
from followup_desktop.app import warm_up
from followup_desktop.core.clock import SystemClock
from followup_desktop.store.database import open_database
db = open_database(Path({str(tmp_path)!r}) / "followup.sqlite3", SystemClock())
warm_up(db)
import followup_desktop.ui.bridge  # (the window's, loaded long before any drag)
before = set(sys.modules)
import followup_desktop.ui.commands
late = sorted(m for m in set(sys.modules) - before if m.startswith("followup_desktop."))
print("late:", late)
sys.exit(0 if late == ["followup_desktop.ui.commands"] else 1)
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 0, out.stdout + out.stderr
