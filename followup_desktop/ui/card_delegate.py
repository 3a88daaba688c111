"""Paints a card: company, role, next follow-up badge, days in stage, markers.

Painting (not a widget per card) is what keeps 10,000 cards smooth. Text is drawn with
QPainter.drawText, which never interprets markup: a company called ``<img src=x>`` shows
exactly those characters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QPixmapCache,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ..services.board_view import CardRecord
from .roles import CardRole
from .timefmt import Badge, badge_for, days_in_stage

CARD_HEIGHT = 92
MARGIN_X = 6
MARGIN_Y = 4
PAD = 8

#: Cached card pictures (each ~90 KB at 1x): 32 MiB holds ~350 cards, several screens of
#: every column, within the memory budget. In KiB; set when the first delegate is made
#: (the application resets the limit when it starts).
PIXMAP_CACHE_KIB = 32 * 1024

BADGE_COLOURS = {
    Badge.OVERDUE: (QColor("#c62828"), QColor("#ffffff")),
    Badge.TODAY: (QColor("#f9a825"), QColor("#1b1b1b")),
}


class _Fonts:
    """Fonts and metrics derived from the view's font, built once (not per painted card)."""

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


class CardDelegate(QStyledItemDelegate):
    def __init__(
        self, now: Callable[[], dt.datetime], tz: dt.tzinfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._now = now
        self._tz = tz
        self._fonts: dict[str, _Fonts] = {}
        if QPixmapCache.cacheLimit() < PIXMAP_CACHE_KIB:
            QPixmapCache.setCacheLimit(PIXMAP_CACHE_KIB)

    def _fonts_for(self, font: QFont) -> _Fonts:
        key = font.key()
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
        """Blit a cached picture of the card when nothing it shows has changed (a drop
        shifts a dozen cards that look exactly as before); otherwise draw and cache it."""
        rec = index.data(CardRole)
        if not isinstance(rec, CardRecord):
            return
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        focused = bool(state & QStyle.StateFlag.State_HasFocus)
        now = self._now()
        size = option.rect.size()
        dpr = painter.device().devicePixelRatioF() if painter.device() else 1.0
        key = "card:%x" % (
            hash(
                (
                    rec,
                    size.width(),
                    size.height(),
                    selected,
                    focused,
                    option.palette.cacheKey(),
                    option.font.key(),
                    dpr,
                    int(now.timestamp() // 60),
                )
            )
            & 0xFFFFFFFFFFFF
        )
        pix = QPixmapCache.find(key)  # type: ignore[call-overload]
        if pix is None or pix.isNull():
            pix = QPixmap(int(size.width() * dpr), int(size.height() * dpr))
            pix.setDevicePixelRatio(dpr)
            pix.fill(Qt.GlobalColor.transparent)
            cache_painter = QPainter(pix)
            self._draw(
                cache_painter,
                option,
                QRect(0, 0, size.width(), size.height()),
                rec,
                selected,
                focused,
                now,
            )
            cache_painter.end()
            QPixmapCache.insert(key, pix)
        painter.drawPixmap(option.rect.topLeft(), pix)

    def _draw(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        cell: QRect,
        rec: CardRecord,
        selected: bool,
        focused: bool,
        now: dt.datetime,
    ) -> None:
        pal = option.palette
        rect: QRect = cell.adjusted(MARGIN_X, MARGIN_Y, -MARGIN_X, -MARGIN_Y)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)

        base = pal.color(QPalette.ColorRole.Base)
        border = (
            pal.color(QPalette.ColorRole.Highlight)
            if selected
            else pal.color(QPalette.ColorRole.Mid)
        )
        if rec.archived:
            base = pal.color(QPalette.ColorRole.Window)
        painter.setPen(QPen(border, 2 if selected else 1))
        painter.setBrush(base)
        painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        if focused and not selected:
            painter.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 1, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(rect).adjusted(2.5, 2.5, -2.5, -2.5), 5, 5)

        text = pal.color(QPalette.ColorRole.Text)
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        inner = rect.adjusted(PAD, PAD - 2, -PAD, -PAD + 2)

        # Line 1: company (bold) … days in stage (right).
        fonts = self._fonts_for(option.font)
        font, bold, fm = fonts.font, fonts.bold, fonts.fm
        days = days_in_stage(rec.stage_entered_at, now, self._tz)
        days_text = f"{days}d"
        days_w = fm.horizontalAdvance(days_text) + 4
        line_h = fm.height()
        painter.setFont(bold)
        painter.setPen(text)
        top = QRect(inner.left(), inner.top(), inner.width() - days_w, line_h)
        painter.drawText(
            top,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fonts.bold_fm.elidedText(rec.company, Qt.TextElideMode.ElideRight, top.width()),
        )
        painter.setFont(font)
        painter.setPen(muted)
        painter.drawText(
            QRect(inner.right() - days_w, inner.top(), days_w, line_h),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            days_text,
        )

        # Line 2: role.
        y = inner.top() + line_h + 1
        role_rect = QRect(inner.left(), y, inner.width(), line_h)
        painter.drawText(
            role_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(rec.role, Qt.TextElideMode.ElideRight, role_rect.width()),
        )

        # Line 3: next follow-up badge + title (+ thank-you marker).
        y += line_h + 5
        x = inner.left()
        if rec.thank_you_pending:
            painter.setPen(QColor("#1565c0") if not _is_dark(pal) else QColor("#90caf9"))
            mark = "✉"
            painter.drawText(
                QRect(x, y, fm.horizontalAdvance(mark) + 2, line_h + 2),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                mark,
            )
            x += fm.horizontalAdvance(mark) + 6
        if rec.next_due is not None:
            kind, label = badge_for(rec.next_due, now, self._tz)
            small, sfm = fonts.small, fonts.small_fm
            bw = sfm.horizontalAdvance(label) + 10
            badge = QRect(x, y, bw, line_h + 2)
            bg, fg = BADGE_COLOURS.get(kind, (pal.color(QPalette.ColorRole.AlternateBase), text))
            painter.setPen(
                Qt.PenStyle.NoPen
                if kind in BADGE_COLOURS
                else QPen(pal.color(QPalette.ColorRole.Mid))
            )
            painter.setBrush(bg)
            painter.drawRoundedRect(QRectF(badge).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
            painter.setFont(small)
            painter.setPen(fg)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)
            painter.setFont(font)
            painter.setPen(muted)
            title_rect = QRect(badge.right() + 6, y, inner.right() - badge.right() - 6, line_h + 2)
            painter.drawText(
                title_rect,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                fm.elidedText(rec.next_title, Qt.TextElideMode.ElideRight, title_rect.width()),
            )
        else:
            painter.setPen(muted)
            painter.drawText(
                QRect(x, y, inner.right() - x, line_h + 2),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                "Archived" if rec.archived else "No follow-up planned",
            )

        # Line 4: the playbook's suggestion if any, else where and what (location · tags).
        y += line_h + 6
        r = QRect(inner.left(), y, inner.width(), line_h)
        italic = fonts.italic
        painter.setFont(italic)
        if rec.ghost_suggested:
            painter.setPen(QColor("#b26a00") if not _is_dark(pal) else QColor("#ffcc80"))
            msg = f"{rec.unanswered_nudges} unanswered — move to Ghosted?"
        else:
            painter.setPen(muted)
            msg = " · ".join(x for x in (rec.location, rec.tags) if x)
        painter.drawText(
            r,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fonts.italic_fm.elidedText(msg, Qt.TextElideMode.ElideRight, r.width()),
        )
        painter.restore()


def _is_dark(pal: QPalette) -> bool:
    return pal.color(QPalette.ColorRole.Window).lightness() < 128
