"""The real program as a user starts it: whole process, offscreen, temp data dir."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

APP = [sys.executable, "-m", "followup_desktop"]


def _env(tmp_path: Path) -> dict[str, str]:
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(runtime))
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)  # no desktop bus: notifications fall back in-app
    return env


def test_starts_paints_and_exits_cleanly(tmp_path: Path) -> None:
    out = subprocess.run(
        [*APP, "--data-dir", str(tmp_path / "d"), "--quit-after-paint"],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(tmp_path),
        check=False,
    )
    assert out.returncode == 0, out.stderr
    unexpected = [
        line
        for line in out.stderr.splitlines()
        if line.strip() and "propagateSizeHints" not in line
    ]
    assert unexpected == []
    assert (tmp_path / "d" / "followup.sqlite3").exists()
    log = (tmp_path / "d" / "logs" / "followup-desktop.log").read_text()
    assert "created database" in log


def test_refuses_a_foreign_file_with_a_message_and_exit_code(tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    (data / "followup.sqlite3").write_text("not a database")
    env = _env(tmp_path)
    proc = subprocess.Popen(
        [*APP, "--data-dir", str(data)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(3)  # the message box is up (offscreen): the process waits for the user
    proc.terminate()
    proc.communicate(timeout=20)
    assert (data / "followup.sqlite3").read_text() == "not a database"
    log = (data / "logs" / "followup-desktop.log").read_text()
    assert "not an SQLite file" in log


def test_second_launch_hands_over_to_the_first(tmp_path: Path) -> None:
    data = tmp_path / "d"
    env = _env(tmp_path)
    first = subprocess.Popen(
        [*APP, "--data-dir", str(data)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        log = data / "logs" / "followup-desktop.log"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (
            log.exists() and "created database" in log.read_text()
        ):
            time.sleep(0.1)
        time.sleep(0.5)
        second = subprocess.run(
            [*APP, "--data-dir", str(data)],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert second.returncode == 0, second.stderr
        assert "another instance is running" in log.read_text()
        assert first.poll() is None  # the first one is still there
    finally:
        first.send_signal(signal.SIGTERM)
        _, err = first.communicate(timeout=30)
    assert first.returncode == 0, err  # SIGTERM is a clean quit
    assert "signal received: quitting" in log.read_text()


def test_a_launch_from_another_session_is_refused(tmp_path: Path) -> None:
    """The app running on the folder from another login session has its socket in another
    runtime directory, so there is no one to hand over to: the folder's lock refuses the
    second copy (two notifiers on one database), with a message, leaving the data alone."""
    from helpers import held_in_another_process

    data = tmp_path / "d"
    log = data / "logs" / "followup-desktop.log"
    with (
        held_in_another_process(data),
        subprocess.Popen(
            [*APP, "--data-dir", str(data)],
            env=_env(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ) as proc,
    ):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (
            log.exists() and "already running" in log.read_text()
        ):
            time.sleep(0.1)
        proc.terminate()  # the message box (offscreen) waits for the user
        proc.communicate(timeout=20)
    assert "in another session" in log.read_text()
    assert not (data / "followup.sqlite3").exists()  # never opened


def test_self_test_passes_from_source(tmp_path: Path) -> None:
    out = subprocess.run(
        [*APP, "--self-test", "--data-dir", str(tmp_path / "d")],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(tmp_path),
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "self-test passed" in out.stdout
    assert "ok   move: moved and saved" in out.stdout
    assert "ok   daily copy: followup-" in out.stdout  # the backup API works here too


def test_self_test_without_a_data_dir_cleans_up_after_itself(tmp_path: Path) -> None:
    scratch = tmp_path / "t"
    scratch.mkdir()
    out = subprocess.run(
        [*APP, "--self-test"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**_env(tmp_path), "TMPDIR": str(scratch)},
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert f"self-test in {scratch}" in out.stdout
    assert list(scratch.iterdir()) == []  # its database, logs and settings went with it


def test_demo_command_makes_a_separate_sample_folder(tmp_path: Path) -> None:
    target = tmp_path / "demo"
    out = subprocess.run(
        [*APP, "demo", "--count", "12", "--seed", "3", "--data-dir", str(target)],
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(tmp_path),
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert f"open it with: followup-desktop --data-dir {target}" in out.stdout
    from followup_desktop.core.clock import SystemClock
    from followup_desktop.services import board_view
    from followup_desktop.store.database import open_database

    db = open_database(target / "followup.sqlite3", SystemClock())
    cards = board_view.load_cards(db)
    db.close()
    assert len(cards) == 12
    again = subprocess.run(
        [*APP, "demo", "--count", "5", "--data-dir", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(tmp_path),
        check=False,
    )
    assert again.returncode == 2
    assert "already holds applications" in again.stderr


def test_starts_with_a_long_temp_dir_and_no_runtime_dir(tmp_path: Path) -> None:
    """The single-instance socket must not follow TMPDIR past the socket path limit
    (listen() failed with "Name error" and the app never started)."""
    long_tmp = tmp_path / ("t" * 60) / ("u" * 30)
    long_tmp.mkdir(parents=True)
    env = _env(tmp_path)
    env.pop("XDG_RUNTIME_DIR")
    env["TMPDIR"] = str(long_tmp)
    out = subprocess.run(
        [*APP, "--data-dir", str(tmp_path / "d"), "--quit-after-paint"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert "board painted" in (tmp_path / "d" / "logs" / "followup-desktop.log").read_text()
