"""Bundled fonts -> registered reportlab fonts, and text -> runs of the font that has each glyph.

Body text is Noto Sans (Latin, Greek, Cyrillic). Characters it lacks fall back, run by run,
to WenQuanYi Micro Hei (Chinese). A character neither has is reported before rendering,
so a PDF never shows an empty box. Both are TrueType: reportlab cannot embed CFF outlines.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Collection
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from reportlab.lib.fonts import addMapping, tt2ps
from reportlab.pdfbase import pdfmetrics

from handouts.errors import LayoutError
from handouts.render.subsets import SubsetFont

BODY = "NotoSans"
BODY_BOLD = "NotoSans-Bold"
CJK = "WenQuanYiMicroHei"
CJK_BOLD = "WenQuanYiMicroHei+bold"
"""Bold Chinese: the bundled Chinese font has one weight, so bold is drawn by also stroking
each glyph's outline (see ``handouts.render.textblock``). Not a font of its own: it measures
and embeds as the Chinese font."""
_BODY_FILES = {
    BODY: ("NotoSans-Regular.ttf", 0, 0),
    BODY_BOLD: ("NotoSans-Bold.ttf", 1, 0),
    "NotoSans-Italic": ("NotoSans-Italic.ttf", 0, 1),
    "NotoSans-BoldItalic": ("NotoSans-BoldItalic.ttf", 1, 1),
}
_CJK_FILE = "wqy-microhei.ttf"
# Characters that need no glyph: line breaks and tabs become white space in layout.
_LAYOUT_WHITESPACE = frozenset("\n\t\r")


def font_dir() -> Path:
    return Path(str(resources.files("handouts") / "builtin" / "fonts"))


@cache
def register_fonts() -> None:
    """Register the upright body fonts once per process (parsing a TrueType file is costly);
    the italic faces wait for the first italic text (see ``body_face``)."""
    for name, (filename, bold, italic) in _BODY_FILES.items():
        if not italic:
            _register(name, filename)
        addMapping(BODY, bold, italic, name)


def is_chinese_font(name: str) -> bool:
    return name in (CJK, CJK_BOLD)


def registered(name: str) -> str:
    """The registered font a face is drawn with: bold Chinese is the Chinese font."""
    return CJK if name == CJK_BOLD else name


def chinese_face(face: str) -> str:
    """The Chinese face for text set in ``face``: bold Chinese for a bold Noto Sans face."""
    return CJK_BOLD if face in (BODY_BOLD, "NotoSans-BoldItalic") else CJK


def body_face(bold: bool, italic: bool) -> str:
    """The registered Noto Sans face for this weight and slant."""
    register_fonts()
    name: str = tt2ps(BODY, int(bold), int(italic))
    if italic:
        _register_italic(name)
    return name


@cache
def _register_italic(name: str) -> None:
    _register(name, _BODY_FILES[name][0])


@cache
def _register_cjk() -> None:
    """Register the Chinese font when text first needs it: about 10 MB that a process whose
    text is all Latin, Greek or Cyrillic never spends."""
    _register(CJK, _CJK_FILE)
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(CJK, bold, italic, CJK)


def _register(name: str, filename: str) -> None:
    font = SubsetFont(name, str(font_dir() / filename), shapable=False)
    _compact(font.face)
    pdfmetrics.registerFont(font)


def _compact(face: Any) -> None:
    """Hold the per-glyph tables that reportlab reads only to embed a subset in arrays of
    machine integers, not lists of Python objects: the same values, so the same embedded fonts.
    glyphToChar serves only text shaping, which these fonts never do (shapable=False)."""
    face.glyphPos = array("L", face.glyphPos)
    face.hmetrics = _Metrics(face.hmetrics)
    del face.glyphToChar


class _Metrics:
    """(advance width, left side bearing) of each glyph, as reportlab writes them to a subset."""

    def __init__(self, pairs: list[tuple[float, int]]) -> None:
        self._advances = array("H", [int(advance) for advance, _ in pairs])
        self._bearings = array("H", [bearing for _, bearing in pairs])

    def __getitem__(self, glyph: int) -> tuple[int, int]:
        return self._advances[glyph], self._bearings[glyph]

    def __len__(self) -> int:
        return len(self._advances)


@cache
def _coverage(font_name: str) -> Collection[int]:
    """The code points ``font_name`` has a glyph for (a view: a copy would cost 1 MB more)."""
    if font_name == CJK:
        _register_cjk()
    else:
        register_fonts()
    characters: Collection[int] = pdfmetrics.getFont(font_name).face.charToGlyph.keys()
    return characters


@cache
def _body_characters() -> frozenset[str]:
    return frozenset(map(chr, _coverage(BODY))) | _LAYOUT_WHITESPACE


def body_font_has_all(text: str) -> bool:
    """Fast path: almost all text needs nothing but the body font."""
    return _body_characters().issuperset(text)


def uncovered(text: str) -> list[str]:
    """Characters in ``text`` that no bundled font can draw, in order of first appearance."""
    if body_font_has_all(text):
        return []
    return _not_chinese("".join(_beyond_body().findall(text)))


def _not_chinese(beyond_body: str) -> list[str]:
    """Of characters the body font lacks, those the Chinese font lacks too, each once."""
    chinese = _coverage(CJK)
    return [char for char in dict.fromkeys(beyond_body) if ord(char) not in chinese]


@cache
def _beyond_body() -> re.Pattern[str]:
    """Runs of characters the body font lacks (captured, so splitting keeps them)."""
    body = set(_coverage(BODY)) | set(map(ord, _LAYOUT_WHITESPACE))
    return re.compile(f"([^{character_class(body)}]+)")


def character_class(code_points: set[int]) -> str:
    """The inside of a regular expression's ``[...]`` matching exactly ``code_points`` (not
    empty), as ranges of escaped code points, so no character can be taken for syntax."""
    ranges: list[str] = []
    ordered = sorted(code_points)
    start = previous = ordered[0]
    for point in [*ordered[1:], -1]:
        if point != previous + 1:
            ranges.append(rf"\U{start:08x}-\U{previous:08x}")
            start = point
        previous = point
    return "".join(ranges)


def require_glyphs_for(text: str) -> None:
    """Raise LayoutError naming the first character of ``text`` that no bundled font has. The
    build checks every record and template first; this guards anything that reaches layout."""
    _refuse(uncovered(text))


def _refuse(missing: list[str]) -> None:
    if missing:
        raise LayoutError(f"no bundled font has the character {describe(missing[0])}")


def font_runs(text: str) -> list[tuple[str, str]]:
    """Split ``text`` into (font name, run) pairs, falling back to CJK where needed; a
    LayoutError (see ``require_glyphs_for``) if a character is in neither font."""
    if body_font_has_all(text):
        return [(BODY, text)]
    runs = _beyond_body().split(text)  # alternates: text the body font draws, then Chinese
    _refuse(_not_chinese("".join(runs[1::2])))
    return [(CJK if index % 2 else BODY, run) for index, run in enumerate(runs) if run]


def describe(char: str) -> str:
    """``'x' (U+0078 LATIN SMALL LETTER X)`` for error messages."""
    name = unicodedata.name(char, "unnamed character")
    return f"{char!r} (U+{ord(char):04X} {name})"
