"""Packs stay tagged, and store what their handouts share once: each pack passes both PDF/UA-1
checkers and the structure walk, each handout's tree sits under the pack's Document, no two
different font subsets share a name, and the logo is stored once. Large-print packs go beside
the usual ones, never over them."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pikepdf
import pytest

from handouts.pack.manifest import MANIFEST_NAME

from helpers import CLINICS, REPO, pack, pack_path, read_pdf, structure_problems, ua_failures


@pytest.fixture(scope="module")
def packed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("content")
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "templates", root / "templates")
    pack(root, "--all", "--reproducible")
    pack(root, "harbour-dermatology-north", "--duplex", "--reproducible", "--pack-only")
    output = pack(root, "harbour-dermatology", "--large-print", "--reproducible", "--pack-only")
    assert "harbour-dermatology/large-print/harbour-dermatology-pack.pdf" in output  # as written
    return root


def _large_pack(root: Path) -> Path:
    return root / "output" / "harbour-dermatology" / "large-print" / "harbour-dermatology-pack.pdf"


def test_every_pack_passes_both_checkers_and_the_structure_walk(packed: Path) -> None:
    """harbour-dermatology-north's is printed two-sided, with blank pages between handouts."""
    for path in [*(pack_path(packed, clinic) for clinic in CLINICS), _large_pack(packed)]:
        assert ua_failures(path) == [], path
        assert structure_problems(path.read_bytes()) == [], path


def test_each_handout_tree_is_a_part_of_the_pack_document(packed: Path) -> None:
    pdf = pikepdf.open(pack_path(packed, "jade-integrative"))
    document = pdf.Root.StructTreeRoot.K
    parts = [kid for kid in document.K if kid.get("/S") == "/Part"]
    assert len(parts) == 7
    assert [str(kid.S) for kid in document.K if kid.get("/S") in ("/TOC", "/H1")] == [
        "/H1",
        "/H1",
        "/TOC",
    ]
    toc = next(kid for kid in document.K if kid.get("/S") == "/TOC")
    assert [str(item.S) for item in toc.K] == ["/TOCI"] * 7


def _fonts(pdf: pikepdf.Pdf) -> dict[str, set[bytes]]:
    """Each embedded subset's name -> the digests of the font programs stored under it."""
    found: dict[str, set[bytes]] = {}
    for page in pdf.pages:
        for font in page.Resources.Font.values():
            program = font.FontDescriptor.FontFile2.read_bytes()
            found.setdefault(str(font.BaseFont), set()).add(hashlib.sha256(program).digest())
    return found


def test_no_two_different_font_subsets_share_a_name(packed: Path) -> None:
    pdf = pikepdf.open(pack_path(packed, "harbour-dermatology"))
    fonts = _fonts(pdf)
    assert len(fonts) > 10
    assert all(len(programs) == 1 for programs in fonts.values())


def test_the_logo_is_stored_once(packed: Path) -> None:
    pdf = pikepdf.open(pack_path(packed, "harbour-dermatology"))
    images = {
        image.objgen
        for page in pdf.pages[2:]
        for image in page.Resources.get("/XObject", {}).values()
    }
    assert len(images) == 1


def test_a_large_print_pack_says_so_and_leaves_the_usual_one_alone(packed: Path) -> None:
    usual = read_pdf(pack_path(packed, "harbour-dermatology").read_bytes())
    large = read_pdf(_large_pack(packed).read_bytes())
    assert "Large print" in large.page_texts[0] and "Large print" not in usual.page_texts[0]
    assert large.pages > usual.pages
    manifest = json.loads((_large_pack(packed).parent / MANIFEST_NAME).read_text())
    inputs = manifest["outputs"]["harbour-dermatology-pack.pdf"]["inputs"]
    assert inputs["option:large_print"] == "True"
