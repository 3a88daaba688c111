"""Help › Feedback and lessons: what every application taught, in one place.

The method asks, after a rejection, for feedback and a note of what to do differently; each
lived on its own card, out of sight once the card was closed or archived away. Read back
together before the next interview, they are the point of writing them down. Plain text
throughout (a table item never reads markup); double-click or Open shows the card.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.clock import Clock, local_day
from ..services.queries import Lesson
from .forms import plain_label

#: What the dialog says while nothing has been written down yet.
NOTHING_YET = (
    "No feedback or lessons yet. When an application ends, ask for feedback (the "
    "Follow-ups panel reminds you after a rejection) and note on the card what you "
    "will do differently: they are gathered here."
)


class LessonsDialog(QDialog):
    """``lessons``: newest first (services.queries.lessons_learned); ``open_card(id)``:
    show that application's card."""

    def __init__(
        self,
        lessons: list[Lesson],
        clock: Clock,
        open_card: Callable[[int], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lessons-dialog")
        self.setWindowTitle("Feedback and lessons")
        self._open_card = open_card
        intro = plain_label(
            NOTHING_YET
            if not lessons
            else f"What {len(lessons)} application{'s' if len(lessons) != 1 else ''} "
            "taught you, the most recent first. Double-click one to open its card."
        )
        self.table = QTableWidget(len(lessons), 3)
        self.table.setObjectName("lessons-table")
        self.table.setHorizontalHeaderLabels(["Application", "Feedback", "Lessons learned"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, lesson in enumerate(lessons):
            day = local_day(lesson.updated_at, clock.tz).strftime("%d %b %Y")
            cells = (
                f"{lesson.company}\n{lesson.role}\n{lesson.stage_name} · {day}",
                lesson.feedback.strip(),
                lesson.lessons.strip(),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)  # (drawn as plain text)
                item.setData(Qt.ItemDataRole.UserRole, lesson.application_id)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(lessons))
        self.table.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.open_button = QPushButton("Open card")
        self.open_button.setObjectName("lessons-open")
        self.open_button.clicked.connect(self.open_selected)
        self.open_button.setEnabled(False)
        self.table.itemSelectionChanged.connect(
            lambda: self.open_button.setEnabled(bool(self.table.selectedItems()))
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.table, 1)
        lay.addWidget(buttons)
        self.resize(820, 520)

    def open_selected(self) -> None:
        items = self.table.selectedItems()
        if not items:
            return
        app_id = int(items[0].data(Qt.ItemDataRole.UserRole))
        self.accept()
        self._open_card(app_id)
