"""Widths of ASCII texts from a table of character advances.

Measuring a line with QFontMetrics shapes it whole (~20–60 µs for a card's company or a
notice's message; eliding shapes it again), and most texts the board shows are plain
ASCII that fit their room with pixels to spare: adding up the characters' advances
(~1 µs) says so without shaping.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetricsF

#: Pixels a laid-out ASCII text may be wider than its characters' advances added up:
#: kerning only narrows Latin text, and rounding the glyphs to the pixel grid added at most
#: 1 px over 20,000 random strings in each of the card's faces (measured).
SLACK = 2.0


class AsciiWidths:
    """Upper bounds of text widths in one font."""

    def __init__(self, font: QFont) -> None:
        metrics = QFontMetricsF(font)
        self._advances = tuple(metrics.horizontalAdvance(chr(c)) for c in range(128))

    def at_most(self, text: str) -> float | None:
        """A width ``text`` never exceeds laid out in the font; None when it is not
        printable ASCII (then only shaping it says)."""
        if text.isascii() and text.isprintable():
            return sum(map(self._advances.__getitem__, text.encode())) + SLACK
        return None
