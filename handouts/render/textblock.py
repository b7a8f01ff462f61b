"""Paragraphs set straight from parsed spans: the text flowable of every handout.

reportlab's Paragraph takes XML-like markup, parses it back into fragments and measures every
word again for each width it is tried at; that was over a third of the time of a handout.
A ``TextBlock`` is built from our spans (no markup, so nothing needs escaping), measures each
distinct word once per process, and draws each line as a few runs of text.

Lines break greedily at spaces and between Chinese characters (never before closing
punctuation or after opening punctuation); a word wider than the line is broken between
characters, so nothing is lost.
A paragraph splits across pages at a line, never leaving one line alone on either side.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Flowable

from handouts.markdown import parse
from handouts.render.fonts import BODY_BOLD, CJK, body_face, font_runs, require_glyphs_for

_PIECES = re.compile(r"(\n)|( +)|([^ \n]+)")
SOFT_HYPHEN = "\u00ad"
_ZERO_WIDTH_SPACE = "\u200b"
_HIDDEN_BREAKS = SOFT_HYPHEN + _ZERO_WIDTH_SPACE
_SPECIAL = re.compile(f"[\n{_HIDDEN_BREAKS}]")
"""Characters that need the slower reading: typed line breaks and hidden break points."""
_SOFT_BREAKS = re.compile(f"([^{_HIDDEN_BREAKS}]*)([{_HIDDEN_BREAKS}]?)")
_CLOSING = "、。，；：？！）」』】》〉”’"  # noqa: RUF001 (Chinese punctuation)
_OPENING = "（「『【《〈“‘"  # noqa: RUF001
_CJK_UNITS = re.compile(f"[{_OPENING}]*.[{_CLOSING}]*")
"""A Chinese character with the opening punctuation that may not end a line before it and
the closing punctuation that may not start a line after it."""
SPACE_SHRINK = 0.05
"""How much of their width the spaces of a line may give up so one more word fits (as in
reportlab); such a line is drawn very slightly narrower (at most about 0.5%), inside the margin."""
_UNDERLINE_DROP = 0.13
_UNDERLINE_WEIGHT = 0.06
"""Link underline position and thickness, as fractions of the type size."""


# --------------------------------------------------------------------------- measuring

_WIDTHS: dict[tuple[str, str], float] = {}
_MAX_WIDTHS = 50_000
"""About 10 MB at most, the words of a large library; cleared and refilled if ever exceeded."""


def unit_width(text: str, font: str) -> float:
    """Width of ``text`` at 1 pt in ``font``, remembered per process: handouts reuse words."""
    key = (font, text)
    width = _WIDTHS.get(key)
    if width is None:
        if len(_WIDTHS) >= _MAX_WIDTHS:
            _WIDTHS.clear()
        width = _WIDTHS[key] = stringWidth(text, font, 1.0)
    return width


@dataclass(frozen=True, slots=True)
class Run:
    """Text in one font, colour and link, with its width at the paragraph's size."""

    text: str
    font: str
    colour: Color
    href: str | None
    width: float


@dataclass(frozen=True, slots=True)
class Word:
    """An unbreakable stretch of text (it may change font inside), and the space after it."""

    runs: tuple[Run, ...]
    width: float
    space: Run | None = None
    hard_break: bool = False
    """A line break typed in the text follows this word."""
    hyphen: Run | None = None
    """Shown only if a line ends here: the word went on after a soft hyphen."""


@dataclass(frozen=True, slots=True)
class Line:
    runs: tuple[Run, ...]
    width: float
    words: tuple[Word, ...]
    """What the line was made from, so a part of a split paragraph can be re-broken."""


# --------------------------------------------------------------------------- spans -> words


def words_of(inline: parse.Inline, style: ParagraphStyle, link_colour: Color) -> list[Word]:
    """Our spans as words ready to break into lines."""
    builder = _WordBuilder(style.fontSize)
    for span in inline:
        require_glyphs_for(span.text)
        font = _variant(style.fontName, span.bold, span.italic)
        colour = link_colour if span.href else style.textColor
        for run_font, text in font_runs(span.text):
            builder.add(text, CJK if run_font == CJK else font, colour, span.href)
    return builder.finish()


def _variant(base: str, bold: bool, italic: bool) -> str:
    """The Noto Sans face for a span: the style's weight, made bold or italic by the span."""
    return body_face(bold or base == BODY_BOLD, italic)


class _WordBuilder:
    """Reads runs of text into words. Runs of spaces count as one space, as in HTML."""

    def __init__(self, size: float) -> None:
        self.size = size
        self.words: list[Word] = []
        self.open: list[Run] = []
        """Runs of a word still being read: a span boundary need not end a word."""

    def add(self, text: str, font: str, colour: Color, href: str | None) -> None:
        text = text.replace("\t", " ")
        if font != CJK and not _SPECIAL.search(text):
            self._add_plain(text, font, colour, href)
            return
        for newline, spaces, chunk in _PIECES.findall(text):
            if chunk and font == CJK:
                self._add_cjk(chunk, font, colour, href)
            elif chunk:
                self._add_chunk(chunk, font, colour, href)
            elif spaces:
                self._close(space=self._run(" ", font, colour, href))
            elif newline:
                self._close(hard_break=True)

    def _add_plain(self, text: str, font: str, colour: Color, href: str | None) -> None:
        """The common case, kept quick: words of one font separated by spaces."""
        space = self._run(" ", font, colour, href)
        size = self.size
        pieces = text.split(" ")
        last = len(pieces) - 1
        for index, piece in enumerate(pieces):
            if piece:
                self.open.append(Run(piece, font, colour, href, unit_width(piece, font) * size))
            if index < last:
                self._close(space=space)

    def _add_cjk(self, chunk: str, font: str, colour: Color, href: str | None) -> None:
        """Chinese text may break between characters, but not before closing punctuation or
        after opening punctuation. The last character stays open, so punctuation in the next
        run or span still joins it."""
        for unit in _CJK_UNITS.findall(chunk):
            if self.open and unit[0] not in _CLOSING and self.open[-1].text[-1] not in _OPENING:
                self._close()
            self.open.append(self._run(unit, font, colour, href))

    def _add_chunk(self, chunk: str, font: str, colour: Color, href: str | None) -> None:
        """Text without spaces, which may still break after a soft hyphen (then showing a
        hyphen) or at a zero-width space (showing nothing)."""
        for part, mark in _SOFT_BREAKS.findall(chunk):
            if part:
                self.open.append(self._run(part, font, colour, href))
            if mark == SOFT_HYPHEN:
                self._close(hyphen=self._run("-", font, colour, href))
            elif mark:
                self._close()

    def _run(self, text: str, font: str, colour: Color, href: str | None) -> Run:
        return Run(text, font, colour, href, unit_width(text, font) * self.size)

    def _close(
        self, space: Run | None = None, hard_break: bool = False, hyphen: Run | None = None
    ) -> None:
        open_runs = self.open
        if open_runs:
            width = open_runs[0].width if len(open_runs) == 1 else sum(r.width for r in open_runs)
            self.words.append(Word(tuple(open_runs), width, space, hard_break, hyphen))
            self.open = []
        elif hard_break and (not self.words or self.words[-1].hard_break):
            self.words.append(Word((), 0.0, None, True))  # an empty line
        elif self.words:  # spaces or a break after a word: they belong to it (a soft
            last = self.words[-1]  # hyphen followed by a space is then just a space)
            self.words[-1] = Word(
                last.runs, last.width, last.space or space, last.hard_break or hard_break
            )

    def finish(self) -> list[Word]:
        self._close()
        return self.words


# --------------------------------------------------------------------------- words -> lines


def break_lines(
    words: Sequence[Word], width: float, size: float, first_line_cut: float = 0.0
) -> list[Line]:
    """Greedy line breaking: as many words on each line as fit in ``width`` (the first line
    ``first_line_cut`` less, for a wide list number), letting the spaces of a line give up to
    ``SPACE_SHRINK`` of their width (see ``TextBlock.draw``)."""
    lines: list[Line] = []
    runs: list[Run] = []
    taken: list[Word] = []
    used = spaces = 0.0
    pending: Run | None = None
    for word in _fitting(words, width - first_line_cut, size):
        gap = pending.width if pending and runs else 0.0
        needed = word.width + (word.hyphen.width if word.hyphen else 0.0)
        room = width - (0.0 if lines else first_line_cut)
        if runs and used + gap + needed > room + SPACE_SHRINK * (spaces + gap):
            hyphen = taken[-1].hyphen
            if hyphen:
                runs.append(hyphen)
                used += hyphen.width
            lines.append(Line(tuple(runs), used, tuple(taken)))
            runs, taken, used, spaces, gap = [], [], 0.0, 0.0, 0.0
        if gap and pending:
            runs.append(pending)
        runs.extend(word.runs)
        taken.append(word)
        used += gap + word.width
        spaces += gap
        pending = word.space
        if word.hard_break:
            lines.append(Line(tuple(runs), used, tuple(taken)))
            runs, taken, used, spaces, pending = [], [], 0.0, 0.0, None
    if taken or not lines:
        lines.append(Line(tuple(runs), used, tuple(taken)))
    return lines


def _fitting(words: Sequence[Word], width: float, size: float) -> Iterator[Word]:
    """Words, with any wider than a whole line broken between characters."""
    for word in words:
        if word.width <= width:
            yield word
        else:
            yield from _broken(word, width, size)


def _broken(word: Word, width: float, size: float) -> Iterator[Word]:
    """A word too wide for a line, in line-wide pieces (at least one character each)."""
    pieces: list[Run] = []
    used = 0.0
    for run in word.runs:
        start = 0
        for index, char in enumerate(run.text):
            advance = unit_width(char, run.font) * size
            if used + advance > width and (pieces or index > start):
                if index > start:
                    pieces.append(_piece(run, run.text[start:index], size))
                yield Word(tuple(pieces), sum(piece.width for piece in pieces))
                pieces, used, start = [], 0.0, index
            used += advance
        if start < len(run.text):
            pieces.append(_piece(run, run.text[start:], size))
    width_left = sum(piece.width for piece in pieces)
    yield Word(tuple(pieces), width_left, word.space, word.hard_break, word.hyphen)


def _piece(run: Run, text: str, size: float) -> Run:
    return Run(text, run.font, run.colour, run.href, unit_width(text, run.font) * size)


# --------------------------------------------------------------------------- the flowable

_LAYOUT_STATE = frozenset({"_postponed", "_frame", "canv"})
"""What platypus notes on a flowable while placing it; a part of a split starts afresh."""


class TextBlock(Flowable):  # type: ignore[misc]
    """A paragraph of spans in one ``ParagraphStyle``, optionally with a hanging bullet."""

    def __init__(
        self,
        inline: parse.Inline,
        style: ParagraphStyle,
        link_colour: Color,
        bullet: str | None = None,
    ) -> None:
        super().__init__()
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
            return [self]
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
        if self.bullet:
            colour = getattr(style, "bulletColor", None) or style.textColor
            text.move_to(style.bulletIndent, top)
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
            for font, colour, chunk in _merged(line.runs):
                text.show(font, colour, chunk)
            links.extend(_link_areas(line, x, y, squeeze))
        text.finish()
        self._draw_links(links)

    def _draw_links(self, links: list[tuple[Run, float, float, float]]) -> None:
        """Underline each link run and make it clickable (viewers join touching rectangles)."""
        if not links:
            return
        canvas = self.canv
        size = self.style.fontSize
        canvas.saveState()
        canvas.setLineWidth(size * _UNDERLINE_WEIGHT)
        for run, x, y, width in links:
            canvas.setStrokeColor(run.colour)
            drop = y - size * _UNDERLINE_DROP
            canvas.line(x, drop, x + width, drop)
            area = (x, y - size * 0.25, x + width, y + size * 0.85)
            canvas.linkURL(run.href, area, relative=1, thickness=0)
        canvas.restoreState()

    @property
    def plain_text(self) -> str:
        """The text of this paragraph, or of this part of a split one."""
        if self._wrapped_at is None:
            return parse.plain(self.inline)
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
        font = getFont(font_name)
        for subset, encoded in font.splitString(text, self.document):
            if (font_name, subset) != self.font:
                name = font.getSubsetInternalName(subset, self.document)
                self.code.append(f"{name} {fp_str(self.size)} Tf")
                self.font = (font_name, subset)
            self.code.append(f"({self.canvas._escape(encoded)}) Tj")

    def finish(self) -> None:
        self.code += ["ET", "Q"]
        self.canvas._code.append("\n".join(self.code))


def _bullet_overrun(style: ParagraphStyle, bullet: str) -> float:
    """As reportlab does: a bullet or number ends 0.6 em before the text, or pushes it right."""
    width = stringWidth(bullet, style.bulletFontName, style.bulletFontSize)
    end = style.bulletIndent + width + 0.6 * style.bulletFontSize
    return max(0.0, float(end - style.leftIndent))


def _fill_operator(colour: Color) -> str:
    """The PDF operator that sets ``colour`` for filling text (CMYK stays CMYK)."""
    if isinstance(colour, CMYKColor):
        density = colour.density
        inks = (colour.cyan, colour.magenta, colour.yellow, colour.black)
        return f"{fp_str(*(density * ink for ink in inks))} k"
    return f"{fp_str(colour.red, colour.green, colour.blue)} rg"


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


def _merged(runs: Sequence[Run]) -> Iterator[tuple[str, Color, str]]:
    """Neighbouring runs that share font and colour, drawn as one string."""
    if not runs:
        return
    font, colour, texts = runs[0].font, runs[0].colour, [runs[0].text]
    for run in runs[1:]:
        if run.font == font and run.colour is colour:
            texts.append(run.text)
            continue
        yield font, colour, "".join(texts)
        font, colour, texts = run.font, run.colour, [run.text]
    yield font, colour, "".join(texts)
