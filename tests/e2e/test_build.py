"""One handout, end to end, through the command line a clinic uses: assertions on the PDF."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest

from handouts.check.readability import plain_text
from handouts.compose.environment import REQUIRED_SECTIONS
from handouts.content.load import ContentDir
from handouts.options import RenderOptions
from handouts.pipeline import render_handout
from handouts.render.images import LOGO_PIXELS

from helpers import REQUIRED_HEADINGS, build_ok, invoke, normalise, read_pdf, replace_in


def shown(markdown: str) -> str:
    """A record's Markdown as it reads on paper (no emphasis marks, links as their text)."""
    return normalise(plain_text(markdown).rstrip("."))


@pytest.fixture(scope="module")
def silicone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from conftest import REPO

    root = tmp_path_factory.mktemp("content")
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "templates", root / "templates")
    return build_ok(root, "silicone-gel", "harbour-dermatology")


def test_cli_writes_the_handout_where_the_clinic_expects_it(silicone: Path) -> None:
    assert silicone.is_file()
    assert silicone.read_bytes().startswith(b"%PDF-")
    assert not list(silicone.parent.glob(".handouts-*")), "temporary file left behind"


def test_every_required_section_has_its_heading_and_text(
    silicone: Path, bundled: ContentDir
) -> None:
    facts = read_pdf(silicone.read_bytes())
    text = normalise(facts.text)
    record = bundled.treatment("silicone-gel").record
    headings = {title for _, title, _ in facts.outline}
    assert set(REQUIRED_HEADINGS) <= headings
    assert len(REQUIRED_SECTIONS) == len(REQUIRED_HEADINGS)
    expected = [
        record.title,
        record.mechanism.summary,
        record.expected_results.timeline,
        record.expected_results.variability,
        *record.expected_results.improves,
        *record.precautions.before,
        *record.precautions.after,
        *record.side_effects.common,
        *record.side_effects.serious,
        *record.not_suitable_for,
        *record.when_to_contact.call_clinic,
        *record.when_to_contact.urgent_care,
        *record.when_to_contact.emergency,
        *record.key_points,
        *record.questions,
        record.cost,
        *(f"{choice.option}: {choice.note}" for choice in record.alternatives),
    ]
    missing = [item for item in expected if shown(item) not in text]
    assert not missing


def test_clinic_name_phone_and_footer_on_every_page(silicone: Path) -> None:
    facts = read_pdf(silicone.read_bytes())
    assert facts.pages >= 2
    for number, page in enumerate(facts.page_texts, 1):
        page = normalise(page)
        assert "Harbour Dermatology" in page
        assert "020 7946 0321" in page
        assert f"Page {number} of {facts.pages}" in page
        assert "HD-silicone-gel-2.0" in page  # the leaflet's reference and version
        assert "DRAFT: not yet approved by a clinician" in page  # the demo record is a draft


def test_every_font_is_embedded(silicone: Path) -> None:
    fonts = read_pdf(silicone.read_bytes()).fonts
    assert fonts, "no fonts found"
    assert all(fonts.values()), fonts
    assert any("NotoSans" in name for name in fonts)


def test_metadata_language_and_viewer_title(silicone: Path, bundled: ContentDir) -> None:
    facts = read_pdf(silicone.read_bytes())
    record = bundled.treatment("silicone-gel").record
    assert facts.metadata["/Title"] == record.title
    assert facts.metadata["/Author"] == "Harbour Dermatology"
    assert record.condition in facts.metadata["/Subject"]
    assert "silicone-gel" in facts.metadata["/Keywords"]
    assert facts.lang == "en-GB"
    assert facts.display_title


def test_one_bookmark_per_section_pointing_at_its_page(silicone: Path) -> None:
    facts = read_pdf(silicone.read_bytes())
    # the six required sections, other options, cost, questions to ask, and the sources
    assert len(facts.outline) == 10
    for _level, title, page in facts.outline:
        assert title in normalise(facts.page_texts[page]), f"{title} not on page {page + 1}"
    pages = [page for _, _, page in facts.outline]
    assert pages == sorted(pages)


def test_reproducible_builds_are_byte_identical(content_root: Path) -> None:
    first = build_ok(content_root, "silicone-gel", "harbour-dermatology", "--reproducible")
    digest = hashlib.sha256(first.read_bytes()).hexdigest()
    second = build_ok(content_root, "silicone-gel", "harbour-dermatology", "--reproducible")
    assert hashlib.sha256(second.read_bytes()).hexdigest() == digest


def test_out_option_writes_to_the_given_file(content_root: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "gel.pdf"
    result = invoke(
        *[
            "build",
            "silicone-gel",
            "-c",
            "harbour-dermatology",
            "--root",
            str(content_root),
            "--out",
            str(target),
        ],
    )
    assert result.exit_code == 0, result.output
    assert read_pdf(target.read_bytes()).metadata["/Title"] == "Silicone gel for raised scars"


def test_chinese_text_extracts_back_exactly(content_root: Path) -> None:
    record = content_root / "data" / "treatments" / "silicone-gel.yaml"
    replace_in(
        record,
        "title: Silicone gel for raised scars",
        "title: Silicone gel for raised scars 气血 test",
    )
    facts = read_pdf(
        render_handout(ContentDir(content_root), "silicone-gel", "harbour-dermatology").pdf
    )
    assert "Silicone gel for raised scars 气血 test" in facts.text
    assert any("WenQuanYi" in name for name in facts.fonts)


def test_greek_and_cyrillic_render_in_the_body_font(content_root: Path) -> None:
    record = content_root / "data" / "treatments" / "silicone-gel.yaml"
    replace_in(record, "title: Silicone gel for raised scars", "title: Gel αβγ Силикон")
    facts = read_pdf(
        render_handout(ContentDir(content_root), "silicone-gel", "harbour-dermatology").pdf
    )
    assert "Gel αβγ Силикон" in facts.text
    assert not any("WenQuanYi" in name for name in facts.fonts)


def test_markup_characters_in_content_print_literally(content_root: Path) -> None:
    record = content_root / "data" / "treatments" / "silicone-gel.yaml"
    replace_in(
        record, "title: Silicone gel for raised scars", 'title: Gel <b>bold</b> & "more" <br/>'
    )
    facts = read_pdf(
        render_handout(ContentDir(content_root), "silicone-gel", "harbour-dermatology").pdf
    )
    assert 'Gel <b>bold</b> & "more" <br/>' in facts.text


def test_list_shows_treatments_and_clinics(content_root: Path) -> None:
    result = invoke("list", "--root", str(content_root))
    assert result.exit_code == 0, result.output
    assert re.search(r"silicone-gel\s+Silicone gel for raised scars", result.output)
    assert re.search(r"harbour-dermatology-north\s+.*extends harbour-dermatology", result.output)


def test_branch_clinic_inherits_look_and_changes_contact(bundled: ContentDir) -> None:
    branch = bundled.clinic("harbour-dermatology-north")
    parent = bundled.clinic("harbour-dermatology")
    assert branch.record.branding.primary_colour == parent.record.branding.primary_colour
    assert branch.record.treatments == parent.record.treatments
    assert branch.record.contact.phone != parent.record.contact.phone
    assert branch.record.contact.hours == parent.record.contact.hours
    assert branch.logo_path == bundled.templates_dir / "harbour-dermatology-north" / "logo.png"
    facts = read_pdf(render_handout(bundled, "silicone-gel", branch.record.id).pdf)
    assert "0161 496 0754" in facts.text and "020 7946 0321" not in facts.text


def test_letter_clinic_gets_letter_pages(bundled: ContentDir) -> None:
    import pypdfium2

    pdf = render_handout(
        bundled, "silicone-gel", "jade-integrative", RenderOptions(reproducible=True)
    ).pdf
    width, height = pypdfium2.PdfDocument(pdf)[0].get_size()
    assert (round(width), round(height)) == (612, 792)


def test_template_edits_apply_at_once_in_a_long_running_process(content_root: Path) -> None:
    """Compiled templates are shared per clinic within a process; edits must still show."""
    content = ContentDir(content_root)
    template = content_root / "templates" / "jade-integrative" / "handout.md.j2"
    first = render_handout(content, "silicone-gel", "jade-integrative").markdown
    assert "Caring for your skin afterwards" in first
    # Same length, written straight away: a modification time alone could not tell them apart.
    replace_in(template, "Caring for your skin afterwards", "Looking after your skin, then")
    second = render_handout(content, "silicone-gel", "jade-integrative").markdown
    assert "Looking after your skin, then" in second
    override = content_root / "templates" / "harbour-dermatology" / "handout.md.j2"
    override.write_text(
        '{% extends "builtin/handout.md.j2" %}\n'
        "{% block title %}\n# {{ treatment.title }} (Harbour)\n{% endblock %}\n",
        encoding="utf-8",
    )
    added = render_handout(content, "silicone-gel", "harbour-dermatology").markdown
    assert "# Silicone gel for raised scars (Harbour)" in added


def _page_images(pdf: bytes) -> list[dict[str, tuple[int, int, bool]]]:
    """Per page: image name -> (width, height, has a transparency mask)."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        xobjects = page["/Resources"].get("/XObject", {})
        images = {}
        for name, ref in xobjects.items():
            image = ref.get_object()
            if image["/Subtype"] == "/Image":
                images[name] = (image["/Width"], image["/Height"], "/SMask" in image)
        pages.append(images)
    return pages


def test_logo_is_embedded_once_at_print_resolution_on_every_page(silicone: Path) -> None:
    pages = _page_images(silicone.read_bytes())
    assert len(pages) == read_pdf(silicone.read_bytes()).pages >= 2
    assert all(page == pages[0] for page in pages), "every page should draw the same logo"
    ((width, height, masked),) = pages[0].values()
    assert max(width, height) == LOGO_PIXELS and masked


def test_a_changed_logo_shows_at_once_in_a_long_running_process(content_root: Path) -> None:
    """Encoded logos are kept per process by their content, never by their file name."""
    from PIL import Image

    content = ContentDir(content_root)
    first = render_handout(content, "silicone-gel", "harbour-dermatology").pdf
    logo = content_root / "templates" / "harbour-dermatology" / "logo.png"
    Image.new("RGB", (300, 100), "orange").save(logo)
    second = render_handout(content, "silicone-gel", "harbour-dermatology").pdf
    ((width, height, masked),) = _page_images(second)[0].values()
    assert (width, height, masked) == (200, 67, False)
    assert _page_images(first)[0] != _page_images(second)[0]


def test_a_build_warns_when_reportlab_runs_without_its_c_accelerator(
    content_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quiet = invoke(
        *["build", "silicone-gel", "-c", "harbour-dermatology", "--root", str(content_root)]
    )
    assert quiet.exit_code == 0 and "accelerator" not in quiet.output

    from reportlab.lib import rl_accel

    monkeypatch.setattr(rl_accel, "fp_str", lambda *numbers: " ".join(map(str, numbers)))
    slow = invoke(
        *["build", "silicone-gel", "-c", "harbour-dermatology", "--root", str(content_root)]
    )
    assert slow.exit_code == 0, slow.output
    assert "C accelerator is not in use for fp_str;" in slow.output
    assert "pip install --force-reinstall rl-accel" in slow.output
