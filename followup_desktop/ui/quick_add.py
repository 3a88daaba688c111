"""Quick add: company, role, column, link, the day it was applied for — with an "already
applied?" warning."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..core.clock import local_day
from ..core.types import StageKind
from ..services.board_view import StageRecord
from ..store.database import Database
from .forms import day_edit, read_day, set_day


class QuickAddDialog(QDialog):
    def __init__(
        self,
        db: Database,
        stages: list[StageRecord],
        stage_id: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("quick-add")
        self.setWindowTitle("Add application")
        self.db = db
        self.company = QLineEdit()
        self.company.setObjectName("quick-add-company")
        self.company.setPlaceholderText("e.g. Acme Corp")
        self.role = QLineEdit()
        self.role.setObjectName("quick-add-role")
        self.role.setPlaceholderText("e.g. Backend Engineer")
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://… (optional)")
        self.stage = QComboBox()
        self.stage.setObjectName("quick-add-stage")
        # A card added to a hidden stage would vanish on the spot: hidden stages are
        # offered only when asked for (their column's own add).
        for st in stages:
            if not st.hidden or st.id == stage_id:
                self.stage.addItem(st.name, st.id)
        if stage_id is None:
            # "Add application": most are added once sent, and an open stage is where the
            # follow-ups start; the Wishlist is one pick away.
            stage_id = next((st.id for st in stages if st.kind == StageKind.OPEN.value), None)
        self.stage.setCurrentIndex(max(0, self.stage.findData(stage_id)))
        # Adding an application sent days ago (the usual first week with the app): its
        # days in stage and check-ins count from that day, not from today.
        self._today = local_day(db.clock.now(), db.clock.tz)
        self.applied_on = day_edit("quick-add-applied-on")
        set_day(self.applied_on, self._today, self._today)
        self.applied_on.setToolTip("When you sent it; leave today for one you have not sent yet")
        self.warning = QLabel()
        self.warning.setObjectName("quick-add-warning")
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b26a00;")
        self.warning.hide()
        form = QFormLayout()
        form.addRow("&Company", self.company)
        form.addRow("&Role", self.role)
        form.addRow("&Stage", self.stage)
        form.addRow("&Link", self.url)
        form.addRow("&Applied on", self.applied_on)
        # A Wishlist card has not been sent: no day to give (the field would only mislead).
        self._planned = {st.id for st in stages if st.kind == StageKind.PLANNED.value}
        self.stage.currentIndexChanged.connect(self._stage_changed)
        self._stage_changed()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.warning)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.company.textChanged.connect(self._changed)
        self.role.textChanged.connect(self._changed)
        self._changed()

    def _stage_changed(self) -> None:
        planned = self.stage.currentData() in self._planned
        self.applied_on.setEnabled(not planned)
        if planned:
            set_day(self.applied_on, self._today, self._today)

    def _changed(self) -> None:
        ok = bool(self.company.text().strip() and self.role.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        from ..services.applications import find_similar

        dupes = find_similar(self.db, self.company.text(), self.role.text()) if ok else []
        if dupes:
            self.warning.setText(
                "Already applied? You have an application for this company and role."
                if len(dupes) == 1
                else f"Already applied? You have {len(dupes)} applications for this company"
                " and role."
            )
        self.warning.setVisible(bool(dupes))

    def fields(self) -> dict[str, Any]:
        fields = {
            "company": self.company.text(),
            "role": self.role.text(),
            "url": self.url.text(),
            "stage_id": self.stage.currentData(),
        }
        day = read_day(self.applied_on)
        if day == self._today or not self.applied_on.isEnabled():
            return fields
        return fields | {"applied_on": day}
