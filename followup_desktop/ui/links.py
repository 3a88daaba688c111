"""Opening a job posting in the web browser (from the card editor and the card menu)."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from ..core.links import web_address
from .bridge import DataBridge


def open_web_page(bridge: DataBridge, text: str) -> bool:
    """Open ``text`` if it is a web address; otherwise, or when no browser answers, say
    so in the window's notice (through the bridge's ``failed``, like a refused change)."""
    address = web_address(text)
    if address is None:
        bridge.failed.emit(f"“{text.strip()}” is not a web address (https://…); nothing opened.")
        return False
    if not QDesktopServices.openUrl(QUrl(address, QUrl.ParsingMode.TolerantMode)):
        bridge.failed.emit(f"No web browser opened {address}.")
        return False
    return True
