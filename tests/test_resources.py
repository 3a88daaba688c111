"""What we ship besides code: icons in every size, a valid .desktop entry, AppStream data."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

RES = Path(__file__).resolve().parent.parent / "resources"


@pytest.mark.parametrize("size", [16, 24, 32, 48, 64, 128, 256, 512])
def test_png_icons_exist_at_their_size(qapp, size: int) -> None:  # type: ignore[no-untyped-def]
    image = QImage(
        str(RES / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "followup-desktop.png")
    )
    assert (image.width(), image.height()) == (size, size)


def test_ico_and_icns_hold_every_size() -> None:
    """Read with Pillow: Qt's own ICNS reader warns about entries it does not know (the
    retina ones) even in files macOS reads fine."""
    from PIL import Image

    with Image.open(RES / "icons" / "followup-desktop.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(RES / "icons" / "followup-desktop.icns") as icns:
        assert (512, 512) in {s[:2] for s in icns.info["sizes"]} or icns.size == (512, 512)


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed"
)
def test_desktop_entry_is_valid() -> None:
    out = subprocess.run(
        ["desktop-file-validate", str(RES / "linux" / "followup-desktop.desktop")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.strip() == ""
