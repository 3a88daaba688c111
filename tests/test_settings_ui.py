"""The settings dialog and start-at-login."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from followup_desktop import autostart
from followup_desktop.services.settings import notify_settings, playbook_settings
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.settings_dialog import SettingsDialog


def test_settings_round_trip(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(window.bridge, window)
    qtbot.addWidget(dialog)
    dialog.check_in.setValue(21)
    assert dialog.feedback_after.text() == "1 day after a rejection"  # not "1 day(s)"
    dialog.feedback_after.setValue(3)
    assert dialog.feedback_after.text() == "3 days after a rejection"
    dialog.max_unanswered.setValue(1)
    assert dialog.max_unanswered.text() == "1 unanswered follow-up"
    dialog.quiet.setChecked(True)
    dialog.adapter.setCurrentIndex(dialog.adapter.findData("in-app"))
    dialog.save()
    assert playbook_settings(window.bridge.db).check_in_every_days == 21
    n = notify_settings(window.bridge.db)
    assert (n.quiet_enabled, n.quiet_start, n.quiet_end, n.adapter) == (
        True,
        "21:00",
        "08:00",
        "in-app",
    )


def test_invalid_settings_change_nothing(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(window.bridge, window)
    qtbot.addWidget(dialog)
    dialog.thank_due.setValue(100)
    dialog.thank_escalate.setValue(10)  # before it is due: refused
    dialog.save()
    assert playbook_settings(window.bridge.db).thank_you_due_hours == 24
    assert window.toast.isVisible()
    assert "escalation" in window.toast.label.text()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG autostart is Linux's")
def test_xdg_autostart_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert not autostart.is_enabled()
    autostart.set_enabled(True, ["/opt/Followup Desktop/followup-desktop", "--theme", "dark"])
    entry = (tmp_path / "autostart" / "followup-desktop.desktop").read_text()
    assert 'Exec="/opt/Followup Desktop/followup-desktop" --theme dark' in entry
    assert autostart.is_enabled()
    autostart.set_enabled(False)
    assert not autostart.is_enabled()
    command = autostart.launch_command()
    assert command[-2:] == ["-m", "followup_desktop"]
    # This interpreter as started (a venv's python links to the base one, which lacks
    # the venv's packages): the command really starts the app.
    assert command[0] == str(Path(sys.executable).absolute())
    import subprocess

    out = subprocess.run(
        [*command, "--data-dir", str(tmp_path / "data"), "--where"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode == 0, out.stderr  # (it imports the app's dependencies)


def test_the_data_tab_makes_a_copy_and_says_how_to_restore(
    window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QLabel

    from followup_desktop.store import snapshots

    dialog = SettingsDialog(window.bridge, window)
    qtbot.addWidget(dialog)
    data = dialog.data
    assert data.latest.text() == "No copy yet."
    data.copy_now.click()
    db_path = window.bridge.db.path
    assert [p.name for p in snapshots.snapshots(db_path)] == ["followup-2026-10-22.sqlite3"]
    assert data.latest.text() == (
        "Latest copy: followup-2026-10-22.sqlite3 (1 kept). Saved followup-2026-10-22.sqlite3."
    )
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()))
    )
    data.findChild(type(data.copy_now), "settings-backups-open").click()
    assert opened == [str(snapshots.snapshots_dir(db_path))]
    texts = " ".join(label.text() for label in data.findChildren(QLabel))
    # (the test's data folder is not the default one: the command names it)
    assert f"followup-desktop --data-dir {db_path.parent} --restore <copy>" in texts
    assert str(db_path) in texts


def test_restore_a_copy_checks_it_asks_then_restarts_on_it(
    window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Settings › Data › Restore a copy…: a file that cannot be restored is turned down
    on the spot; a good one, once confirmed, closes the dialog and restarts the app on it
    through a helper process (``--restore COPY --then-start``) while this one quits."""
    import subprocess

    from followup_desktop.store import snapshots

    restarts: list[Path] = []
    dialog = SettingsDialog(window.bridge, window, restore=restarts.append)
    qtbot.addWidget(dialog)
    data = dialog.data
    assert not data.restore_button.isHidden()
    junk = tmp_path / "notes.sqlite3"
    junk.write_text("not a database")
    assert not data.restore_copy(junk)
    assert data.latest.text().startswith("Cannot restore that file:")
    data.copy_now.click()
    copy = snapshots.snapshots(window.bridge.db.path)[-1]
    asked: list[str] = []
    data.confirm = lambda q, d: asked.append(q) is not None and False  # No
    assert not data.restore_copy(copy)
    assert asked == [f"Restore {copy.name}?"]
    assert restarts == []
    data.confirm = lambda q, d: True
    dialog.show()
    assert data.restore_copy(copy)
    assert not dialog.isVisible()  # closed first
    qtbot.waitUntil(lambda: restarts == [copy])
    # Without a way to restart (no window behind it), only the command line is offered.
    alone = SettingsDialog(window.bridge)
    qtbot.addWidget(alone)
    assert alone.data.restore_button.isHidden()

    # The window starts the helper, then quits.
    started: list[list[str]] = []
    monkeypatch.setattr(subprocess, "Popen", lambda command, **kw: started.append(command))
    quits: list[bool] = []
    monkeypatch.setattr(window, "quit_app", lambda: quits.append(True))
    window.restart_restoring(copy)
    (command,) = started
    assert command[-5:] == [
        "--data-dir",
        str(window.bridge.db.path.parent),
        "--restore",
        str(copy),
        "--then-start",
    ]
    assert quits == [True]


def test_a_notice_at_start_up_tells_how_a_restore_went(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.tell("Restored followup-2026-10-22.sqlite3.")
    assert window.toast.isVisible()
    assert "Restored followup-2026-10-22.sqlite3." in window.toast.label.text()
    assert not window.toast._timer.isActive()  # it stays until closed
    from PySide6.QtWidgets import QToolButton

    window.toast.findChild(QToolButton, "toast-close").click()
    assert not window.toast.isVisible()
    window.tell("Nothing was restored: <b>disk</b> full", error=True)
    box = window.message_box
    qtbot.waitUntil(box.isVisible)
    assert box.text() == "Nothing was restored: <b>disk</b> full"
    from PySide6.QtCore import Qt

    assert box.textFormat() == Qt.TextFormat.PlainText
    box.close()
