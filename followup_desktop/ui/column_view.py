"""A board column's list view: drag source, drop target and keyboard driver.

Starting a drag is done here (not by QAbstractItemView) so that Qt never removes the source
rows itself: the move service is the only thing that changes the board, and views follow
from the change signal.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QDrag,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QStyleOptionViewItem, QWidget
from shiboken6 import isValid

from .card_delegate import CARD_HEIGHT, CardDelegate
from .column_model import ColumnModel
from .fixed_row_view import FixedRowListView
from .roles import ApplicationIdRole
from .scrollbar_style import SlimScrollBar

_CLEAR_AND_SELECT = QItemSelectionModel.SelectionFlag.ClearAndSelect


def column_view_of(widget: QWidget | None) -> ColumnView | None:
    """The column list view ``widget`` is part of (itself, its viewport, a child), if any."""
    while widget is not None and not isinstance(widget, ColumnView):
        widget = widget.parentWidget()
    return widget


class ColumnView(FixedRowListView):
    #: ids, stage id (-1 = previous/next handled by the board), final index
    moveRequested = Signal(list, int, int)
    stepRequested = Signal(list, int)  # ids, +1/-1 column
    reorderRequested = Signal(int, int)  # id, +1/-1 position
    openRequested = Signal(int)
    quickAddRequested = Signal(int)  # stage id
    deleteRequested = Signal(list)
    focusNeighbour = Signal(int, int)  # direction, row
    focused = Signal()  # the column took the keyboard focus
    #: A drag of cards from this column begins / has ended (dropped or given up): the
    #: board scrolls sideways meanwhile when the pointer nears its edge.
    dragStarted = Signal()
    dragEnded = Signal()

    def __init__(self, model: ColumnModel, parent: QWidget | None = None) -> None:
        super().__init__(CARD_HEIGHT, parent)
        self.setModel(model)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBar(SlimScrollBar(self))
        # Always there (an empty groove when nothing scrolls): every column's cards keep
        # one width. As needed, a search or a drop that took a column's scroll bar away
        # (or brought it) re-laid its cards out wider or narrower and drew each again at
        # that width, and side by side the short columns' cards were wider.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        # With both policies fixed, nothing shows or hides when the range changes, yet
        # QAbstractScrollArea answers every range change (each drop and search changes
        # the columns' ranges) with a queued re-layout of its scroll bars and viewport.
        self.verticalScrollBar().rangeChanged.disconnect()
        self.setSpacing(0)
        self.setMouseTracking(False)
        self.setAccessibleName(f"{model.stage.name} column")
        self.setAccessibleDescription(
            "Cards in this stage. Ctrl+Left/Right moves a card, Enter opens it."
        )
        self.doubleClicked.connect(
            lambda idx: self.openRequested.emit(int(idx.data(ApplicationIdRole)))
        )

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit()

    def edit(self, *args: object) -> bool:  # type: ignore[override]
        """Cards are never edited in place (Enter or a double click opens the editor
        dialog). Qt asks on every change of the current card, and its answer — a style
        option and the card's rectangle built for the delegate — cost ~1% of a drop."""
        return False

    def column_model(self) -> ColumnModel:
        model = self.model()
        assert isinstance(model, ColumnModel)
        return model

    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.selectionModel().selectedIndexes())
        ids = self.column_model().ids()
        return [ids[r] for r in rows if r < len(ids)]

    def current_id(self) -> int | None:
        idx = self.currentIndex()
        return int(idx.data(ApplicationIdRole)) if idx.isValid() else None

    def select_id(self, card_id: int) -> bool:
        """Make the card current and the only one selected, whatever keys are held
        (QAbstractItemView.setCurrentIndex would toggle it under the Ctrl of a Ctrl+Right
        move), in one selection change, and scroll it into view."""
        row = self.column_model().row_of(card_id)
        if row < 0:
            return False
        idx = self.model().index(row, 0)
        self.selectionModel().setCurrentIndex(idx, _CLEAR_AND_SELECT)
        self.scrollTo(idx)
        return True

    def select_ids(self, card_ids: Sequence[int]) -> bool:
        """Select those of ``card_ids`` this column shows, in one selection change, the
        first of them current and scrolled to (cards moved together stay selected
        together: a second Ctrl+Right moves them all again). False if it shows none."""
        model = self.column_model()
        found = [r for r in (model.row_of(i) for i in card_ids) if r >= 0]
        if not found:
            return False
        rows = sorted(set(found))
        selection = QItemSelection()
        start = prev = rows[0]
        for row in rows[1:]:  # one range per run of neighbouring rows
            if row != prev + 1:
                selection.select(model.index(start, 0), model.index(prev, 0))
                start = row
            prev = row
        selection.select(model.index(start, 0), model.index(prev, 0))
        current = model.index(found[0], 0)
        selections = self.selectionModel()
        selections.setCurrentIndex(current, QItemSelectionModel.SelectionFlag.NoUpdate)
        selections.select(selection, _CLEAR_AND_SELECT)
        self.scrollTo(current)
        return True

    def empty_hint(self) -> str:
        """What an empty column says (nothing when it has cards): what to do, or that a
        search or filter hides what it holds (the count reads "0/12" then)."""
        model = self.column_model()
        if model.rowCount():
            return ""
        if model.filtering():
            return "No matching cards here."
        return "No cards yet. Drag one here, or double-click or press N to add one."

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Shift and the wheel scroll the board sideways (see BoardWidget.wheelEvent): the
        column passes it on instead of paging through its cards."""
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            event.ignore()
            return
        super().wheelEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """A double-click on a card opens it (``doubleClicked``); on the column's empty
        space below its cards it adds one here, as N does."""
        if (
            event.button() == Qt.MouseButton.LeftButton
            and not self.indexAt(event.position().toPoint()).isValid()
        ):
            self.quickAddRequested.emit(self.column_model().stage.id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def rowsInserted(
        self, parent: QModelIndex | QPersistentModelIndex, start: int, end: int
    ) -> None:
        super().rowsInserted(parent, start, end)
        if self.model().rowCount() == end - start + 1:  # was empty: the hint goes
            self.viewport().update()

    def rowsAboutToBeRemoved(
        self, parent: QModelIndex | QPersistentModelIndex, start: int, end: int
    ) -> None:
        super().rowsAboutToBeRemoved(parent, start, end)
        if self.model().rowCount() == end - start + 1:  # all go: the hint shows
            self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        hint = self.empty_hint()
        if hint:
            port = self.viewport()
            painter = QPainter(port)
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            area = port.rect().adjusted(12, 16, -12, -16)
            painter.drawText(area, int(flags | Qt.TextFlag.TextWordWrap), hint)  # plain text
            painter.end()

    def paint_rows(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        rows: list[tuple[int, QRect]],
        selected: set[int],
        focus_row: int,
    ) -> None:
        """The cards straight from the column's records to the card delegate: no model
        index, ``data`` call or item state per card (see FixedRowListView.paintEvent)."""
        delegate = self.itemDelegate()
        if not isinstance(delegate, CardDelegate):
            super().paint_rows(painter, option, rows, selected, focus_row)
            return
        model = self.column_model()
        delegate.paint_cards(
            painter,
            option,
            [(rect, model.record(row), row in selected, row == focus_row) for row, rect in rows],
        )

    # --- drag source ---------------------------------------------------------------------
    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        indexes = [i for i in self.selectedIndexes() if i.flags() & Qt.ItemFlag.ItemIsDragEnabled]
        if not indexes:
            return
        data = self.model().mimeData(indexes)
        drag = QDrag(self)
        drag.setMimeData(data)
        drag.setPixmap(self._drag_pixmap(indexes[0]))
        drag.setHotSpot(QPoint(20, 20))
        self.dragStarted.emit()
        try:
            drag.exec(Qt.DropAction.MoveAction, Qt.DropAction.MoveAction)  # (blocks: Qt's loop)
        finally:
            if isValid(self):  # (its column may have gone meanwhile: stages edited)
                self.dragEnded.emit()

    def _drag_pixmap(self, index) -> QPixmap:  # type: ignore[no-untyped-def]
        rect = self.visualRect(index)
        pix = QPixmap(max(1, rect.width()), max(1, rect.height()))
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        opt = QStyleOptionViewItem()
        self.initViewItemOption(opt)
        opt.rect = QRect(0, 0, rect.width(), rect.height())
        self.itemDelegate().paint(painter, opt, index)
        painter.end()
        return pix

    # --- keyboard ------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl = mods == Qt.KeyboardModifier.ControlModifier
        plain = mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
        current = self.current_id()
        ids = self.selected_ids() or ([current] if current is not None else [])
        row = max(0, self.currentIndex().row())
        if (ctrl and key in (Qt.Key.Key_Left, Qt.Key.Key_Right)) or (
            plain and event.text() in ("<", ">")
        ):
            if ids:
                forward = key == Qt.Key.Key_Right or event.text() == ">"
                self.stepRequested.emit(ids, 1 if forward else -1)
            event.accept()
            return
        if ctrl and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            cid = self.current_id()
            if cid is not None:
                self.reorderRequested.emit(cid, -1 if key == Qt.Key.Key_Up else 1)
            event.accept()
            return
        if mods == Qt.KeyboardModifier.NoModifier and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.focusNeighbour.emit(-1 if key == Qt.Key.Key_Left else 1, row)
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and mods == Qt.KeyboardModifier.NoModifier:
            cid = self.current_id()
            if cid is not None:
                self.openRequested.emit(cid)
            event.accept()
            return
        if key == Qt.Key.Key_N and mods == Qt.KeyboardModifier.NoModifier:
            self.quickAddRequested.emit(self.column_model().stage.id)
            event.accept()
            return
        if key == Qt.Key.Key_Menu or (
            key == Qt.Key.Key_F10 and mods == Qt.KeyboardModifier.ShiftModifier
        ):
            idx = self.currentIndex()
            if idx.isValid():  # the card menu for the card with the focus, not the mouse's
                self.customContextMenuRequested.emit(self.visualRect(idx).center())
            elif not self.model().rowCount():  # an empty column: the column's menu
                self.customContextMenuRequested.emit(QPoint(8, 8))
            event.accept()
            return
        if key == Qt.Key.Key_Delete and ids:
            self.deleteRequested.emit(ids)
            event.accept()
            return
        super().keyPressEvent(event)
