"""Laying widgets out before the repaint a gesture asks for, not after it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent


def lay_out_now() -> None:
    """Carry out pending layout requests now, up every level (label → its parent → … →
    window). A gesture that changes texts (a count, a notice) posts a layout request per
    level, each posted only when the one below is carried out; left to the event loop they
    came behind the first repaint, and what they moved was painted a second time."""
    for _ in range(6):  # a request per level of nesting
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
