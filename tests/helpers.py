"""Test doubles shared by several test modules (importable: pytest puts tests/ on sys.path)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument

from followup_desktop.core.clock import ManualClock


class FakeTimer(QObject):
    """Records when it would fire (by the injected clock); tests fire it by hand."""

    timeout = Signal()

    def __init__(self, clock: ManualClock) -> None:
        super().__init__()
        self.clock = clock
        self.interval: int | None = None
        self.deadline: dt.datetime | None = None

    def start(self, msec: int) -> None:
        self.interval = msec
        self.deadline = self.clock.now() + dt.timedelta(milliseconds=msec)

    def stop(self) -> None:
        self.interval = self.deadline = None

    def isActive(self) -> bool:
        return self.deadline is not None


def shown_tooltip(tip: str) -> str:
    """What a person reads in a tooltip: Qt shows it as rich text when it looks like
    markup (Qt::mightBeRichText, as QToolTip's label does), else as the characters."""
    doc = QTextDocument()
    if GuiQt.mightBeRichText(tip):
        doc.setHtml(tip)
    else:
        doc.setPlainText(tip)
    return doc.toPlainText()
