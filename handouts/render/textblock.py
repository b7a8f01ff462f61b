"""Words broken into lines -> the text flowable of every handout, drawn as PDF text operators.

A ``TextBlock`` is a paragraph of spans in one style, optionally with a hanging bullet. It
breaks its words into lines for the width it is given (handouts.render.lines) and splits
across pages at a line, never leaving one line alone on either side.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Flowable

from handouts.markdown import blocks
from handouts.render.fonts import CJK_BOLD, registered
from handouts.render.inline import InlineMarks
from handouts.render.lines import break_lines
from handouts.render.tagging import Element, artifact
from handouts.render.words import Line, Run, words_of

_UNDERLINE_DROP = 0.13
_UNDERLINE_WEIGHT = 0.06
FAKE_BOLD_STROKE = 1 / 30
"""Width of the outline that makes Chinese bold, as a share of the type size."""
"""Link underline position and thickness, as fractions of the type size."""


_LAYOUT_STATE = frozenset({"_postponed", "_frame", "canv"})
"""What platypus notes on a flowable while placing it; a part of a split starts afresh."""


class TextBlock(Flowable):  # type: ignore[misc]
    """A paragraph of spans in one ``ParagraphStyle``, optionally with a hanging bullet."""

    def __init__(
        self,
        inline: blocks.Inline,
        style: ParagraphStyle,
        link_colour: Color,
        bullet: str | None = None,
        tag: Element | None = None,
        label: Element | None = None,
    ) -> None:
        super().__init__()
        self.tag = tag
        """The structure element that owns this paragraph's text (None: untagged)."""
        self.label = label
        """The Lbl element of its bullet or number, in a list."""
        self.drawn = False
        self.style = style
        self.bullet = bullet
        self.bullet_overrun = _bullet_overrun(style, bullet) if bullet else 0.0
        """How far a wide list number ("100.") pushes the first line right."""
        self.link_colour = link_colour
        self.inline = inline
        self.words = words_of(inline, style, link_colour)
        self.lines: list[Line] = []
        self._wrapped_at: float | None = None
        self.space_before = float(style.spaceBefore)
        self.space_after = float(style.spaceAfter)

    # -- platypus protocol

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        room = available_width - self.style.leftIndent
        if self._wrapped_at != room:
            size = self.style.fontSize
            self.lines = break_lines(self.words, room, size, self.bullet_overrun)
            self._wrapped_at = room
        self.width = available_width
        self.height = len(self.lines) * self.style.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        fit = int((available_height + 1e-6) // self.style.leading)
        lines = len(self.lines)
        if fit >= lines:
            return []  # nothing to split off; a table cell would mistake [self] for two parts
        fit = min(fit, lines - 2)  # never one line alone at the top of the next page
        if fit < 2:  # nor at the foot of this one
            return []
        return [self._part(self.lines[:fit], first=True), self._part(self.lines[fit:])]

    def _part(self, lines: list[Line], first: bool = False) -> TextBlock:
        part = self.__class__.__new__(self.__class__)
        part.__dict__.update(
            (key, value) for key, value in self.__dict__.items() if key not in _LAYOUT_STATE
        )
        part.lines = lines
        part.words = [word for line in lines for word in line.words]
        part.bullet = self.bullet if first else None
        part.bullet_overrun = self.bullet_overrun if first else 0.0
        if first:
            part.space_after = 0.0  # no gap where the page breaks
        else:
            part.space_before = 0.0
        part.width = self.width
        part.height = len(lines) * self.style.leading
        part._wrapped_at = self._wrapped_at  # already broken: never re-wrap from words
        return part

    def getSpaceBefore(self) -> float:
        return self.space_before

    def getSpaceAfter(self) -> float:
        return self.space_after

    def minWidth(self) -> float:
        widest = max((word.width for word in self.words), default=0.0)
        return float(widest + self.style.leftIndent)

    def draw(self) -> None:
        style = self.style
        top = self.height - style.fontSize
        text = _TextOperators(self.canv, style.fontSize)
        marks = InlineMarks(self.canv, self.tag, self.label, repeat=self.drawn)
        self.drawn = True
        if self.bullet:
            colour = getattr(style, "bulletColor", None) or style.textColor
            text.move_to(style.bulletIndent, top)
            text.code += marks.bullet()
            text.show(style.bulletFontName, colour, self.bullet)
        links: list[tuple[Run, float, float, float]] = []
        for index, line in enumerate(self.lines):
            y = top - index * style.leading
            x = style.leftIndent + (0.0 if index else self.bullet_overrun)
            # Only a line whose spaces gave up some width (see break_lines) is wider than
            # its room; it is drawn that much narrower, never past the margin.
            room = self.width - x
            squeeze = min(1.0, room / line.width) if line.width else 1.0
            text.move_to(x, y, squeeze)
            for font, colour, href, chunk, runs in _merged(line.runs):
                text.code += marks.run(font, href, runs)
                text.show(font, colour, chunk)
            links.extend(_link_areas(line, x, y, squeeze))
        text.code += marks.finish()
        text.finish()
        self._draw_links(links, marks)

    def _draw_links(self, links: list[tuple[Run, float, float, float]], marks: InlineMarks) -> None:
        """Underline each link run and make it clickable (viewers join touching rectangles)."""
        if not links:
            return
        canvas = self.canv
        size = self.style.fontSize
        canvas.saveState()
        canvas.setLineWidth(size * _UNDERLINE_WEIGHT)
        with artifact(canvas):
            for run, x, y, width in links:
                canvas.setStrokeColor(run.colour)
                drop = y - size * _UNDERLINE_DROP
                canvas.line(x, drop, x + width, drop)
        for run, x, y, width in links:
            marks.annotate(run, (x, y - size * 0.25, x + width, y + size * 0.85))
        canvas.restoreState()

    @property
    def plain_text(self) -> str:
        """The text of this paragraph, or of this part of a split one."""
        if self._wrapped_at is None:
            return blocks.plain(self.inline)
        return " ".join("".join(run.text for run in line.runs) for line in self.lines)

    def __repr__(self) -> str:
        return f"TextBlock({self.style.name!r}, {self.plain_text[:40]!r})"


class _TextOperators:
    """The PDF text operators for one paragraph, in one text object.

    Written directly rather than through reportlab's text object, which measures every string
    again and re-sends the font and colour each time; this is the same encoding (each font's
    subsets, escaped) with each setting sent only when it changes. The paragraph is wrapped in
    q/Q so its colour and squeeze never leak into what is drawn after it.
    """

    def __init__(self, canvas: Any, size: float) -> None:
        self.canvas = canvas
        self.document = canvas._doc
        self.size = size
        self.code: list[str] = ["q", "BT"]
        self.font: tuple[str, int] | None = None
        self.colour: Color | None = None
        self.stroke: Color | None = None
        self.bold = False
        """Drawing bold Chinese: glyphs filled and stroked with a thin outline."""
        self.scale = 1.0

    def move_to(self, x: float, y: float, scale: float = 1.0) -> None:
        self.code.append(f"1 0 0 1 {fp_str(x, y)} Tm")
        if scale != self.scale:
            self.code.append(f"{fp_str(scale * 100)} Tz")
            self.scale = scale

    def show(self, font_name: str, colour: Color, text: str) -> None:
        if colour is not self.colour:
            self.code.append(_fill_operator(colour))
            self.colour = colour
        self._embolden(font_name == CJK_BOLD, colour)
        font_name = registered(font_name)
        font = getFont(font_name)
        for subset, encoded in font.splitString(text, self.document):
            if (font_name, subset) != self.font:
                name = font.getSubsetInternalName(subset, self.document)
                self.code.append(f"{name} {fp_str(self.size)} Tf")
                self.font = (font_name, subset)
            self.code.append(f"({self.canvas._escape(encoded)}) Tj")

    def _embolden(self, bold: bool, colour: Color) -> None:
        """Bold Chinese (the bundled font has one weight): each glyph is also stroked, in its
        fill colour, with an outline a thirtieth of the type size wide."""
        if bold and self.stroke is not colour:
            self.code.append(_fill_operator(colour, stroke=True))
            self.stroke = colour
        if bold != self.bold:
            self.code.append(f"{fp_str(self.size * FAKE_BOLD_STROKE)} w 2 Tr" if bold else "0 Tr")
            self.bold = bold

    def finish(self) -> None:
        self.code += ["ET", "Q"]
        self.canvas._code.append("\n".join(self.code))


def _bullet_overrun(style: ParagraphStyle, bullet: str) -> float:
    """As reportlab does: a bullet or number ends 0.6 em before the text, or pushes it right."""
    width = stringWidth(bullet, style.bulletFontName, style.bulletFontSize)
    end = style.bulletIndent + width + 0.6 * style.bulletFontSize
    return max(0.0, float(end - style.leftIndent))


def _fill_operator(colour: Color, stroke: bool = False) -> str:
    """The PDF operator that sets ``colour`` for filling text, or for stroking it (CMYK stays
    CMYK)."""
    if isinstance(colour, CMYKColor):
        density = colour.density
        inks = (colour.cyan, colour.magenta, colour.yellow, colour.black)
        return f"{fp_str(*(density * ink for ink in inks))} {'K' if stroke else 'k'}"
    return f"{fp_str(colour.red, colour.green, colour.blue)} {'RG' if stroke else 'rg'}"


def _link_areas(
    line: Line, x: float, y: float, squeeze: float
) -> Iterator[tuple[Run, float, float, float]]:
    """(first run, x, baseline, width) of each stretch of a line that links somewhere."""
    start: Run | None = None
    start_x = width = 0.0
    for run in line.runs:
        if start is not None and run.href != start.href:
            yield start, start_x, y, width
            start = None
        if run.href and start is None:
            start, start_x, width = run, x, 0.0
        if start is not None:
            width += run.width * squeeze
        x += run.width * squeeze
    if start is not None:
        yield start, start_x, y, width


def _merged(runs: Sequence[Run]) -> Iterator[tuple[str, Color, str | None, str, tuple[Run, ...]]]:
    """Neighbouring runs that share font, colour and link, drawn as one string: (font, colour,
    link, text, the runs)."""
    if not runs:
        return
    start = 0
    for index in range(1, len(runs) + 1):
        if index < len(runs) and _same_look(runs[start], runs[index]):
            continue
        group = tuple(runs[start:index])
        yield group[0].font, group[0].colour, group[0].href, "".join(r.text for r in group), group
        start = index


def _same_look(first: Run, other: Run) -> bool:
    return other.font == first.font and other.colour is first.colour and other.href == first.href
