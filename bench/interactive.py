"""In-process latencies on a prepared database (run as a child by bench/__main__.py):
drop → committed → repainted (the model's drop, and the same through Qt's drop event),
and search keystroke → filtered board. Prints JSON.

Each phase starts from a board at rest (AT_REST_S of idle event loop, as when a person
looks at the board before dragging or typing: the app draws the next screenful ahead
then); within a phase the gestures follow each other with no idle time at all, the worst
case for what is measured."""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: Shared with bench/qt_floor.py so the floor does exactly the same gestures.
SEARCH_WORDS = ("acme", "python", "globex labs", "remote", "zzz", "engineer")
WINDOW = (1400, 900)
AT_REST_S = 1.5


def rest(app: object) -> None:
    """Run the event loop idle for AT_REST_S (timers fire, nothing is measured)."""
    from PySide6.QtCore import QDeadlineTimer, QEventLoop

    deadline = QDeadlineTimer(int(AT_REST_S * 1000))
    while not deadline.hasExpired():
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)  # type: ignore[attr-defined]


def until_painted(app: Any) -> None:
    """Run the event loop until it has nothing left to do: a gesture is timed until the
    window shows its result, not until the first of several turns (a view that lays out
    or paints in batches — posted layout requests, zero-time layout timers, the repaint
    they ask for — would otherwise look fast). The event dispatcher says whether a turn
    dispatched anything; two idle turns in a row end it. (An event filter counting paint
    and layout events did the same at a cost of ~10 µs per event, inside the timing.)"""
    from PySide6.QtCore import QAbstractEventDispatcher, QEventLoop

    dispatcher = QAbstractEventDispatcher.instance()
    flags = QEventLoop.ProcessEventsFlag.AllEvents
    idle = 0
    for _ in range(200):
        idle = 0 if dispatcher.processEvents(flags) else idle + 1
        if idle == 2:
            return


def time_typing(app: Any, type_text: Callable[[str], None]) -> list[float]:
    """Type each of SEARCH_WORDS a letter at a time (``type_text`` gets the text so far),
    timing each keystroke until the board is painted; the text is cleared between words."""
    out: list[float] = []
    for word in SEARCH_WORDS:
        for i in range(1, len(word) + 1):
            t0 = time.perf_counter()
            type_text(word[:i])
            until_painted(app)
            out.append((time.perf_counter() - t0) * 1000)
        type_text("")
        until_painted(app)
    return out


def shown_rows(view: Any) -> range:
    """The rows of a list view a person can see (and so drag from, or drop between)."""
    from PySide6.QtCore import QPoint

    top = view.indexAt(QPoint(1, 1))
    bottom = view.indexAt(QPoint(1, view.viewport().height() - 2))
    first = top.row() if top.isValid() else 0
    last = bottom.row() if bottom.isValid() else view.model().rowCount() - 1
    return range(first, last + 1)


def press(app: Any, view: Any, row: int) -> None:
    """What pressing a card to drag it does before the drag starts (not timed): its column
    takes the focus and the card becomes current and selected. Without it every drop also
    moved the focus away from whichever column the previous drop had focused, and that
    column's repaint (~0.2 ms, 7% of a drop's instructions) is no part of a real drop."""
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, 0))
    until_painted(app)


def drop_event(app: Any, view: Any, payload: Any, row: int) -> float:
    """A drop as the pointer makes it: drag-enter and drag-move over the card at ``row``
    (its top edge: the card goes there), untimed, then the drop event, timed until the
    window has painted it (ms)."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

    rect = view.visualRect(view.model().index(row, 0))
    pos = QPointF(rect.center().x(), rect.top() + 3)
    port = view.viewport()
    args = (Qt.DropAction.MoveAction, payload, Qt.MouseButton.LeftButton)
    for kind in (QDragEnterEvent, QDragMoveEvent):
        app.sendEvent(port, kind(pos.toPoint(), *args, Qt.KeyboardModifier.NoModifier))
    until_painted(app)
    t0 = time.perf_counter()
    app.sendEvent(port, QDropEvent(pos, *args, Qt.KeyboardModifier.NoModifier))
    until_painted(app)
    return (time.perf_counter() - t0) * 1000


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main() -> None:
    data = Path(sys.argv[1])
    moves = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    from PySide6.QtCore import QModelIndex, QSettings, Qt
    from PySide6.QtWidgets import QApplication

    from followup_desktop.app import warm_up
    from followup_desktop.core.clock import SystemClock
    from followup_desktop.store.database import open_database
    from followup_desktop.ui.bridge import DataBridge
    from followup_desktop.ui.column_model import encode_ids
    from followup_desktop.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    clock = SystemClock()
    db = open_database(data / "followup.sqlite3", clock)
    warm_up(db)  # what the app does in a thread while it paints
    bridge = DataBridge(db)
    win = MainWindow(
        bridge, clock, QSettings(str(data / "bench-ui.ini"), QSettings.Format.IniFormat)
    )
    win.confirm = lambda q, d: True
    win.resize(*WINDOW)
    win.show()
    app.processEvents()
    rng = random.Random(1)
    views = [v for v in win.board.column_views() if v.model().rowCount()]
    open_stages = [
        v for v in win.board.column_views() if v.column_model().stage.kind in ("open", "planned")
    ]
    rest(app)
    drop_ms: list[float] = []
    for _ in range(moves):
        src = rng.choice(views)
        if not src.model().rowCount():
            continue
        # A drag starts on a card in view (pressed first) and drops between cards in view.
        src_row = rng.choice(shown_rows(src))
        card = src.column_model().ids()[src_row]
        dst = rng.choice(open_stages)
        shown = shown_rows(dst)
        row = rng.randint(shown.start, shown.stop)
        press(app, src, src_row)
        payload = encode_ids([card], 0)  # (made when the drag starts, not by the drop)
        t0 = time.perf_counter()
        dst.model().dropMimeData(payload, Qt.DropAction.MoveAction, row, 0, QModelIndex())
        until_painted(app)  # the touched columns show the move
        drop_ms.append((time.perf_counter() - t0) * 1000)
    rest(app)
    search_ms = time_typing(app, win.search.setText)
    win.search.setText("")
    until_painted(app)
    rest(app)
    # The same gestures through Qt's drop event, as a released pointer sends it (Qt's
    # drag loop itself cannot run offscreen): what the view adds to the model's drop.
    event_ms: list[float] = []
    for _ in range(moves // 2):
        sources = [v for v in views if v.model().rowCount()]
        if not sources:
            break
        src = rng.choice(sources)
        src_row = rng.choice(shown_rows(src))
        card = src.column_model().ids()[src_row]
        dst = rng.choice(open_stages)
        shown = shown_rows(dst)
        if not dst.model().rowCount():
            continue
        row = rng.randint(shown.start, shown.stop - 1)
        press(app, src, src_row)
        event_ms.append(drop_event(app, dst, encode_ids([card], 0), row))
    win.close()
    bridge.detach()
    db.close()
    print(
        json.dumps(
            {
                "drop_p50": statistics.median(drop_ms),
                "drop_p95": pct(drop_ms, 95),
                "drops": len(drop_ms),
                "drop_event_p50": statistics.median(event_ms) if event_ms else 0.0,
                "drop_event_p95": pct(event_ms, 95) if event_ms else 0.0,
                "search_p50": statistics.median(search_ms),
                "search_p95": pct(search_ms, 95),
                "keystrokes": len(search_ms),
            }
        )
    )


if __name__ == "__main__":
    main()
