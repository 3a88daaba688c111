"""The pipeline counts in the status bar, where the two numbers that call for action are
buttons: "3 with an overdue follow-up" and "2 may have gone quiet" each turn on the filter
that shows just those cards (and show it is on; a second click turns it off). A count you
can read but not act on sent people hunting through the columns for the cards it meant.

Buttons, not links in a rich-text label: they take the keyboard focus, say what they do to
a screen reader, and show a pressed state while their filter is on — and no label here
needs rich text (text shown in Qt stays plain)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget


class FilterCount(QToolButton):
    """A count that switches ``action`` (a checkable filter action) on and off, and is
    pressed while it is on."""

    def __init__(self, name: str, action: QAction, tip: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAutoRaise(True)
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.action = action
        self.count = 0
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.setToolTip(f"{tip} ({keys})" if keys else tip)
        self.setAccessibleDescription(tip)
        self.setChecked(action.isChecked())
        action.toggled.connect(self.setChecked)
        self.clicked.connect(lambda: action.setChecked(self.isChecked()))

    def wanted(self) -> bool:
        """Shown while there is something to count, or while the filter is on (then it
        stays, as the way to turn the filter off again)."""
        return bool(self.count) or self.action.isChecked()


class StatusCounts(QWidget):
    """The board's ``counts()`` as one line: totals as text, then the overdue and
    gone-quiet counts as filter buttons."""

    def __init__(self, overdue: QAction, quiet: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("status-bar-counts")
        self.text = QLabel(self)
        self.text.setObjectName("status-counts")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.text)
        self._totals: list[str] = []
        self.buttons: list[tuple[QLabel, FilterCount]] = []
        for name, action, tip in (
            ("status-overdue", overdue, "Show only the cards with an overdue follow-up"),
            ("status-quiet", quiet, "Show only the applications nudged without an answer"),
        ):
            dot = QLabel("·", self)  # a button's own margins are the spaces around it
            button = FilterCount(name, action, tip, self)
            action.toggled.connect(self._lay_out)
            row.addWidget(dot)
            row.addWidget(button)
            self.buttons.append((dot, button))
        self.overdue, self.quiet = (b for _, b in self.buttons)

    def show_counts(self, c: dict[str, int]) -> None:
        total, overdue, quiet = c["total"], c["overdue"], c["ghost_suggested"]
        self._totals = [
            f"{total:,} application{'' if total == 1 else 's'}",
            f"{c['active']:,} in progress",
        ]
        if c["offers_won"]:
            self._totals.append(f"{c['offers_won']:,} accepted")
        self.overdue.count, self.quiet.count = overdue, quiet
        self.overdue.setText(f"{overdue:,} with an overdue follow-up")
        self.quiet.setText(f"{quiet:,} may have gone quiet")
        self._lay_out()

    def _lay_out(self) -> None:
        parts = list(self._totals)
        if not self.overdue.wanted():
            parts.append("nothing overdue")
        self.text.setText(" · ".join(parts))
        space = self.fontMetrics().horizontalAdvance(" ")
        after_text = True  # a dot after the plain text (no margin of its own) keeps a space
        for dot, button in self.buttons:
            shown = button.wanted()
            dot.setContentsMargins(space if after_text else 0, 0, 0, 0)
            dot.setVisible(shown)
            button.setVisible(shown)
            after_text = after_text and not shown

    def plain(self) -> str:
        """The whole line as a person reads it."""
        shown = [b.text() for _, b in self.buttons if b.wanted()]
        return " · ".join([self.text.text(), *shown])
