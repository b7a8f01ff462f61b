"""The bundled fonts are held compactly in memory, yet embed exactly as reportlab loads them."""

from __future__ import annotations

import re

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from handouts.errors import LayoutError
from handouts.render.fonts import BODY, CJK, character_class, font_dir, font_runs, uncovered


@pytest.mark.parametrize(
    ("name", "filename"), [(BODY, "NotoSans-Regular.ttf"), (CJK, "wqy-microhei.ttf")]
)
def test_registered_fonts_embed_the_same_subsets_as_plain_reportlab(
    name: str, filename: str
) -> None:
    assert uncovered("a\u4e2d") == []  # registers both fonts
    ours = pdfmetrics.getFont(name).face
    plain = TTFont("plain", str(font_dir() / filename)).face
    codes = sorted(plain.charToGlyph)
    for sample in (codes[:200], codes[::60], codes[-200:]):
        assert ours.makeSubset(sample) == plain.makeSubset(sample)


def test_text_falls_back_to_the_chinese_font_run_by_run_and_reports_what_no_font_draws() -> None:
    assert font_runs("Call 电话 now.\u00a0\n中文，ok") == [
        (BODY, "Call "),
        (CJK, "电话"),
        (BODY, " now.\u00a0\n"),
        (CJK, "中文，"),
        (BODY, "ok"),
    ]
    assert uncovered("ok \U0001f600 中文 \u0378\U0001f600") == ["\U0001f600", "\u0378"]
    with pytest.raises(LayoutError, match="U\\+1F600"):
        font_runs("ok \U0001f600")


def test_acharacter_class_matches_exactly_its_characters_even_regex_syntax() -> None:
    special = {ord(char) for char in "]\\^-[.*"} | {0x10FFFF}
    pattern = re.compile(f"[{character_class(special)}]")
    assert all(pattern.fullmatch(chr(code)) for code in special)
    assert not any(pattern.fullmatch(char) for char in "abc\n0_")
