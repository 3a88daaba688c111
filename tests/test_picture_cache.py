"""The card picture cache: least recently used pictures go first, within a byte budget,
and a full cache hands a picture back to be drawn over instead of allocating one."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QListView, QStyleOptionViewItem

from followup_desktop.services.board_view import CardRecord
from followup_desktop.ui.card_delegate import CARD_HEIGHT, CardDelegate
from followup_desktop.ui.picture_cache import PictureCache

W, H = 40, 10
ONE = W * H * 4  # bytes of one picture


def picture(colour: str = "red", w: int = W, h: int = H, *, opaque: bool = False) -> QPixmap:
    """A picture all of ``colour``; with an alpha channel (as card pictures have) unless
    ``opaque``."""
    pix = QPixmap(w, h)
    if opaque:
        pix.fill(QColor(colour))
        return pix
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.fillRect(0, 0, w, h, QColor(colour))
    painter.end()
    return pix


def test_the_least_recently_used_picture_goes_first(qapp) -> None:  # type: ignore[no-untyped-def]
    cache = PictureCache(3 * ONE)
    for key in "abc":
        cache.insert(key, picture())
    assert cache.find("a") is not None  # "a" is now the most recently used
    cache.insert("d", picture())
    assert cache.find("b") is None
    assert [k for k in "acd" if cache.find(k) is not None] == ["a", "c", "d"]
    assert cache.used == 3 * ONE
    cache.insert("c", picture("blue"))  # replacing a key does not count it twice
    assert cache.used == 3 * ONE
    assert len(cache) == 3


def test_a_full_cache_hands_back_its_oldest_picture_to_draw_on(qapp) -> None:  # type: ignore[no-untyped-def]
    cache = PictureCache(2 * ONE)
    cache.insert("a", picture())
    cache.insert("b", picture())
    oldest = cache.find("a")
    assert cache.find("b") is not None
    del oldest
    canvas = cache.canvas(W, H, 1.0)
    assert cache.find("a") is None
    assert len(cache) == 1
    assert canvas.size().width() == W
    assert canvas.devicePixelRatio() == 1.0
    assert QColor(canvas.toImage().pixel(0, 0)) == QColor("red")  # the old pixels, reused


def test_a_picture_held_elsewhere_or_of_another_size_is_not_drawn_over(qapp) -> None:  # type: ignore[no-untyped-def]
    cache = PictureCache(ONE + ONE // 2)
    cache.insert("narrow", picture("green", W // 2, H))
    held = picture("red")
    cache.insert("held", held)
    canvas = cache.canvas(W, H, 1.0)
    assert canvas is not held
    assert len(cache) == 0  # both went to make room, neither could be drawn on
    canvas.fill(QColor("blue"))
    assert QColor(held.toImage().pixel(0, 0)) == QColor("red")
    cache.insert("c", canvas)
    del canvas
    assert cache.canvas(W, H, 2.0).devicePixelRatio() == 2.0  # another ratio: a new one
    assert len(cache) == 0
    cache = PictureCache(2 * ONE)
    cache.insert("opaque", picture(opaque=True))
    cache.insert("see-through", picture("blue"))
    new = cache.canvas(W, H, 1.0)  # not the oldest, opaque: card margins would go black
    assert new.hasAlphaChannel()
    assert new.toImage().pixelColor(0, 0).alpha() == 0  # a new, see-through one
    assert cache.find("opaque") is None


def test_a_card_drawn_on_a_reused_picture_shows_nothing_of_what_it_held(qapp) -> None:  # type: ignore[no-untyped-def]
    """A card's frame has transparent margins and antialiased corners: drawn over an old
    picture it must replace those pixels, not blend with them."""
    now = dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC)
    delegate = CardDelegate(lambda: now, dt.UTC)
    view = QListView()
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = QRect(0, 0, 220, CARD_HEIGHT)
    card = CardRecord(
        1, 1, 0, "Acme", "Engineer", "Berlin", "python", False, now, 0, False,
        now + dt.timedelta(hours=3), "Check in", True, "acme",
    )  # fmt: skip

    column = QColor("#336699")

    def drawn() -> QImage:
        """The card as a column shows it: over the column's own colour, on an opaque
        surface as the window's backing store is."""
        image = QImage(220, CARD_HEIGHT, QImage.Format.Format_RGB32)
        image.fill(column)
        painter = QPainter(image)
        delegate.paint_cards(painter, option, [(option.rect, card, False, False)])
        painter.end()
        return image

    fresh = drawn()
    # The margins around the frame are see-through: the column shows between cards (a
    # new pixmap is opaque until filled, and the margins came out black on screen).
    assert fresh.pixelColor(0, 0) == column
    assert fresh.pixelColor(110, 1) == column
    assert fresh.pixelColor(110, CARD_HEIGHT // 2) != column  # the card itself
    delegate.pictures.clear()
    delegate.pictures.budget = 220 * CARD_HEIGHT * 4  # room for one picture
    delegate.pictures.insert("old", picture("magenta", 220, CARD_HEIGHT))
    assert drawn() == fresh
    assert delegate.pictures.find("old") is None  # its pixmap now holds the card


def test_blank_pictures_are_stocked_in_slices_and_drawn_on_first(qapp) -> None:  # type: ignore[no-untyped-def]
    """Until the cache is full a new picture needs new memory, faulted in page by page as
    it is first drawn: ``stock`` makes blank ones while the board is still, a few per
    call, within the budget, and ``canvas`` hands those out first."""
    cache = PictureCache(5 * ONE)
    cache.insert("a", picture())
    shape = (W, H, 1.0)
    assert cache.stock({shape: 3}, at_most=2)  # two made, one more wanted
    assert cache.spares(shape) == 2
    assert not cache.stock({shape: 3}, at_most=2)
    assert cache.spares(shape) == 3
    assert cache.used == 4 * ONE
    assert not cache.stock({shape: 9}, at_most=9)  # the budget has room for one more
    assert cache.spares(shape) == 4
    spare = cache.canvas(W, H, 1.0)
    assert cache.spares(shape) == 3
    assert cache.used == 4 * ONE  # handed out: counted again once inserted
    assert QColor.fromRgba(spare.toImage().pixel(0, 0)).alpha() == 0  # blank
    assert cache.find("a") is not None  # no picture went for it
    cache.stock({(W // 2, H, 1.0): 1}, at_most=1)  # a new card size: the old spares go
    assert cache.spares(shape) == 0
    assert cache.used == ONE + ONE // 2
