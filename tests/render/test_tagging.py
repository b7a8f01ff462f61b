"""Every bundled handout is tagged PDF/UA-1: both checkers from PyPI pass it, its structure tree
holds together when walked with pikepdf, a screen reader meets its sections in order, and the
tags change nothing that prints."""

from __future__ import annotations

import io
import itertools
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from PIL import Image, ImageChops

from handouts import ContentDir
from handouts.markdown import blocks
from handouts.options import RenderOptions
from handouts.pipeline import render_handout

from helpers import CLINICS, REPO, struct_elements, structure_problems, ua_failures

CONTENT = ContentDir(REPO)
HANDOUTS = [(t, c) for c in CLINICS for t in CONTENT.clinic(c).record.treatments]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Every bundled handout, tagged, written to a file."""
    folder = tmp_path_factory.mktemp("tagged")
    paths = {}
    for treatment, clinic in HANDOUTS:
        handout = render_handout(CONTENT, treatment, clinic, RenderOptions(reproducible=True))
        paths[(treatment, clinic)] = folder / f"{clinic}-{treatment}.pdf"
        paths[(treatment, clinic)].write_bytes(handout.pdf)
    return paths


def test_both_pdf_ua_checkers_pass_every_handout(rendered: dict[tuple[str, str], Path]) -> None:
    failures = {name: ua_failures(path) for name, path in rendered.items()}
    assert not {name: found for name, found in failures.items() if found}


def test_the_structure_tree_of_every_handout_holds_together(
    rendered: dict[tuple[str, str], Path],
) -> None:
    problems = {name: structure_problems(path.read_bytes()) for name, path in rendered.items()}
    assert not {name: found for name, found in problems.items() if found}


def test_the_walk_notices_a_link_cut_off_from_its_element(
    rendered: dict[tuple[str, str], Path],
) -> None:
    pdf = pikepdf.open(rendered[("micro-needling", "jade-integrative")])
    annotated = next(page for page in pdf.pages if "/Annots" in page.obj)
    del annotated.obj.Annots[0].StructParent
    buffer = io.BytesIO()
    pdf.save(buffer)
    assert any("annotation" in problem for problem in structure_problems(buffer.getvalue()))


def _struct_text(path: Path) -> list[tuple[str, str]]:
    """(role, text) of each element as poppler reads the tree: a screen reader's order."""
    output = subprocess.run(
        ["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    pairs = []
    for role_line, text_line in itertools.pairwise(output):
        role = role_line.strip().split(" ")[0]
        if text_line.strip().startswith('"'):
            pairs.append((role, text_line.strip().strip('"')))
    return pairs


def test_a_screen_reader_meets_title_and_sections_in_the_order_of_the_handout(
    rendered: dict[tuple[str, str], Path],
) -> None:
    for (treatment, clinic), path in rendered.items():
        document = render_handout(CONTENT, treatment, clinic).document
        expected = [
            (f"H{block.level}", _squeezed(blocks.plain(block.inline)))
            for block in document.blocks
            if isinstance(block, blocks.Heading) and block.level <= 2
        ]
        headings = [(role, _squeezed(text)) for role, text in _struct_text(path)]
        # Boxes get headings one level down, so key-point boxes under the title read as H2.
        sections = [pair for pair in headings if pair in expected]
        assert sections == expected, (treatment, clinic)


def _squeezed(text: str) -> str:
    """Text without white space: poppler joins the lines of a wrapped heading without one."""
    return "".join(text.split())


def test_the_document_says_what_it_is(rendered: dict[tuple[str, str], Path]) -> None:
    pdf = pikepdf.open(rendered[("silicone-gel", "harbour-dermatology")])
    root = pdf.Root
    assert root.MarkInfo.Marked is True
    assert str(root.Lang) == "en-GB"
    assert root.ViewerPreferences.DisplayDocTitle is True
    xmp = root.Metadata.read_bytes().decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert "Silicone gel for raised scars" in xmp
    assert all(page.obj.Tabs == "/S" for page in pdf.pages)
    document = root.StructTreeRoot.K
    assert document.S == "/Document"
    logo = document.K[0]
    assert (logo.S, str(logo.Alt)) == ("/Figure", "Harbour Dermatology logo")
    assert {str(kid.S) for kid in document.K[1:]} >= {"/H1", "/Sect"}


def test_tables_lists_figures_and_chinese_terms_are_tagged_for_what_they_are(
    rendered: dict[tuple[str, str], Path],
) -> None:
    pdf = pikepdf.open(rendered[("micro-needling", "jade-integrative")])
    elements = struct_elements(pdf.Root.StructTreeRoot.K)
    roles = {str(element.S) for element in elements}
    assert {"/Table", "/TR", "/TH", "/TD", "/L", "/LI", "/Lbl", "/LBody", "/Link"} <= roles
    headers = [element for element in elements if element.S == "/TH"]
    assert all(header.A.Scope == "/Column" for header in headers)
    figures = [element for element in elements if element.S == "/Figure"]
    assert all(str(figure.get("/Alt", "")).strip() for figure in figures)
    spans = [element for element in elements if element.S == "/Span"]
    assert spans and all(str(span.Lang) == "zh" for span in spans)


def _pixels(pdf: bytes) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [document[i].render(scale=0.7).to_pil() for i in range(len(document))]
    finally:
        document.close()


def _poppler_pixels(pdf: bytes, folder: Path, name: str) -> list[Image.Image]:
    (folder / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", str(folder / f"{name}.pdf"), str(folder / name)],
        check=True,
    )
    return [Image.open(path).convert("RGB") for path in sorted(folder.glob(f"{name}-*.png"))]


@pytest.mark.parametrize(
    ("treatment", "clinic"),
    [("micro-needling", "jade-integrative"), ("acne-scar-options", "harbour-dermatology")],
)
def test_tags_change_nothing_that_prints(treatment: str, clinic: str, tmp_path: Path) -> None:
    made = {
        tagged: render_handout(
            CONTENT, treatment, clinic, RenderOptions(reproducible=True, tagged=tagged)
        ).pdf
        for tagged in (True, False)
    }
    assert "/StructTreeRoot" not in pikepdf.open(io.BytesIO(made[False])).Root
    for tagged_pages, untagged_pages in (
        (_pixels(made[True]), _pixels(made[False])),
        (
            _poppler_pixels(made[True], tmp_path, "tagged"),
            _poppler_pixels(made[False], tmp_path, "untagged"),
        ),
    ):
        assert len(tagged_pages) == len(untagged_pages) > 1
        for tagged, untagged in zip(tagged_pages, untagged_pages, strict=True):
            assert (
                ImageChops.difference(tagged.convert("RGB"), untagged.convert("RGB")).getbbox()
                is None
            )


def test_a_table_heading_repeated_on_the_next_page_is_read_once() -> None:
    from handouts.content.clinic import Branding
    from handouts.markdown.parse import parse
    from handouts.render.document import PdfInfo, handout_tags, render_pdf
    from handouts.render.flowables import FlowableBuilder
    from handouts.render.furniture import PageDecor
    from handouts.render.theme import build_theme

    theme = build_theme(Branding())
    decor = PageDecor("Clinic", "0000", None)
    tags = handout_tags(decor, "en-GB")
    rows = "".join(f"| Week {n} | Keep going with the gel every day. |\n" for n in range(80))
    markdown = f"# Plan\n\n| When | What |\n|---|---|\n{rows}"
    flowables = FlowableBuilder(theme, parent=tags.root).document(parse(markdown))
    info = PdfInfo("Plan", "Clinic", "Plan", (), "en-GB")
    pdf = render_pdf(flowables, theme, decor, info, reproducible=True, tags=tags).pdf
    assert structure_problems(pdf) == []
    document = pikepdf.open(io.BytesIO(pdf))
    pages = {page.objgen for page in document.pages}
    assert len(pages) > 1
    headers = [e for e in struct_elements(document.Root.StructTreeRoot.K) if e.S == "/TH"]
    assert len(headers) == 2 and all(len(header.K) == 1 for header in headers)
    assert b"/Artifact <</Type /Pagination>> BDC" in document.pages[1].Contents.read_bytes()
