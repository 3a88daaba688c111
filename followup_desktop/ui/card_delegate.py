"""Paints a card: company, role, next follow-up badge, days in stage, markers.

Painting (not a widget per card) is what keeps 10,000 cards smooth. Texts are laid out
once as QStaticText set to plain text (never markup): a company called ``<img src=x>``
shows exactly those characters.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from typing import TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QStaticText,
    QTransform,
)
from PySide6.QtWidgets import (
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ..services.board_view import CardRecord
from .picture_cache import PictureCache
from .roles import CardRole
from .text_width import AsciiWidths
from .timefmt import Badge, badge_for, days_in_stage

CARD_HEIGHT = 92
MARGIN_X = 6
MARGIN_Y = 4
PAD = 8

#: Cached card pictures (each ~90 KB at 1x): 32 MiB holds ~350 cards, several screens of
#: every column, within the memory budget.
PICTURES_BYTES = 32 * 1024 * 1024

#: (badge kind and label, days in stage): what a card shows that depends on the clock.
Labels = tuple[tuple[Badge, str] | None, int]

# Flags combined once: an enum "|" in Python costs a microsecond, five times per card.
_SELECTED = QStyle.StateFlag.State_Selected
_HAS_FOCUS = QStyle.StateFlag.State_HasFocus
_ELIDE = Qt.TextElideMode.ElideRight
#: A width no short label ("12d", "Overdue 3d", the envelope) is cut to.
_UNCUT = 1 << 20

_K = TypeVar("_K")

#: Blank card frames kept (one per column width and colours; resizing makes new widths).
_SHAPES_KEPT = 16
#: Badge pictures kept (~4 KB each): every label the board shows at once, several times.
BADGES_KEPT = 512

BADGE_COLOURS = {
    Badge.OVERDUE: (QColor("#c62828"), QColor("#ffffff")),
    Badge.TODAY: (QColor("#f9a825"), QColor("#1b1b1b")),
}


#: Laid-out texts kept per font (see _Fonts.text): the strings that repeat across cards
#: (roles, "3d", badge labels, places and tags: a few hundred per card width) are laid out
#: once, not per drawn card; the least recently drawn go first. ~2.2 KB each (measured):
#: ≤ 4.5 MiB.
TEXT_CACHE = 2048

#: Texts too long for a card, kept cut to size: eliding shapes the text, as costly as
#: drawing it, and a card drawn again (moved: its day count changed) cuts the same
#: company and follow-up title again. A few dozen bytes each.
CUT_CACHE = 4096

#: Drawn ahead once the board is still (see CardDelegate.warm_shared): day counts below
#: this, and this many of the board's most common badge labels (within BADGES_KEPT).
DAYS_AHEAD = 100
BADGES_AHEAD = 200
#: Follow-up dates labelled per slice of that work (~2 ms); texts laid out per slice are
#: 25 times fewer, badges drawn 50 times fewer.
WARM_SLICE = 500


class _Fonts:
    """Fonts and metrics derived from the view's font, built once (not per painted card),
    and the texts laid out in them."""

    def __init__(self, base: QFont) -> None:
        self.font = QFont(base)
        self.bold = QFont(base)
        self.bold.setBold(True)
        self.small = QFont(base)
        self.small.setPointSizeF(max(6.0, base.pointSizeF() * 0.9))
        self.italic = QFont(base)
        self.italic.setItalic(True)
        self.fm = QFontMetrics(self.font)
        self.bold_fm = QFontMetrics(self.bold)
        self.small_fm = QFontMetrics(self.small)
        self.italic_fm = QFontMetrics(self.italic)
        self._faces = {
            "font": (self.font, self.fm),
            "bold": (self.bold, self.bold_fm),
            "small": (self.small, self.small_fm),
            "italic": (self.italic, self.italic_fm),
        }
        self.text = functools.lru_cache(maxsize=TEXT_CACHE)(self._lay_out)
        self._cut = functools.lru_cache(maxsize=CUT_CACHE)(self._elide)
        # Whether an ASCII text fits, without eliding's shaping pass (as costly as
        # drawing the text).
        self._widths = {face: AsciiWidths(font) for face, (font, _) in self._faces.items()}
        self._ascent = {face: fm.ascent() for face, (_, fm) in self._faces.items()}

    def fitted(self, face: str, text: str, width: int) -> str:
        """``text`` cut with "…" to ``width`` pixels in ``face`` ("font", "bold", "small"
        or "italic"), exactly as QFontMetrics.elidedText cuts it."""
        at_most = self._widths[face].at_most(text)
        if at_most is not None and at_most <= width:
            return text
        return self._cut(face, text, width)

    def _elide(self, face: str, text: str, width: int) -> str:
        return self._faces[face][1].elidedText(text, _ELIDE, width)

    def _lay_out(self, face: str, text: str, width: int) -> QStaticText:
        """``text`` fitted to ``width`` and laid out once, for the texts many cards share
        (roles, "3d", badge labels, places and tags): drawing a laid-out text is ~3x
        cheaper than drawText, which shapes the string again on every call. Always plain
        text: QStaticText would otherwise render a company called "<b>x</b>" as markup."""
        static = QStaticText(self.fitted(face, text, width))
        static.setTextFormat(Qt.TextFormat.PlainText)
        static.prepare(QTransform(), self._faces[face][0])
        return static

    def draw_once(
        self, painter: QPainter, face: str, x: float, y: float, text: str, width: int
    ) -> None:
        """Draw a text few other cards show (a company, a follow-up's title) with its top
        left at (x, y): laying it out first costs twice drawText's ~20 µs, and keeping it
        would push shared texts out of the cache. QPainter.drawText never reads markup."""
        painter.drawText(QPointF(x, y + self._ascent[face]), self.fitted(face, text, width))


class CardDelegate(QStyledItemDelegate):
    def __init__(
        self, now: Callable[[], dt.datetime], tz: dt.tzinfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._now = now
        self._tz = tz
        self._fonts: dict[str, _Fonts] = {}
        self._font_key: tuple[QFont, str] | None = None
        # Badge and day count per (due, entered) for the current minute: each costs four
        # time-zone conversions, asked for every card on every repaint.
        self._labels: dict[tuple[dt.datetime | None, dt.datetime], Labels] = {}
        self._labels_minute = -1
        self._colours: dict[int, _Colours] = {}
        self._blanks: dict[tuple[int, int, float, int, bool], QPixmap] = {}
        self._rings: dict[tuple[int, int, float, int, bool], QPixmap] = {}
        self._badges: dict[tuple[Badge, str, int, int, float], QPixmap] = {}
        self.pictures = PictureCache(PICTURES_BYTES)
        #: (local day, looks) the shared texts and badges were last drawn ahead for.
        self._warmed: tuple[dt.date, frozenset[tuple[int, int, str, float]]] | None = None

    def _key_of(self, font: QFont) -> str:
        """QFont.key() builds a string (~4 µs); comparing fonts is ~0.3 µs."""
        cached = self._font_key
        if cached is None or cached[0] != font:
            cached = self._font_key = (QFont(font), font.key())
        return cached[1]

    def _labels_for(self, rec: CardRecord) -> Labels:
        now = self._now()
        minute = int(now.timestamp() // 60)
        if minute != self._labels_minute:
            self._labels.clear()
            self._labels_minute = minute
        key = (rec.next_due, rec.stage_entered_at)
        labels = self._labels.get(key)
        if labels is None:
            badge = badge_for(rec.next_due, now, self._tz) if rec.next_due is not None else None
            labels = self._labels[key] = (badge, days_in_stage(rec.stage_entered_at, now, self._tz))
        return labels

    def _fonts_for(self, font: QFont) -> _Fonts:
        key = self._key_of(font)
        fonts = self._fonts.get(key)
        if fonts is None:
            fonts = self._fonts[key] = _Fonts(font)
        return fonts

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(option.rect.width() or 240, CARD_HEIGHT)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """One card (Qt's entry point: a drag's picture, a view other than the board's
        columns, which paint through ``paint_cards``)."""
        rec = index.data(CardRole)
        if not isinstance(rec, CardRecord):
            return
        state = option.state
        self.paint_cards(
            painter, option, [(option.rect, rec, _SELECTED in state, _HAS_FOCUS in state)]
        )

    def paint_cards(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        cards: Sequence[tuple[QRect, CardRecord | None, bool, bool]],
    ) -> None:
        """Blit a cached picture of each card (rect, record, selected, focused) when
        nothing it shows has changed (a drop shifts a dozen cards that look exactly as
        before); otherwise draw and cache it. Selection and focus are drawn over the
        picture, so selecting a card (every drop, every arrow key) blits the picture it
        already has instead of drawing a new one. What every card of one paint shares
        (size, colours, font, pixel ratio) is looked up once."""
        device = painter.device()
        dpr = device.devicePixelRatioF() if device else 1.0
        look: _Look | None = None
        for rect, rec, selected, focused in cards:
            if rec is None:
                continue
            size = rect.size()
            if look is None or look.size != size:
                look = self._look(option, size, dpr)
            pix = self._picture(look, rec)
            x, y = rect.x(), rect.y()
            painter.drawPixmap(x, y, pix)
            if selected or focused:
                ring = self._ring(size, pix.devicePixelRatio(), option.palette, selected)
                painter.drawPixmap(x, y, ring)

    def _look(self, option: QStyleOptionViewItem, size: QSize, dpr: float) -> _Look:
        return _Look(
            option,
            size,
            dpr,
            self._colours_for(option.palette),
            self._key_of(option.font),
        )

    def _picture(self, look: _Look, rec: CardRecord) -> QPixmap:
        """The card's picture at ``look``'s size, unselected and unfocused, from the cache
        or drawn now. The cache key is what the card shows (its texts, badge and day
        count), not the clock: keyed by the minute, every card on screen was redrawn once
        a minute."""
        badge, days = self._labels_for(rec)
        key = (
            rec.company,
            rec.role,
            rec.location,
            rec.tags,
            rec.archived,
            rec.next_title,
            rec.thank_you_pending,
            rec.ghost_suggested,
            rec.unanswered_nudges,
            badge,
            days,
            look.width,
            look.height,
            look.colours.key,
            look.font_key,
            look.dpr,
        )
        pictures = self.pictures
        found = pictures.find(key)
        if found is not None:
            return found
        dpr = look.dpr
        blank = self._blank(look.size, dpr, look.colours, rec.archived)
        pix = pictures.canvas(blank.width(), blank.height(), dpr)
        painter = QPainter(pix)
        # The blank frame replaces every pixel (its corners are transparent), whatever a
        # reused picture showed.
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        painter.drawPixmap(0, 0, blank)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        self._draw(painter, look.option, QRect(0, 0, look.width, look.height), rec, badge, days)
        painter.end()
        pictures.insert(key, pix)
        return pix

    def prefetch(self, view: QListView, rows: range) -> None:
        """Draw the pictures of ``rows`` of ``view`` ahead of time (idle time: the next
        screenful below what is shown), so scrolling down or a search that brings those
        cards up blits them instead of drawing ~40 cards in one frame."""
        look = self._look_of(view) if rows else None
        if look is None:
            return
        model = view.model()
        for row in rows:
            index = model.index(row, 0)
            rec = index.data(CardRole) if index.isValid() else None
            if isinstance(rec, CardRecord):
                self._picture(look, rec)

    def _look_of(self, view: QListView) -> _Look | None:
        """The look of ``view``'s cards as its next paint will draw them (None while it
        has no card to measure)."""
        model = view.model()
        if model is None or model.rowCount() == 0:
            return None
        first = view.visualRect(model.index(0, 0))
        if first.isEmpty():
            return None
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        option.rect = QRect(0, 0, first.width(), first.height())
        return self._look(option, option.rect.size(), view.viewport().devicePixelRatioF())

    def warm_shared(
        self, views: Sequence[QListView], records: Collection[CardRecord]
    ) -> Iterator[None]:
        """Lay out the texts many cards share (roles, places and tags, day counts) and
        draw the most common follow-up badges at each of ``views``' card sizes, a slice
        per ``next()``, once a day or look: a search bringing up cards never drawn then
        draws only what is theirs alone (company, follow-up title). Measured in the
        window: the first time shared texts and badges were 2–3 ms of a 20–24 ms
        keystroke (gl, z, acm)."""
        looks = {}
        for view in views:
            look = self._look_of(view)
            if look is not None:
                looks[(look.width, look.colours.key, look.font_key, look.dpr)] = look
        now = self._now()
        warmed = (now.astimezone(self._tz).date(), frozenset(looks))
        if warmed == self._warmed or not looks:
            return
        roles = {rec.role for rec in records}
        places = {" · ".join(x for x in (rec.location, rec.tags) if x) for rec in records}
        yield
        labels: Counter[tuple[Badge, str]] = Counter()
        for n, due in enumerate({rec.next_due for rec in records if rec.next_due is not None}):
            labels[badge_for(due, now, self._tz)] += 1
            if n % WARM_SLICE == WARM_SLICE - 1:
                yield
        common = [label for label, _ in labels.most_common(BADGES_AHEAD)]
        for look in looks.values():
            fonts = self._fonts_for(look.option.font)
            width = _text_width(look.width)
            texts = [("font", f"{d}d", _UNCUT) for d in range(DAYS_AHEAD)]
            texts += [("font", role, width) for role in roles]
            texts += [("italic", place, width) for place in places]
            for n, (face, text, fit) in enumerate(texts):
                fonts.text(face, text, fit)
                if n % (WARM_SLICE // 25) == 0:
                    yield
            for n, label in enumerate(common):
                self._badge(label, fonts, look.colours, look.dpr)
                if n % (WARM_SLICE // 50) == 0:
                    yield
        self._warmed = warmed  # (only once done: work cut short starts over when still)

    def stock_canvases(self, views: Sequence[QListView], at_most: int) -> bool:
        """Get blank pictures ready (see PictureCache.stock): a screenful for each of
        ``views`` at its card size, as many as a keystroke bringing up a new screenful of
        cards in every column draws. Whether more are wanted."""
        wanted: dict[tuple[int, int, float], int] = {}
        for view in views:
            look = self._look_of(view)
            if look is None:
                continue
            dpr = look.dpr
            shape = (int(look.width * dpr), int(look.height * dpr), dpr)
            wanted[shape] = wanted.get(shape, 0) + view.viewport().height() // CARD_HEIGHT + 1
        return self.pictures.stock(wanted, at_most)

    def _draw(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        cell: QRect,
        rec: CardRecord,
        badge_label: tuple[Badge, str] | None,
        days: int,
    ) -> None:
        colours = self._colours_for(option.palette)
        rect: QRect = cell.adjusted(MARGIN_X, MARGIN_Y, -MARGIN_X, -MARGIN_Y)

        left, width = rect.left() + PAD, _text_width(cell.width())
        right = left + width
        y = rect.top() + PAD - 2
        fonts = self._fonts_for(option.font)
        text = fonts.text
        line_h = fonts.fm.height()

        # Line 1: company (bold) … days in stage (right).
        days_text = text("font", f"{days}d", _UNCUT)
        days_w = int(days_text.size().width()) + 4
        painter.setFont(fonts.bold)
        painter.setPen(colours.text)
        fonts.draw_once(painter, "bold", left, y, rec.company, width - days_w)
        painter.setFont(fonts.font)
        painter.setPen(colours.muted)
        painter.drawStaticText(QPointF(right - days_w + 4, y), days_text)

        # Line 2: role.
        y += line_h + 1
        painter.drawStaticText(QPointF(left, y), text("font", rec.role, width))

        # Line 3: next follow-up badge + title (+ thank-you marker).
        y += line_h + 5
        x = left
        # An archived card's follow-ups are silenced (they wait for a restore): no
        # unsent-thank-you mark, and no badge.
        if rec.thank_you_pending and not rec.archived:
            painter.setPen(colours.thank_you)
            mark = text("font", "✉", _UNCUT)
            painter.drawStaticText(QPointF(x, y + 1), mark)
            x += int(mark.size().width()) + 6
        if badge_label is not None and not rec.archived:
            badge = self._badge(badge_label, fonts, colours, painter.device().devicePixelRatioF())
            painter.drawPixmap(QPointF(x, y), badge)
            painter.setFont(fonts.font)
            painter.setPen(colours.muted)
            title_x = x + int(badge.width() / badge.devicePixelRatio()) - 1 + 6
            fonts.draw_once(painter, "font", title_x, y + 1, rec.next_title, right - title_x)
        else:
            painter.setPen(colours.muted)
            quiet = "Archived" if rec.archived else "No follow-up planned"
            painter.drawStaticText(QPointF(x, y + 1), text("font", quiet, right - x))

        # Line 4: the playbook's suggestion if any, else where and what (location · tags).
        y += line_h + 6
        painter.setFont(fonts.italic)
        if rec.ghost_suggested:
            painter.setPen(colours.ghost)
            msg = f"{rec.unanswered_nudges} unanswered — move to Ghosted?"
        else:
            painter.setPen(colours.muted)
            msg = " · ".join(x for x in (rec.location, rec.tags) if x)
        painter.drawStaticText(QPointF(left, y), text("italic", msg, width))

    def _blank(self, size: QSize, dpr: float, colours: _Colours, archived: bool) -> QPixmap:
        """The card's frame (a rounded, bordered panel), drawn once per size and colours:
        an antialiased rounded rectangle cost a quarter of drawing a new card, and a new
        card is drawn on every drop and for each card a search brings up."""
        key = (size.width(), size.height(), dpr, colours.key, archived)
        return _kept(self._blanks, key, _SHAPES_KEPT, _draw_blank, size, dpr, colours, archived)

    def _ring(self, size: QSize, dpr: float, palette: QPalette, selected: bool) -> QPixmap:
        """The selection highlight (2 px over the border) or the focus ring (dashed,
        inside), drawn once per size: a selected or focused card is repainted on every
        drop and arrow key, and the antialiased outline cost more than the card's blit."""
        colours = self._colours_for(palette)
        key = (size.width(), size.height(), dpr, colours.ring_key, selected)
        return _kept(self._rings, key, _SHAPES_KEPT, _draw_ring, size, dpr, colours, selected)

    def _badge(
        self, badge: tuple[Badge, str], fonts: _Fonts, colours: _Colours, dpr: float
    ) -> QPixmap:
        """The follow-up badge ("Overdue 3d", "Today", "Thu 9:00"): a few hundred labels
        between all the cards, each drawn once (its rounded pill cost as much as the
        card's texts)."""
        kind, label = badge
        key = (kind, label, id(fonts), colours.key, dpr)
        return _kept(self._badges, key, BADGES_KEPT, _draw_badge, badge, fonts, colours, dpr)

    def _colours_for(self, palette: QPalette) -> _Colours:
        key = palette.cacheKey()
        colours = self._colours.get(key)
        if colours is None:
            colours = self._colours[key] = _Colours(palette)
        return colours


class _Look:
    """What the cards of one paint share: the view's item option (palette, font), the
    card size, the pixel ratio, and the cache-key parts derived from them."""

    __slots__ = ("colours", "dpr", "font_key", "height", "option", "size", "width")

    def __init__(
        self,
        option: QStyleOptionViewItem,
        size: QSize,
        dpr: float,
        colours: _Colours,
        font_key: str,
    ) -> None:
        self.option = option
        self.size = size
        self.width = size.width()
        self.height = size.height()
        self.dpr = dpr
        self.colours = colours
        self.font_key = font_key


class _Colours:
    """The pens and brushes a card is drawn with, for one palette (looked up once, not
    eight palette calls per drawn card)."""

    def __init__(self, pal: QPalette) -> None:
        role = QPalette.ColorRole
        dark = _is_dark(pal)
        self.base = pal.color(role.Base)
        self.archived = pal.color(role.Window)
        self.border = QPen(pal.color(role.Mid), 1)
        self.selected_border = QPen(pal.color(role.Highlight), 2)
        self.focus = QPen(pal.color(role.Highlight), 1, Qt.PenStyle.DashLine)
        self.text = pal.color(role.Text)
        self.muted = pal.color(role.PlaceholderText)
        self.badge = pal.color(role.AlternateBase)
        self.badge_border = QPen(pal.color(role.Mid))
        self.thank_you = QColor("#90caf9" if dark else "#1565c0")
        self.ghost = QColor("#ffcc80" if dark else "#b26a00")
        #: What a picture drawn with these colours depends on: equal colours share
        #: pictures (two views' palettes can be equal yet have different cache keys,
        #: e.g. after a theme change, and then no card was shared between columns).
        drawn_with = [self.base, self.archived, self.border.color(), self.text, self.muted]
        drawn_with += [self.badge, self.badge_border.color(), self.thank_you, self.ghost]
        self.key = hash(tuple(c.rgba() for c in drawn_with))
        #: What the selection and focus rings are drawn with (the highlight, which card
        #: pictures do not use: an accent colour change alone redraws only the rings).
        self.ring_key = hash((self.selected_border.color().rgba(), self.focus.color().rgba()))


def _text_width(card_width: int) -> int:
    """How wide a card's full-width lines (role, place and tags) may be."""
    return card_width - 2 * MARGIN_X - 2 * PAD


def _canvas(width: int, height: int, dpr: float) -> tuple[QPixmap, QPainter]:
    """A transparent picture ``width`` × ``height`` (logical pixels) and an antialiased
    painter on it."""
    pix = QPixmap(int(width * dpr), int(height * dpr))
    pix.setDevicePixelRatio(dpr)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    return pix, painter


def _kept(
    cache: dict[_K, QPixmap],
    key: _K,
    limit: int,
    draw: Callable[..., QPixmap],
    *args: object,
) -> QPixmap:
    """``cache[key]``, drawn now by ``draw(*args)`` if missing (a function and its
    arguments, not a closure: most calls find the picture, and making a closure for each
    cost more than the lookup); a full cache is emptied first (its entries are cheap to
    draw again, and what is drawn in turn soon refills it)."""
    pix = cache.get(key)
    if pix is None:
        if len(cache) >= limit:
            cache.clear()
        pix = cache[key] = draw(*args)
    return pix


def _draw_blank(size: QSize, dpr: float, colours: _Colours, archived: bool) -> QPixmap:
    blank, painter = _canvas(size.width(), size.height(), dpr)
    painter.setPen(colours.border)
    painter.setBrush(colours.archived if archived else colours.base)
    frame = QRectF(0, 0, size.width(), size.height())
    frame.adjust(MARGIN_X + 0.5, MARGIN_Y + 0.5, -MARGIN_X - 0.5, -MARGIN_Y - 0.5)
    painter.drawRoundedRect(frame, 6, 6)
    painter.end()
    return blank


def _draw_ring(size: QSize, dpr: float, colours: _Colours, selected: bool) -> QPixmap:
    ring, painter = _canvas(size.width(), size.height(), dpr)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    frame = QRectF(0, 0, size.width(), size.height())
    frame.adjust(MARGIN_X, MARGIN_Y, -MARGIN_X, -MARGIN_Y)
    if selected:
        painter.setPen(colours.selected_border)
        painter.drawRoundedRect(frame.adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
    else:
        painter.setPen(colours.focus)
        painter.drawRoundedRect(frame.adjusted(2.5, 2.5, -2.5, -2.5), 5, 5)
    painter.end()
    return ring


def _draw_badge(badge: tuple[Badge, str], fonts: _Fonts, colours: _Colours, dpr: float) -> QPixmap:
    kind, label = badge
    small = fonts.text("small", label, _UNCUT)
    size = small.size()
    rect = QRect(0, 0, int(size.width()) + 10, fonts.fm.height() + 2)
    pix, painter = _canvas(rect.width(), rect.height(), dpr)
    bg, fg = BADGE_COLOURS.get(kind, (colours.badge, colours.text))
    painter.setPen(Qt.PenStyle.NoPen if kind in BADGE_COLOURS else colours.badge_border)
    painter.setBrush(bg)
    painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
    painter.setFont(fonts.small)
    painter.setPen(fg)
    painter.drawStaticText(
        QPointF((rect.width() - size.width()) / 2, (rect.height() - size.height()) / 2),
        small,
    )
    painter.end()
    return pix


def _is_dark(pal: QPalette) -> bool:
    return pal.color(QPalette.ColorRole.Window).lightness() < 128
