"""The kanban board: one column (model + view + header) per visible stage.

It owns the card records shared by the column models and keeps them in step with the
database from the one ``changed`` signal, touching only the columns and cards a change names.
It never writes: user gestures come out as signals (moveRequested, openRequested …) that the
main window turns into undoable service calls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import ClassVar

from PySide6.QtCore import QEvent, QPoint, QRect, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QHideEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QRegion,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOption,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .. import memory
from ..core.changes import Changes
from ..core.types import StageKind
from ..services import board_view
from ..services.board_view import CardRecord, StageRecord
from .board_canvas import BoardCanvas
from .bridge import DataBridge
from .card_delegate import CARD_HEIGHT, CardDelegate
from .column_model import CardFilter, ColumnModel
from .column_view import ColumnView, column_view_of
from .edge_scroll import EdgeScroller
from .layout_now import lay_out_now
from .scrollbar_style import SlimScrollBar

COLUMN_WIDTH = 272
COLLAPSED_WIDTH = 44
#: Once the board has been still this long, draw the next screenful of every column ahead
#: of time (see CardDelegate.prefetch), a few cards per event-loop turn so typing or a
#: drag never waits behind it.
PREFETCH_DELAY_MS = 300
#: Blank pictures are made again sooner: between two keystrokes of someone typing
#: (~150 ms apart), so each keystroke's new cards find them.
STOCK_DELAY_MS = 40
PREFETCH_SLICE = 4
#: Blank pictures made per event-loop turn once the board is still (~70 µs each).
STOCK_SLICE = 8
_DONE = object()


def column_object_name(stage_id: int) -> str:
    return f"column-view-{stage_id}"


#: QWIDGETSIZE_MAX (not exported by PySide): no maximum size.
_ANY_SIZE = (1 << 24) - 1


_LEFT_TO_RIGHT = int(Qt.TextFlag.TextForceLeftToRight)
#: What changes a count pill's look (see CountLabel._look); its parent's palette reaches
#: it as a palette change too.
_LOOK_CHANGES = (
    QEvent.Type.FontChange,
    QEvent.Type.StyleChange,
    QEvent.Type.PaletteChange,
    QEvent.Type.ApplicationPaletteChange,
    QEvent.Type.ParentChange,
    QEvent.Type.EnabledChange,
)


class CountLabel(QLabel):
    """The column's card count: a pill as wide as the widest number of its length.

    A QLabel whose text changes asks its parent's layout to run again (the header was laid
    out, and the text shaped twice for its size hint, on every drop, ~0.3 ms a column).
    At a fixed size it does not ask, so the pill keeps one width for every number of the
    same shape ("1,234" and "1,289" alike) and only a new shape resizes it; that also
    keeps the header from jiggling as the count changes. Its height is the header row's
    (``row_height``), as tall as the layout made it when it could stretch: shorter than
    twice its corner radius, the style sheet would draw a rectangle, not a pill."""

    _widths: ClassVar[dict[tuple[str, str, str], QSize]] = {}  # (font, style sheet, shape)
    _widest: ClassVar[dict[str, str]] = {}  # the widest digit, per font
    _backgrounds: ClassVar[dict[tuple[int, int, float, int, int, str], QPixmap]] = {}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # It fills its own corners (see paintEvent): a new count then repaints the pill
        # alone, not the column's frame, the board and the window beneath it.
        self._opaque()
        self.row_height = 0
        self._shown = ""
        self._font_key = self.font().key()  # QFont.key() builds a string: ~4 µs a call
        self._fitted: tuple[str, int] | None = None  # (shape, row height) of the last fit
        #: (pixel ratio, background, text rectangle) until the size, font, style or
        #: colours change (its alignment, margin and indent are never changed).
        self._look: tuple[float, QPixmap, QRect] | None = None

    def paintEvent(self, event: QPaintEvent) -> None:
        """The pill without its number (see _background), then the number as QLabel
        draws it."""
        dpr = self.devicePixelRatioF()
        look = self._look
        if look is None or look[0] != dpr:
            look = self._look = (dpr, self._background(dpr), self._text_rect())
        painter = QPainter(self)
        painter.drawPixmap(0, 0, look[1])
        self.style().drawItemText(  # QLabel's own call for plain text (never markup)
            painter,
            look[2],
            _LEFT_TO_RIGHT | int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            self.text(),
            self.foregroundRole(),
        )
        painter.end()

    def _text_rect(self) -> QRect:
        """Where QLabel puts its text: inside the margin, and indented by half an "x"
        from the side it is aligned to when it has a frame (the style sheet's padding
        gives it one) and no indent of its own."""
        rect = self.contentsRect()
        margin = self.margin()
        rect.adjust(margin, margin, -margin, -margin)
        indent = self.indent()
        if indent < 0 and self.frameWidth():
            indent = self.fontMetrics().horizontalAdvance("x") // 2 - margin
        if indent > 0:
            align = self.alignment()
            if align & Qt.AlignmentFlag.AlignLeft:
                rect.setLeft(rect.left() + indent)
            if align & Qt.AlignmentFlag.AlignRight:
                rect.setRight(rect.right() - indent)
            if align & Qt.AlignmentFlag.AlignTop:
                rect.setTop(rect.top() + indent)
            if align & Qt.AlignmentFlag.AlignBottom:
                rect.setBottom(rect.bottom() - indent)
        return rect

    def _background(self, dpr: float) -> QPixmap:
        """The header's background (the window colour: the column's frame draws only its
        outline), the style sheet's rounded pill and the label's frame: drawn once per
        size and colours. Through the style sheet on every repaint (two pills a drop)
        they cost more than the number drawn over them."""
        behind = (self.parentWidget() or self).palette().window().color().rgba()
        key = (
            self.width(),
            self.height(),
            dpr,
            behind,
            self.palette().cacheKey(),
            self.styleSheet(),
        )
        pix = self._backgrounds.get(key)
        if pix is None:
            if len(self._backgrounds) >= 32:  # themes and sizes come and go
                self._backgrounds.clear()
            pix = QPixmap(self.size() * dpr)
            pix.setDevicePixelRatio(dpr)
            pix.fill(QColor.fromRgba(behind))
            painter = QPainter(pix)
            option = QStyleOption()
            option.initFrom(self)
            # Qt draws a style sheet's background only for widgets it paints the
            # background of, and an opaque one it does not.
            self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)
            self.drawFrame(painter)
            painter.end()
            self._backgrounds[key] = pix
        return pix

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._look = None
        super().resizeEvent(event)

    def set_count(self, text: str) -> None:
        if text != self._shown:
            self._shown = text
            self._fit(text)
            self.setText(text)

    def set_row_height(self, height: int) -> None:
        self.row_height = height
        self._fit(self._shown)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._font_key = self.font().key()
            self._fitted = None  # another font or style sheet: measure again
        if event.type() in _LOOK_CHANGES:
            self._look = None
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange:
            self._opaque()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._opaque()  # polished by now (not an event() override: every event paid it)

    def _opaque(self) -> None:
        """Opaque, again: polishing with a style sheet clears the attribute."""
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def _fit(self, text: str) -> None:
        shape = self._shape_of(text)
        if self._fitted == (shape, self.row_height):
            return  # a count of the shape it has the size for (most drops)
        hint = self._size_for(shape)
        size = QSize(hint.width(), max(hint.height(), self.row_height))
        if size != self.size() or self.minimumSize() != self.maximumSize():
            self.setFixedSize(size)
        self._fitted = (shape, self.row_height)

    def _shape_of(self, text: str) -> str:
        widest = self._widest.get(self._font_key)
        if widest is None:
            widest = self._widest[self._font_key] = max(
                "0123456789", key=self.fontMetrics().horizontalAdvance
            )
        return "".join(widest if c.isdigit() else c for c in text)

    def _size_for(self, shape: str) -> QSize:
        key = (self._font_key, self.styleSheet(), shape)
        size = self._widths.get(key)
        if size is None:  # measured once per shape, at its natural size
            self.setMinimumSize(0, 0)
            self.setMaximumSize(_ANY_SIZE, _ANY_SIZE)
            self.setText(shape)
            size = self._widths[key] = self.sizeHint()
            self.setText(self._shown)  # (measured with the shape; shows the count)
        return size


class ColumnFrame(QFrame):
    """Header (name, count, WIP warning, collapse) above the column's list view.

    Cards let go on the header, or on the whole strip of a collapsed column, go to the top
    of the column: closing stages are the ones people collapse, and the ones they drag
    cards into. The board's canvas takes those drops (ui/board_canvas.py: anywhere on or
    beside a column but over its cards, which the list view takes); the column lights up
    meanwhile (``show_drop``)."""

    collapseToggled = Signal(int, bool)
    menuRequested = Signal(int, object)  # the header was right-clicked: stage id, QPoint

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """A right-click on the header (the cards' view takes its own)."""
        self.menuRequested.emit(self.stage.id, event.globalPos())

    def __init__(self, stage: StageRecord, view: ColumnView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.view = view
        self.setObjectName(f"column-{stage.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.name = QLabel()
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        font = self.name.font()
        font.setBold(True)
        self.name.setFont(font)
        self.count = CountLabel()
        self.count.setObjectName(f"column-count-{stage.id}")
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.count.setStyleSheet(
            "padding: 0 6px; border-radius: 8px; background: palette(midlight);"
        )
        self.wip = QLabel()
        self.wip.setTextFormat(Qt.TextFormat.PlainText)
        self.wip.setStyleSheet("color: #c62828;")
        self.collapse = QToolButton()
        self.collapse.setAutoRaise(True)
        self.collapse.setCheckable(True)
        self.collapse.setObjectName(f"collapse-{stage.id}")
        self.collapse.toggled.connect(lambda on: self.collapseToggled.emit(self.stage.id, on))
        self.vertical = QLabel()  # the name, shown one letter per line when collapsed
        self.vertical.setTextFormat(Qt.TextFormat.PlainText)
        self.vertical.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        head = QHBoxLayout()
        head.setContentsMargins(8, 6, 4, 2)
        head.setSpacing(6)
        head.addWidget(self.name)
        head.addWidget(self.count)
        head.addStretch(1)
        head.addWidget(self.wip)
        head.addWidget(self.collapse)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addLayout(head)
        lay.addWidget(self.vertical, 1)
        lay.addWidget(view, 1)
        self._drop_here = False  # cards are being dragged over it: it says so
        self.set_stage(stage)
        self.set_collapsed(False)
        # The row is as tall as its tallest item (the collapse button, with its text).
        self.count.set_row_height(max(w.sizeHint().height() for w in (self.name, self.collapse)))

    def set_stage(self, stage: StageRecord) -> None:
        self.stage = stage
        self.name.setText(stage.name)
        self.vertical.setText("\n".join(stage.name))
        self.view.setAccessibleName(f"{stage.name} column")
        self.update_count()

    def update_count(self) -> None:
        model = self.view.column_model()
        n = model.count()
        # Out of what it would show without a search: archived cards too, when shown
        # (it read "12/11" with one archived card shown and nothing searched for).
        total = n + model.archived_count()
        shown = model.rowCount()
        self.count.set_count(f"{total}" if shown == total else f"{shown}/{total}")
        limit = self.stage.wip_limit
        over = limit is not None and n > limit
        self.wip.setText(f"over limit ({limit})" if over else "")
        self.wip.setVisible(over)

    def set_collapsed(self, collapsed: bool) -> None:
        self.collapse.blockSignals(True)
        self.collapse.setChecked(collapsed)
        self.collapse.blockSignals(False)
        self.collapse.setText("▸" if collapsed else "◂")
        self.collapse.setToolTip("Expand column" if collapsed else "Collapse column")
        self.collapse.setAccessibleName(self.collapse.toolTip())
        self.view.setVisible(not collapsed)
        self.vertical.setVisible(collapsed)
        self.name.setVisible(not collapsed)
        self.wip.setVisible(not collapsed and bool(self.wip.text()))
        self.setFixedWidth(COLLAPSED_WIDTH + 20 if collapsed else COLUMN_WIDTH)

    @property
    def collapsed(self) -> bool:
        return self.collapse.isChecked()

    @property
    def stage_id(self) -> int:
        return self.stage.id

    def paintEvent(self, event: QPaintEvent) -> None:
        # A header label repainted (the count changes on every drop) repaints the frame
        # under it, and the style strokes the whole outline to draw none of it: only
        # draw when the damage reaches the outline.
        if self._drop_here:
            super().paintEvent(event)
            painter = QPainter(self)
            colour = self.palette().color(QPalette.ColorRole.Highlight)
            colour.setAlpha(60)
            painter.fillRect(self.rect(), colour)
            painter.end()
        elif event.region().intersects(QRegion(self.rect()) - QRegion(self.contentsRect())):
            super().paintEvent(event)

    # --- cards dragged over it (the canvas decides: see the class's docstring) ------------
    def show_drop(self, on: bool) -> None:
        if on != self._drop_here:
            self._drop_here = on
            self.update()


class BoardWidget(QScrollArea):
    moveRequested = Signal(list, int, int)  # ids, stage id, final index (-1 = end)
    openRequested = Signal(int)
    quickAddRequested = Signal(int)
    deleteRequested = Signal(list)
    contextMenuRequested = Signal(int, object)  # card id, global QPoint
    columnMenuRequested = Signal(int, object)  # stage id, global QPoint (header, empty space)
    countsChanged = Signal()

    def __init__(
        self,
        bridge: DataBridge,
        now: Callable[[], dt.datetime],
        tz: dt.tzinfo,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("board")
        self.setAccessibleName("Board")
        # Not a stop of its own on the Tab chain: it drew no focus, so one Tab from the
        # toolbar seemed to lose the focus. Its columns take it (and scroll it into view).
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.bridge = bridge
        self._now = now
        self._tz = tz
        self._settings = settings
        self.store: dict[int, CardRecord] = {}
        self.stages: list[StageRecord] = []
        self.frames: dict[int, ColumnFrame] = {}
        self._search = ""
        self._overdue_only = False
        self._quiet_only = False
        self._show_archived = False
        self._delegate = CardDelegate(now, tz, self)
        # (Cards let go between columns or beside the last go to the nearest column.)
        self._inner = BoardCanvas(self._column_beside, lambda ids, sid: self._on_drop(ids, sid, 0))
        self._row = QHBoxLayout(self._inner)
        self._row.setContentsMargins(8, 8, 8, 8)
        self._row.setSpacing(8)
        self._row.addStretch(1)
        self.setWidget(self._inner)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Slim and flat like the columns': Fusion's took 1.1–1.4 ms per repaint (a gradient
        # 1,100 px long), once per frame while the board scrolls sideways and inside any
        # drop or selection that brings another column into view.
        self.setHorizontalScrollBar(SlimScrollBar(self, Qt.Orientation.Horizontal))
        self.edge_scroller = EdgeScroller(self)  # a card held near an edge scrolls the board
        self._prefetch_queue: list[tuple[ColumnView, range]] = []
        self._stocking = False  # blank pictures still to make once the queue is done
        self._warming: Iterator[None] | None = None  # then shared texts and badges
        self._prefetch_timer = QTimer(self)
        self._prefetch_timer.setSingleShot(True)
        self._prefetch_timer.setInterval(PREFETCH_DELAY_MS)
        self._prefetch_timer.timeout.connect(self._plan_prefetch)
        self._stock_timer = QTimer(self)
        self._stock_timer.setSingleShot(True)
        self._stock_timer.setInterval(STOCK_DELAY_MS)
        self._stock_timer.timeout.connect(self._restock)
        self._prefetch_step = QTimer(self)
        self._prefetch_step.setSingleShot(True)
        self._prefetch_step.setInterval(0)
        self._prefetch_step.timeout.connect(self._prefetch_some)
        # Columns scrolled into view, or a new window size: plan drawing ahead again.
        self.horizontalScrollBar().valueChanged.connect(self._settle)
        bridge.changed.connect(self.on_changed)
        self.reload()

    # --- loading -------------------------------------------------------------------------
    def reload(self) -> None:
        """Everything from scratch: at start and when the stage list changes."""
        focus_id = self.current_card_id()
        self.stages = board_view.load_stages(self.bridge.db)
        self.store = board_view.load_cards(self.bridge.db, include_archived=True)
        self._rebuild_columns()
        self._reorder_all()
        if focus_id is not None:
            self.select_card(focus_id, focus=False)
        # The records just read live until the next full reload: out of the cyclic
        # collector's full passes with them (see followup_desktop.memory).
        memory.settle()
        self._settle()
        self.countsChanged.emit()

    # --- drawing ahead ---------------------------------------------------------------------
    def _drop_prefetch_plan(self) -> None:
        self._prefetch_queue.clear()
        self._stocking = False
        self._warming = None
        self._prefetch_step.stop()

    def _settle(self) -> None:
        """Something moved: forget the drawing-ahead plan, make a new one once still (once
        shown, if hidden now: behind the first-run page the timer outlived the window)."""
        self._drop_prefetch_plan()
        if self.isVisible():
            self._prefetch_timer.start()
            self._stock_timer.start()

    def _restock(self) -> None:
        """Blank pictures only (the rest of the plan waits for a longer stillness)."""
        if not self._prefetch_queue:
            self._stocking = True
            self._prefetch_step.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._settle()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._settle()

    def hideEvent(self, event: QHideEvent) -> None:
        """Hidden (closed to the tray): nothing to draw ahead for."""
        self._drop_prefetch_plan()
        self._prefetch_timer.stop()
        self._stock_timer.stop()
        super().hideEvent(event)

    def _plan_prefetch(self) -> None:
        """The screenful below what each open column shows (one column's worth of
        pictures is ~1 MB; the pixmap cache bounds the total), and each column's search
        index."""
        queue: list[tuple[ColumnView, range]] = []
        for frame in self.frames.values():
            view = frame.view
            view.column_model().prepare_search()  # ~0.3 ms per 1,000 cards, off the keystroke
            if not self._on_screen(view):
                continue  # (scrolled out of the board's view: its first screenful is not drawn)
            n = view.model().rowCount()
            top = view.indexAt(QPoint(1, 1))
            first = top.row() if top.isValid() else 0
            screen = view.viewport().height() // CARD_HEIGHT + 1
            rows = range(first + screen, min(n, first + 2 * screen))
            if rows:
                queue.append((view, rows))
        queue.reverse()  # popped from the end: leftmost column first
        self._prefetch_queue = queue
        self._stocking = True
        self._prefetch_step.start()

    @staticmethod
    def _on_screen(view: ColumnView) -> bool:
        """Whether any of the column shows (not collapsed, nor scrolled out of the
        board's view): the columns a keystroke or a scroll repaints."""
        return not view.visibleRegion().isEmpty()

    def finish_idle_work(self) -> None:
        """Do now what the board does once still (index the search, draw ahead): for
        measurements that must start from a settled board without waiting on timers."""
        self._prefetch_timer.stop()
        self._stock_timer.stop()
        self._plan_prefetch()
        while self._prefetch_queue or self._stocking or self._warming is not None:
            self._prefetch_some()
        self._prefetch_step.stop()

    def _prefetch_some(self) -> None:
        """One event-loop turn's share: at most PREFETCH_SLICE cards of one column; once
        all are drawn, blank pictures made ready for the cards the next keystroke or drop
        brings up (STOCK_SLICE per turn); then the texts and badges many cards share
        (CardDelegate.warm_shared, once a day)."""
        if self._prefetch_queue:
            view, rows = self._prefetch_queue.pop()
            self._delegate.prefetch(view, rows[:PREFETCH_SLICE])
            if len(rows) > PREFETCH_SLICE:
                self._prefetch_queue.append((view, rows[PREFETCH_SLICE:]))
        elif self._stocking:
            shown = [v for v in self.column_views() if self._on_screen(v)]
            self._stocking = self._delegate.stock_canvases(shown, STOCK_SLICE)
            if not self._stocking:  # (the records as they are: no copy, mostly not read)
                self._warming = self._delegate.warm_shared(shown, self.store.values())
        elif self._warming is not None and next(self._warming, _DONE) is _DONE:
            self._warming = None
        if self._prefetch_queue or self._stocking or self._warming is not None:
            self._prefetch_step.start()

    def _column_beside(self, point: QPoint) -> ColumnFrame | None:
        """The column nearest sideways to ``point`` on the board's canvas, or None when
        ``point`` is over that column's cards (its list view decides there)."""
        frames = [f for f in self.frames.values() if f.isVisible()]
        if not frames:
            return None
        x = point.x()

        def away(frame: ColumnFrame) -> int:
            g = frame.geometry()
            return 0 if g.left() <= x <= g.right() else min(abs(x - g.left()), abs(x - g.right()))

        frame = min(frames, key=away)
        view = frame.view
        if view.isVisible() and QRect(view.mapTo(self._inner, QPoint(0, 0)), view.size()).contains(
            point
        ):
            return None
        return frame

    def _rebuild_columns(self) -> None:
        self._drop_prefetch_plan()  # its views are about to go
        self.edge_scroller.stop()  # (a view gone mid-drag never says its drag ended)
        for frame in self.frames.values():
            self._row.removeWidget(frame)
            frame.hide()
            frame.setParent(None)  # out of the tree now, not at the next event loop turn
            frame.deleteLater()
        self.frames.clear()
        for stage in self.stages:
            if stage.hidden:
                continue
            model = ColumnModel(stage, self.store, self, clock=(self._now, self._tz))
            model.dropRequested.connect(self._on_drop)
            view = ColumnView(model)
            view.setObjectName(column_object_name(stage.id))
            view.setItemDelegate(self._delegate)
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(lambda pos, v=view: self._context_menu(v, pos))
            view.stepRequested.connect(self.step)
            view.reorderRequested.connect(self.reorder)
            view.openRequested.connect(self.openRequested)
            view.quickAddRequested.connect(self.quickAddRequested)
            view.deleteRequested.connect(self.deleteRequested)
            view.focusNeighbour.connect(
                lambda d, row, sid=stage.id: self._focus_neighbour(sid, d, row)
            )
            view.verticalScrollBar().valueChanged.connect(self._settle)
            view.dragStarted.connect(self.edge_scroller.start)
            view.dragEnded.connect(self.edge_scroller.stop)
            view.focused.connect(lambda v=view: self._select_only_in(v))
            frame = ColumnFrame(stage, view)
            frame.collapseToggled.connect(self._on_collapse)
            frame.menuRequested.connect(self.columnMenuRequested)
            collapsed = self._settings.value(f"board/collapsed/{stage.id}", False, type=bool)
            frame.set_collapsed(bool(collapsed))
            self.frames[stage.id] = frame
            self._row.insertWidget(self._row.count() - 1, frame)
            frame.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self._apply_filter()

    def _reorder_all(self) -> None:
        order = board_view.card_order(self.bridge.db, self.frames)
        for sid, frame in self.frames.items():
            frame.view.column_model().set_order(order.get(sid, []), self._archived_in(sid))
            frame.update_count()

    def _archived_in(self, stage_id: int) -> list[int]:
        if not self._show_archived:
            return []
        return sorted(
            (r.id for r in self.store.values() if r.archived and r.stage_id == stage_id),
            key=lambda i: self.store[i].company.casefold(),
        )

    def on_changed(self, changes: Changes) -> None:
        """Refresh only what ``changes`` names: replay recorded moves on the cached column
        orders (no query), re-read a column only when something else re-arranged it."""
        if changes.stages:
            self.reload()
            return
        touched = set(changes.applications)
        reorder = set(changes.stage_cards)
        holders: set[int] = set()  # the columns a touched card was or is in
        if touched:
            fresh = board_view.load_cards(self.bridge.db, touched)
            for cid in touched:
                old = self.store.get(cid)
                new = fresh.get(cid)
                if new is None:
                    self.store.pop(cid, None)
                else:
                    self.store[cid] = new
                for rec in (old, new):
                    if rec is not None:
                        holders.add(rec.stage_id)
                        if rec.archived and self._show_archived:
                            reorder.add(rec.stage_id)
        stages = reorder & set(self.frames)
        left: set[int] = set()  # columns the moved card left by row: it is not there to repaint
        if stages and self._move_directly(changes.placements, stages):
            left = stages - {changes.placements[0][1]}
        elif stages:
            orders = self._replay(changes.placements, stages) if changes.placements else None
            if orders is None:
                orders = board_view.card_order(self.bridge.db, stages)
            for sid in stages:
                self.frames[sid].view.column_model().set_order(orders[sid], self._archived_in(sid))
        for sid in (stages | holders) & set(self.frames):
            frame = self.frames[sid]
            model = frame.view.column_model()
            if touched and sid not in stages:
                model.refresh(touched)
            elif touched:
                # (Looking for the moved card in the column it left walked all of it.)
                model.repaint(touched - {changes.placements[0][0]} if sid in left else touched)
            frame.update_count()
        if touched or stages:
            self._settle()
            self.countsChanged.emit()

    def _move_directly(
        self, placements: tuple[tuple[int, int, int], ...], stages: set[int]
    ) -> bool:
        """One card moved and nothing hides cards: its columns take it out and put it in
        by row. Replaying and diffing whole orders walked each column ~10 times per drop.
        False, changing nothing, for anything else (the caller replays the orders)."""
        if len(placements) != 1 or self.filtering():
            return False
        app_id, target, index = placements[0]
        if target not in stages:
            return False
        models = {sid: self.frames[sid].view.column_model() for sid in stages}
        dest = models.pop(target)
        if len(models) > 1:
            return False
        if models:
            ((source_id, source),) = models.items()
            self._let_go(self.frames[source_id].view, app_id)
            if not source.move_card(app_id, None):
                return False  # not where the board had it: re-read
        # Should this fail, the replay that follows still fits: it takes the card out of
        # every column and puts it in at ``index``.
        return dest.move_card(app_id, index, arriving=bool(models))

    @staticmethod
    def _let_go(view: ColumnView, card_id: int) -> None:
        """The card leaving ``view`` is the one a drag or a keyboard move started from
        (current and selected there): clear the column's selection before it goes. Left
        to Qt, its removal made the card next to it current — scrolled to, repainted, and
        deselected again when the card's new column takes the focus — in a column the
        person has just left."""
        current = view.currentIndex()
        # The card at the current row, not the card's row: finding that walks the column,
        # and taking the card out walks it again.
        rec = view.column_model().record(current.row()) if current.isValid() else None
        if rec is None or rec.id != card_id:
            return
        selection = view.selectionModel()
        ranges = selection.selection()
        if ranges.isEmpty() or (
            ranges.count() == 1 and ranges.at(0).top() == ranges.at(0).bottom() == current.row()
        ):
            # Only the leaving card is current and selected: forget both without a word.
            # Told, the view repaints, announces and scrolls to a card whose row is about
            # to go anyway (~3% of a drop's instructions).
            selection.reset()
        else:
            selection.clear()  # other cards stay behind: they must be seen deselected

    def _replay(
        self, placements: tuple[tuple[int, int, int], ...], stages: set[int]
    ) -> dict[int, list[int]] | None:
        """The columns' new orders from a move's placements; None if the cached orders
        do not fit them (then the caller re-reads from the database)."""
        orders = {sid: self.frames[sid].view.column_model().order() for sid in stages}
        placed = {app_id for app_id, _, _ in placements}
        for order in orders.values():
            for app_id in placed:
                if app_id in order:
                    order.remove(app_id)  # in C: a comprehension over the column cost more
        for app_id, sid, index in placements:
            target = orders.get(sid)
            if target is None or index > len(target):
                return None
            target.insert(index, app_id)
        return orders

    # --- filtering -----------------------------------------------------------------------
    def set_search(self, text: str) -> None:
        self._search = text
        self._apply_filter()

    def set_overdue_only(self, on: bool) -> None:
        self._overdue_only = on
        self._apply_filter()

    def set_quiet_only(self, on: bool) -> None:
        self._quiet_only = on
        self._apply_filter()

    def set_show_archived(self, on: bool) -> None:
        self._show_archived = on
        self._reorder_all()

    def filtering(self) -> bool:
        return bool(self._search.strip()) or self._overdue_only or self._quiet_only

    def _apply_filter(self) -> None:
        card_filter = CardFilter(
            tokens=tuple(self._search.casefold().split()),
            due_before=self._now() if self._overdue_only else None,
            quiet_only=self._quiet_only,
        )
        for frame in self.frames.values():
            view = frame.view
            view.column_model().set_filter(card_filter)
            frame.update_count()
            if not view.model().rowCount():
                view.viewport().update()  # its hint: empty, or nothing matches
            # Keep a selected card that still matches in view; otherwise show the top of
            # the results (a column scrolled down before the search showed their end).
            # scrollTo lays the column out at once, so only for a selected card.
            current = view.currentIndex()
            if current.isValid() and view.selectionModel().isSelected(current):
                view.scrollTo(current)
            elif view.verticalScrollBar().value():
                view.scrollToTop()
            # A filter that changes many rows re-lays the column out on a zero timer, which
            # came after the first repaint: lay out now, so a keystroke paints once.
            view.executeDelayedItemsLayout()
        lay_out_now()  # the headers' new counts, too
        self._settle()

    # --- selection and navigation -------------------------------------------------------
    def column_views(self) -> list[ColumnView]:
        return [f.view for f in self.frames.values()]

    def view_for(self, stage_id: int) -> ColumnView | None:
        frame = self.frames.get(stage_id)
        return frame.view if frame else None

    def current_view(self) -> ColumnView | None:
        for view in self.column_views():
            if view.hasFocus():
                return view
        return None

    def current_card_id(self) -> int | None:
        view = self.current_view()
        return view.current_id() if view else None

    def select_card(self, card_id: int, *, focus: bool = True) -> bool:
        return self._select_in_column(card_id, lambda view: view.select_id(card_id), focus)

    def select_cards(self, card_ids: Sequence[int]) -> bool:
        """Select cards moved or brought back together (those in the column of the
        first), with the focus there: a second Ctrl+Right moves them all again."""
        if len(card_ids) == 1:
            return self.select_card(card_ids[0])
        return bool(card_ids) and self._select_in_column(
            card_ids[0], lambda view: view.select_ids(card_ids), True
        )

    def _select_in_column(
        self, card_id: int, select: Callable[[ColumnView], bool], focus: bool
    ) -> bool:
        """``select`` in the column ``card_id`` is in (opened if collapsed), then give
        that column the focus and scroll the board to it."""
        rec = self.store.get(card_id)
        if rec is None:
            return False
        frame = self.frames.get(rec.stage_id)
        if frame is None:
            return False
        if frame.collapsed:
            frame.set_collapsed(False)
        view = frame.view
        if not select(view):
            return False
        if focus:
            if not view.hasFocus():
                view.setFocus(Qt.FocusReason.OtherFocusReason)
                if not view.hasFocus():
                    # The window is not active (a dialog just closed): no focus-in event
                    # came to drop the other columns' selections, and the column left
                    # behind kept its own selected card too.
                    self._select_only_in(view)
            self._reveal(frame)
        return True

    def is_collapsed(self, stage_id: int) -> bool:
        frame = self.frames.get(stage_id)
        return frame is not None and frame.collapsed

    def where_cards_leave(self, card_ids: Sequence[int]) -> tuple[ColumnView, int] | None:
        """The focused column and the first of its rows ``card_ids`` hold: once they are
        gone, the card in their place is the one to select (``select_row``)."""
        view = self.current_view()
        if view is None:
            return None
        model = view.column_model()
        rows = [r for r in (model.row_of(i) for i in card_ids) if r >= 0]
        return (view, min(rows)) if rows else None

    def select_row(self, view: ColumnView, row: int) -> bool:
        """Select the card at ``row`` of ``view`` (its last card when there are fewer),
        with the focus; False when the column is empty or no longer on the board."""
        if view not in self.column_views():
            return False
        count = view.model().rowCount()
        rec = view.column_model().record(min(row, count - 1)) if count else None
        return rec is not None and self.select_card(rec.id)

    def _select_only_in(self, focused: ColumnView) -> None:
        """One selection on the board: the column taking the focus keeps its selection and
        the others drop theirs. Each column is a view with its own selection, and a card
        left selected in a column the user had left still looked selected while Delete,
        Archive or a drag acted on the focused column's cards alone."""
        for frame in self.frames.values():
            view = frame.view
            if view is not focused and view.selectionModel().hasSelection():
                view.selectionModel().clearSelection()

    def wheelEvent(self, event: QWheelEvent) -> None:
        """The wheel turned over the board's headers, gaps or margins, or with Shift
        anywhere (the columns pass that on), scrolls it sideways: it has no vertical scroll
        of its own, and a mouse without a tilt wheel could reach the far columns only by
        the thin scroll bar at the bottom. Over a column's cards the wheel is the column's:
        one scrolled to its end does not start moving the board instead."""
        turn = event.angleDelta()
        if turn.x() or not turn.y():
            super().wheelEvent(event)  # a tilt wheel or a sideways swipe: Qt's way
            return
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        under = self.viewport().childAt(event.position().toPoint())
        if not shift and column_view_of(under) is not None:
            event.ignore()
            return
        bar = self.horizontalScrollBar()
        bar.setValue(bar.value() - round(turn.y() / 120 * COLUMN_WIDTH / 2))
        event.accept()

    def _reveal(self, frame: QWidget) -> None:
        """Scroll the board sideways only when the column is not already in view (a scroll
        repaints every column)."""
        port = self.viewport().rect()
        top_left = frame.mapTo(self.viewport(), frame.rect().topLeft())
        if top_left.x() < 0 or top_left.x() + frame.width() > port.width():
            self.ensureWidgetVisible(frame, 0, 0)

    def _visible_stage_ids(self) -> list[int]:
        return [s.id for s in self.stages if not s.hidden and s.id in self.frames]

    def neighbour_stage(self, stage_id: int, direction: int) -> int | None:
        ids = self._visible_stage_ids()
        if stage_id not in ids:
            return None
        i = ids.index(stage_id) + direction
        return ids[i] if 0 <= i < len(ids) else None

    def _focus_neighbour(self, stage_id: int, direction: int, row: int) -> None:
        target = self.neighbour_stage(stage_id, direction)
        while target is not None and self.frames[target].collapsed:
            target = self.neighbour_stage(target, direction)
        if target is None:
            return
        view = self.frames[target].view
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        n = view.model().rowCount()
        if n:
            idx = view.model().index(min(row, n - 1), 0)
            view.setCurrentIndex(idx)
        self._reveal(self.frames[target])

    # --- gestures → requests -------------------------------------------------------------
    def _on_drop(self, ids: list[int], stage_id: int, index: int) -> None:
        self.moveRequested.emit(ids, stage_id, index)

    def step(self, ids: list[int], direction: int) -> None:
        """Ctrl+Left/Right: to the previous/next visible column, at the same height."""
        rec = self.store.get(ids[0]) if ids else None
        if rec is None:
            return
        target = self.neighbour_stage(rec.stage_id, direction)
        if target is None:
            return
        frame = self.frames[rec.stage_id]
        row = max(0, frame.view.currentIndex().row())
        model = self.frames[target].view.column_model()
        index = model.final_index(row, ids) if row < model.rowCount() else None
        self.moveRequested.emit(ids, target, -1 if index is None else index)

    def reorder(self, card_id: int, delta: int) -> None:
        """Ctrl+Up/Down: swap places with the visible neighbour (search may hide others)."""
        rec = self.store.get(card_id)
        if rec is None or rec.archived or rec.stage_id not in self.frames:
            return
        model = self.frames[rec.stage_id].view.column_model()
        visible = model.ids()
        neighbour_row = model.row_of(card_id) + delta
        if not 0 <= neighbour_row < len(visible):
            return
        order = model.order()
        if visible[neighbour_row] not in order:
            return
        self.moveRequested.emit([card_id], rec.stage_id, order.index(visible[neighbour_row]))

    def place_of(self, card_id: int) -> tuple[int, int] | None:
        """(stage id, index) of a live card, from the column's fresh order (records only
        carry the position they were loaded with)."""
        rec = self.store.get(card_id)
        if rec is None or rec.archived:
            return None
        frame = self.frames.get(rec.stage_id)
        if frame is not None:
            at = frame.view.column_model().place_of(card_id)
            return (rec.stage_id, at) if at >= 0 else None
        order = board_view.card_order(self.bridge.db, [rec.stage_id])[rec.stage_id]
        return (rec.stage_id, order.index(card_id)) if card_id in order else None

    def _context_menu(self, view: ColumnView, pos) -> None:  # type: ignore[no-untyped-def]
        idx = view.indexAt(pos)
        if not idx.isValid():  # the column's empty space: the column's own menu
            self.columnMenuRequested.emit(
                view.column_model().stage.id, view.viewport().mapToGlobal(pos)
            )
            return
        from .roles import ApplicationIdRole

        self.contextMenuRequested.emit(
            int(idx.data(ApplicationIdRole)), view.viewport().mapToGlobal(pos)
        )

    def _on_collapse(self, stage_id: int, collapsed: bool) -> None:
        self.frames[stage_id].set_collapsed(collapsed)
        self._settings.setValue(f"board/collapsed/{stage_id}", collapsed)

    # --- summaries -------------------------------------------------------------------------
    def stage(self, stage_id: int) -> StageRecord | None:
        return next((s for s in self.stages if s.id == stage_id), None)

    def counts(self) -> dict[str, int]:
        """Pipeline numbers for the status bar, in one pass over the records."""
        now = self._now()
        kind_of = {s.id: s.kind for s in self.stages}
        total = active = won = overdue = quiet = 0
        open_kind, won_kind = StageKind.OPEN.value, StageKind.WON.value
        for r in self.store.values():
            if r.archived:
                continue
            total += 1
            kind = kind_of.get(r.stage_id)
            if kind == open_kind:
                active += 1
            elif kind == won_kind:
                won += 1
            if r.next_due is not None and r.next_due <= now:
                overdue += 1
            if r.ghost_suggested:
                quiet += 1
        return {
            "total": total,
            "active": active,
            "offers_won": won,
            "overdue": overdue,
            "ghost_suggested": quiet,
        }
