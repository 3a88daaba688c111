"""Slim, flat scroll bars for the board's columns.

Every drop changes two columns' lengths, so both scroll bars repaint. Fusion draws a scroll
bar with gradients on every paint: 1.8–4.5 ms each on our reference machine, more than the
whole rest of a drop's repaint. This style paints a rounded handle on a flat groove (no
arrow buttons, like most kanban boards) in ~0.05–0.1 ms and leaves every other control to
the application style.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractSlider,
    QProxyStyle,
    QScrollBar,
    QStyle,
    QStyleOption,
    QStyleOptionComplex,
    QStyleOptionSlider,
    QWidget,
)

_CC = QStyle.ComplexControl.CC_ScrollBar
_SC = QStyle.SubControl
_ARROWS = (_SC.SC_ScrollBarAddLine, _SC.SC_ScrollBarSubLine)
EXTENT = 10


class SlimScrollBarStyle(QProxyStyle):
    """The application's style with slim scroll bars (a proxy with no base style follows
    whatever the application style is, so light/dark/system all keep working)."""

    def drawComplexControl(
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if control != _CC or not isinstance(option, QStyleOptionSlider):
            super().drawComplexControl(control, option, painter, widget)
            return
        pal = option.palette
        painter.fillRect(option.rect, pal.color(QPalette.ColorRole.Base))
        handle = self.subControlRect(control, option, _SC.SC_ScrollBarSlider, widget)
        if option.maximum == option.minimum or not handle.isValid():
            return  # nothing to scroll: an empty groove, like an overlay scroll bar at rest
        horizontal = option.orientation == Qt.Orientation.Horizontal
        handle = handle.adjusted(2, 3, -2, -3) if horizontal else handle.adjusted(3, 2, -3, -2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._handle_colour(option))
        radius = min(handle.width(), handle.height()) / 2
        painter.drawRoundedRect(handle, radius, radius)
        painter.restore()

    @staticmethod
    def _handle_colour(option: QStyleOptionSlider) -> QColor:
        pal = option.palette
        colour = pal.color(QPalette.ColorRole.Mid)
        active = option.activeSubControls & _SC.SC_ScrollBarSlider
        if option.state & QStyle.StateFlag.State_Sunken and active:
            return pal.color(QPalette.ColorRole.Highlight)
        if option.state & QStyle.StateFlag.State_MouseOver and active:
            dark = pal.color(QPalette.ColorRole.Base).lightness() < 128
            return colour.lighter(130) if dark else colour.darker(130)
        return colour

    def subControlRect(
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        sub: QStyle.SubControl,
        widget: QWidget | None = None,
    ) -> QRect:
        if control == _CC and isinstance(option, QStyleOptionSlider):
            if sub in _ARROWS:
                return QRect()
            if sub == _SC.SC_ScrollBarGroove:
                return QRect(option.rect)
            if sub in (_SC.SC_ScrollBarSlider, _SC.SC_ScrollBarAddPage, _SC.SC_ScrollBarSubPage):
                return _slider_part(self, option, sub, widget)
        return super().subControlRect(control, option, sub, widget)  # type: ignore[arg-type]

    def pixelMetric(
        self,
        metric: QStyle.PixelMetric,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:
        if metric == QStyle.PixelMetric.PM_ScrollBarExtent:
            return EXTENT
        return super().pixelMetric(metric, option, widget)


def _handle_span(
    length: int, lo: int, hi: int, page: int, position: int, upside_down: bool, min_handle: int
) -> tuple[int, int]:
    """(start, length) of the handle along a groove ``length`` pixels long."""
    span = hi - lo
    handle = length if span <= 0 else max(min_handle, length * page // (span + page))
    handle = min(handle, length)
    start = QStyle.sliderPositionFromValue(lo, hi, position, length - handle, upside_down)
    return start, handle


def _slider_part(
    style: QStyle, option: QStyleOptionSlider, sub: QStyle.SubControl, widget: QWidget | None
) -> QRect:
    """Handle and page areas over the whole groove (no arrow buttons to leave room for)."""
    rect = option.rect
    horizontal = option.orientation == Qt.Orientation.Horizontal
    length = rect.width() if horizontal else rect.height()
    start, handle = _handle_span(
        length,
        option.minimum,
        option.maximum,
        option.pageStep,
        option.sliderPosition,
        option.upsideDown,
        style.pixelMetric(QStyle.PixelMetric.PM_ScrollBarSliderMin, option, widget),
    )
    if sub == _SC.SC_ScrollBarSlider:
        a, b = start, handle
    elif sub == _SC.SC_ScrollBarSubPage:
        a, b = 0, start
    else:
        a, b = start + handle, length - start - handle
    if horizontal:
        return QRect(rect.x() + a, rect.y(), b, rect.height())
    return QRect(rect.x(), rect.y() + a, rect.width(), b)


_QUIET_CHANGES = (
    QAbstractSlider.SliderChange.SliderRangeChange,
    QAbstractSlider.SliderChange.SliderStepsChange,
)


class SlimScrollBar(QScrollBar):
    """A slim scroll bar that repaints only when its handle moves or changes size.

    Qt repaints a scroll bar whenever its range changes, and every drop changes two
    columns' ranges by one card's height; in a column of thousands of cards that moves the
    handle by less than a pixel, so nearly every one of those repaints drew the same
    picture again."""

    def __init__(
        self,
        parent: QWidget | None = None,
        orientation: Qt.Orientation = Qt.Orientation.Vertical,
    ) -> None:
        super().__init__(orientation, parent)
        self.setStyle(slim_scrollbar_style())
        self._look: tuple[object, ...] = ()
        self._hint: tuple[QStyle, QSize] | None = None
        self._min_handle: tuple[QStyle, int] | None = None  # (style, its shortest handle)

    def sliderChange(self, change: QAbstractSlider.SliderChange) -> None:
        look = self._current_look()
        if change in _QUIET_CHANGES and look == self._look:
            return
        self._look = look
        super().sliderChange(change)

    def sizeHint(self) -> QSize:
        """Asked on every range change (the scroll area checks whether the bar fits), and
        QScrollBar's asks the style three times, each a call into Python: once per style."""
        style = self.style()
        if self._hint is None or self._hint[0] is not style:
            self._hint = (style, super().sizeHint())
        return QSize(self._hint[1])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._hint = None
            self._min_handle = None
        super().changeEvent(event)

    def _current_look(self) -> tuple[object, ...]:
        """What the picture depends on besides colours and hover state (those repaint by
        themselves): the size, whether there is anything to scroll, the handle's place —
        worked out as the slim style does (_handle_span), without building a style option
        and asking the style through Qt (two calls a drop)."""
        style = self.style()
        if self._min_handle is None or self._min_handle[0] is not style:
            option = QStyleOptionSlider()
            self.initStyleOption(option)
            metric = QStyle.PixelMetric.PM_ScrollBarSliderMin
            self._min_handle = (style, style.pixelMetric(metric, option, self))
        lo, hi = self.minimum(), self.maximum()
        vertical = self.orientation() == Qt.Orientation.Vertical
        length = self.height() if vertical else self.width()
        start, handle = _handle_span(
            length,
            lo,
            hi,
            self.pageStep(),
            self.sliderPosition(),
            self.invertedAppearance(),
            self._min_handle[1],
        )
        return (self.width(), self.height(), hi > lo, start, handle)


_shared: SlimScrollBarStyle | None = None


def slim_scrollbar_style() -> SlimScrollBarStyle:
    """One instance for every column (a widget does not own a style set on it)."""
    global _shared
    if _shared is None:
        from PySide6.QtWidgets import QApplication

        _shared = SlimScrollBarStyle()
        _shared.setParent(QApplication.instance())  # Qt deletes it with the application
    return _shared
