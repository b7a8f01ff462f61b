"""A handout whose last page would carry only a few lines is laid out again with less space
between its blocks, and kept that way only if it then takes a page fewer."""

from __future__ import annotations

from handouts.content.load import ContentDir
from handouts.options import RenderOptions
from handouts.pipeline import PULL_BACK_BELOW, laid_out, prepare_handout, render_handout

from helpers import REPO, normalise, read_pdf

CLINIC = "harbour-dermatology"


def test_a_nearly_empty_last_page_is_pulled_back_with_every_word_kept() -> None:
    content, options = ContentDir(REPO), RenderOptions(reproducible=True)
    handout = prepare_handout(content, "micro-needling", CLINIC, None, options)
    usual = laid_out(handout, options)
    assert usual.pages > 1 and usual.last_page_filled < PULL_BACK_BELOW
    made = render_handout(content, "micro-needling", CLINIC, options)
    assert made.page_count == usual.pages - 1
    # The same words (headers and footers repeat per page, so not the same counts).
    words = set(normalise(read_pdf(usual.pdf).text).split())
    assert set(normalise(read_pdf(made.pdf).text).split()) ^ words <= {str(usual.pages)}


def test_a_handout_with_a_full_last_page_is_laid_out_once_as_usual() -> None:
    content, options = ContentDir(REPO), RenderOptions(reproducible=True)
    handout = prepare_handout(content, "silicone-gel", CLINIC, None, options)
    usual = laid_out(handout, options)
    assert usual.last_page_filled >= PULL_BACK_BELOW
    assert render_handout(content, "silicone-gel", CLINIC, options).pdf == usual.pdf
