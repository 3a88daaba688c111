"""One real mouse drag in a real window on a real X server (Xvfb).

Offscreen Qt cannot run QDrag.exec() (it returns at once), so this test only runs where
QT_QPA_PLATFORM=xcb works: `make test` runs it under xvfb-run with FOLLOWUP_TEST_XCB=1.
QDrag.exec() blocks in its own event loop, so the drop side is driven from a QTimer that
fires inside that loop (recipe measured in shared/FACTS.md: 20/20 on xcb).
"""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer

from followup_desktop.services import board
from followup_desktop.ui.board_widget import column_object_name
from followup_desktop.ui.column_view import ColumnView
from followup_desktop.ui.main_window import MainWindow

pytestmark = [
    pytest.mark.xcb,
    pytest.mark.skipif(
        os.environ.get("FOLLOWUP_TEST_XCB") != "1" or not os.environ.get("DISPLAY"),
        reason="needs an X server: run under xvfb-run with FOLLOWUP_TEST_XCB=1 (make test does)",
    ),
]


def test_a_real_mouse_drag_moves_the_card(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.platformName() == "xcb"
    stages = {s.name: s.id for s in window.board.stages}
    acme = window.add_card({"company": "Acme", "role": "Engineer", "stage_id": stages["Applied"]})
    window.add_card({"company": "Hooli", "role": "SRE", "stage_id": stages["Interviewing"]})
    src = window.findChild(ColumnView, column_object_name(stages["Applied"]))
    dst = window.findChild(ColumnView, column_object_name(stages["Interviewing"]))
    assert src is not None
    assert dst is not None
    qtbot.waitExposed(window)
    p0 = src.visualRect(src.model().index(0, 0)).center()
    first = dst.visualRect(dst.model().index(0, 0))
    p1 = QPoint(first.center().x(), first.top() + 4)  # drop above Hooli

    def inside_drag_loop() -> None:
        qtbot.mouseMove(dst.viewport(), p1 - QPoint(0, 10))
        qtbot.mouseMove(dst.viewport(), p1)
        QTimer.singleShot(
            50, lambda: qtbot.mouseRelease(dst.viewport(), Qt.MouseButton.LeftButton, pos=p1)
        )

    qtbot.mousePress(src.viewport(), Qt.MouseButton.LeftButton, pos=p0)
    qtbot.mouseMove(src.viewport(), p0 + QPoint(5, 0))
    QTimer.singleShot(100, inside_drag_loop)
    with qtbot.waitSignal(window.bridge.changed, timeout=5000):
        qtbot.mouseMove(src.viewport(), p0 + QPoint(40, 0))  # blocks in QDrag.exec() until release
    assert board.card_ids(window.bridge.db, stages["Interviewing"])[0] == acme
    qtbot.waitUntil(lambda: dst.model().index(0, 0).data() == "Acme")
    assert src.model().rowCount() == 0


def test_a_card_held_at_the_board_s_edge_scrolls_it_and_drops_where_the_pointer_is(
    window: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """Dragged to the right edge and held still there, the card scrolls the board to its
    far columns; let go, it lands in the column it is beside then (Qt, told nothing
    moved, would have dropped it into the column that was there before the scrolling)."""
    from PySide6.QtGui import QCursor

    stages = {s.name: s.id for s in window.board.stages}
    acme = window.add_card({"company": "Acme", "role": "Engineer", "stage_id": stages["Applied"]})
    window.resize(window.minimumSizeHint().width(), 700)
    board = window.board
    bar = board.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == 0)
    src = window.findChild(ColumnView, column_object_name(stages["Applied"]))
    assert src is not None
    qtbot.waitExposed(window)
    port = board.viewport()
    edge = QPoint(port.width() - 3, port.height() // 2)  # at the very edge
    before = next(sid for sid, f in board.frames.items() if f.isAncestorOf(port.childAt(edge)))
    last = list(board.frames)[-1]
    assert before != last
    p0 = src.visualRect(src.model().index(0, 0)).center()
    released: list[bool] = []

    def hold_until_scrolled() -> None:
        if bar.value() < bar.maximum():
            QTimer.singleShot(20, hold_until_scrolled)
            return
        released.append(True)
        qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, pos=edge)

    def inside_drag_loop() -> None:
        QCursor.setPos(port.mapToGlobal(edge))  # the pointer goes to the edge and stays
        qtbot.mouseMove(port, edge)
        QTimer.singleShot(20, hold_until_scrolled)

    qtbot.mousePress(src.viewport(), Qt.MouseButton.LeftButton, pos=p0)
    qtbot.mouseMove(src.viewport(), p0 + QPoint(5, 0))
    QTimer.singleShot(100, inside_drag_loop)
    with qtbot.waitSignal(window.bridge.changed, timeout=10000):
        qtbot.mouseMove(src.viewport(), p0 + QPoint(40, 0))  # blocks in QDrag.exec()
    assert released == [True]
    assert not board.edge_scroller.active()
    # Let go beside the last column (the board's margin, once it has scrolled to its end):
    # into the last column, not into the one under the pointer before the scrolling.
    qtbot.waitUntil(lambda: board.store[acme].stage_id == last)
