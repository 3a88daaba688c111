"""The columns' slim scroll bars: geometry a user can drive (handle size and place, paging,
dragging) and a painted handle, since the style replaces Fusion's drawing and layout."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QStringListModel, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QListView, QStyle, QStyleOptionSlider

from followup_desktop.ui.scrollbar_style import EXTENT, slim_scrollbar_style

_CC = QStyle.ComplexControl.CC_ScrollBar
_SC = QStyle.SubControl


def _view(qtbot, rows: int) -> QListView:  # type: ignore[no-untyped-def]
    view = QListView()
    qtbot.addWidget(view)
    view.setModel(QStringListModel([f"card {i}" for i in range(rows)], view))
    view.setUniformItemSizes(True)
    view.verticalScrollBar().setStyle(slim_scrollbar_style())
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
