"""The columns' slim scroll bars: geometry a user can drive (handle size and place, paging,
dragging) and a painted handle, since the style replaces Fusion's drawing and layout."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QStringListModel, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QListView,
    QScrollBar,
    QStyle,
    QStyleOptionSlider,
    QWidget,
)

from followup_desktop.ui.scrollbar_style import EXTENT, SlimScrollBar

_CC = QStyle.ComplexControl.CC_ScrollBar
_SC = QStyle.SubControl


def _view(qtbot, rows: int) -> QListView:  # type: ignore[no-untyped-def]
    view = QListView()
    qtbot.addWidget(view)
    view.setModel(QStringListModel([f"card {i}" for i in range(rows)], view))
    view.setUniformItemSizes(True)
    view.setVerticalScrollBar(SlimScrollBar())
    view.resize(200, 300)
    view.show()
    qtbot.waitExposed(view)
    return view


def _option(bar) -> QStyleOptionSlider:  # type: ignore[no-untyped-def]
    opt = QStyleOptionSlider()
    bar.initStyleOption(opt)
    return opt


def test_handle_is_proportional_and_follows_the_value(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, 500)
    bar = view.verticalScrollBar()
    style = bar.style()
    assert bar.width() == EXTENT
    assert style.subControlRect(_CC, _option(bar), _SC.SC_ScrollBarAddLine, bar).isEmpty()
    top = style.subControlRect(_CC, _option(bar), _SC.SC_ScrollBarSlider, bar)
    assert top.y() == 0
    assert 0 < top.height() < bar.height() // 4  # a long list: a short handle
    bar.setValue(bar.maximum())
    bottom = style.subControlRect(_CC, _option(bar), _SC.SC_ScrollBarSlider, bar)
    assert bottom.bottom() == bar.height() - 1
    assert bottom.height() == top.height()
    page = style.subControlRect(_CC, _option(bar), _SC.SC_ScrollBarSubPage, bar)
    assert (page.top(), page.bottom() + 1) == (0, bottom.top())


def test_clicking_the_groove_pages_and_dragging_the_handle_scrolls(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, 500)
    bar = view.verticalScrollBar()
    below = QPoint(EXTENT // 2, bar.height() - 5)
    assert (
        bar.style().hitTestComplexControl(_CC, _option(bar), below, bar) == _SC.SC_ScrollBarAddPage
    )
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=below)
    assert bar.value() == bar.pageStep()
    handle = bar.style().subControlRect(_CC, _option(bar), _SC.SC_ScrollBarSlider, bar)
    qtbot.mousePress(bar, Qt.MouseButton.LeftButton, pos=handle.center())
    qtbot.mouseMove(bar, handle.center() + QPoint(0, 60))
    qtbot.mouseRelease(bar, Qt.MouseButton.LeftButton, pos=handle.center() + QPoint(0, 60))
    assert bar.value() > bar.pageStep()


def test_the_handle_is_painted_in_the_palette_mid_colour(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, 500)
    bar = view.verticalScrollBar()
    image = QImage(bar.size(), QImage.Format.Format_ARGB32)
    bar.render(image)
    handle = bar.style().subControlRect(_CC, _option(bar), _SC.SC_ScrollBarSlider, bar)
    mid = bar.palette().color(QPalette.ColorRole.Mid)
    assert QColor(image.pixel(handle.center())).rgb() == mid.rgb()
    groove = QColor(image.pixel(QPoint(EXTENT // 2, bar.height() - 3)))
    assert groove.rgb() == bar.palette().color(QPalette.ColorRole.Base).rgb()


def test_a_short_list_shows_an_empty_groove(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, 500)
    bar = view.verticalScrollBar()
    bar.setRange(0, 0)
    image = QImage(bar.size(), QImage.Format.Format_ARGB32)
    bar.render(image)
    base = bar.palette().color(QPalette.ColorRole.Base)
    assert all(
        QColor(image.pixel(QPoint(x, y))).rgb() == base.rgb()
        for x in range(0, bar.width(), 3)
        for y in range(0, bar.height(), 17)
    )


class _Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _shown(bar: QScrollBar) -> QImage:
    """The scroll bar as the window shows it now (its backing store)."""
    shot = QGuiApplication.primaryScreen().grabWindow(bar.window().winId())
    shown = shot.copy(QRect(bar.mapTo(bar.window(), QPoint(0, 0)), bar.size())).toImage()
    return shown.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)


def test_a_range_change_that_leaves_the_handle_alone_paints_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    host = QWidget()
    qtbot.addWidget(host)
    bar = SlimScrollBar(host)
    bar.setGeometry(0, 0, EXTENT, 300)
    bar.setRange(0, 5000 * 92)
    bar.setPageStep(300)
    host.resize(100, 300)
    host.show()
    qtbot.waitExposed(host)
    paints = _Paints()
    bar.installEventFilter(paints)
    for _ in range(3):  # the first paint
        QApplication.processEvents()
    paints.count = 0
    bar.setMaximum(bar.maximum() - 92)  # a card fewer in a long column: the same picture
    QApplication.processEvents()
    assert paints.count == 0
    steps = [
        lambda: bar.setValue(bar.maximum()),  # the handle moves
        lambda: bar.setMaximum(bar.maximum() - 92),  # at the end, it moves with the range
        lambda: bar.setMaximum(1000),  # a short column: a long handle
        lambda: bar.setPageStep(2000),
        lambda: bar.setRange(0, 0),  # nothing to scroll: an empty groove
        lambda: bar.setRange(0, 100_000),
        lambda: bar.resize(EXTENT, 250),
        lambda: bar.setMaximum(bar.maximum() + 1),  # (first change after a resize)
    ]
    for n, step in enumerate(steps):
        paints.count = 0
        step()
        QApplication.processEvents()
        assert paints.count, f"step {n} was not painted"
        assert _shown(bar) == bar.grab().toImage(), f"step {n}"


@pytest.mark.parametrize("orientation", [Qt.Orientation.Vertical, Qt.Orientation.Horizontal])
def test_the_bars_own_idea_of_its_handle_matches_the_style(qtbot, orientation) -> None:  # type: ignore[no-untyped-def]
    """The bar decides whether a range change needs a repaint from the handle's place,
    worked out without asking the style: it must be the place the style draws it at
    (the columns' bars stand, the board's lies)."""
    import random

    bar = SlimScrollBar(None, orientation)
    qtbot.addWidget(bar)
    vertical = orientation == Qt.Orientation.Vertical
    rng = random.Random(5)
    for _ in range(300):
        length = rng.randint(20, 900)
        bar.resize(EXTENT, length) if vertical else bar.resize(length, EXTENT)
        top = rng.choice([0, rng.randint(0, 10), rng.randint(0, 100_000)])
        bar.setRange(0, top)
        bar.setPageStep(rng.randint(1, 2000))
        bar.setValue(rng.randint(0, top))
        bar.setInvertedAppearance(rng.random() < 0.2)
        handle = bar.style().subControlRect(_CC, _option(bar), _SC.SC_ScrollBarSlider, bar)
        start, span = (handle.y(), handle.height()) if vertical else (handle.x(), handle.width())
        assert bar._current_look() == (bar.width(), bar.height(), top > 0, start, span)
