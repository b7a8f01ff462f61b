"""Built PDF + theme -> lines of text that leave their page area, and lines that overlap.

pdfium reads each character's glyph box and origin back from the PDF. Characters that follow
each other on one baseline, each starting to the right of the one before, form a line; text
drawn back over earlier text starts a new line, which is how overlaps are found.

Each page has three areas where text belongs (positions from theme.py and layout.py): the
body frame inside the margins, the header band across the top, and the footer below the
bottom margin. Header and footer text must stay within the side margins and a print-safe
distance from the page edge; body text within the frame.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

import pypdfium2
import pypdfium2.raw as pdfium
from reportlab.lib.units import mm

from handouts.render.theme import Theme

Item = TypeVar("Item")

TOLERANCE = 2.0
"""Points a glyph may stray (overhanging letters such as italic f); less than 1 mm."""
PRINT_SAFE = 5 * mm
"""Office printers cannot print nearer the page edge than about this."""
_SAME_BASELINE = 0.5
BODY = "body"


@dataclass(frozen=True)
class Box:
    left: float
    bottom: float
    right: float
    top: float

    def union(self, other: Box) -> Box:
        return Box(
            min(self.left, other.left),
            min(self.bottom, other.bottom),
            max(self.right, other.right),
            max(self.top, other.top),
        )

    def overlaps(self, other: Box, tolerance: float = TOLERANCE) -> bool:
        width = min(self.right, other.right) - max(self.left, other.left)
        height = min(self.top, other.top) - max(self.bottom, other.bottom)
        return width > tolerance and height > tolerance


@dataclass(frozen=True)
class TextLine:
    page: int
    """1-based page number."""
    text: str
    box: Box


@dataclass(frozen=True)
class Area:
    name: str
    box: Box


@dataclass(frozen=True)
class Overflow:
    line: TextLine
    area: Area
    side: str
    distance: float
    """How far past the area's edge, in points."""


@dataclass(frozen=True)
class Overlap:
    first: TextLine
    second: TextLine


def page_areas(theme: Theme) -> tuple[Area, ...]:
    """Where text belongs on every page: header band, body frame, footer."""
    width, height = theme.page_size
    left, right = theme.margin_left, width - theme.margin_right
    return (
        Area("header band", Box(left, height - theme.band_height, right, height - PRINT_SAFE)),
        Area(BODY, Box(left, theme.margin_bottom, right, height - theme.margin_top)),
        Area("footer", Box(left, PRINT_SAFE, right, theme.margin_bottom)),
    )


def text_lines(pdf: bytes) -> list[TextLine]:
    return from_each_page(pdf, _page_lines)


def from_each_page(
    pdf: bytes, read: Callable[[pypdfium2.PdfPage, int], Iterable[Item]]
) -> list[Item]:
    """What ``read`` finds on each page (numbered from 1) of ``pdf``, in page order."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [item for index in range(len(document)) for item in read(document[index], index + 1)]
    finally:
        document.close()


def _page_lines(page: pypdfium2.PdfPage, number: int) -> list[TextLine]:
    lines: list[TextLine] = []
    previous: tuple[float, float] | None = None
    for char, origin, box in _chars(page.get_textpage()):
        starts_line = previous is None or _starts_new_line(previous, origin)
        if starts_line and box is not None:
            lines.append(TextLine(number, char, box))
            previous = origin
        elif lines and not starts_line:
            last = lines[-1]
            lines[-1] = TextLine(number, last.text + char, last.box.union(box) if box else last.box)
            previous = origin
    return [TextLine(line.page, line.text.strip(), line.box) for line in lines]


def _starts_new_line(previous: tuple[float, float], origin: tuple[float, float]) -> bool:
    moved_back = origin[0] < previous[0]
    return moved_back or abs(origin[1] - previous[1]) > _SAME_BASELINE


def _chars(
    textpage: pypdfium2.PdfTextPage,
) -> Iterator[tuple[str, tuple[float, float], Box | None]]:
    """(character, origin, glyph box) in drawing order; spaces have no box, line breaks none."""
    x, y = ctypes.c_double(), ctypes.c_double()
    for index in range(textpage.count_chars()):
        if pdfium.FPDFText_IsGenerated(textpage.raw, index) == 1:
            continue
        char = chr(pdfium.FPDFText_GetUnicode(textpage.raw, index))
        pdfium.FPDFText_GetCharOrigin(textpage.raw, index, x, y)
        box = None if char.isspace() else Box(*textpage.get_charbox(index))
        yield char, (x.value, y.value), box


def overflows(lines: list[TextLine], areas: tuple[Area, ...]) -> list[Overflow]:
    """Lines that leave the area they are in (the area nearest their middle)."""
    found = []
    for line in lines:
        area = area_of(line.box, areas)
        side, distance = _furthest_out(line.box, area.box)
        if distance > TOLERANCE:
            found.append(Overflow(line, area, side, distance))
    return found


def area_of(box: Box, areas: tuple[Area, ...]) -> Area:
    """The area a box belongs to: the one nearest its middle, by height."""
    middle = (box.bottom + box.top) / 2
    return min(areas, key=lambda area: _distance(middle, area.box.bottom, area.box.top))


def _distance(value: float, low: float, high: float) -> float:
    return max(low - value, value - high, 0.0)


def _furthest_out(box: Box, area: Box) -> tuple[str, float]:
    return max(
        ("left", area.left - box.left),
        ("right", box.right - area.right),
        ("bottom", area.bottom - box.bottom),
        ("top", box.top - area.top),
        key=lambda side: side[1],
    )


def overlaps(lines: list[TextLine]) -> list[Overlap]:
    """Pairs of lines on the same page whose glyphs cover each other."""
    ordered = sorted(lines, key=lambda line: (line.page, -line.box.top))
    found = []
    for index, first in enumerate(ordered):
        for second in ordered[index + 1 :]:
            if second.page != first.page or second.box.top < first.box.bottom:
                break
            if first.box.overlaps(second.box):
                found.append(Overlap(first, second))
    return found
