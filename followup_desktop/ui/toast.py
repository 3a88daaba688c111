"""The transient notice in the status bar: "Moved Acme to Offer  Undo", an error, or an
alert with "Open".

It lives in the status bar, not floating over the board: floating, it covered the last
cards of the middle columns for six seconds after every move (just where a person drops
the next one), and any widget lying over a column stops Qt from scrolling the column's
pixels when a card is inserted or removed, so every drop repainted whole columns.
The status bar keeps one height whether the notice shows or not, so showing it never
re-lays out the window, and the notice sits in a slot without a layout, so a new message
re-lays out the notice alone (see _Slot).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QStatusBar,
    QToolButton,
    QWidget,
)

from .forms import plain_tip
from .layout_now import lay_out_now
from .text_width import AsciiWidths

SHOW_MS = 6000
#: The message's room grows and shrinks in steps of this many pixels (see sizeHint).
WIDTH_STEP = 64
_ERROR_STYLE = "QFrame#toast { border: 1px solid #c62828; border-radius: 3px; }"


class ElidedLabel(QWidget):
    """One line of plain text that ends in "…" when there is no room (a plain QLabel would
    widen the window to fit a long file path); the whole text is its tooltip.

    Not a QLabel: QLabel.setText asks the notice's layout to run again on every message
    (each move has one), which moved and repainted the buttons beside it. This one asks
    only when its size hint changes (see sizeHint), and otherwise repaints itself."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # It fills its own background: a new message then repaints the label alone, not
        # the window, the status bar, the slot and the notice beneath it as well (on
        # every drop: each move has a message).
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._text = ""
        self._advance = 0  # the text's width on one line (measured once per message)
        self._widths = AsciiWidths(self.font())
        self._width = 0  # the same, stepped
        self._hold = False  # keep the room a longer message had (see hold_width)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text == self._text:
            return
        self._text = text
        self.setToolTip(plain_tip(text))
        self.setAccessibleName(text)
        self._measure()
        self.update()

    def hold_width(self, hold: bool) -> None:
        """While held, a shorter text keeps the room the longer one had: the notice's
        buttons stay where they were through a run of moves."""
        self._hold = hold

    def _measure(self) -> None:
        """The text's width, or (most messages: ASCII) a bound of it that is never less,
        added up from its characters: shaping the message cost ~55 µs of every drop."""
        at_most = self._widths.at_most(self._text)
        if at_most is not None:
            self._advance = math.ceil(at_most)
        else:
            self._advance = self.fontMetrics().horizontalAdvance(self._text)
        width = -(-(self._advance + 2) // WIDTH_STEP) * WIDTH_STEP
        if self._hold:
            width = max(width, self._width)
        if width != self._width:
            self._width = width
            self.updateGeometry()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:  # (the theme, or a style sheet)
            self._hold = False  # widths in the old font mean nothing now
            self._widths = AsciiWidths(self.font())
            self._measure()
        super().changeEvent(event)

    def minimumSizeHint(self) -> QSize:
        # As wide as the text when there is room (sizeHint), down to a few letters.
        return QSize(60, self._line_height())

    def sizeHint(self) -> QSize:
        """The text's width on one line, rounded up to a step of ``WIDTH_STEP``: the Undo
        button beside it stays where it was for a message of about the same length
        ("Moved Acme to Offer", then "Moved Globex to Applied"), so it does not jump away
        from the pointer heading for it, and the notice is not laid out again (while the
        notice stays up it does not narrow either: see hold_width)."""
        margins = self.contentsMargins()
        return QSize(self._width + margins.left() + margins.right(), self._line_height())

    def _line_height(self) -> int:
        margins = self.contentsMargins()
        return self.fontMetrics().height() + margins.top() + margins.bottom()

    def shown_text(self) -> str:
        """What fits, as painted: the whole text when its measured width fits (eliding
        shapes the text again, a sixth of the notice's share of a drop)."""
        room = self.contentsRect().width()
        if self._advance <= room:
            return self._text
        return self.fontMetrics().elidedText(self._text, Qt.TextElideMode.ElideRight, room)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().window())  # what lay beneath it
        self.style().drawItemText(  # plain text: drawItemText never reads markup
            painter,
            self.contentsRect(),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.palette(),
            self.isEnabled(),
            self.shown_text(),
            self.foregroundRole(),
        )
        painter.end()


class _Slot(QWidget):
    """The notice's place in the status bar: it fills the slot, and the slot has no layout.

    A message of another length changes the notice's size hint. Through a layout that
    reached the status bar, which repaints itself whole on every layout request — its
    background, the size grip, every button and the counts, ~0.4 ms a drop — where only
    the notice changed. A widget without a layout does not pass the request on."""

    def __init__(self, status_bar: QStatusBar) -> None:
        super().__init__(status_bar)
        self.notice: QWidget | None = None

    def sizeHint(self) -> QSize:
        return QSize(0, self.notice.sizeHint().height() if self.notice is not None else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        if self.notice is not None:
            self.notice.setGeometry(self.rect())


class Toast(QFrame):
    undoClicked = Signal()

    def __init__(self, status_bar: QStatusBar) -> None:
        slot = _Slot(status_bar)
        super().__init__(slot)
        slot.notice = self
        self.setObjectName("toast")
        self.label = ElidedLabel()
        self.undo = self._button("Undo", "toast-undo")
        self.undo.clicked.connect(self._undo)
        self.action = self._button("Open", "toast-action")
        self.action.clicked.connect(self._act)
        self._on_action: object = None
        self._error = False
        close = self._button("✕", "toast-close")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss")
        close.setAccessibleName("Dismiss")
        close.clicked.connect(self.hide)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 0, 0, 0)
        lay.setSpacing(6)
        lay.addWidget(self.label)
        lay.addWidget(self.undo)
        lay.addWidget(self.action)
        lay.addWidget(close)
        lay.addStretch(1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        status_bar.addWidget(slot, 1)
        # One status bar height whether or not the notice shows (no window re-layout).
        status_bar.setMinimumHeight(status_bar.sizeHint().height())
        self.hide()

    @staticmethod
    def _button(text: str, name: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setObjectName(name)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        return button

    def show_message(
        self,
        text: str,
        *,
        undoable: bool = False,
        error: bool = False,
        action: tuple[str, object] | None = None,
        stay: bool = False,
    ) -> None:
        """``action``: (button label, callable) — e.g. an alert's "Open". While the notice
        stays up with messages of one kind, Undo does not move back for a shorter one.
        ``stay``: up until closed or replaced (what a restart the person asked for did:
        the app may come up while they look elsewhere)."""
        self.label.hold_width(self.isVisible() and error == self._error)
        self.label.setText(text)
        self.undo.setVisible(undoable)
        self.action.setVisible(action is not None)
        if action is not None:
            self.action.setText(action[0])
            self._on_action = action[1]
        if error != self._error:  # re-styling re-polishes every child: only on a change
            self._error = error
            self.setStyleSheet(_ERROR_STYLE if error else "")
        self.setAccessibleDescription(text)
        self.show()
        if stay:
            self._timer.stop()
        else:
            self._timer.start(SHOW_MS * (2 if error else 1))
        lay_out_now()  # the new text's width: laid out before the repaint, not after it

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
