"""The CSV import preview: what will be imported, where each card goes, which rows are
skipped and why — before anything is written. The person picks where cards without a
known stage go and whether look-alikes of existing applications come in too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.types import ContactRole, StageKind
from ..services.board_view import StageRecord
from ..services.csv_import import match_stage
from ..services.csv_read import ImportFile, Row
from .forms import ROLE_LABELS, plain_label, plain_tip

_FIELD_LABELS = {
    "company": "Company",
    "role": "Role",
    "stage": "Stage",
    "url": "Link",
    "location": "Location",
    "salary": "Salary",
    "source": "Source",
    "tags": "Tags",
    "notes": "Notes",
    "description": "Description",
    "feedback": "Feedback",
    "lessons": "Lessons",
    "applied": "Applied on",
    "entered": "In stage since",
    "archived": "Archived",
    "contact": "Person",
    "contact_email": "Person's email",
    "contact_phone": "Person's phone",
}
_HEADERS = ("Line", "Company", "Role", "Goes to", "Applied", "Person", "Note")
#: Statuses that get a stage choice of their own in the preview; more share the general one.
MAX_STATUS_CHOICES = 6


class ImportPreviewModel(QAbstractTableModel):
    """One line per row of the file: the ones to import, look-alikes, and skipped ones."""

    def __init__(
        self,
        found: ImportFile,
        duplicates: dict[int, str],
        stages: Sequence[StageRecord],
        tz: dt.tzinfo,
    ) -> None:
        super().__init__()
        self.found = found
        self.duplicates = duplicates
        self.tz = tz
        self.choices = [(st.id, st.name, st.kind) for st in stages]
        self.names = {st.id: st.name for st in stages}
        self._matched: dict[str, int | None] = {}
        #: The person's stage for a status the board has no stage for (by status as written).
        self.chosen: dict[str, int] = {}
        self.fallback = ""
        self.muted = QPalette().brush(QPalette.ColorRole.PlaceholderText)
        warned: dict[int, str] = {}
        for w in found.warnings:
            warned.setdefault(w.line, w.message)
        self._lines: list[tuple[int, Row | None, str]] = [
            (row.line, row, warned.get(row.line, "")) for row in found.rows
        ] + [(p.line, None, p.message) for p in found.skipped]
        self._lines.sort(key=lambda entry: entry[0])

    def skipped_rows(self) -> list[int]:
        return [i for i, (_, row, _) in enumerate(self._lines) if row is None]

    def set_fallback(self, stage_name: str) -> None:
        self.fallback = stage_name
        self._goes_to_changed()

    def set_choice(self, status: str, stage_id: int) -> None:
        self.chosen[status] = stage_id
        self._goes_to_changed()

    def _goes_to_changed(self) -> None:
        if self._lines:
            self.dataChanged.emit(self.index(0, 3), self.index(len(self._lines) - 1, 3))

    def unknown_statuses(self) -> list[tuple[str, int]]:
        """Statuses no stage fits, with how many rows say each, most rows first."""
        counts: dict[str, int] = {}
        for row in self.found.rows:
            if row.stage.strip() and self._stage_of(row.stage) is None:
                counts[row.stage] = counts.get(row.stage, 0) + 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))

    def _stage_of(self, status: str) -> int | None:
        """match_stage, once per distinct status (a file has a handful, in many rows)."""
        if status not in self._matched:
            self._matched[status] = match_stage(status, self.choices)
        return self._matched[status]

    def goes_to(self, row: Row) -> str:
        """The stage the row's status names or means, else the chosen one (and why)."""
        matched = self._stage_of(row.stage)
        archived = " (archived)" if row.archived else ""
        if matched is None and row.stage in self.chosen:
            return f"{self.names[self.chosen[row.stage]]} (for \u201c{row.stage}\u201d)" + archived
        if matched is not None:
            name = self.names[matched]
            said = row.stage.strip()
            hint = "" if said.casefold() == name.casefold() else f" (from “{said}”)"
            return name + hint + archived
        why = f" (“{row.stage}”: no such stage)" if row.stage else ""
        return self.fallback + why + archived

    def unmatched(self) -> int:
        """Rows that go to the chosen stage: no status, or one without a stage and
        without a choice of its own."""
        return sum(
            1
            for row in self.found.rows
            if self._stage_of(row.stage) is None and row.stage not in self.chosen
        )

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        line, row, note = self._lines[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.ForegroundRole and (row is None or line in self.duplicates):
            return self.muted  # not imported (unless asked): greyed like placeholder text
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(line, row, note, col)
        if role == Qt.ItemDataRole.ToolTipRole:  # the file's text: shown as written
            return plain_tip(self._text(line, row, note, col))
        return None

    def _text(self, line: int, row: Row | None, note: str, col: int) -> str:
        if col == 0:
            return str(line)
        if row is None:
            return f"Skipped: {note}" if col == 1 else ""
        if col == 1:
            return row.fields["company"]
        if col == 2:
            return row.fields["role"]
        if col == 3:
            return self.goes_to(row)
        if col == 4:
            when = row.applied_at
            return when.astimezone(self.tz).strftime("%Y-%m-%d") if when else ""
        if col == 5:
            person = row.contact
            if person is None:
                return ""
            said = "" if person.role is ContactRole.OTHER else f" ({ROLE_LABELS[person.role]})"
            return person.name + said
        return self.duplicates.get(line, note)


class ImportDialog(QDialog):
    """Review, then Import (the caller does the import: one undoable step)."""

    def __init__(
        self,
        found: ImportFile,
        duplicates: dict[int, str],
        stages: Sequence[StageRecord],
        tz: dt.tzinfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("import-dialog")
        self.setWindowTitle(f"Import applications from {found.name}")
        self.found = found
        self.duplicates = duplicates
        self.stages = list(stages)
        self.model = ImportPreviewModel(found, duplicates, stages, tz)

        summary = [
            f"{len(found.rows):,} application{'s' if len(found.rows) != 1 else ''} found in"
            f" {found.name} (read as {found.encoding},"
            f" {_SEPARATORS.get(found.delimiter, 'other')}-separated)."
        ]
        if duplicates:
            summary.append(
                "1 looks like an application you already have."
                if len(duplicates) == 1
                else f"{len(duplicates):,} look like applications you already have."
            )
        if found.skipped:
            summary.append(
                f"{len(found.skipped):,} row{'s' if len(found.skipped) != 1 else ''}"
                " cannot be imported (see below)."
            )
        if found.day_first is not None:
            summary.append(
                "Dates like 03/04 are read as "
                + ("day/month/year." if found.day_first else "month/day/year.")
            )
        self.summary = plain_label(" ".join(summary))
        self.summary.setObjectName("import-summary")
        read = ", ".join(f"{_FIELD_LABELS[f]} ← {h}" for h, f in found.columns)
        columns = f"Columns read: {read}."
        if found.ignored:
            columns += f" Not imported: {', '.join(found.ignored)}."
        self.columns = plain_label(columns)
        self.columns.setObjectName("import-columns")
        self.columns.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.table = QTableView()
        self.table.setObjectName("import-preview")
        self.table.setAccessibleName("Rows to import")
        self.model.muted = self.table.palette().brush(QPalette.ColorRole.PlaceholderText)
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setAlternatingRowColors(True)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((48, 160, 180, 240, 90, 150)):
            self.table.setColumnWidth(col, width)
        for r in self.model.skipped_rows():  # the reason reads across the row
            self.table.setSpan(r, 1, 1, len(_HEADERS) - 1)

        self.stage = self._stage_combo("import-stage", "Stage for cards without a known stage")
        self.stage.currentIndexChanged.connect(self._stage_changed)
        # A stage to choose for each status the board has none for ("Assessment",
        # "Take-home"…), the most common first; beyond MAX_STATUS_CHOICES, and rows with
        # no status, take the general choice below.
        self.status_stage: dict[str, QComboBox] = {}
        statuses = QWidget()
        status_grid = QGridLayout(statuses)
        status_grid.setContentsMargins(0, 0, 0, 0)
        unknown_statuses = self.model.unknown_statuses()
        if unknown_statuses:
            status_grid.addWidget(
                plain_label("Statuses the board has no stage for go to:"), 0, 0, 1, 3
            )
        for i, (status, count) in enumerate(unknown_statuses[:MAX_STATUS_CHOICES], start=1):
            combo = self._stage_combo("import-status-stage", f"Stage for \u201c{status}\u201d")
            combo.currentIndexChanged.connect(lambda _i, s=status, c=combo: self._choose(s, c))
            self.status_stage[status] = combo
            label = plain_label(f"\u201c{status}\u201d ({count:,} row{'s' if count != 1 else ''})")
            label.setWordWrap(False)
            label.setBuddy(combo)
            status_grid.addWidget(label, i, 0)
            status_grid.addWidget(combo, i, 1)
            self._choose(status, combo)
        status_grid.setColumnStretch(2, 1)
        statuses.setVisible(bool(self.status_stage))
        unknown = self.model.unmatched()
        stage_row = QWidget()
        stage_lay = QHBoxLayout(stage_row)
        stage_lay.setContentsMargins(0, 0, 0, 0)
        others = len(unknown_statuses) > MAX_STATUS_CHOICES
        stage_label = plain_label(
            f"{unknown:,} with no stage, or another status the board does not have, go to:"
            if others
            else f"{unknown:,} with no stage go to:"
            if self.status_stage
            else f"{unknown:,} with no stage, or one the board does not have, go to:"
            if unknown
            else "Cards with no stage go to:"
        )
        stage_label.setWordWrap(False)
        stage_label.setBuddy(self.stage)
        stage_lay.addWidget(stage_label)
        stage_lay.addWidget(self.stage)
        stage_lay.addStretch(1)
        stage_row.setVisible(bool(unknown))

        self.take_duplicates = QCheckBox(
            f"Import the {len(duplicates):,} look-alike{'s' if len(duplicates) != 1 else ''}"
            " too (you may have applied twice on purpose)"
        )
        self.take_duplicates.setObjectName("import-duplicates")
        self.take_duplicates.setVisible(bool(duplicates))
        self.take_duplicates.toggled.connect(self._update_button)

        self.catch_up = QCheckBox(
            "Plan follow-ups that the file's dates make overdue from today"
            " (you may have done them already)"
        )
        self.catch_up.setObjectName("import-catch-up")
        self.catch_up.setChecked(True)
        self.catch_up.setVisible(any(r.applied_at or r.entered_at for r in found.rows))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setObjectName("import-go")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.columns)
        lay.addWidget(self.table, 1)
        lay.addWidget(statuses)
        lay.addWidget(stage_row)
        lay.addWidget(self.take_duplicates)
        lay.addWidget(self.catch_up)
        lay.addWidget(self.buttons)
        self.resize(1040, 560)
        self._stage_changed()
        self._update_button()

    def _stage_combo(self, name: str, accessible: str) -> QComboBox:
        """The board's stages to choose from, set to where a spreadsheet's rows most likely
        belong: the first open stage (Applied)."""
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        for st in self.stages:
            combo.addItem(st.name, st.id)
        likely = (
            i
            for i, st in enumerate(self.stages)
            if st.kind == StageKind.OPEN.value and not st.hidden
        )
        combo.setCurrentIndex(next(likely, 0))
        return combo

    def _stage_changed(self) -> None:
        self.model.set_fallback(self.stage.currentText())

    def _choose(self, status: str, combo: QComboBox) -> None:
        self.model.set_choice(status, int(combo.currentData()))

    def stage_choices(self) -> dict[str, int]:
        """The stage chosen for each status the board has none for (by status as written)."""
        return {status: int(combo.currentData()) for status, combo in self.status_stage.items()}

    def _update_button(self) -> None:
        n = len(self.rows_to_import())
        self.import_button.setText(f"Import {n:,} application{'s' if n != 1 else ''}")
        self.import_button.setEnabled(n > 0)

    def rows_to_import(self) -> list[Row]:
        if self.take_duplicates.isChecked():
            return list(self.found.rows)
        return [r for r in self.found.rows if r.line not in self.duplicates]

    def default_stage_id(self) -> int:
        return int(self.stage.currentData())


_SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}
