"""A clinic pack, read back from the PDF the way a patient or a printer meets it: cover,
contents, where each handout starts, the page number printed there, bookmarks, links."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from handouts.content.load import ContentDir

from helpers import (
    CLINICS,
    REPO,
    every_output,
    normalise,
    pack,
    pack_path,
    read_pdf,
    structure_problems,
    titles,
    ua_failures,
)


@pytest.fixture(scope="module")
def packed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled content with every clinic's pack built once."""
    root = tmp_path_factory.mktemp("content")
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "templates", root / "templates")
    pack(root, "--all")
    return root


def starts_from_contents(contents: str, clinic_titles: list[str]) -> list[int]:
    """The page number the contents page gives after each title."""
    text = normalise(contents)
    found = [re.search(re.escape(title) + r" (\d+)\b", text) for title in clinic_titles]
    assert all(found), text
    return [int(match.group(1)) for match in found if match]


def band_number(data: bytes, index: int) -> str:
    """The text printed at the right-hand end of a page's header band."""
    document = pypdfium2.PdfDocument(data)
    try:
        page = document[index]
        width, height = page.get_size()
        text = page.get_textpage().get_text_bounded(
            left=width * 0.75, bottom=height - 20 * mm, right=width, top=height
        )
        return str(text).strip()
    finally:
        document.close()


def test_every_handout_and_every_pack_is_written(packed: Path) -> None:
    pdfs = {p.relative_to(packed / "output").as_posix() for p in packed.glob("output/**/*.pdf")}
    assert pdfs == every_output(packed)
    assert not list(packed.glob("output/*/.handouts-*.partial"))


@pytest.mark.parametrize("clinic", CLINICS)
def test_cover_names_the_clinic_and_lists_what_is_inside(packed: Path, clinic: str) -> None:
    facts = read_pdf(pack_path(packed, clinic).read_bytes())
    cover = normalise(facts.page_texts[0])
    record = ContentDir(packed).clinic(clinic).record
    assert record.name in cover
    assert record.contact.phone in cover
    assert "In this pack" in cover
    assert re.search(r"Updated (\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][a-z]+ \d{1,2}, \d{4})", cover)
    positions = [cover.find(title) for title in titles(packed, clinic)]
    assert -1 not in positions, cover
    assert positions == sorted(positions), "listed in the clinic's pack order"


@pytest.mark.parametrize("clinic", CLINICS)
def test_contents_page_numbers_are_where_each_handout_starts(packed: Path, clinic: str) -> None:
    data = pack_path(packed, clinic).read_bytes()
    facts = read_pdf(data)
    clinic_titles = titles(packed, clinic)
    starts = starts_from_contents(facts.page_texts[1], clinic_titles)
    assert starts[0] == 3, "cover and one contents page come first"
    for title, start in zip(clinic_titles, starts, strict=True):
        page = normalise(facts.page_texts[start - 1])
        assert title in page, f"{title} does not start on page {start}"
        assert re.search(r"Page 1 of \d+", page), "the handout keeps its own page numbers"
        assert band_number(data, start - 1) == str(start)
    assert band_number(data, 1) == "2"
    assert band_number(data, 0) == "", "no page number on the cover"


def test_each_handout_page_carries_its_pack_page_number(packed: Path) -> None:
    data = pack_path(packed, "harbour-dermatology").read_bytes()
    pages = len(PdfReader(pack_path(packed, "harbour-dermatology")).pages)
    assert [band_number(data, i) for i in range(1, pages)] == [str(n) for n in range(2, pages + 1)]


@pytest.mark.parametrize("clinic", CLINICS)
def test_pack_holds_each_handout_exactly_as_its_own_pdf(packed: Path, clinic: str) -> None:
    facts = read_pdf(pack_path(packed, clinic).read_bytes())
    content = ContentDir(packed)
    treatments = content.clinic(clinic).record.treatments
    starts = starts_from_contents(facts.page_texts[1], titles(packed, clinic))
    ends = [*starts[1:], facts.pages + 1]
    for treatment, start, end in zip(treatments, starts, ends, strict=True):
        own = read_pdf((packed / "output" / clinic / f"{treatment}.pdf").read_bytes())
        assert end - start == own.pages
        in_pack = [normalise(text) for text in facts.page_texts[start - 1 : end - 1]]
        assert all(
            normalise(page) in in_pack_page
            for page, in_pack_page in zip(own.page_texts, in_pack, strict=True)
        )


@pytest.mark.parametrize("clinic", CLINICS)
def test_one_bookmark_per_handout_with_its_sections_beneath(packed: Path, clinic: str) -> None:
    facts = read_pdf(pack_path(packed, clinic).read_bytes())
    clinic_titles = titles(packed, clinic)
    starts = starts_from_contents(facts.page_texts[1], clinic_titles)
    top = [(title, page) for level, title, page in facts.outline if level == 0]
    expected = [("Cover", 0), ("Contents", 1)]
    expected += [(title, start - 1) for title, start in zip(clinic_titles, starts, strict=True)]
    assert top == expected
    assert max(level for level, _, _ in facts.outline) == 1
    for level, title, page in facts.outline:
        if level == 1:
            assert title in normalise(facts.page_texts[page]), f"{title} not on page {page + 1}"
    sections = [title for level, title, _ in facts.outline if level == 1]
    assert sections.count("How it works") == len(clinic_titles)
    assert sections.count("When to contact us") == len(clinic_titles)


def test_contents_rows_link_to_their_handouts(packed: Path) -> None:
    reader = PdfReader(pack_path(packed, "jade-integrative"))
    facts = read_pdf(pack_path(packed, "jade-integrative").read_bytes())
    starts = starts_from_contents(facts.page_texts[1], titles(packed, "jade-integrative"))
    targets = []
    for annotation in reader.pages[1].get("/Annots", []):
        destination = annotation.get_object()["/Dest"]
        targets.append(reader.get_page_number(destination[0].get_object()) + 1)
    assert targets == starts


def test_pack_metadata_language_and_fonts(packed: Path) -> None:
    facts = read_pdf(pack_path(packed, "jade-integrative").read_bytes())
    assert facts.metadata["/Title"] == "Jade Integrative Skin Clinic patient handouts"
    assert facts.metadata["/Author"] == "Jade Integrative Skin Clinic"
    assert facts.lang == "en-US"
    assert facts.display_title
    assert facts.fonts and all(facts.fonts.values()), facts.fonts
    size = PdfReader(pack_path(packed, "jade-integrative")).pages[0].mediabox
    assert (round(float(size.width)), round(float(size.height))) == (612, 792)  # US Letter


def test_duplex_starts_every_handout_on_an_odd_page(content_root: Path) -> None:
    output = pack(content_root, "jade-integrative", "--duplex", "--pack-only", "--lang", "en-US")
    assert "Built 7 handouts and 1 pack" in output
    assert [p.name for p in (content_root / "output" / "jade-integrative").glob("*.pdf")] == [
        "jade-integrative-pack.pdf"
    ], "--pack-only writes no handout files"
    facts = read_pdf(pack_path(content_root, "jade-integrative").read_bytes())
    clinic_titles = titles(content_root, "jade-integrative")
    starts = starts_from_contents(facts.page_texts[1], clinic_titles)
    assert all(start % 2 == 1 for start in starts), starts
    for title, start in zip(clinic_titles, starts, strict=True):
        assert title in normalise(facts.page_texts[start - 1])
    blanks = [n for n, text in enumerate(facts.page_texts, 1) if not text.strip()]
    assert blanks, "some handout has an odd page count, so a blank page is needed"
    assert all(blank + 1 in starts for blank in blanks), "blank pages only before a handout"


def test_a_long_pack_says_on_its_cover_how_many_handouts_it_holds(content_root: Path) -> None:
    """Sixty titles would have to shrink below a readable size on the cover; the cover says
    how many there are, and the contents pages list them all."""
    treatments = content_root / "data" / "treatments"
    record = (treatments / "silicone-gel.yaml").read_text(encoding="utf-8")
    ids = [f"silicone-gel-{number}" for number in range(60)]
    for new_id in ids:
        text = record.replace("id: silicone-gel\n", f"id: {new_id}\n", 1)
        (treatments / f"{new_id}.yaml").write_text(text, encoding="utf-8")
    clinic_file = content_root / "templates" / "harbour-dermatology" / "clinic.yaml"
    head = clinic_file.read_text(encoding="utf-8").split("\ntreatments:")[0]
    listing = "".join(f"\n  - {treatment_id}" for treatment_id in ids)
    clinic_file.write_text(f"{head}\ntreatments:{listing}\n", encoding="utf-8")
    pack(content_root, "harbour-dermatology", "--pack-only", "--reproducible")
    path = pack_path(content_root, "harbour-dermatology")
    facts = read_pdf(path.read_bytes())
    assert "This pack holds 60 handouts." in normalise(facts.page_texts[0])
    title = "Silicone gel for raised scars"
    first_handout = starts_from_contents(facts.page_texts[1], [title])[0]
    contents = normalise(" ".join(facts.page_texts[1 : first_handout - 1]))
    assert contents.count(title) == 60
    assert ua_failures(path) == []
    assert structure_problems(path.read_bytes()) == []
