"""Card pictures kept between repaints, in a byte budget, and their memory reused.

QPixmapCache did the keeping before, but every card drawn for the first time (each card a
search keystroke brings up, the moved card of a drop) then needed a fresh ~90 KB pixmap:
fresh memory faults in page by page (~50–70 µs a picture measured in place, a quarter of
drawing the card), and a fresh pixmap also makes a fresh paint engine. Here a full cache
hands the least recently used picture of the same size back to be drawn over, so a new
picture costs only its drawing; until it is full, blank pixmaps made while the board is
still (``stock``) serve instead.
"""

from __future__ import annotations

import sys
from collections import OrderedDict
from collections.abc import Hashable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPixmap

#: References to a recycled picture when only the cache's caller holds it: the local
#: name, and getrefcount's own argument.
_UNSHARED = 2

#: A picture's size in device pixels and its pixel ratio.
Shape = tuple[int, int, float]


class PictureCache:
    """Least-recently-used pictures by key, at most ``budget`` bytes of pixels."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._pictures: OrderedDict[Hashable, QPixmap] = OrderedDict()
        self._spares: dict[Shape, list[QPixmap]] = {}
        self._bytes = 0  # pictures and spares

    def __len__(self) -> int:
        return len(self._pictures)

    @property
    def used(self) -> int:
        """Bytes of pixels held (pictures and spares)."""
        return self._bytes

    def spares(self, shape: Shape) -> int:
        return len(self._spares.get(shape, ()))

    def find(self, key: Hashable) -> QPixmap | None:
        """The picture kept for ``key`` (now the most recently used), or None."""
        pictures = self._pictures
        pix = pictures.get(key)
        if pix is not None:
            pictures.move_to_end(key)
        return pix

    def insert(self, key: Hashable, pix: QPixmap) -> None:
        """Keep ``pix`` for ``key``; the least recently used go while over budget."""
        old = self._pictures.pop(key, None)
        if old is not None:
            self._bytes -= _size(old)
        self._pictures[key] = pix
        self._bytes += _size(pix)
        while self._bytes > self.budget and len(self._pictures) > 1:  # (spares stay)
            _, gone = self._pictures.popitem(last=False)
            self._bytes -= _size(gone)

    def canvas(self, width: int, height: int, dpr: float) -> QPixmap:
        """A pixmap of ``width`` × ``height`` device pixels at ``dpr`` to draw a new picture
        on, with an alpha channel (its pixels are left as they were: draw every one). When
        adding it would go over budget, it is the least recently used picture of that
        size, taken out of the cache and reused; otherwise a new one. A picture someone
        else still holds (a Python reference outside the cache) is never drawn over, nor an
        opaque one (see _blank_pixmap)."""
        need = width * height * 4
        spares = self._spares.get((width, height, dpr))
        if spares:
            self._bytes -= need
            return spares.pop()
        pictures = self._pictures
        while pictures and self._bytes + need > self.budget:
            _, pix = pictures.popitem(last=False)
            self._bytes -= _size(pix)
            if (
                pix.width() == width
                and pix.height() == height
                and pix.devicePixelRatio() == dpr
                and pix.hasAlphaChannel()
                and sys.getrefcount(pix) == _UNSHARED
            ):
                return pix
        return _blank_pixmap(width, height, dpr)

    def stock(self, wanted: dict[Shape, int], at_most: int) -> bool:
        """Make up to ``at_most`` blank pixmaps towards ``wanted`` spares of each shape
        (those of other shapes go: a resized column no longer uses them), within the
        budget. Each is written all over and painted on once, so its memory is faulted in
        and its paint engine made now, while the board is still, not inside the next
        keystroke or drop. Whether more are wanted (call again)."""
        for shape in [s for s in self._spares if s not in wanted]:
            for pix in self._spares.pop(shape):
                self._bytes -= _size(pix)
        for shape, count in wanted.items():
            width, height, dpr = shape
            need = width * height * 4
            kept = self._spares.setdefault(shape, [])
            while len(kept) < count and self._bytes + need <= self.budget:
                if at_most == 0:
                    return True
                pix = _blank_pixmap(width, height, dpr)
                QPainter(pix).end()
                kept.append(pix)
                self._bytes += need
                at_most -= 1
        return False

    def clear(self) -> None:
        self._pictures.clear()
        self._spares.clear()
        self._bytes = 0


def _blank_pixmap(width: int, height: int, dpr: float) -> QPixmap:
    """A see-through pixmap. A new QPixmap is opaque (RGB32) until filled with a
    transparent colour: card margins drawn on it came out black on screen."""
    pix = QPixmap(width, height)
    pix.setDevicePixelRatio(dpr)
    pix.fill(Qt.GlobalColor.transparent)
    return pix


def _size(pix: QPixmap) -> int:
    return pix.width() * pix.height() * 4
