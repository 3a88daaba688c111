"""Where data and logs live: platform dirs, overridable by --data-dir or the environment."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from . import APP_ID
from .store import DB_FILENAME

ENV_DATA_DIR = "FOLLOWUP_DESKTOP_DATA_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir`` wins, then ``$FOLLOWUP_DESKTOP_DATA_DIR``, then the platform's data dir."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False))


def demo_dir() -> Path:
    """Sample data lives beside the real data folder, never inside it."""
    real = data_dir()
    return real.with_name(real.name + "-demo")


def log_dir(data: Path | None = None, *, overridden: bool = False) -> Path:
    """Logs sit in the platform log dir, or beside the data when the data dir was chosen
    explicitly (so a test or a portable install keeps everything in one place)."""
    if overridden and data is not None:
        return data / "logs"
    return Path(platformdirs.user_log_dir(APP_ID, appauthor=False))


def database_path(data: Path) -> Path:
    return data / DB_FILENAME


def resource(relative: str) -> Path:
    """A file under ``resources/``: beside the package in a source tree, or in the bundle
    directory of a PyInstaller build (sys._MEIPASS)."""
    import sys

    base = getattr(sys, "_MEIPASS", None)
    root = Path(base) if base else Path(__file__).resolve().parent.parent
    return root / "resources" / relative
