"""The widget the board's columns sit on, which takes cards let go outside a column's cards.

A card let go in the gap between two columns, in the board's margins or beside the last
column was refused: nothing happened, and nothing said why. That is where a card held at
the board's right edge ends up once the board has scrolled to its end (ui/edge_scroll.py),
and where a quick drag aimed at a column often lands. Such a card goes to the nearest
column, at its top, and that column lights up while the card is over there. The same
holds on a column outside its cards: its header, and the whole strip of a folded column
(the column's frame takes no drops of its own: one rule for all of it). Over a column's
cards the column's list view decides (a card let go onto itself stays put).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget

from .column_model import decode_ids


class DropColumn(Protocol):
    """What the canvas needs of a column (board_widget.ColumnFrame)."""

    @property
    def stage_id(self) -> int: ...

    def show_drop(self, on: bool) -> None: ...


class BoardCanvas(QWidget):
    """``column_beside(point)``: the column a card let go at ``point`` (in this widget)
    goes to, or None where the column's own view decides. ``dropped(ids, stage_id)``: the
    cards were let go for that column."""

    def __init__(
        self,
        column_beside: Callable[[QPoint], DropColumn | None],
        dropped: Callable[[list[int], int], None],
    ) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        self._column_beside = column_beside
        self._dropped = dropped
        self._lit: DropColumn | None = None

    def _target(self, event: QDropEvent) -> tuple[DropColumn, list[int]] | None:
        ids = decode_ids(event.mimeData())
        if not ids:
            return None  # (not cards: a spreadsheet goes on to the window)
        column = self._column_beside(event.position().toPoint())
        return None if column is None else (column, ids)

    def _light(self, column: DropColumn | None) -> None:
        if column is not self._lit:
            if self._lit is not None:
                self._lit.show_drop(False)
            self._lit = column
            if column is not None:
                column.show_drop(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.dragMoveEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        target = self._target(event)
        if target is None:
            event.ignore()
        else:
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        self._light(None if target is None else target[0])

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._light(None)

    def dropEvent(self, event: QDropEvent) -> None:
        self._light(None)
        target = self._target(event)
        if target is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        column, ids = target
        self._dropped(ids, column.stage_id)
