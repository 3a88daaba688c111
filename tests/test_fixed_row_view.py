"""FixedRowListView: geometry by arithmetic, repaint only what changed, and everything
QListView did for the board (keyboard, selection, drop indicator, accessibility)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPoint,
    QPointF,
    QRect,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QListView,
    QProxyStyle,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.ui import fixed_row_view
from followup_desktop.ui.fixed_row_view import FixedRowListView

H = 30
MIME = "application/x-test-rows"
_Move = QAbstractItemView.CursorAction
_Flag = QItemSelectionModel.SelectionFlag


class Rows(QAbstractListModel):
    def __init__(self, n: int) -> None:
        super().__init__()
        self.rows = [f"row {i}" for i in range(n)]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self.rows[index.row()]
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base if index.isValid() else Qt.ItemFlag.ItemIsDropEnabled

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def canDropMimeData(self, *args: object) -> bool:
        return True

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def insert(self, at: int, text: str) -> None:
        self.beginInsertRows(QModelIndex(), at, at)
        self.rows.insert(at, text)
        self.endInsertRows()

    def remove(self, at: int) -> None:
        self.beginRemoveRows(QModelIndex(), at, at)
        del self.rows[at]
        self.endRemoveRows()

    def move(self, src: int, dst: int) -> None:
        """Row ``src`` goes to row ``dst`` (final numbering)."""
        assert self.beginMoveRows(QModelIndex(), src, src, QModelIndex(), dst + (dst > src))
        self.rows.insert(dst, self.rows.pop(src))
        self.endMoveRows()

    def shuffle(self) -> None:
        self.layoutAboutToBeChanged.emit()
        self.rows.reverse()
        self.layoutChanged.emit()

    def rename(self, at: int, text: str) -> None:
        self.rows[at] = text
        self.dataChanged.emit(self.index(at), self.index(at))


class Recording(QStyledItemDelegate):
    """Paints a row's text, selection and focus inside its rectangle (as the card delegate
    does: a style's selection can bleed a pixel over, which makes partial and full
    repaints differ), and notes which rows it painted."""

    def __init__(self) -> None:
        super().__init__()
        self.painted: list[int] = []
        self.states: dict[int, tuple[bool, bool]] = {}  # row: (selected, focused) last painted

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        self.painted.append(index.row())
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        self.states[index.row()] = (selected, bool(state & QStyle.StateFlag.State_HasFocus))
        painter.fillRect(option.rect, QColor("#3465a4" if selected else "#ffffff"))
        if state & QStyle.StateFlag.State_HasFocus:
            painter.fillRect(option.rect.adjusted(0, 0, -option.rect.width() + 4, 0), "#cc0000")
        painter.drawText(option.rect.adjusted(8, 0, 0, 0), 0, str(index.data()))


@pytest.fixture
def setup(qtbot) -> Iterator[tuple[FixedRowListView, Rows, Recording]]:  # type: ignore[no-untyped-def]
    host = QWidget()
    qtbot.addWidget(host)
    model = Rows(100)
    view = FixedRowListView(H)
    view.setModel(model)
    delegate = Recording()
    view.setItemDelegate(delegate)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setAcceptDrops(True)
    view.setDropIndicatorShown(True)
    view.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
    other = QLineEdit()  # somewhere for the focus to go
    lay = QVBoxLayout(host)
    lay.addWidget(view)
    lay.addWidget(other)
    host.resize(300, 400)
    host.show()
    qtbot.waitExposed(host)
    other.setFocus()  # the view starts without the focus (and without a current row)
    QApplication.processEvents()
    yield view, model, delegate
    host.close()


def settle() -> None:
    """Deliver what is posted, then what that posts (a delayed layout, then its repaint)."""
    for _ in range(3):
        QApplication.processEvents()


def port_height(view: FixedRowListView) -> int:
    return view.viewport().height()


def test_geometry_is_arithmetic(setup) -> None:  # type: ignore[no-untyped-def]
    view, model, _ = setup
    width = view.viewport().width()
    assert view.visualRect(model.index(3)) == QRect(0, 3 * H, width, H)
    assert view.indexAt(QPoint(5, 3 * H + 1)).row() == 3
    assert view.indexAt(QPoint(5, 4 * H - 1)).row() == 3
    bar = view.verticalScrollBar()
    assert bar.maximum() == 100 * H - port_height(view)
    assert bar.pageStep() == port_height(view)
    bar.setValue(10 * H + 7)
    assert view.indexAt(QPoint(0, 0)).row() == 10
    assert view.visualRect(model.index(11)).top() == H - 7
    bar.setValue(bar.maximum())
    assert view.indexAt(QPoint(0, port_height(view) - 1)).row() == 99
    # Below the last row, outside the viewport, or a foreign index: nothing.
    model2 = Rows(3)
    view.setModel(model2)
    QApplication.processEvents()
    assert not view.indexAt(QPoint(5, 3 * H + 1)).isValid()
    assert not view.indexAt(QPoint(-1, 5)).isValid()
    assert view.visualRect(model.index(1)) == QRect()
    assert bar.maximum() == 0


def test_scroll_to(setup) -> None:  # type: ignore[no-untyped-def]
    view, model, _ = setup
    bar, port = view.verticalScrollBar(), port_height(view)
    hint = QAbstractItemView.ScrollHint
    view.scrollTo(model.index(50))  # below: it ends up at the bottom edge
    assert bar.value() == 51 * H - port
    view.scrollTo(model.index(50))  # already visible: no move
    assert bar.value() == 51 * H - port
    view.scrollTo(model.index(10))  # above: it ends up at the top edge
    assert bar.value() == 10 * H
    view.scrollTo(model.index(40), hint.PositionAtTop)
    assert bar.value() == 40 * H
    view.scrollTo(model.index(40), hint.PositionAtBottom)
    assert bar.value() == 41 * H - port
    view.scrollTo(model.index(40), hint.PositionAtCenter)
    assert bar.value() == 40 * H + (H - port) // 2
    # Rows added and scrolled to at once: the range already fits the new rows.
    for i in range(20):
        model.insert(100 + i, f"new {i}")
    view.scrollTo(model.index(119))
    assert bar.value() == 120 * H - port


def test_keyboard_cursor(setup) -> None:  # type: ignore[no-untyped-def]
    view, model, _ = setup
    none = Qt.KeyboardModifier.NoModifier
    assert view.moveCursor(_Move.MoveDown, none).row() == 0  # no current card yet
    view.setCurrentIndex(model.index(5))
    page = port_height(view) // H
    assert view.moveCursor(_Move.MoveDown, none).row() == 6
    assert view.moveCursor(_Move.MoveUp, none).row() == 4
    assert view.moveCursor(_Move.MovePageDown, none).row() == 5 + page
    assert view.moveCursor(_Move.MovePageUp, none).row() == 0
    assert view.moveCursor(_Move.MoveEnd, none).row() == 99
    assert view.moveCursor(_Move.MoveHome, none).row() == 0
    assert view.moveCursor(_Move.MoveLeft, none).row() == 5
    view.setFocus()
    QApplication.processEvents()
    from pytestqt.qtbot import QtBot

    QtBot.keyClick(view, Qt.Key.Key_End)
    assert view.currentIndex().row() == 99
    assert view.verticalScrollBar().value() == view.verticalScrollBar().maximum()
    QtBot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    assert sorted(i.row() for i in view.selectedIndexes()) == [98, 99]


def test_selection_by_mouse(setup, qtbot) -> None:  # type: ignore[no-untyped-def]
    view, _model, _ = setup
    port = view.viewport()
    qtbot.mouseClick(port, Qt.MouseButton.LeftButton, pos=QPoint(10, 2 * H + 5))
    assert [i.row() for i in view.selectedIndexes()] == [2]
    qtbot.mouseClick(
        port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, QPoint(10, 5 * H + 5)
    )
    assert sorted(i.row() for i in view.selectedIndexes()) == [2, 3, 4, 5]
    qtbot.mouseClick(
        port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, QPoint(10, 8 * H + 5)
    )
    assert sorted(i.row() for i in view.selectedIndexes()) == [2, 3, 4, 5, 8]
    # A rectangle from a row to below the last one selects nothing (both ends must be
    # cards), as QListView does; a click on a card after that selects just it.
    view.setModel(Rows(3))
    view.setSelection(QRect(QPoint(5, 5), QPoint(5, 10 * H)), _Flag.ClearAndSelect)
    assert view.selectedIndexes() == []
    view.setSelection(QRect(5, H + 5, 1, 1), _Flag.ClearAndSelect)
    assert [i.row() for i in view.selectedIndexes()] == [1]


def screen_pixels(view: FixedRowListView) -> QImage:
    """What the window shows now (its backing store), at the viewport's place."""
    port = view.viewport()
    top_left = port.mapTo(port.window(), QPoint(0, 0))
    shot = QGuiApplication.primaryScreen().grabWindow(port.window().winId())
    return shot.copy(QRect(top_left, port.size())).toImage()


def fresh_pixels(view: FixedRowListView) -> QImage:
    return view.viewport().grab().toImage()


def test_what_is_shown_matches_a_full_repaint(setup) -> None:  # type: ignore[no-untyped-def]
    """Rows moved by blitting pixels must look exactly as if everything was repainted,
    through insertions, removals, renames, selection and scrolling."""
    view, model, _delegate = setup
    view.setFocus()
    steps = [
        lambda: model.insert(2, "inserted at 2"),
        lambda: model.remove(0),
        lambda: view.setCurrentIndex(model.index(4)),
        lambda: model.insert(4, "above the current row"),
        lambda: model.rename(1, "renamed"),
        lambda: view.verticalScrollBar().setValue(3 * H + 11),
        lambda: view.verticalScrollBar().setValue(2 * H),
        lambda: model.remove(5),
        lambda: model.insert(3, "partly hidden row"),
        lambda: model.insert(60, "far below"),
        lambda: model.remove(0),  # above what is shown: everything moves
        lambda: view.selectionModel().select(model.index(6), _Flag.ClearAndSelect),
        lambda: view.scrollTo(model.index(40)),
        lambda: model.remove(39),
        lambda: view.verticalScrollBar().setValue(view.verticalScrollBar().maximum()),
        lambda: model.remove(model.rowCount() - 1),  # the range shrinks under the view
        lambda: model.insert(0, "at the top"),
        lambda: view.verticalScrollBar().setValue(20 * H + 5),
        lambda: model.insert(20, "on the half-hidden top row"),
        lambda: model.remove(20),  # the half-hidden top row itself
        lambda: model.remove(19),  # just above what is shown
        lambda: model.insert(5, "far above"),
        lambda: model.move(22, 25),  # down, within what is shown
        lambda: model.move(27, 21),  # up
        lambda: model.move(19, 24),  # from above what is shown
        lambda: model.move(60, 23),  # from below it
        lambda: model.move(22, 70),  # to below it
        lambda: model.move(2, 90),  # across all of it
        lambda: model.move(50, 60),  # all out of sight
        lambda: (model.move(23, 20), model.shuffle()),  # a move, then a new order
        lambda: (model.shuffle(), model.move(24, 22)),
    ]
    for n, step in enumerate(steps):
        step()
        settle()
        assert screen_pixels(view) == fresh_pixels(view), f"step {n}"


def test_an_insert_or_removal_repaints_only_what_it_uncovers(setup) -> None:  # type: ignore[no-untyped-def]
    view, model, delegate = setup
    delegate.painted.clear()
    model.insert(3, "new")
    settle()
    assert delegate.painted == [3]
    delegate.painted.clear()
    model.remove(1)
    settle()
    last_shown = (port_height(view) - 1) // H
    assert set(delegate.painted) <= {last_shown - 1, last_shown}  # the strip at the bottom
    delegate.painted.clear()
    model.rename(2, "renamed")
    settle()
    assert delegate.painted == [2]
    delegate.painted.clear()
    model.insert(90, "below what is shown")
    settle()
    assert delegate.painted == []


def test_a_change_at_the_half_hidden_top_row_repaints_a_strip(setup) -> None:  # type: ignore[no-untyped-def]
    """Scrolled part-way into a row, an insert or removal there (or above) moves the
    pixels shown and repaints the strip that uncovers, not the whole view."""
    view, model, delegate = setup
    view.verticalScrollBar().setValue(20 * H + 7)
    settle()
    for change in (
        lambda: model.insert(20, "new"),
        lambda: model.remove(20),
        lambda: model.insert(3, "above"),
    ):
        delegate.painted.clear()
        change()
        settle()
        assert 1 <= len(delegate.painted) <= 2, delegate.painted
        assert screen_pixels(view) == fresh_pixels(view)


def test_a_move_repaints_only_the_moved_row(setup) -> None:  # type: ignore[no-untyped-def]
    view, model, delegate = setup
    delegate.painted.clear()
    model.move(1, 4)
    settle()
    assert delegate.painted == [4]  # rows 2–4 moved up a row as pixels
    delegate.painted.clear()
    model.move(6, 0)
    settle()
    assert delegate.painted == [0]
    delegate.painted.clear()
    model.move(80, 90)
    settle()
    assert delegate.painted == []
    delegate.painted.clear()
    model.shuffle()  # any other change of order repaints what is shown
    settle()
    assert len(delegate.painted) == port_height(view) // H + 1


def test_two_damaged_rows_a_screen_apart_paint_only_those(setup) -> None:  # type: ignore[no-untyped-def]
    view, model, delegate = setup
    port = view.viewport()
    delegate.painted.clear()
    port.update(view.visualRect(model.index(1)))
    port.update(view.visualRect(model.index(8)))
    QApplication.processEvents()
    assert sorted(delegate.painted) == [1, 8]


def test_painted_rows_carry_the_selection_and_focus_qt_reports(setup) -> None:  # type: ignore[no-untyped-def]
    """The view reads the selection's ranges once per paint instead of asking about each
    row: a selection of several ranges, one starting above what is shown, one ending
    below it, and rows between them, must paint exactly as the selection model says."""
    view, model, delegate = setup
    view.setFocus()
    view.verticalScrollBar().setValue(2 * H + 7)  # row 2 half hidden
    selection = view.selectionModel()
    for first, last in ((0, 3), (5, 5), (7, 8), (11, 40)):
        span = QItemSelection(model.index(first), model.index(last))
        selection.select(span, _Flag.Select)
    selection.setCurrentIndex(model.index(7), _Flag.NoUpdate)
    selection.select(model.index(8), _Flag.Deselect)  # splits a range
    settle()
    delegate.states.clear()
    view.viewport().repaint()
    shown = range(2, (2 * H + 7 + port_height(view) - 1) // H + 1)
    assert set(delegate.states) == {r for r in shown if r < model.rowCount()}
    for row, (selected, focused) in delegate.states.items():
        assert selected == selection.isSelected(model.index(row)), row
        assert focused == (row == 7), row
    view.clearFocus()  # the current row is painted unfocused without the focus
    settle()
    delegate.states.clear()
    view.viewport().repaint()
    assert delegate.states[7] == (True, False)
    assert not any(focused for _, focused in delegate.states.values())


def test_focus_changes_repaint_only_the_current_row(setup) -> None:  # type: ignore[no-untyped-def]
    view, model, delegate = setup
    view.setCurrentIndex(model.index(4))
    other = view.parentWidget().findChild(QLineEdit)
    bar_paints = PaintLog()
    view.verticalScrollBar().installEventFilter(bar_paints)
    settle()
    delegate.painted.clear()
    bar_paints.rects.clear()
    view.setFocus()
    settle()
    assert view.hasFocus()
    assert delegate.painted == [4]
    assert bar_paints.rects == []  # the frame changes look, not the scroll bar
    assert whole_view_shown(view) == whole_view_fresh(view)  # (grab paints the bar)
    delegate.painted.clear()
    bar_paints.rects.clear()
    other.setFocus()
    settle()
    assert delegate.painted == [4]
    assert bar_paints.rects == []
    assert whole_view_shown(view) == whole_view_fresh(view)


class PaintLog(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.rects: list[QRect] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QPaintEvent):
            self.rects.append(event.rect())
        return False


class FocusFrameStyle(QProxyStyle):
    """A style whose list frames turn red with the focus (as some native styles mark it)."""

    def drawControl(self, element, option, painter, widget=None) -> None:  # type: ignore[no-untyped-def]
        super().drawControl(element, option, painter, widget)
        if element == QStyle.ControlElement.CE_ShapedFrame and (
            option.state & QStyle.StateFlag.State_HasFocus
        ):
            painter.fillRect(option.rect.adjusted(0, 0, 0, -option.rect.height() + 1), "red")


def test_a_style_that_marks_focus_on_the_frame_gets_it_repainted(setup) -> None:  # type: ignore[no-untyped-def]
    view, _model, _ = setup
    frame_paints = PaintLog()
    view.installEventFilter(frame_paints)
    settle()
    frame_paints.rects.clear()
    view.setFocus()
    settle()
    assert frame_paints.rects == []  # Fusion draws the frame the same with the focus
    style = FocusFrameStyle()
    view.setStyle(style)
    other = view.parentWidget().findChild(QLineEdit)
    for target in (other, view, other):
        settle()
        frame_paints.rects.clear()
        target.setFocus()
        settle()
        assert frame_paints.rects  # the frame looks different: repainted
        assert whole_view_shown(view) == whole_view_fresh(view)
    view.setStyle(None)


def whole_view_shown(view: FixedRowListView) -> QImage:
    shot = QGuiApplication.primaryScreen().grabWindow(view.window().winId())
    shown = shot.copy(QRect(view.mapTo(view.window(), QPoint(0, 0)), view.size())).toImage()
    return shown.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)


def whole_view_fresh(view: FixedRowListView) -> QImage:
    return view.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)


def test_tabbing_into_an_empty_selection_gives_a_current_row(setup) -> None:  # type: ignore[no-untyped-def]
    view, _model, _ = setup
    assert not view.currentIndex().isValid()
    view.setFocus(Qt.FocusReason.TabFocusReason)
    assert view.currentIndex().row() == 0


def drag_move(view: FixedRowListView, y: int) -> QDragMoveEvent:
    data = QMimeData()
    data.setData(MIME, b"1")
    pos = QPointF(10, y)
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(
        view.viewport(),
        QDragEnterEvent(pos.toPoint(), Qt.DropAction.MoveAction, data, buttons, mods),
    )
    move = QDragMoveEvent(pos.toPoint(), Qt.DropAction.MoveAction, data, buttons, mods)
    QApplication.sendEvent(view.viewport(), move)
    return move


def test_drop_indicator_shows_where_the_row_will_go(setup) -> None:  # type: ignore[no-untyped-def]
    view, _model, _ = setup
    width = view.viewport().width()
    assert drag_move(view, 3 * H + 1).isAccepted()
    assert view.drop_indicator_rect() == QRect(0, 3 * H, width, 0)  # above row 3
    drag_move(view, 4 * H - 2)
    assert view.drop_indicator_rect() == QRect(0, 4 * H - 1, width, 0)  # below row 3
    view.setModel(Rows(2))
    drag_move(view, 5 * H)  # below the last row: it goes to the end, and says so
    assert view.drop_indicator_rect() == QRect(0, 2 * H - 1, width, 0)
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    view.viewport().render(image)
    line = {image.pixel(x, 2 * H - 1) for x in range(5, width - 5)}
    assert line != {image.pixel(x, 2 * H + 10) for x in range(5, width - 5)}  # drawn


class Dropping(Rows):
    """Rows that note where each drop would go (every third row takes drops onto it);
    with ``insert_drops`` a drop puts a new row there."""

    def __init__(self, n: int, *, insert_drops: bool = False) -> None:
        super().__init__(n)
        self.drops: list[tuple[int, int, int | None]] = []
        self.insert_drops = insert_drops

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.row() % 3 == 0:
            return base | Qt.ItemFlag.ItemIsDropEnabled
        return base

    def dropMimeData(self, data, action, row, column, parent) -> bool:  # type: ignore[no-untyped-def]
        self.drops.append((row, column, parent.row() if parent.isValid() else None))
        if self.insert_drops:
            self.insert(len(self.rows) if row < 0 else row, "dropped")
        return True


def drop_at(
    view: FixedRowListView, pos: QPointF, *, qt: bool = False, dragged: bool = False
) -> QDropEvent:
    """A drop at ``pos`` after a drag there (``dragged``: the drag is there already);
    ``qt``: through QListView's own dropEvent."""
    data = QMimeData()
    data.setData(MIME, b"1")
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    for kind in () if dragged else (QDragEnterEvent, QDragMoveEvent):
        QApplication.sendEvent(
            view.viewport(), kind(pos.toPoint(), Qt.DropAction.MoveAction, data, buttons, mods)
        )
    event = QDropEvent(pos, Qt.DropAction.MoveAction, data, buttons, mods)
    if qt:
        QListView.dropEvent(view, event)
    else:
        QApplication.sendEvent(view.viewport(), event)
    return event


def test_a_drop_goes_where_qt_would_put_it(setup) -> None:  # type: ignore[no-untyped-def]
    """The view works out a drop's place itself (to spare the whole-view repaint Qt ends
    a drop with): at every pixel, over rows that take drops and rows that do not, their
    edges, and below the last row, it is the place Qt's own drop gives the model."""
    view, _model, _ = setup
    model = Dropping(6)
    view.setModel(model)
    width = view.viewport().width()
    for y in range(0, 7 * H + 3):
        for x in (0, 1, width // 2, width - 1):
            pos = QPointF(x, y)
            ours = drop_at(view, pos)
            qt = drop_at(view, pos, qt=True)
            assert len(model.drops) == 2, (x, y)
            assert model.drops[0] == model.drops[1], (x, y)
            assert ours.isAccepted() == qt.isAccepted(), (x, y)
            model.drops.clear()
    assert view.state() == QAbstractItemView.State.NoState


def test_a_drop_repaints_what_it_changes_not_the_whole_view(setup) -> None:  # type: ignore[no-untyped-def]
    view, _model, delegate = setup
    model = Dropping(20, insert_drops=True)
    view.setModel(model)
    settle()
    pos = QPointF(10, 2 * H + 1)  # onto the top edge of row 2: the new row goes there
    drag_move(view, int(pos.y()))
    settle()
    assert not view.drop_indicator_rect().isNull()
    delegate.painted.clear()
    drop_at(view, pos, dragged=True)
    settle()
    assert model.rows[2] == "dropped"
    assert view.drop_indicator_rect().isNull()
    # The new row, and the rows the drop line touched where the drop moved them (the
    # line between rows 1 and 2: row 1, and row 2 now row 3); Qt repainted every row.
    assert set(delegate.painted) <= {1, 2, 3}
    assert screen_pixels(view) == fresh_pixels(view)  # the line is gone


def test_accessibility_hears_about_the_row(setup, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    view, model, _ = setup
    heard: list[tuple[object, int]] = []

    class Spy:
        Event = fixed_row_view.QAccessible.Event

        @staticmethod
        def isActive() -> bool:
            return True

        @staticmethod
        def updateAccessibility(event) -> None:  # type: ignore[no-untyped-def]
            heard.append((event.type(), event.child()))

    monkeypatch.setattr(fixed_row_view, "QAccessible", Spy)
    view.setCurrentIndex(model.index(7))
    assert (Spy.Event.Focus, 7) in heard
    assert (Spy.Event.SelectionAdd, 7) in heard
    view.selectionModel().select(model.index(7), _Flag.Deselect)
    assert heard[-1] == (Spy.Event.SelectionRemove, 7)
