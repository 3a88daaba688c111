"""`followup-desktop --self-test`: prove that an installed or frozen build really works.

Opens the real main window (offscreen when there is no display), creates and moves a
card, paints the board, shows one alert through the in-app adapter (and through the
desktop's notification server when a session bus is there), checks bundled resources and
the imports PyInstaller cannot see, then exits 0. Any failure: a message and exit 1.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path


def run(data_dir: Path | None = None) -> int:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = data_dir is None  # a folder of our own: removed again when all passed
    data = data_dir or Path(tempfile.mkdtemp(prefix="followup-selftest-"))
    results: list[tuple[str, bool, str]] = []

    def check(name: str, fn: Callable[[], str]) -> None:
        try:
            results.append((name, True, fn()))
        except Exception:  # report every failing step, not just the first
            results.append((name, False, traceback.format_exc(limit=3).strip().splitlines()[-1]))

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from . import __version__, paths
    from .core.clock import SystemClock
    from .services import board_view
    from .store.database import open_database
    from .ui.bridge import DataBridge
    from .ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    clock = SystemClock()
    db = open_database(paths.database_path(data), clock)
    bridge = DataBridge(db)
    window = MainWindow(bridge, clock, QSettings(str(data / "ui.ini"), QSettings.Format.IniFormat))
    window.confirm = lambda question, detail: True
    window.show()
    app.processEvents()
    state: dict[str, int] = {}

    def create() -> str:
        stages = {s.name: s.id for s in board_view.load_stages(db)}
        card = window.add_card(
            {"company": "Self-test Corp", "role": "Tester", "stage_id": stages["Applied"]}
        )
        assert card is not None, "the card was not created"
        state["card"], state["target"] = card, stages["Interviewing"]
        return f"card {card}"

    def move() -> str:
        assert window.move_cards([state["card"]], state["target"], 0), "the move was refused"
        from .services import board

        assert board.card_ids(db, state["target"]) == [state["card"]], "the move was not saved"
        return "moved and saved"

    def paint() -> str:
        app.processEvents()
        image = window.grab().toImage()
        assert not image.isNull(), "nothing was painted"
        assert image.width() > 100, "the window has no size"
        return f"{image.width()}x{image.height()}"

    def alert_in_app() -> str:
        from .notify.adapters import InAppAdapter
        from .notify.alerts import Alert

        shown: list[str] = []

        def show(alert: Alert, on_open: Callable[[], None]) -> None:
            window.show_alert(alert, on_open)
            shown.append(alert.key)

        adapter = InAppAdapter(show)
        adapter.present(
            Alert("selftest", "Follow up: Self-test Corp", "Say thanks", state["card"], (), ())
        )
        assert shown == ["selftest"], "the in-app adapter was not used"
        assert window.toast.isVisible(), "the banner did not show"
        return "banner shown"

    def alert_desktop() -> str:
        if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
            return "skipped (no session bus)"
        from .notify.adapters import FreedesktopAdapter, Unavailable
        from .notify.alerts import Alert

        try:
            adapter = FreedesktopAdapter()
        except Unavailable as exc:
            return f"skipped ({exc})"
        adapter.present(
            Alert("selftest", "Followup Desktop self-test", "Notifications work.", None, (), ())
        )
        adapter.shutdown()
        return "sent to the notification server"

    def invite() -> str:
        # icalendar and the zone data it needs are in the bundle: an Outlook invitation
        # names its zone the Windows way.
        from .services.invites import read_invite

        path = data / "selftest.ics"
        path.write_text(
            "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\n"
            "DTSTART;TZID=W. Europe Standard Time:20260701T150000\nDURATION:PT30M\n"
            "ATTENDEE;CN=Ada:mailto:ada@example.com\nSUMMARY:Self-test\n"
            "END:VEVENT\nEND:VCALENDAR\n",
            encoding="utf-8",
        )
        got = read_invite(path, clock.tz)
        assert got.starts_at.hour == 13, got  # 15:00 summer time in Berlin, in UTC
        assert got.minutes == 30, got
        assert [p.email for p in got.people] == ["ada@example.com"], got.people
        return "invitation read"

    def plyer_import() -> str:
        if sys.platform.startswith("linux"):
            import importlib

            importlib.import_module("plyer.platforms.linux.notification")
        return "plyer backend importable"

    def resources() -> str:
        icon = paths.resource("icons/followup-desktop.svg")
        assert icon.exists(), f"missing {icon}"
        from .core.drafts import TEMPLATE_KINDS
        from .services.drafts import default_template

        for kind in TEMPLATE_KINDS:
            default_template(kind)  # raises when a template is not in the bundle
        return f"{icon.parent}; {len(TEMPLATE_KINDS)} draft templates"

    def daily_copy() -> str:
        from .app import copy_daily
        from .store import snapshots

        copy_daily(db.path, clock).join(timeout=30)
        kept = snapshots.snapshots(db.path)
        assert kept, f"no copy in {snapshots.snapshots_dir(db.path)}"
        return f"{kept[-1].name}"

    for name, fn in (
        ("create", create),
        ("move", move),
        ("paint", paint),
        ("alert in-app", alert_in_app),
        ("alert desktop", alert_desktop),
        ("invitation", invite),
        ("plyer", plyer_import),
        ("resources", resources),
        ("daily copy", daily_copy),
    ):
        check(name, fn)
    window.quitting = True
    window.close()
    bridge.detach()
    db.close()
    print(f"Followup Desktop {__version__} self-test in {data}")
    for name, ok, detail in results:
        print(f"  {'ok  ' if ok else 'FAIL'} {name}: {detail}")
    failed = [r for r in results if not r[1]]
    print(
        "self-test passed" if not failed else f"self-test FAILED ({len(failed)} of {len(results)})"
    )
    if scratch and not failed:  # a failure keeps its database for whoever looks into it
        shutil.rmtree(data, ignore_errors=True)
    return 1 if failed else 0
