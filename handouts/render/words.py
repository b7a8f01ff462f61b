"""Parsed spans -> words ready to break into lines, each run measured in its font.

reportlab's Paragraph takes XML-like markup, parses it back into fragments and measures every
word again for each width it is tried at; that was over a third of the time of a handout.
Here words come straight from our spans (no markup, so nothing needs escaping), and each
distinct word is measured once per process.

Words break at spaces and between Chinese characters (never before closing punctuation or
after opening punctuation), after a soft hyphen (then showing a hyphen) and at a zero-width
space.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from handouts.markdown import blocks
from handouts.render.fonts import (
    BODY_BOLD,
    CJK,
    body_face,
    chinese_face,
    font_runs,
    is_chinese_font,
    registered,
)

_PIECES = re.compile(r"(\n)|( +)|([^ \n]+)")
SOFT_HYPHEN = "\u00ad"
_ZERO_WIDTH_SPACE = "\u200b"
_HIDDEN_BREAKS = SOFT_HYPHEN + _ZERO_WIDTH_SPACE
_SPECIAL = re.compile(f"[\n{_HIDDEN_BREAKS}]")
"""Characters that need the slower reading: typed line breaks and hidden break points."""
_SOFT_BREAKS = re.compile(f"([^{_HIDDEN_BREAKS}]*)([{_HIDDEN_BREAKS}]?)")
_CLOSING = "、。，；：？！）」』】》〉”’"  # noqa: RUF001 (Chinese punctuation)
_OPENING = "（「『【《〈“‘"  # noqa: RUF001
_LATIN_CLOSING = ".,;:!?)]}%\u201d\u2019"
_FULL_WIDTH_CLOSING = _CLOSING[:-2]
_FULL_WIDTH_OPENING = _OPENING[:-2]
"""Punctuation as wide as a Chinese character, with room of its own beside it (not the curly
quotes, which English shares)."""
_CJK_UNITS = re.compile(f"[{_OPENING}]*.[{_CLOSING}]*")
"""A Chinese character with the opening punctuation that may not end a line before it and
the closing punctuation that may not start a line after it."""

_WIDTHS: defaultdict[str, dict[str, float]] = defaultdict(dict)
"""Widths at 1 pt, by font, then by text."""
_MAX_WIDTHS = 20_000
"""Words remembered per font, cleared and refilled if ever exceeded: the words of a large
library. Text is set in six faces at most (four Noto Sans, Chinese and bold Chinese), so about
25 MB in all at the very most; a handout's words take a few hundred kilobytes."""


def unit_width(text: str, font: str) -> float:
    """Width of ``text`` at 1 pt in ``font``, remembered per process: handouts reuse words."""
    widths = _WIDTHS[font]
    width = widths.get(text)
    if width is None:
        if len(widths) >= _MAX_WIDTHS:
            widths.clear()
        width = widths[text] = stringWidth(text, registered(font), 1.0)
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


def words_of(inline: blocks.Inline, style: ParagraphStyle, link_colour: Color) -> list[Word]:
    """Our spans as words ready to break into lines."""
    builder = _WordBuilder(style.fontSize)
    for span in inline:
        font = _variant(style.fontName, span.bold, span.italic)
        colour = link_colour if span.href else style.textColor
        for run_font, text in font_runs(span.text):
            builder.add(text, chinese_face(font) if run_font == CJK else font, colour, span.href)
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
        if not is_chinese_font(font) and not _SPECIAL.search(text):
            self._add_plain(text, font, colour, href)
            return
        for newline, spaces, chunk in _PIECES.findall(text):
            if chunk and is_chinese_font(font):
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
        if pieces[0] and self._after_chinese(pieces[0]):
            self._close()  # Latin may start a line after a Chinese character
        words = self.words
        widths = _WIDTHS[font]
        for index, piece in enumerate(pieces):
            if piece:
                width = widths.get(piece)
                if width is None:
                    width = unit_width(piece, font)
                run = Run(piece, font, colour, href, width * size)
                if index < last and not self.open and piece[-1] not in _FULL_WIDTH_CLOSING:
                    words.append(Word((run,), run.width, space))  # a whole word: the usual case
                    continue
                self.open.append(run)
            if index < last:
                self._close(space=space)

    def _after_chinese(self, piece: str) -> bool:
        """Whether ``piece`` follows a Chinese character it may be parted from."""
        if not self.open or not is_chinese_font(self.open[-1].font):
            return False
        return self.open[-1].text[-1] not in _OPENING and piece[0] not in _LATIN_CLOSING

    def _add_cjk(self, chunk: str, font: str, colour: Color, href: str | None) -> None:
        """Chinese text may break between characters, but not before closing punctuation or
        after opening punctuation. The last character stays open, so punctuation in the next
        run or span still joins it. Full-width opening punctuation carries its own space, so
        a space typed before it is dropped."""
        if chunk[0] in _FULL_WIDTH_OPENING and not self.open and self.words:
            last = self.words[-1]
            self.words[-1] = Word(last.runs, last.width, None, last.hard_break, last.hyphen)
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
        if open_runs and space is not None and open_runs[-1].text[-1] in _FULL_WIDTH_CLOSING:
            space = None  # full-width punctuation carries its own space
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
