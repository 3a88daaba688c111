"""Edit the board's stages: add, rename, reorder, hide, change kind and WIP limit, delete."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.changes import Changes
from ..core.types import StageKind
from ..services import board_view
from ..services import stages as stage_service
from .bridge import DataBridge


class StageEditor(QDialog):
    def __init__(self, bridge: DataBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stage-editor")
        self.setWindowTitle("Edit stages")
        self.bridge = bridge
        self.list = QListWidget()
        self.list.setObjectName("stage-list")
        self.list.currentRowChanged.connect(lambda _r: self._show_current())
        self.name = QLineEdit()
        self.name.setObjectName("stage-name")
        self.kind = QComboBox()
        self.kind.setObjectName("stage-kind")
        for k in StageKind:
            self.kind.addItem(k.label, k)
        self.wip = QSpinBox()
        self.wip.setObjectName("stage-wip")
        self.wip.setRange(0, 100_000)
        self.wip.setSpecialValueText("No limit")
        self.hidden = QCheckBox("Hide this column")
        self.hidden.setObjectName("stage-hidden")
        apply = QPushButton("Apply")
        apply.setObjectName("stage-apply")
        apply.clicked.connect(self.apply)
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Kind", self.kind)
        form.addRow("&WIP limit", self.wip)
        form.addRow("", self.hidden)
        form.addRow("", apply)
        add = QPushButton("Add…")
        add.clicked.connect(self.add)
        up = QPushButton("Move up")
        up.clicked.connect(lambda: self.shift(-1))
        down = QPushButton("Move down")
        down.clicked.connect(lambda: self.shift(1))
        delete = QPushButton("Delete…")
        delete.clicked.connect(self.delete)
        side = QVBoxLayout()
        for b in (add, up, down, delete):
            side.addWidget(b)
        side.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.list, 1)
        top.addLayout(side)
        top.addLayout(form, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(buttons)
        bridge.changed.connect(self._on_changed)
        self.finished.connect(lambda _r: bridge.changed.disconnect(self._on_changed))
        self.reload()
        self.resize(720, 380)

    def _on_changed(self, changes: Changes) -> None:
        if changes.stages:
            self.reload()

    def reload(self) -> None:
        current = self.current_id()
        self.stages = board_view.load_stages(self.bridge.db)
        self.list.clear()
        for st in self.stages:
            label = st.name + ("  (hidden)" if st.hidden else "")
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, st.id)
            self.list.addItem(item)
            if st.id == current:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)

    def current_id(self) -> int | None:
        item = self.list.currentItem() if hasattr(self, "list") else None
        return int(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def _show_current(self) -> None:
        st = next((s for s in self.stages if s.id == self.current_id()), None)
        if st is None:
            return
        self.name.setText(st.name)
        self.kind.setCurrentIndex(self.kind.findData(StageKind(st.kind)))
        self.wip.setValue(st.wip_limit or 0)
        self.hidden.setChecked(st.hidden)

    def apply(self) -> None:
        sid = self.current_id()
        if sid is None:
            return
        self.bridge.call(
            stage_service.edit_stage,
            sid,
            name=self.name.text(),
            kind=StageKind(self.kind.currentData()),
            wip_limit=self.wip.value() or None,
            hidden=self.hidden.isChecked(),
        )

    def add(self) -> None:
        name, ok = QInputDialog.getText(self, "Add stage", "Name of the new stage:")
        if ok:
            row = self.list.currentRow()
            self.bridge.call(stage_service.add_stage, name, index=row + 1 if row >= 0 else None)

    def shift(self, delta: int) -> None:
        sid = self.current_id()
        if sid is not None:
            self.bridge.call(stage_service.move_stage, sid, max(0, self.list.currentRow() + delta))

    def delete(self) -> None:
        sid = self.current_id()
        if sid is None:
            return
        others = [s for s in self.stages if s.id != sid]
        names = [s.name for s in others]
        target, ok = QInputDialog.getItem(
            self, "Delete stage", "Move its applications to:", names, 0, False
        )
        if not ok:
            return
        dest = others[names.index(target)].id
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Delete stage", "Delete this stage?", parent=self
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        if box.exec() == QMessageBox.StandardButton.Yes:
            self.bridge.call(stage_service.delete_stage, sid, move_cards_to=dest)
