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
from .forms import ask_yes


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
        # Changes apply as they are made (no Apply button to forget: an edit left behind
        # by picking another stage or closing the dialog was silently lost). A name or
        # WIP limit applies when typing is done; each apply rebuilds the board.
        self.name.editingFinished.connect(self.apply)
        self.kind.activated.connect(lambda _i: self.apply())
        self.wip.editingFinished.connect(self.apply)
        self.hidden.toggled.connect(lambda _on: self.apply())
        self._shown: int | None = None  # the stage the form shows
        self._reloading = False
        self.stages: list[board_view.StageRecord] = []
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Kind", self.kind)
        form.addRow("&WIP limit", self.wip)
        form.addRow("", self.hidden)
        add = QPushButton("Add…")
        add.clicked.connect(self.add)
        self.up = up = QPushButton("Move up")
        up.setObjectName("stage-up")
        up.clicked.connect(lambda: self.shift(-1))
        self.down = down = QPushButton("Move down")
        down.setObjectName("stage-down")
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
        if self._reloading:
            return  # (the apply below changed a stage: this reload shows it)
        self._reloading = True
        try:
            self.apply()  # a name still being typed when another change came in
            self._shown = None
            self._fill_list()
        finally:
            self._reloading = False

    def _fill_list(self) -> None:
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
        self._enable_moves()  # (the current row was set while the list was still filling)

    def _enable_moves(self) -> None:
        """The first stage cannot go further up, nor the last further down (pressed, they
        rebuilt the board to put the stage where it already was)."""
        row, count = self.list.currentRow(), self.list.count()
        self.up.setEnabled(row > 0)
        self.down.setEnabled(0 <= row < count - 1)

    def current_id(self) -> int | None:
        item = self.list.currentItem() if hasattr(self, "list") else None
        return int(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def _show_current(self) -> None:
        self.apply()  # what was typed for the stage shown until now (no-op if nothing)
        self._enable_moves()
        st = next((s for s in self.stages if s.id == self.current_id()), None)
        if st is None:
            return
        self._shown = None  # filling in is not editing
        self.name.setText(st.name)
        self.kind.setCurrentIndex(self.kind.findData(StageKind(st.kind)))
        self.wip.setValue(st.wip_limit or 0)
        self.hidden.setChecked(st.hidden)
        self._shown = st.id

    def edits(self) -> dict[str, object]:
        """What the form holds that differs from the stage it shows."""
        st = next((s for s in self.stages if s.id == self._shown), None)
        if st is None:
            return {}
        form: dict[str, object] = {
            "name": self.name.text(),
            "kind": StageKind(self.kind.currentData()),
            "wip_limit": self.wip.value() or None,
            "hidden": self.hidden.isChecked(),
        }
        stored: dict[str, object] = {
            "name": st.name,
            "kind": StageKind(st.kind),
            "wip_limit": st.wip_limit,
            "hidden": st.hidden,
        }
        return {k: v for k, v in form.items() if v != stored[k]}

    def apply(self) -> None:
        """Save the form's changes to the stage it shows; a refused one (an empty or
        taken name) is said in the window's notice and the form shows the stage as it is."""
        sid, edits = self._shown, self.edits()
        if sid is None or not edits:
            return
        if self.bridge.call(stage_service.edit_stage, sid, **edits) is None:
            self._shown = None
            self.reload()

    def done(self, result: int) -> None:
        self.apply()  # closing keeps what was typed last
        super().done(result)

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
        stage = next((s for s in self.stages if s.id == sid), None)
        if stage is None:
            return
        others = [s for s in self.stages if s.id != stage.id]
        if not others:
            self.bridge.call(stage_service.delete_stage, stage.id)  # refused, with the reason
            return
        held = board_view.stage_counts(self.bridge.db).get(stage.id, 0)
        # Cards in the bin (deleted, restorable) need a stage too: the next one, unasked.
        dest = others[min(self.list.currentRow(), len(others) - 1)]
        if held:
            names = [s.name for s in others]
            target, ok = QInputDialog.getItem(
                self,
                "Delete stage",
                f"Move its {_applications(held)} to:",
                names,
                names.index(dest.name),
                False,
            )
            if not ok:
                return
            dest = others[names.index(target)]
        verb = "moves" if held == 1 else "move"
        where = f" Its {_applications(held)} {verb} to “{dest.name}”." if held else ""
        question = f"Delete the stage “{stage.name}”?{where}"
        if ask_yes(self, "Delete stage", question, icon=QMessageBox.Icon.Warning):
            self.bridge.call(stage_service.delete_stage, stage.id, move_cards_to=dest.id)


def _applications(n: int) -> str:
    return "application" if n == 1 else f"{n:,} applications"
