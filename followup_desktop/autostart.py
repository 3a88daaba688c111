"""Start at login: an XDG autostart entry on Linux, a Run key on Windows, a LaunchAgent on
macOS. Qt-free; the settings dialog calls it."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from . import APP_ID, APP_NAME

MAC_LABEL = "org.followup-desktop.app"


def launch_command() -> list[str]:
    """How to start this very installation: the frozen binary, or this interpreter.

    The interpreter's path is kept as it is, not resolved: a virtual environment's
    ``python`` is a link to the base interpreter, and started through the resolved path it
    no longer finds the environment's packages (the app then died on its first import:
    at login, or when it restarted to restore a copy)."""
    if getattr(sys, "frozen", False):
        return [str(Path(sys.executable).resolve())]
    return [str(Path(sys.executable).absolute()), "-m", "followup_desktop"]


def start_detached(data: os.PathLike[str] | str, *args: str) -> None:
    """Start this installation on the data folder ``data`` with ``args``, as a process of
    its own (its own session: it outlives the one starting it, as a restart must). Raises
    OSError when it cannot be started."""
    import subprocess

    subprocess.Popen(
        [*launch_command(), "--data-dir", os.fspath(data), *args], start_new_session=True
    )


def _xdg_file() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "autostart" / f"{APP_ID}.desktop"


def _mac_file() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{MAC_LABEL}.plist"


def is_enabled() -> bool:
    if sys.platform == "win32":
        return _win_get() is not None
    if sys.platform == "darwin":
        return _mac_file().exists()
    return _xdg_file().exists()


def set_enabled(on: bool, command: list[str] | None = None) -> None:
    cmd = command or launch_command()
    if sys.platform == "win32":
        _win_set(subprocess_list2cmdline(cmd) if on else None)
    elif sys.platform == "darwin":
        _mac_set(cmd if on else None)
    else:
        _xdg_set(cmd if on else None)


def _xdg_set(cmd: list[str] | None) -> None:
    path = _xdg_file()
    if cmd is None:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    exec_line = " ".join(_desktop_quote(a) for a in cmd)
    path.write_text(
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={APP_NAME}\n"
        "Comment=Follow-up reminders for your job applications\n"
        f"Exec={exec_line}\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n",
        encoding="utf-8",
    )


def _desktop_quote(arg: str) -> str:
    """Quote an Exec argument per the Desktop Entry spec (double quotes, escaped \\ " ` $)."""
    if arg and all(c.isalnum() or c in "-_./=:+," for c in arg):
        return arg
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return f'"{escaped}"'


def _mac_set(cmd: list[str] | None) -> None:
    path = _mac_file()
    if cmd is None:
        path.unlink(missing_ok=True)
        return
    import plistlib

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        plistlib.dumps({"Label": MAC_LABEL, "ProgramArguments": cmd, "RunAtLoad": True})
    )


def subprocess_list2cmdline(cmd: list[str]) -> str:
    import subprocess

    return subprocess.list2cmdline(cmd)


_WIN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


if sys.platform == "win32":  # pragma: no cover - Windows only
    import winreg

    def _win_get() -> str | None:
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, _WIN_KEY) as key:
                value, _ = winreg.QueryValueEx(key, APP_NAME)
                return str(value)
        except OSError:
            return None

    def _win_set(command: str | None) -> None:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, _WIN_KEY, 0, winreg.KEY_SET_VALUE) as key:
            if command is None:
                with contextlib.suppress(OSError):
                    winreg.DeleteValue(key, APP_NAME)
            else:
                winreg.SetValueEx(key, APP_NAME, 0, winreg.REG_SZ, command)

else:

    def _win_get() -> str | None:
        return None

    def _win_set(command: str | None) -> None:
        raise OSError("the Windows registry exists only on Windows")


__all__ = ["is_enabled", "launch_command", "set_enabled"]
