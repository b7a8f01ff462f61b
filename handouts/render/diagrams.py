"""A diagram block -> a simple vector drawing in the clinic's colours, labelled with the
record's words: four kinds of scar in cross-section, how deep a treatment reaches into the
skin, or four steps of using a gel.

Drawn straight onto the page as vector paths, so they print sharp at any size and add no
images. Labels are set in the bundled fonts (the Chinese font where a label needs it) and wrap
onto up to three lines.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from handouts.errors import LayoutError
from handouts.markdown import blocks
from handouts.render.fonts import BODY, BODY_BOLD, body_font_has_all, require_glyphs_for
from handouts.render.furniture import draw_text, text_width
from handouts.render.tagging import Element, marked
from handouts.render.theme import Theme

HEIGHT = 50 * mm
LABEL_SIZE = 9.5
LABEL_LEADING = LABEL_SIZE * 1.2
INK = colors.HexColor("#1a1a1a")
SKIN = colors.HexColor("#f2d3c2")
DERMIS = colors.HexColor("#e8b9a3")
FAT = colors.HexColor("#f7e8b5")
OUTLINE = colors.HexColor("#7a4a3a")
REACH_DEPTH = {"surface": 0.12, "upper": 0.42, "deep": 0.7}
"""How far down the top and middle layers of skin each reach goes."""


class Drawing(Flowable):  # type: ignore[misc]
    """A diagram as wide as the text column; its kind's function draws it on the canvas."""

    def __init__(self, diagram: blocks.Diagram, theme: Theme, tag: Element | None = None) -> None:
        super().__init__()
        self.tag = tag
        """Its Figure element, whose alternative text says what it shows."""
        self.diagram = diagram
        self.theme = theme
        self.width = theme.frame_width
        self.height = HEIGHT * theme.scale

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        scale = self.theme.scale
        self.canv.scale(scale, scale)  # large print: labels and drawing grow together
        with marked(self.canv, self.tag):
            pen = _Pen(self.canv, self.width / scale)
            _KINDS[self.diagram.kind](pen, self.diagram, self.theme)
        self.canv.restoreState()


def diagram_drawing(diagram: blocks.Diagram, theme: Theme, tag: Element | None = None) -> Drawing:
    """The drawing for ``diagram``, its kind and labels checked before anything is drawn."""
    if diagram.kind not in _KINDS:
        raise LayoutError(f"there is no diagram called '{diagram.kind}'")
    if len(diagram.labels) != 4:
        raise LayoutError(f"the '{diagram.kind}' diagram needs 4 labels, not {len(diagram.labels)}")
    for label in diagram.labels:
        require_glyphs_for(label)
        room = theme.frame_width / theme.scale / 4 - 4 * mm
        _wrapped(label, BODY_BOLD, room)
    return Drawing(diagram, theme, tag)


class _Pen:
    """Filled and stroked shapes, and centred labels, on the canvas."""

    def __init__(self, canvas: Canvas, width: float) -> None:
        self.canvas = canvas
        self.width = width

    def polygon(self, points: list[float], fill: Any = None, stroke: Any = None) -> None:
        self._path(points, close=True, fill=fill, stroke=stroke, width=1)

    def polyline(self, points: list[float], stroke: Any, width: float) -> None:
        self._path(points, close=False, fill=None, stroke=stroke, width=width)

    def rect(self, box: tuple[float, float, float, float], fill: Any = None, stroke: Any = None,
             radius: float = 0) -> None:  # fmt: skip
        self._paint(fill, stroke, 1)
        ink = {"fill": fill is not None, "stroke": stroke is not None}
        if radius:
            self.canvas.roundRect(*box, radius, **ink)
        else:
            self.canvas.rect(*box, **ink)

    def circle(self, x: float, y: float, r: float, fill: Any = None, stroke: Any = None,
               width: float = 1) -> None:  # fmt: skip
        self._paint(fill, stroke, width)
        self.canvas.circle(x, y, r, fill=fill is not None, stroke=stroke is not None)

    def line(self, points: tuple[float, float, float, float], stroke: Any, width: float) -> None:
        self._paint(None, stroke, width)
        self.canvas.line(*points)

    def text(self, text: str, middle: float, y: float, font: str, fill: Any = INK) -> None:
        self.canvas.setFillColor(fill)
        draw_text(self.canvas, middle - text_width(text, font, LABEL_SIZE) / 2, y, text, font,
                  LABEL_SIZE)  # fmt: skip

    def label(self, text: str, middle: float, top: float, room: float, bold: bool = False) -> None:
        """``text`` centred on ``middle`` under ``top``, wrapped to ``room``."""
        font = BODY_BOLD if bold else BODY  # Chinese runs fall back to the Chinese font
        for number, line in enumerate(_wrapped(text, font, room)):
            self.text(line, middle, top - LABEL_SIZE - number * LABEL_LEADING, font)

    def _path(self, points: list[float], close: bool, fill: Any, stroke: Any, width: float) -> None:
        path = self.canvas.beginPath()
        path.moveTo(points[0], points[1])
        for index in range(2, len(points), 2):
            path.lineTo(points[index], points[index + 1])
        if close:
            path.close()
        self._paint(fill, stroke, width)
        self.canvas.drawPath(path, fill=fill is not None, stroke=stroke is not None)

    def _paint(self, fill: Any, stroke: Any, width: float) -> None:
        self.canvas.setLineCap(1)
        self.canvas.setLineJoin(1)
        if fill is not None:
            self.canvas.setFillColor(fill)
        if stroke is not None:
            self.canvas.setStrokeColor(stroke)
            self.canvas.setLineWidth(width)


# --------------------------------------------------------------------------- scar types


def _scar_types(pen: _Pen, diagram: blocks.Diagram, theme: Theme) -> None:
    """Skin seen from the side, with an ice-pick, a boxcar, a rolling and a raised scar."""
    surface, bottom = HEIGHT - 14 * mm, 16 * mm
    column = pen.width / 4
    profile = _scar_profile(surface, column)
    pen.polygon([0, bottom, *profile, pen.width, bottom], fill=SKIN)
    pen.rect((0, bottom, pen.width, 8 * mm), fill=DERMIS)
    pen.polyline(profile, OUTLINE, 1.4)
    for index, label in enumerate(diagram.labels):
        pen.label(label, column * (index + 0.5), bottom - 3 * mm, column - 4 * mm)


def _scar_profile(surface: float, column: float) -> list[float]:
    """The skin's surface from left to right, one scar in each quarter."""
    shapes: list[Callable[[float], float]] = [
        lambda t: -18 * mm * max(0.0, 1 - abs(t - 0.5) / 0.06),
        lambda t: -9 * mm if 0.32 < t < 0.68 else 0.0,
        lambda t: -6 * mm * max(0.0, 1 - ((t - 0.5) / 0.32) ** 2),
        lambda t: 7 * mm * max(0.0, 1 - ((t - 0.5) / 0.25) ** 2),
    ]
    points: list[float] = []
    for index, shape in enumerate(shapes):
        for step in range(61):
            points += [column * (index + step / 60), surface + shape(step / 60)]
    return points


# --------------------------------------------------------------------------- skin depth


def _skin_depth(pen: _Pen, diagram: blocks.Diagram, theme: Theme) -> None:
    """Three layers of skin, named at the left, and an arrow showing how deep it reaches."""
    left, right = 0.36 * pen.width, pen.width - 2 * mm
    top, fat_top, bottom = HEIGHT - 3 * mm, 15 * mm, 2 * mm
    epidermis = top - 6 * mm
    band = right - left
    pen.rect((left, fat_top, band, epidermis - fat_top), fill=DERMIS)
    pen.rect((left, epidermis, band, top - epidermis), fill=SKIN)
    pen.rect((left, bottom, band, fat_top - bottom), fill=FAT)
    for step in range(int(band // 14)):
        pen.circle(left + 7 + step * 14, (fat_top + bottom) / 2, 4, stroke=OUTLINE, width=0.6)
    pen.rect((left, bottom, band, top - bottom), stroke=OUTLINE)
    middles = ((top + epidermis) / 2, (epidermis + fat_top) / 2, (fat_top + bottom) / 2)
    for name, middle in zip(diagram.labels[:3], middles, strict=True):
        lines = len(_wrapped(name, BODY, left - 6 * mm))
        pen.label(name, left / 2, middle + lines * LABEL_LEADING / 2, left - 6 * mm)
    _reach_arrow(pen, diagram, theme, (left + band * 0.4, top, top - fat_top))


def _reach_arrow(
    pen: _Pen, diagram: blocks.Diagram, theme: Theme, where: tuple[float, float, float]
) -> None:
    x, top, depth = where
    tip = top - depth * REACH_DEPTH.get(diagram.reach or "upper", REACH_DEPTH["upper"])
    pen.line((x, top + 2 * mm, x, tip + 2.5 * mm), theme.primary, 2.2)
    head = [x - 2.2 * mm, tip + 3 * mm, x + 2.2 * mm, tip + 3 * mm, x, tip]
    pen.polygon(head, fill=theme.primary, stroke=theme.primary)
    room = pen.width - x - 8 * mm
    pen.label(diagram.labels[3], x + 4 * mm + room / 2, tip + LABEL_SIZE / 2, room, bold=True)


# --------------------------------------------------------------------------- gel steps


def _gel_steps(pen: _Pen, diagram: blocks.Diagram, theme: Theme) -> None:
    """Four numbered panels: wash, a thin layer, let it dry, every day."""
    column = pen.width / 4
    size = min(column - 8 * mm, 30 * mm)
    bottom = HEIGHT - size - 1 * mm
    icons = (_drops, _thin_layer, _drying, _every_day)
    for index, (label, icon) in enumerate(zip(diagram.labels, icons, strict=True)):
        x = column * index + (column - size) / 2
        pen.rect((x, bottom, size, size), fill=colors.white, stroke=theme.primary, radius=3 * mm)
        icon(pen, x, bottom, size, theme)
        pen.circle(x + 4 * mm, bottom + size - 4 * mm, 3.2 * mm, fill=theme.primary)
        pen.text(str(index + 1), x + 4 * mm, bottom + size - 5.2 * mm, BODY_BOLD, colors.white)
        pen.label(label, column * (index + 0.5), bottom - 2 * mm, column - 3 * mm)


def _skin_patch(pen: _Pen, x: float, bottom: float, size: float) -> float:
    """A patch of skin along the bottom of a panel, with a raised scar; returns its top."""
    top = bottom + size * 0.32
    pen.rect((x + 3, bottom + 3, size - 6, top - bottom - 3), fill=SKIN)
    pen.line((x + size * 0.3, top, x + size * 0.7, top), OUTLINE, 3)
    return top


def _drops(pen: _Pen, x: float, bottom: float, size: float, theme: Theme) -> None:
    top = _skin_patch(pen, x, bottom, size)
    for offset, height in ((0.3, 0.3), (0.5, 0.45), (0.7, 0.3)):
        cx, cy = x + size * offset, top + size * height
        pen.polygon([cx, cy + 5, cx - 2.6, cy - 1, cx + 2.6, cy - 1], fill=theme.primary)
        pen.circle(cx, cy - 2, 3, fill=theme.primary)


def _thin_layer(pen: _Pen, x: float, bottom: float, size: float, theme: Theme) -> None:
    top = _skin_patch(pen, x, bottom, size)
    pen.rect((x + size * 0.25, top + 1, size * 0.5, 2.2), fill=theme.primary)
    pen.line((x + size * 0.45, top + 8, x + size * 0.78, top + size * 0.45), OUTLINE, 7)


def _drying(pen: _Pen, x: float, bottom: float, size: float, theme: Theme) -> None:
    top = _skin_patch(pen, x, bottom, size)
    cx, cy, radius = x + size / 2, top + size * 0.3, size * 0.18
    pen.circle(cx, cy, radius, stroke=theme.primary, width=1.6)
    pen.line((cx, cy, cx, cy + radius * 0.7), theme.primary, 1.6)
    pen.line((cx, cy, cx + radius * 0.55, cy), theme.primary, 1.6)


def _every_day(pen: _Pen, x: float, bottom: float, size: float, theme: Theme) -> None:
    left, low = x + size * 0.2, bottom + size * 0.18
    width, height = size * 0.6, size * 0.55
    pen.rect((left, low, width, height), fill=colors.white, stroke=OUTLINE)
    pen.rect((left, low + height * 0.78, width, height * 0.22), fill=theme.primary)
    for row in range(3):
        for col in range(4):
            cx = left + width * (col + 0.5) / 4
            pen.circle(cx, low + height * (0.62 - row * 0.22), 1.6, fill=theme.primary)


# --------------------------------------------------------------------------- labels


def _wrapped(text: str, font: str, room: float) -> list[str]:
    """Greedy wrapping at spaces (or between characters, for Chinese), three lines at most."""
    spaced = " " in text or body_font_has_all(text)
    units = text.split(" ") if spaced else list(text)
    lines: list[str] = []
    for unit in units:
        candidate = f"{lines[-1]}{' ' if spaced else ''}{unit}" if lines else unit
        if lines and text_width(candidate, font, LABEL_SIZE) <= room:
            lines[-1] = candidate
        else:
            lines.append(unit)
    if len(lines) > 3 or any(text_width(line, font, LABEL_SIZE) > room for line in lines):
        raise LayoutError(f"the diagram label '{text}' is too long to fit; shorten it")
    return lines


_KINDS: dict[str, Callable[[_Pen, blocks.Diagram, Theme], None]] = {
    "scar-types": _scar_types,
    "skin-depth": _skin_depth,
    "gel-steps": _gel_steps,
}
