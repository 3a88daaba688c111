"""Render resources/icons/followup-desktop.svg into every size and format we ship:
PNG 16–512 (freedesktop hicolor layout), .ico (Windows) and .icns (macOS). Needs Pillow
(a dev dependency) for the multi-size .ico/.icns.

    .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "followup-desktop.svg"))
    if not renderer.isValid():
        raise SystemExit("the SVG icon does not render")

    def render(size: int) -> QImage:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        return image

    for size in SIZES:
        out = ICONS / "hicolor" / f"{size}x{size}" / "apps" / "followup-desktop.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        if not render(size).save(str(out), "PNG"):
            raise SystemExit(f"could not write {out}")
    # .ico and .icns hold several sizes; Pillow writes both properly (Qt's ICNS writer
    # produces a table of contents that Qt's own reader then reports as corrupt).
    from PIL import Image

    big = Image.open(ICONS / "hicolor" / "512x512" / "apps" / "followup-desktop.png")
    big.save(ICONS / "followup-desktop.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    big.save(ICONS / "followup-desktop.icns")
    del app
    print(f"icons written under {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
