"""The bare-Qt floor for the interactive latencies (run as a child by bench/__main__.py).

The same gestures on the least a Qt board can be: one C++ QStringListModel + QListView per
column (default delegate and style, no database), columns as long as the measured board's,
in a window of the same size. A drop removes a row in view from one column (pressed
first, untimed, as on the board), inserts it between rows in view of another and moves
the focus there; a keystroke sets a QSortFilterProxyModel's fixed string on every
column. Each is timed until the window has painted (bench.interactive.until_painted).
Prints JSON.

Usage: python -m bench.qt_floor <moves> <column length> [<column length> ...]
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from .interactive import WINDOW, pct, press, rest, shown_rows, time_typing, until_painted


def main() -> None:
    moves = int(sys.argv[1])
    lengths = [int(n) for n in sys.argv[2:]]
    from PySide6.QtCore import QSortFilterProxyModel, QStringListModel, Qt
    from PySide6.QtWidgets import QApplication, QHBoxLayout, QListView, QMainWindow, QWidget

    app = QApplication(sys.argv[:1])
    win = QMainWindow()
    centre = QWidget()
    row = QHBoxLayout(centre)
    sources: list[QStringListModel] = []
    proxies: list[QSortFilterProxyModel] = []
    views: list[QListView] = []
    names = iter(range(10**9))
    for n in lengths:
        model = QStringListModel([f"Company {next(names)} engineer remote" for _ in range(n)], win)
        proxy = QSortFilterProxyModel(win)
        proxy.setSourceModel(model)
        proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        view = QListView()
        view.setModel(proxy)
        view.setUniformItemSizes(True)
        row.addWidget(view)
        sources.append(model)
        proxies.append(proxy)
        views.append(view)
    win.setCentralWidget(centre)
    win.resize(*WINDOW)
    win.show()
    app.processEvents()
    rest(app)
    rng = random.Random(1)
    drop_ms: list[float] = []
    for _ in range(moves):
        a, b = rng.sample(range(len(sources)), 2)
        src, dst = sources[a], sources[b]
        if not src.rowCount():
            continue
        # As on the board: from a card in view, to between cards in view (no filter is
        # set while dropping, so proxy rows are source rows).
        r = rng.choice(shown_rows(views[a]))
        shown = shown_rows(views[b])
        at = rng.randint(shown.start, shown.stop)
        press(app, views[a], r)
        t0 = time.perf_counter()
        text = src.data(src.index(r))
        src.removeRows(r, 1)
        dst.insertRows(at, 1)
        dst.setData(dst.index(at), text)
        views[b].setFocus()
        views[b].setCurrentIndex(proxies[b].mapFromSource(dst.index(at)))
        until_painted(app)
        drop_ms.append((time.perf_counter() - t0) * 1000)
    rest(app)

    def type_text(text: str) -> None:
        for proxy in proxies:
            proxy.setFilterFixedString(text)

    search_ms = time_typing(app, type_text)
    win.close()
    print(
        json.dumps(
            {
                "floor_drop_p50": statistics.median(drop_ms),
                "floor_drop_p95": pct(drop_ms, 95),
                "floor_search_p50": statistics.median(search_ms),
                "floor_search_p95": pct(search_ms, 95),
            }
        )
    )


if __name__ == "__main__":
    main()
