"""Font subsets: named after their characters, and mapped to Unicode without code 0."""

from __future__ import annotations

import re

from handouts.render.subsets import subset_tag, to_unicode_cmap


def test_a_subset_tag_is_six_capitals_made_from_its_characters() -> None:
    first = subset_tag(b"NotoSans-Regular", [0, 72, 105])
    assert re.fullmatch("[A-Z]{6}", first)
    assert first == subset_tag(b"NotoSans-Regular", [0, 72, 105])
    assert first != subset_tag(b"NotoSans-Regular", [0, 72, 106])
    assert first != subset_tag(b"NotoSans-Bold", [0, 72, 105])


def test_the_unicode_map_leaves_out_code_0_and_keeps_blocks_of_100() -> None:
    cmap = to_unicode_cmap("AAAAAA+Font", [0, *range(65, 65 + 255)])
    assert "<00> <0000>" not in cmap
    assert "<01> <0041>" in cmap and "<FF> <013F>" in cmap
    counts = [int(n) for n in re.findall(r"(\d+) beginbfchar", cmap)]
    assert counts == [100, 100, 55]
    assert "<00> <FF>" in cmap  # the code space still covers the whole subset


def test_a_character_beyond_the_basic_plane_maps_as_a_surrogate_pair() -> None:
    assert "<01> <D840DC00>" in to_unicode_cmap("AAAAAA+Font", [0, 0x20000])
