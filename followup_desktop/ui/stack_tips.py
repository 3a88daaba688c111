"""Tooltips for the Undo/Redo buttons that say what they would undo ("Undo Moved Acme to
Offer"), worked out when the tooltip is asked for.

Keeping the action's own tooltip up to date costs a drop far more than it looks: every
``QAction.setToolTip`` re-syncs its tool button, which asks the toolbar and then the main
window to lay out again and repaints the toolbar — on every move, for a tooltip nobody is
looking at.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QHelpEvent, QUndoStack
from PySide6.QtWidgets import QToolTip, QWidget

from .forms import plain_tip


class StackTips(QObject):
    def __init__(self, stack: QUndoStack, parent: QObject) -> None:
        super().__init__(parent)
        self._stack = stack
        self._verbs: dict[QObject, str] = {}

    def watch(self, button: QWidget, verb: str) -> None:
        """``verb``: "Undo" or "Redo" — which side of the stack ``button`` triggers."""
        self._verbs[button] = verb
        button.installEventFilter(self)
        button.destroyed.connect(lambda: self._verbs.pop(button, None))

    def text(self, verb: str) -> str:
        what = self._stack.undoText() if verb == "Undo" else self._stack.redoText()
        return f"{verb} {what}" if what else verb

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        verb = self._verbs.get(watched)
        if verb is None or event.type() != QEvent.Type.ToolTip:
            return False
        assert isinstance(event, QHelpEvent)
        assert isinstance(watched, QWidget)
        # The text names a card (user text): shown as typed, never as markup.
        QToolTip.showText(event.globalPos(), plain_tip(self.text(verb)), watched)
        return True
