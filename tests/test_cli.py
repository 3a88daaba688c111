"""The command line: --version and where data lives (no window needed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from followup_desktop import __version__, paths


def _run(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "followup_desktop", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


def test_version() -> None:
    out = _run("--version")
    assert out.returncode == 0
    assert out.stdout.strip() == f"Followup Desktop {__version__}"


def test_data_dir_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.ENV_DATA_DIR, raising=False)
    default = paths.data_dir()
    assert default.name == "followup-desktop"
    assert str(default).startswith(str(Path.home()))  # the test's redirected home
    monkeypatch.setenv(paths.ENV_DATA_DIR, str(tmp_path / "env"))
    assert paths.data_dir() == tmp_path / "env"
    assert paths.data_dir(tmp_path / "flag") == tmp_path / "flag"


def test_where_reports_paths(tmp_path: Path) -> None:
    out = _run("--data-dir", str(tmp_path / "d"), "--where")
    assert out.returncode == 0, out.stderr
    assert f"database: {tmp_path / 'd' / 'followup.sqlite3'}" in out.stdout
    out = _run("--where", env_extra={paths.ENV_DATA_DIR: str(tmp_path / "e")})
    assert f"database: {tmp_path / 'e' / 'followup.sqlite3'}" in out.stdout


def test_version_matches_pyproject() -> None:
    import tomllib

    root = Path(__file__).resolve().parent.parent
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    assert __version__ == project["version"]
