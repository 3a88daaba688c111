"""Files dragged onto the window from a file manager or a mail program: which file it is,
if it is one we take (a card being dragged carries our own MIME type, not a file)."""

from __future__ import annotations

from PySide6.QtGui import QDragEnterEvent, QDropEvent

#: What Import CSV… offers and a drop on the window takes (tab-separated files too).
SHEET_SUFFIXES = (".csv", ".tsv", ".txt")
#: What From invitation… offers and a drop on a card (or its editor) takes.
INVITE_SUFFIXES = (".ics", ".ical")


def dropped_file(event: QDragEnterEvent | QDropEvent, suffixes: tuple[str, ...]) -> str | None:
    """The one local file being dragged, when its name ends with one of ``suffixes``."""
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = urls[0].toLocalFile()
    return path if path.lower().endswith(suffixes) else None
