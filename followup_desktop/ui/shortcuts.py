"""The keyboard sheet ("?"): every gesture has a key."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QDialog,
    QDialogButtonBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Arrow keys", "Move the selection (Left/Right changes column)"),
    ("Home / End, Page Up / Page Down", "First / last card, a screenful up / down"),
    ("Shift+Up / Shift+Down, Ctrl+click", "Select several cards (they move together)"),
    ("Ctrl+Left / Ctrl+Right, < / >", "Move the card to the previous / next stage"),
    ("Ctrl+Up / Ctrl+Down", "Move the card up / down in its column"),
    ("Enter", "Open the card"),
    ("N", "Quick-add a card in the current column"),
    ("Ctrl+N", "Add an application"),
    ("Ctrl+I / Ctrl+E", "Import / export a spreadsheet (CSV)"),
    ("Ctrl+Shift+O / Ctrl+Shift+G", "Only the cards overdue / that may have gone quiet"),
    ("Ctrl+Shift+A", "Show archived cards"),
    ("F9", "Show or hide the Follow-ups panel"),
    ("Ctrl+,", "Settings"),
    ("Alt+F, Alt+E, Alt+V, Alt+H", "The menus: File, Edit, View, Help"),
    ("Ctrl+Q", "Quit (closing the window keeps reminders running in the tray)"),
    ("Delete", "Delete the selected cards (undoable)"),
    ("/ or Ctrl+F", "Search"),
    ("Escape (in search)", "Clear the search and go back to the board"),
    ("Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y)", "Undo / redo"),
    ("Shift+wheel (or the wheel over the headers)", "Scroll the board sideways"),
    ("Shift+F10 or Menu key", "Card menu: move to, sort the column, edit, log an interview…"),
    ("Shift+F10 in an empty column", "The column's menu: add a card there, fold it"),
    ("In the Follow-ups panel: Ctrl+click, Ctrl+A", "Choose several, then Done or Snooze"),
    ("In the Follow-ups panel: Menu key", "The row's menu: done, snooze, draft, open"),
    ("? or F1", "This sheet"),
)


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcuts")
        self.setWindowTitle("Keyboard shortcuts")
        table = QTableWidget(len(SHORTCUTS), 2)
        table.setHorizontalHeaderLabels(["Keys", "Does"])
        for row, (keys, does) in enumerate(SHORTCUTS):
            for col, text in enumerate((keys, does)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                table.setItem(row, col, item)
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeColumnsToContents()
        table.resizeRowsToContents()
        # The whole sheet at once: a scroll bar hid its last rows (the "?" row among them).
        table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(table)
        lay.addWidget(buttons)
        self.adjustSize()
