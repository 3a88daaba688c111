"""A list view whose rows all have one height, laid out by arithmetic.

QListView lays a column out row by row after every insertion, removal or layout change,
even with uniform item sizes: for each row it builds model indexes (each a call into the
Python model's ``rowCount``) — about 0.5 µs a row, so 1–2 ms for a 3,000-card column on
every drop and every search keystroke, and after a drop the work spilled into the next
gesture. When every row is ``row_height`` tall, row r starts at r × row_height: this view
answers every geometry question (visualRect, indexAt, scrolling, selection rectangles,
keyboard paging, painting) from that, so the work after a change is proportional to the
rows on screen, not to the length of the column.

It stays a QListView, so Qt keeps doing the rest: accessibility (QAccessibleList),
selection handling, keyboard and mouse behaviour, drag and drop (which ask the geometry
through the virtual functions overridden here). What is replaced is what reads
QListView's private layout (the layout itself, painting and the drop indicator, content
scrolling, the accessibility events that name a row by its laid-out position) and what
repainted more than changed: rows inserted or removed in view move by blitting their
pixels, and a focus change repaints the focused row instead of the whole view.

Assumes a flat model shown top to bottom, no hidden rows, no spacing and no grid.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    Qt,
)
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QImage,
    QPainter,
    QPaintEvent,
    QPalette,
    QRegion,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QListView,
    QStyle,
    QStyleOption,
    QStyleOptionFrame,
    QStyleOptionViewItem,
    QWidget,
)

Index: TypeAlias = QModelIndex | QPersistentModelIndex
_Hint = QAbstractItemView.ScrollHint
_Move = QAbstractItemView.CursorAction
_Drop = QAbstractItemView.DropIndicatorPosition
_BASE_MOVE_ROWS = QAbstractItemModel.moveRows
_SELECTED = QStyle.StateFlag.State_Selected
_HAS_FOCUS = QStyle.StateFlag.State_HasFocus


class FixedRowListView(QListView):
    def __init__(self, row_height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._row_height = row_height
        self._drop_rect = QRect()
        #: A row move was shown by blitting, so the layout Qt schedules for it has nothing
        #: left to do — unless something else asked for a layout too (see doItemsLayout).
        self._move_shown = False
        self._layout_owed = False
        self.setUniformItemSizes(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)  # no editing

    def row_height(self) -> int:
        return self._row_height

    def _rows(self) -> int:
        model = self.model()
        return model.rowCount(self.rootIndex()) if model is not None else 0

    def _row_at(self, y: int) -> int:
        """The row under viewport y (may be out of range: callers check)."""
        return (y + self.verticalScrollBar().value()) // self._row_height

    def _row_rect(self, row: int) -> QRect:
        top = row * self._row_height - self.verticalScrollBar().value()
        return QRect(0, top, self.viewport().width(), self._row_height)

    def _index(self, row: int) -> QModelIndex:
        return self.model().index(row, self.modelColumn(), self.rootIndex())

    # --- layout -------------------------------------------------------------------------
    def setModel(self, model: QAbstractItemModel | None) -> None:
        old = self.model()
        if old is not None:
            old.rowsRemoved.disconnect(self._rows_removed)
            old.rowsMoved.disconnect(self._rows_moved)
            old.layoutChanged.disconnect(self._needs_layout)
            old.modelReset.disconnect(self._needs_layout)
        super().setModel(model)
        self._layout_owed = True
        if model is not None:
            # Connected after QAbstractItemView's own slots, so these run after them.
            model.rowsRemoved.connect(self._rows_removed)
            model.rowsMoved.connect(self._rows_moved)
            model.layoutChanged.connect(self._needs_layout)
            model.modelReset.connect(self._needs_layout)

    def doItemsLayout(self) -> None:
        # QAbstractItemView's own: geometry update and repaint, no per-row layout. After a
        # move that _rows_moved has shown, only the geometry (a resize meanwhile is left to
        # the pending layout): no repaint of the whole view.
        shown_already = self._move_shown and not self._layout_owed
        self._move_shown = self._layout_owed = False
        if shown_already:
            self.updateGeometries()
        else:
            QAbstractItemView.doItemsLayout(self)

    def _needs_layout(self) -> None:
        self._layout_owed = True  # the rows changed in other ways: repaint them all

    def _rows_moved(
        self, parent: QModelIndex, start: int, end: int, dest: QModelIndex, row: int
    ) -> None:
        """Qt answers a row move by repainting the whole view (a reorder within a column
        redrew a screenful of cards): move the pixels of the rows in between instead and
        paint the moved rows at their new place."""
        root = self.rootIndex()
        if parent != root or dest != root:
            return  # not ours: the full layout Qt scheduled does it
        count = end - start + 1
        down = row < start  # the rows in between move down (else up) by ``count``
        first, last = (row, end) if down else (start, row - 1)  # rows whose place changes
        moved_to = row if down else row - count  # the moved rows' first new row
        span = QRect(
            0,
            first * self._row_height - self.verticalScrollBar().value(),
            self.viewport().width(),
            (last - first + 1) * self._row_height,
        )
        port = self.viewport()
        shown = span & port.rect()
        if not shown.isEmpty():
            # Qt repaints the strip the scroll uncovers: the moved rows, or rows coming
            # into sight from beyond an edge.
            port.scroll(0, (count if down else -count) * self._row_height, shown)
            for r in range(moved_to, moved_to + count):
                port.update(self._row_rect(r))
        self._move_shown = True

    def rowsInserted(self, parent: Index, start: int, end: int) -> None:
        # Not QListView's, which schedules a full layout and repaint.
        QAbstractItemView.rowsInserted(self, parent, start, end)
        if parent == self.rootIndex():
            self.updateGeometries()
            self._shift(start, end - start + 1)

    def rowsAboutToBeRemoved(self, parent: Index, start: int, end: int) -> None:
        QAbstractItemView.rowsAboutToBeRemoved(self, parent, start, end)
        if parent == self.rootIndex():
            self._shift(start, -(end - start + 1))

    def dataChanged(self, topLeft: Index, bottomRight: Index, roles: Sequence[int] = ()) -> None:
        # Not QListView's, which lays the whole view out again for a changed card.
        QAbstractItemView.dataChanged(self, topLeft, bottomRight, list(roles))

    def _rows_removed(self, parent: QModelIndex, start: int, end: int) -> None:
        if parent == self.rootIndex():
            self.updateGeometries()

    def _shift(self, start: int, rows: int) -> None:
        """Rows from ``start`` on move down (or up) by ``rows``: move their pixels and
        paint only what that uncovers — a drop near the top of a column repaints one card
        instead of a screenful."""
        port = self.viewport()
        top = start * self._row_height - self.verticalScrollBar().value()
        if top >= port.height():
            return  # below what is shown
        # From the top edge when the change starts above it (a card dropped on the
        # half-hidden top card, or anywhere above): Qt repaints the strip the scroll
        # uncovers, which holds whatever has no pixels to move.
        top = max(top, 0)
        port.scroll(0, rows * self._row_height, QRect(0, top, port.width(), port.height() - top))

    def updateGeometries(self) -> None:
        port = self.viewport().height()
        bar = self.verticalScrollBar()
        bar.setSingleStep(self._row_height)
        bar.setPageStep(port)
        bar.setRange(0, max(0, self._rows() * self._row_height - port))
        self.horizontalScrollBar().setRange(0, 0)
        QAbstractItemView.updateGeometries(self)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        # QListView's does nothing without its private layout: move the pixels (and any
        # pending repaints) as QTableView and QTreeView do.
        self.scrollDirtyRegion(dx, dy)
        self.viewport().scroll(dx, dy)

    def horizontalOffset(self) -> int:
        return 0

    def verticalOffset(self) -> int:
        return self.verticalScrollBar().value()

    def isIndexHidden(self, index: Index) -> bool:
        return False

    # --- geometry -----------------------------------------------------------------------
    def visualRect(self, index: Index) -> QRect:
        if not index.isValid() or index.model() is not self.model():
            return QRect()
        return self._row_rect(index.row())

    def indexAt(self, point: QPoint) -> QModelIndex:
        if not 0 <= point.x() < self.viewport().width():
            return QModelIndex()
        row = self._row_at(point.y())
        return self._index(row) if 0 <= row < self._rows() else QModelIndex()

    def scrollTo(self, index: Index, hint: _Hint = _Hint.EnsureVisible) -> None:
        if not index.isValid():
            return
        self.executeDelayedItemsLayout()  # the scroll range must fit the rows there are now
        top = index.row() * self._row_height
        port = self.viewport().height()
        bar = self.verticalScrollBar()
        value = bar.value()
        if hint == _Hint.PositionAtTop:
            value = top
        elif hint == _Hint.PositionAtBottom:
            value = top + self._row_height - port
        elif hint == _Hint.PositionAtCenter:
            value = top + (self._row_height - port) // 2
        elif top < value:
            value = top
        elif top + self._row_height > value + port:
            value = min(top, top + self._row_height - port)
        bar.setValue(value)

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        rows = self._rows()
        if not rows:
            return QModelIndex()
        current = self.currentIndex()
        if not current.isValid():
            return self._index(0)
        row = current.row()
        page = max(1, self.viewport().height() // self._row_height)
        step = {
            _Move.MoveUp: -1,
            _Move.MovePrevious: -1,
            _Move.MoveDown: 1,
            _Move.MoveNext: 1,
            _Move.MovePageUp: -page,
            _Move.MovePageDown: page,
            _Move.MoveHome: -rows,
            _Move.MoveEnd: rows,
        }.get(cursorAction, 0)
        return self._index(min(rows - 1, max(0, row + step)))

    def setSelection(self, rect: QRect, command: QItemSelectionModel.SelectionFlag) -> None:
        """Select the rows ``rect`` covers. A click or a Shift+click/keyboard range (a
        rectangle between two points) selects only if both corners are on cards, as
        QListView does; a rubber band selects every card it touches."""
        rect = rect.normalized()
        rows = self._rows()
        first, last = self._row_at(rect.top()), self._row_at(rect.bottom())
        band = self.state() == QAbstractItemView.State.DragSelectingState
        if band:
            first, last = max(0, first), min(rows - 1, last)
        selection = QItemSelection()
        if 0 <= first <= last < rows:
            selection.select(self._index(first), self._index(last))
        self.selectionModel().select(selection, command)

    def visualRegionForSelection(self, selection: QItemSelection) -> QRegion:
        region = QRegion()
        port = self.viewport().rect()
        for i in range(selection.count()):
            span = selection.at(i)
            if span.parent() != self.rootIndex():
                continue
            top = self._row_rect(span.top())
            rect = QRect(top.x(), top.y(), top.width(), span.height() * self._row_height)
            region += rect & port
        return region

    # --- painting -----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        """The rows that meet the damaged region (not its bounding rectangle: the card
        that lost the focus and the one that got it may be a screen apart), with
        QListView's item states, then the drop indicator.

        Every Qt call from Python costs ~0.5-4 µs, and a drop or a keystroke repaints a
        few rows of several columns: what is the same for every row (scroll offset,
        width, selection, focus) is asked once per paint, not once per row."""
        port = self.viewport()
        painter = QPainter(port)
        height = self._row_height
        offset = self.verticalScrollBar().value()
        last_row = self._rows() - 1
        to_paint: set[int] = set()
        for damaged in event.region():  # type: ignore[attr-defined]  # iterable; stubs miss it
            first = max(0, (damaged.top() + offset) // height)
            to_paint.update(range(first, min(last_row, (damaged.bottom() + offset) // height) + 1))
        if to_paint:
            rows = sorted(to_paint)
            option = QStyleOptionViewItem()
            self.initViewItemOption(option)
            option.palette.setCurrentColorGroup(QPalette.ColorGroup.Normal)
            width = port.width()
            current = self.currentIndex()
            focus_row = (
                current.row() if current.isValid() and (self.hasFocus() or port.hasFocus()) else -1
            )
            self.paint_rows(
                painter,
                option,
                [(row, QRect(0, row * height - offset, width, height)) for row in rows],
                self._selected_among(rows),
                focus_row,
            )
        if (
            not self._drop_rect.isNull()
            and self.state() == QAbstractItemView.State.DraggingState
            and self.showDropIndicator()
        ):
            indicator = QStyleOption()
            indicator.initFrom(self)
            indicator.rect = self._drop_rect
            self.style().drawPrimitive(
                QStyle.PrimitiveElement.PE_IndicatorItemViewItemDrop, indicator, painter, self
            )
        painter.end()

    def _selected_among(self, rows: list[int]) -> set[int]:
        """Which of ``rows`` (ascending) are selected, from the selection's ranges (one
        for a single card or a Shift range) instead of asking about each row."""
        selection = self.selectionModel()
        if selection is None:
            return set()
        # (Not hasSelection(): it copies and merges the ranges, ~4 µs, before this does.)
        ranges = selection.selection()
        count = ranges.count()
        if not count:
            return set()
        root = self.rootIndex()
        column = self.modelColumn()
        lo, hi = rows[0], rows[-1]
        found: set[int] = set()
        for i in range(count):
            span = ranges.at(i)
            if span.parent() != root or not span.left() <= column <= span.right():
                continue
            found.update(range(max(span.top(), lo), min(span.bottom(), hi) + 1))
        return found.intersection(rows) if found else found

    def paint_rows(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        rows: list[tuple[int, QRect]],
        selected: set[int],
        focus_row: int,
    ) -> None:
        """Paint ``rows`` (row, rect) through the item delegate, with QListView's item
        states. A subclass that knows its model and delegate may draw them directly."""
        delegate = self.itemDelegate()
        base = option.state
        for row, rect in rows:
            state = base
            if row in selected:
                state |= _SELECTED
            if row == focus_row:
                state |= _HAS_FOCUS
            option.state = state
            option.rect = rect
            delegate.paint(painter, option, self._index(row))

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        """Qt works out where the drop would go; the line it would draw there is private
        to QListView's painting, so it is worked out again here the way Qt does — plus a
        line under the last card when the pointer is below it (Qt draws none there, yet
        that drop puts the card at the end of the column)."""
        super().dragMoveEvent(event)
        rect = QRect()
        if event.isAccepted():
            where = self.dropIndicatorPosition()
            item = self.visualRect(self.indexAt(event.position().toPoint()))
            if where == _Drop.AboveItem:
                rect = QRect(item.left(), item.top(), item.width(), 0)
            elif where == _Drop.BelowItem:
                rect = QRect(item.left(), item.bottom(), item.width(), 0)
            elif where == _Drop.OnItem:
                rect = item
            elif self._rows():  # below the last card: it goes to the end, say so
                end = self._row_rect(self._rows() - 1)
                rect = QRect(end.left(), end.bottom(), end.width(), 0)
        if rect != self._drop_rect:
            self._drop_rect = rect
            self.viewport().update()

    def drop_indicator_rect(self) -> QRect:
        """Where the drop indicator is drawn (empty when there is none): for tests."""
        return QRect(self._drop_rect)

    def dropEvent(self, event: QDropEvent) -> None:
        """Qt's drop — the place under the pointer, then the model's dropMimeData — without
        the repaint of the whole view Qt ends every drop with (~0.4 ms of a drop into a
        column of cards): what the drop changes repaints itself (rows inserted or removed
        move by blitting, see _shift) and the drop line is erased. Drops Qt treats its own
        way go to Qt: one a filter or subclass took already, an internal move, and one
        within this view when the model moves rows itself (QListView then uses moveRows)."""
        model = self.model()
        if (
            model is None
            or event.isAccepted()
            or self.dragDropMode() == QAbstractItemView.DragDropMode.InternalMove
            or (event.source() is self and type(model).moveRows is not _BASE_MOVE_ROWS)
        ):
            super().dropEvent(event)
            return
        place = self.drop_place(event)
        if not self._drop_rect.isNull():
            # The line (or the frame around a row) goes, marked before the drop moves
            # rows: their pixels move by blitting, the line's with them, and what is
            # marked to repaint moves along.
            self.viewport().update(self._drop_rect.adjusted(-2, -2, 2, 2))
            self._drop_rect = QRect()
        if place is not None and model.supportedDropActions() & event.dropAction():
            row, column, parent = place
            if model.dropMimeData(event.mimeData(), event.dropAction(), row, column, parent):
                event.acceptProposedAction()
        self.stopAutoScroll()
        self.setState(QAbstractItemView.State.NoState)

    def drop_place(self, event: QDropEvent) -> tuple[int, int, QModelIndex] | None:
        """(row, column, parent) for the model's dropMimeData, worked out as
        QAbstractItemView does (its private dropOn and position): between two rows by the
        row's top or bottom edge (or its upper or lower half when it takes no drops),
        onto a row that takes drops (row -1, the row as parent), or at the end (row -1
        under the root). None when Qt refuses it: onto a row being dragged from here."""
        pos = event.position().toPoint()
        root = self.rootIndex()
        index = QModelIndex(root)
        if self.viewport().rect().contains(pos):
            under = self.indexAt(pos)
            if under.isValid() and self.visualRect(under).contains(pos):
                index = under
        if index == root:
            return -1, -1, index
        rect = self.visualRect(index)
        margin = max(2, min(int(rect.height() / 5.5 + 0.5), 12))  # qBound(2, qRound(), 12)
        if pos.y() - rect.top() < margin:
            where = _Drop.AboveItem
        elif rect.bottom() - pos.y() < margin:
            where = _Drop.BelowItem
        elif rect.contains(pos, True):
            where = _Drop.OnItem
        else:
            where = _Drop.OnViewport
        if where == _Drop.OnItem and not index.flags() & Qt.ItemFlag.ItemIsDropEnabled:
            where = _Drop.AboveItem if pos.y() < rect.center().y() else _Drop.BelowItem
        if where == _Drop.AboveItem:
            return index.row(), index.column(), index.parent()
        if where == _Drop.BelowItem:
            return index.row() + 1, index.column(), index.parent()
        if (
            event.source() is self
            and event.possibleActions() & Qt.DropAction.MoveAction
            and event.dropAction() == Qt.DropAction.MoveAction
            and index in self.selectedIndexes()
        ):
            return None  # onto itself
        return -1, -1, index

    # --- focus ----------------------------------------------------------------------------
    def focusInEvent(self, event: QFocusEvent) -> None:
        """QAbstractItemView's, without its repaint of the whole view (and QWidget's of the
        whole frame, which repaints the viewport too): moving a card to another column
        moves the focus, and only the focused card and the frame look different."""
        self._focus_changed()
        if (
            not self.currentIndex().isValid()
            and event.reason() != Qt.FocusReason.MouseFocusReason
            and self.selectionModel() is not None
        ):
            first = self.moveCursor(_Move.MoveNext, Qt.KeyboardModifier.NoModifier)
            if first.isValid():  # as Qt does: Tab into a column gives it a current card
                self.selectionModel().setCurrentIndex(
                    first, QItemSelectionModel.SelectionFlag.NoUpdate
                )

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._focus_changed()

    def _focus_changed(self) -> None:
        current = self.currentIndex()
        if current.isValid():
            self.viewport().update(self.visualRect(current))
        if _frame_shows_focus(self):
            # The frame only: an update over the scroll bar would repaint it too.
            self.update(QRegion(self.rect()) - QRegion(self.contentsRect()))

    # --- accessibility ------------------------------------------------------------------
    def currentChanged(self, current: Index, previous: Index) -> None:
        # QListView names the row by its laid-out position, which this view does not keep.
        if current.isValid():
            _announce(self, QAccessible.Event.Focus, current.row())
        QAbstractItemView.currentChanged(self, current, previous)

    def selectionChanged(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        # Like QListView, the first row of each change (a range of 10,000 rows is one
        # range here, not 10,000 indexes).
        if not selected.isEmpty():
            _announce(self, QAccessible.Event.SelectionAdd, selected.at(0).top())
        if not deselected.isEmpty():
            _announce(self, QAccessible.Event.SelectionRemove, deselected.at(0).top())
        QAbstractItemView.selectionChanged(self, selected, deselected)


#: (style id, view class) -> (the style, its answer); the style is kept so its id
#: cannot be reused by another while the answer is cached.
_FRAME_FOCUS: dict[tuple[int, type], tuple[QStyle, bool]] = {}


def _frame_shows_focus(view: QFrame) -> bool:
    """Whether the style draws ``view``'s frame differently when it has the focus (some
    native styles do; Fusion does not, and repainting the frame strokes its whole outline:
    a tenth of a drop's work). Found out once per style object and class by drawing both
    (a proxy style reports its base style's name, so names do not tell styles apart)."""
    style = view.style()
    key = (id(style), type(view))
    if key not in _FRAME_FOCUS:
        frames = []
        for focus in (False, True):
            option = QStyleOptionFrame()
            view.initStyleOption(option)
            option.rect = QRect(0, 0, 24, 24)
            if focus:
                option.state |= QStyle.StateFlag.State_HasFocus
            else:
                option.state &= ~QStyle.StateFlag.State_HasFocus
            image = QImage(24, 24, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(0)
            painter = QPainter(image)
            style.drawControl(QStyle.ControlElement.CE_ShapedFrame, option, painter, view)
            painter.end()
            frames.append(image)
        _FRAME_FOCUS[key] = (style, frames[0] != frames[1])
    return _FRAME_FOCUS[key][1]


def _announce(view: QListView, kind: QAccessible.Event, row: int) -> None:
    """Tell assistive technology about row ``row`` (its child index in QAccessibleList)."""
    if QAccessible.isActive():
        event = QAccessibleEvent(view, kind)
        event.setChild(row)
        QAccessible.updateAccessibility(event)
