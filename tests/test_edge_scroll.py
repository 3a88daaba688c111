"""The board scrolls sideways while a card is held near its left or right edge."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint

from followup_desktop.ui.edge_scroll import EDGE_ZONE, FASTEST_STEP, EdgeScroller, edge_step
from followup_desktop.ui.main_window import MainWindow


def test_the_step_grows_towards_each_edge_and_is_nothing_elsewhere() -> None:
    width = 1000
    assert edge_step(width // 2, width) == 0
    assert edge_step(EDGE_ZONE, width) == 0  # just inside the middle
    assert edge_step(width - 1 - EDGE_ZONE, width) == 0
    left = [edge_step(x, width) for x in range(EDGE_ZONE)]
    right = [edge_step(x, width) for x in range(width - EDGE_ZONE, width)]
    assert all(s < 0 for s in left)
    assert all(s > 0 for s in right)
    assert left == sorted(left)  # from the edge inwards, slower
    assert right == sorted(right)
    assert left[0] == -FASTEST_STEP
    assert right[-1] == FASTEST_STEP
    assert left[-1] == -1
    assert right[0] == 1
    # Outside the viewport (over the Follow-ups panel, or off the window): nothing.
    assert edge_step(-1, width) == edge_step(width, width) == 0
    # A narrow viewport keeps a still middle third.
    assert edge_step(45, 90) == 0
    assert edge_step(0, 90) < 0 < edge_step(89, 90)
    assert edge_step(0, 0) == 0


def test_a_card_held_at_the_right_edge_scrolls_the_board_and_moves_the_drag(
    window: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    board = window.board
    stages = {s.name: s.id for s in board.stages}
    window.add_card({"company": "Acme", "role": "Engineer", "stage_id": stages["Applied"]})
    window.resize(window.minimumSizeHint().width(), 700)
    bar = board.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # the far columns are out of view
    port = board.viewport()
    pointer = port.mapToGlobal(QPoint(port.width() - 3, port.height() // 2))
    scroller = EdgeScroller(board, pointer=lambda: pointer)

    class Moves(QObject):
        """Mouse moves sent during the drag, as Qt's drag loop would read them."""

        def __init__(self) -> None:
            super().__init__()
            self.seen: list[QPoint] = []

        def eventFilter(self, obj, event) -> bool:  # type: ignore[no-untyped-def]
            if event.type() == QEvent.Type.MouseMove:
                self.seen.append(event.globalPosition().toPoint())
            return False

    moves = Moves()
    port.installEventFilter(moves)
    scroller.start()
    try:
        qtbot.waitUntil(lambda: bar.value() == bar.maximum(), timeout=3000)
    finally:
        scroller.stop()
        port.removeEventFilter(moves)
    assert not scroller.active()
    assert moves.seen
    assert set(moves.seen) == {pointer}
    # At the end of the board a step moves nothing and tells the drag nothing.
    count = len(moves.seen)
    assert scroller.step() == 0
    assert len(moves.seen) == count
    # In the middle: no scrolling; at the left edge, back.
    pointer = port.mapToGlobal(QPoint(port.width() // 2, port.height() // 2))
    assert scroller.step() == 0
    pointer = port.mapToGlobal(QPoint(0, port.height() // 2))
    assert scroller.step() == -FASTEST_STEP
    # Above or below the board (the tool bar, the status bar): nothing.
    pointer = port.mapToGlobal(QPoint(0, -5))
    assert scroller.step() == 0


def test_a_drag_from_a_column_runs_the_board_s_scroller_while_it_lasts(
    window: MainWindow, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Offscreen QDrag.exec returns at once: what it saw while it ran is checked."""
    from PySide6.QtGui import QDrag

    from followup_desktop.ui.column_view import ColumnView

    stages = {s.name: s.id for s in window.board.stages}
    acme = window.add_card({"company": "Acme", "role": "Engineer", "stage_id": stages["Applied"]})
    assert acme is not None
    view = window.findChild(ColumnView, f"column-view-{stages['Applied']}")
    assert view is not None
    assert view.select_id(acme)
    running: list[bool] = []

    def exec_(self, *args) -> object:  # type: ignore[no-untyped-def]
        running.append(window.board.edge_scroller.active())
        from PySide6.QtCore import Qt

        return Qt.DropAction.IgnoreAction

    monkeypatch.setattr(QDrag, "exec", exec_)
    view.startDrag(view.model().supportedDragActions())
    assert running == [True]
    assert not window.board.edge_scroller.active()


def _wheel(widget, pos: QPoint, dy: int, shift: bool = False) -> bool:  # type: ignore[no-untyped-def]
    """A wheel turn over ``pos`` of ``widget`` as the pointer sends it; whether taken."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    mods = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    event = QWheelEvent(
        QPointF(pos),
        QPointF(widget.mapToGlobal(pos)),
        QPoint(0, 0),
        QPoint(0, dy),
        Qt.MouseButton.NoButton,
        mods,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def test_the_wheel_over_headers_and_gaps_or_with_shift_scrolls_the_board_sideways(
    window: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """The board has no vertical scroll: the wheel over a column's header or the gaps
    moves it sideways (the far columns were reachable by the thin scroll bar only), and
    so does Shift with the wheel over the cards. Over the cards alone the wheel stays the
    column's, even at the column's end. (A wheel event sent by a test is not passed up
    from widget to parent as the pointer's is: each step is sent where Qt delivers it.)"""
    board = window.board
    stages = {s.name: s.id for s in board.stages}
    for i in range(12):
        window.add_card({"company": f"Acme {i}", "role": "Engineer", "stage_id": stages["Applied"]})
    window.resize(window.minimumSizeHint().width(), 500)
    bar = board.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    applied = board.frames[stages["Applied"]]
    port = board.viewport()
    header = applied.name.mapTo(port, QPoint(2, 2))  # the column's name, in its header
    assert _wheel(port, header, -120)
    assert bar.value() > 0  # down = towards the far columns
    assert _wheel(port, header, 120)
    assert bar.value() == 0
    cards = applied.view
    over_cards = cards.viewport().mapTo(port, QPoint(10, 10))
    assert not _wheel(port, over_cards, -120)  # the column's, not the board's
    assert bar.value() == 0
    column_bar = cards.verticalScrollBar()
    assert column_bar.maximum() > 0
    assert _wheel(cards.viewport(), QPoint(10, 10), -120)
    assert column_bar.value() > 0
    # With Shift the column passes the wheel on, and the board takes it over the cards.
    column_bar.setValue(column_bar.maximum())
    assert not _wheel(cards.viewport(), QPoint(10, 10), -120, shift=True)
    assert column_bar.value() == column_bar.maximum()
    assert _wheel(port, over_cards, -120, shift=True)
    assert bar.value() > 0
