"""The board scrolls sideways while a card is dragged near its left or right edge.

A board of eight stages shows four at a time, and Qt's drag loop takes the mouse: without
this a card could only be dragged to the columns in view (Rejected and Ghosted, at the far
end, were out of reach). Holding a card near an edge scrolls the board, faster the closer
the pointer is to the edge, as Trello and file managers do.

Qt gives the drop to the widget that took the last drag-move; when the board scrolls under a
pointer that is held still, nothing moves for Qt to notice and a release would drop the card
into the column that *was* under the pointer. So each step that scrolls also tells the drag
the pointer is where it is (a mouse move, which Qt's drag loop reads), and the column now
under the pointer becomes the target and draws its drop line.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QCursor, QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QAbstractScrollArea, QApplication

#: Logical pixels at each side of the board where a held card scrolls it.
EDGE_ZONE = 48
#: Pixels a step at the very edge (about 1,700 a second at one step per frame).
FASTEST_STEP = 28
STEP_MS = 16


def edge_step(at: int, length: int, zone: int = EDGE_ZONE, fastest: int = FASTEST_STEP) -> int:
    """How far to scroll in one step for a pointer ``at`` pixels along a viewport ``length``
    long: 0 away from the edges and outside the viewport (over the Follow-ups panel, say),
    else towards the near edge (negative: back), 1 at the zone's inner border rising to
    ``fastest`` at the edge. The zone is at most a third of a narrow viewport, so its middle
    never scrolls."""
    if length <= 0 or not 0 <= at < length:
        return 0
    zone = min(zone, length // 3)
    if zone <= 0:
        return 0
    depth = zone - at if at < zone else at - (length - 1 - zone)
    if depth <= 0:
        return 0
    step = max(1, round(fastest * min(depth, zone) / zone))
    return -step if at < zone else step


class EdgeScroller(QObject):
    """Steps ``area`` sideways while a drag is on (``start`` … ``stop``) and the pointer is
    in an edge zone of its viewport. ``pointer``: the pointer's global position (the real
    cursor; tests pass their own)."""

    def __init__(
        self,
        area: QAbstractScrollArea,
        pointer: Callable[[], QPoint] = QCursor.pos,
    ) -> None:
        super().__init__(area)
        self._area = area
        self._pointer = pointer
        self._timer = QTimer(self)
        self._timer.setInterval(STEP_MS)
        self._timer.timeout.connect(self.step)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def active(self) -> bool:
        return self._timer.isActive()

    def step(self) -> int:
        """One step: scroll if the pointer is in an edge zone; returns how far it went."""
        port = self._area.viewport()
        where = self._pointer()
        at = port.mapFromGlobal(where)
        if not 0 <= at.y() < port.height():
            return 0
        bar = self._area.horizontalScrollBar()
        before = bar.value()
        bar.setValue(before + edge_step(at.x(), port.width()))
        moved = bar.value() - before
        if moved:
            # A move where the pointer is: Qt's drag loop reads every mouse move and asks
            # the widget now under the pointer whether it takes the drop.
            buttons = QGuiApplication.mouseButtons() or Qt.MouseButton.LeftButton
            move = QMouseEvent(
                QEvent.Type.MouseMove,
                QPointF(at),
                QPointF(where),
                Qt.MouseButton.NoButton,
                buttons,
                QGuiApplication.keyboardModifiers(),
            )
            QApplication.sendEvent(port, move)
        return moved
