"""Background mode with a real system tray (trayer on Xvfb): closing the window keeps the
app in the tray, the tray brings it back, pauses alerts and quits.

Runs with the real-window tests (`make test`: xvfb-run, FOLLOWUP_TEST_XCB=1) when trayer is
installed (packaging/system-deps.sh --test installs it)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import time

import pytest

from followup_desktop.ui.main_window import MainWindow

pytestmark = [
    pytest.mark.xcb,
    pytest.mark.skipif(
        os.environ.get("FOLLOWUP_TEST_XCB") != "1" or not os.environ.get("DISPLAY"),
        reason="needs an X server: run under xvfb-run with FOLLOWUP_TEST_XCB=1 (make test does)",
    ),
    pytest.mark.skipif(
        shutil.which("trayer") is None, reason="trayer (a system tray) not installed"
    ),
]


@pytest.fixture
def tray_host():  # type: ignore[no-untyped-def]
    proc = subprocess.Popen(
        ["trayer", "--edge", "top", "--widthtype", "pixel", "--width", "120"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.8)  # it owns _NET_SYSTEM_TRAY_S0 after start-up
    yield proc
    proc.kill()
    proc.wait(timeout=10)


def test_close_to_tray_open_pause_quit(window: MainWindow, tray_host, qtbot, clock) -> None:  # type: ignore[no-untyped-def]
    from helpers import FakeTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QSystemTrayIcon

    from followup_desktop.notify.driver import Notifier, Presenter
    from followup_desktop.ui.tray import Tray

    assert QSystemTrayIcon.isSystemTrayAvailable()
    from followup_desktop import paths

    tray = Tray(QIcon(str(paths.resource("icons/followup-desktop.svg"))))
    window.tray = tray
    notifier = Notifier(window.bridge, clock, Presenter([], clock), timer=FakeTimer(clock))
    tray.openRequested.connect(window.bring_to_front)
    tray.pauseToggled.connect(lambda on: notifier.pause() if on else notifier.resume())
    window.close()
    assert not window.isVisible()  # hidden in the tray, not quit
    assert window.settings.value("tray/told", False, type=bool)  # told the user, once
    tray.openRequested.emit()
    qtbot.waitUntil(window.isVisible)
    tray.pause_action.trigger()
    assert notifier.paused_until == clock.now() + dt.timedelta(hours=1)
    tray.pause_action.trigger()
    assert notifier.paused_until is None
    tray.set_due_count(3)
    assert tray.due_action.text() == "Due now (3)"
    window.quitting = True  # what the tray's Quit does before app.quit()
    window.close()
    assert not window.isVisible()
    notifier.shutdown()
    tray.icon.hide()
