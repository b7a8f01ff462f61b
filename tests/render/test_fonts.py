"""The bundled fonts are held compactly in memory, yet embed exactly as reportlab loads them."""

from __future__ import annotations

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from handouts.render.fonts import BODY, CJK, font_dir, font_for


@pytest.mark.parametrize(
    ("name", "filename"), [(BODY, "NotoSans-Regular.ttf"), (CJK, "wqy-microhei.ttf")]
)
def test_registered_fonts_embed_the_same_subsets_as_plain_reportlab(
    name: str, filename: str
) -> None:
    assert font_for("\u4e2d") == CJK  # registers both fonts
    ours = pdfmetrics.getFont(name).face
    plain = TTFont("plain", str(font_dir() / filename)).face
    codes = sorted(plain.charToGlyph)
    for sample in (codes[:200], codes[::60], codes[-200:]):
        assert ours.makeSubset(sample) == plain.makeSubset(sample)
