"""Where the single-instance socket lives, and that a second launch finds the first."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from followup_desktop.ui.single_instance import (
    MAX_SOCKET_PATH,
    InstanceServer,
    hand_over,
    server_name,
)


def test_socket_goes_to_the_private_runtime_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with tempfile.TemporaryDirectory(dir="/tmp") as runtime:  # short, like /run/user/1000
        monkeypatch.setenv("XDG_RUNTIME_DIR", runtime)
        name = server_name(tmp_path / "data")
        assert Path(name).parent == Path(runtime)
        assert name == server_name(tmp_path / "data")  # the second launch computes the same
        assert name != server_name(tmp_path / "other")


@pytest.fixture
def long_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No runtime dir, and a temp dir too long to hold the socket's path."""
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    folder = tmp_path / ("t" * 80)
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.mark.usefixtures("long_tmp")
def test_a_long_temp_dir_is_passed_over_for_a_short_one(tmp_path: Path) -> None:
    name = server_name(tmp_path / "data")
    assert len(os.fsencode(name)) <= MAX_SOCKET_PATH
    assert Path(name).parent == Path("/tmp")


@pytest.mark.usefixtures("long_tmp")
def test_second_launch_reaches_the_server_and_raises_it(qtbot: QtBot, tmp_path: Path) -> None:
    server = InstanceServer(tmp_path / "data")
    try:
        with qtbot.waitSignal(server.raiseRequested, timeout=3000):
            assert hand_over(tmp_path / "data")
        assert not hand_over(tmp_path / "elsewhere")
    finally:
        server.close()
    assert not Path(server.name).exists()  # closing removes the socket file
