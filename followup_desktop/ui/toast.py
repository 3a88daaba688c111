"""A transient notice at the bottom of the window: "Moved to Offer — Undo", or an error."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

SHOW_MS = 6000


class Toast(QFrame):
    undoClicked = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("toast")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.undo = QPushButton("Undo")
        self.undo.setObjectName("toast-undo")
        self.undo.clicked.connect(self._undo)
        self.action = QPushButton("Open")
        self.action.setObjectName("toast-action")
        self.action.clicked.connect(self._act)
        self._on_action: object = None
        self._error = False
        close = QPushButton("✕")
        close.setFlat(True)
        close.setAccessibleName("Dismiss")
        close.clicked.connect(self.hide)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(12, 6, 6, 6)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.undo)
        lay.addWidget(self.action)
        lay.addWidget(close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_message(
        self,
        text: str,
        *,
        undoable: bool = False,
        error: bool = False,
        action: tuple[str, object] | None = None,
    ) -> None:
        """``action``: (button label, callable) — e.g. an alert's "Open"."""
        self.label.setText(text)
        self.undo.setVisible(undoable)
        self.action.setVisible(action is not None)
        if action is not None:
            self.action.setText(action[0])
            self._on_action = action[1]
        if error != self._error:  # re-styling re-polishes every child: only on a change
            self._error = error
            self.setStyleSheet("QFrame#toast { border: 1px solid #c62828; }" if error else "")
        self.setAccessibleDescription(text)
        self._place()
        self.show()
        self.raise_()
        self._timer.start(SHOW_MS * (2 if error else 1))

    def _act(self) -> None:
        self.hide()
        if callable(self._on_action):
            self._on_action()

    def _undo(self) -> None:
        self.hide()
        self.undoClicked.emit()

    def hideEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._timer.stop()
        super().hideEvent(event)

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        width = min(560, parent.width() - 40)
        self.setFixedWidth(max(200, width))
        self.adjustSize()
        self.move((parent.width() - self.width()) // 2, parent.height() - self.height() - 36)
