"""Large print from the command line or the clinic file: body text of 16 to 18 pt with the
rest scaled to match, written beside the usual edition, and still inside the page areas that
``handouts check`` holds every handout to."""

from __future__ import annotations

import ctypes
import io
from collections import Counter
from pathlib import Path

import pikepdf
import pypdfium2
import pypdfium2.raw as pdfium
import pytest

from handouts.content.clinic import Branding
from handouts.content.load import ContentDir
from handouts.markdown import blocks
from handouts.options import RenderOptions
from handouts.pipeline import render_handout
from handouts.render.theme import build_theme

from helpers import (
    CLINIC,
    REPO,
    TREATMENT,
    build_ok,
    check_json,
    clinic_path,
    read_pdf,
    replace_in,
    struct_elements,
    structure_problems,
    ua_failures,
)


def _sizes(pdf: bytes) -> Counter[float]:
    """How many text objects print at each size (rounded to a tenth of a point)."""
    document = pypdfium2.PdfDocument(pdf)
    sizes: Counter[float] = Counter()
    for page in document:
        for item in page.get_objects(filter=[pdfium.FPDF_PAGEOBJ_TEXT]):
            size = ctypes.c_float()
            pdfium.FPDFTextObj_GetFontSize(item.raw, ctypes.byref(size))
            sizes[round(size.value * item.get_matrix().d, 1)] += 1
    document.close()
    return sizes


def test_the_theme_scales_everything_with_the_body_text() -> None:
    usual, large = build_theme(Branding()), build_theme(Branding(), large_print=True)
    assert (usual.styles["body"].fontSize, large.styles["body"].fontSize) == (12, 16)
    assert build_theme(Branding(body_size=16), large_print=True).styles["body"].fontSize == 18
    assert large.styles["h2"].fontSize / large.styles["body"].fontSize == pytest.approx(
        usual.styles["h2"].fontSize / usual.styles["body"].fontSize
    )
    assert large.band_height > usual.band_height and large.margin_bottom > usual.margin_bottom
    assert min(style.fontSize for style in large.styles.values()) >= 12
    by_clinic = build_theme(Branding(large_print=True))
    assert (by_clinic.large_print, by_clinic.band_height) == (True, large.band_height)


def test_large_print_is_written_beside_the_usual_edition(content_root: Path) -> None:
    usual = build_ok(content_root, TREATMENT, CLINIC)
    build_ok(content_root, TREATMENT, CLINIC, "--large-print")
    large = content_root / "output" / CLINIC / "large-print" / f"{TREATMENT}.pdf"
    assert usual.is_file() and usual.read_bytes() != large.read_bytes()
    body = _sizes(large.read_bytes()).most_common(1)[0][0]
    assert 16 <= body <= 18
    assert _sizes(usual.read_bytes()).most_common(1)[0][0] == 12


def test_a_clinic_can_ask_for_large_print_and_check_still_holds(content_root: Path) -> None:
    replace_in(
        clinic_path(content_root), "  page_size: A4\n", "  page_size: A4\n  large_print: true\n"
    )
    build_ok(content_root, TREATMENT, CLINIC)
    assert (content_root / "output" / CLINIC / "large-print" / f"{TREATMENT}.pdf").is_file()
    assert not (content_root / "output" / CLINIC / f"{TREATMENT}.pdf").exists()
    _, report = check_json(content_root, CLINIC)
    codes = {finding["code"] for finding in report["findings"]}
    assert not codes & {"LAYOUT001", "LAYOUT002", "LAYOUT003", "ACCESS004"}, report["findings"]


def test_a_table_too_wide_for_large_print_is_stacked_row_by_row_breaking_no_word(
    tmp_path: Path,
) -> None:
    """Five columns of Spanish at 16 pt cannot sit side by side without cutting words in two
    ("Tratamient/o"): each row is printed as a box of its own, with its column names."""
    options = RenderOptions(language="es", large_print=True, reproducible=True)
    made = render_handout(ContentDir(REPO), "acne-scar-options", "jade-integrative", options)
    (table,) = [block for block in made.document.blocks if isinstance(block, blocks.Table)]
    text = read_pdf(made.pdf).text
    for row in table.rows:
        for name in table.header[1 : len(row)]:
            assert f"{blocks.plain(name)}:" in text  # each value under its column's name
        for word in " ".join(blocks.plain(cell) for cell in row).split():
            assert word in text, word  # whole, never split across lines
    pdf = pikepdf.open(io.BytesIO(made.pdf))
    rows = [e for e in struct_elements(pdf.Root.StructTreeRoot.K) if e.S == "/TR"]
    assert len(rows) == len(table.rows)
    assert all(row.K[0].S == "/TH" and row.K[0].A.Scope == "/Row" for row in rows)
    assert structure_problems(made.pdf) == []
    (tmp_path / "large.pdf").write_bytes(made.pdf)
    assert ua_failures(tmp_path / "large.pdf") == []
    usual = render_handout(
        ContentDir(REPO), "acne-scar-options", "jade-integrative", RenderOptions(language="es")
    )
    usual_pdf = pikepdf.open(io.BytesIO(usual.pdf))
    headers = [e for e in struct_elements(usual_pdf.Root.StructTreeRoot.K) if e.S == "/TH"]
    assert headers and all(header.A.Scope == "/Column" for header in headers)
