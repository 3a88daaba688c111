"""Screenshots for the README, taken from the real window under X (run with xvfb-run):

    xvfb-run -a -s '-screen 0 1400x900x24' .venv/bin/python packaging/screenshots.py

Writes resources/screenshots/{board-light,board-dark,editor-follow-ups,draft-thank-you,
import-preview}.png
from sample data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent


def settle(app: object, seconds: float = 0.8) -> None:
    """Let the window finish what it does after showing (deferred fills, timers)."""
    from PySide6.QtCore import QDeadlineTimer, QEventLoop

    deadline = QDeadlineTimer(int(seconds * 1000))
    while not deadline.hasExpired():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)  # type: ignore[attr-defined]


SHEET = (
    "Company;Position;Status;Date applied;Location;Contact person\n"
    "Northwind Traders;Backend Engineer;Interviewing;12/10/2026;Berlin;Jo Smith\n"
    "Contoso;Site Reliability Engineer;Applied;03/11/2026;Remote;\n"
    "Fabrikam;Data Analyst;Phone screen;28/10/2026;Munich;\n"
    "Tailspin Toys;Staff Engineer;Rejected;01/09/2026;Remote;\n"
    ";Product Manager;Applied;;;\n"
    "Wide World Importers;Platform Engineer;;15/11/2026;Hamburg;\n"
    "Northwind Traders;Backend Engineer;Interviewing;12/10/2026;Berlin;\n"
)


def import_preview(db: object, window: object, tmp: Path, tz: object, now: object) -> object:
    """The CSV import preview of a small spreadsheet, shown (not imported)."""
    from followup_desktop.services import csv_import, csv_read
    from followup_desktop.ui.import_dialog import ImportDialog

    path = tmp / "job search 2026.csv"
    path.write_text(SHEET, encoding="utf-8")
    assert isinstance(now, dt.datetime)
    assert isinstance(tz, dt.tzinfo)
    found = csv_read.read_csv(path, tz, now)
    dups = csv_import.find_duplicates(db, found.rows)  # type: ignore[arg-type]
    dialog = ImportDialog(found, dups, window.board.stages, tz, window)  # type: ignore[attr-defined]
    dialog.resize(1000, 430)
    dialog.show()
    return dialog


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "screenshots")
    parser.add_argument("--theme", choices=("light", "dark"), action="append")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from followup_desktop.core.clock import ManualClock, SystemClock
    from followup_desktop.services import sample_data
    from followup_desktop.store.database import open_database
    from followup_desktop.ui import theme
    from followup_desktop.ui.bridge import DataBridge
    from followup_desktop.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    args.out.mkdir(parents=True, exist_ok=True)
    tz = ZoneInfo("Europe/Berlin")
    real = SystemClock(tz)
    for name in args.theme or ["light", "dark"]:
        theme.apply(app, name)
        tmp = Path(tempfile.mkdtemp(prefix="followup-shots-"))
        now = real.now().replace(second=0, microsecond=0)
        gen_clock = ManualClock(now, tz)
        db = open_database(tmp / "followup.sqlite3", gen_clock)
        sample_data.generate(db, gen_clock, 36, seed=11)
        bridge = DataBridge(db)
        window = MainWindow(
            bridge, ManualClock(now, tz), QSettings(str(tmp / "ui.ini"), QSettings.Format.IniFormat)
        )
        window.resize(1400, 860)
        window.show()
        settle(app)  # the Follow-ups panel fills in just after the first paint
        window.due.flush()
        first = next(iter(window.board.frames.values())).view
        window.board.select_card(
            first.column_model().ids()[0]
        ) if first.column_model().ids() else None
        app.processEvents()
        window.grab().save(str(args.out / f"board-{name}.png"))
        if name == "light":
            interviewing = [s.id for s in window.board.stages if s.name == "Interviewing"]
            ids = (
                window.board.frames[interviewing[0]].view.column_model().ids()
                if interviewing
                else []
            )
            if ids:
                window.open_card(ids[0])
                editor = window._editors[ids[0]]
                editor.resize(820, 620)
                editor.tabs.setCurrentIndex(3)
                editor.follow_ups.selectRow(0)  # as a person would, before a button
                settle(app)
                editor.grab().save(str(args.out / "editor-follow-ups.png"))
                thanks = [f for f in editor.detail.follow_ups if f.kind.value == "thank_you"]
                if thanks:
                    editor.highlight_follow_up(thanks[0].id)
                    editor.draft_message()
                    settle(app, 0.3)
                    editor.draft_dialog.grab().save(str(args.out / "draft-thank-you.png"))
                    editor.draft_dialog.close()
                editor.close()
            preview = import_preview(db, window, tmp, tz, now)
            settle(app, 0.3)
            preview.grab().save(str(args.out / "import-preview.png"))
            preview.close()
        window.close()
        bridge.detach()
        db.close()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"wrote screenshots to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
