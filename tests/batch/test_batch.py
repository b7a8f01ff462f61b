"""``handouts batch``: a PDF per row of a patient list, a cover prepared for the patient
before their handouts; a bad row fails alone; the patient's details reach their own PDF's
first page and nothing else the tool writes or prints."""

from __future__ import annotations

import json
from pathlib import Path

import pikepdf
import pytest

from helpers import invoke, normalise, read_pdf, structure_problems, ua_failures

CLINIC = "jade-integrative"
LIST = """name,treatments,clinician,note,next_visit,area,language,large_print
Amira Okonkwo,silicone-gel; laser-resurfacing,Dr Imogen Reyes,\
"Apply to the **left cheek** only.",2027-01-12,left cheek,,
Bartholomew Quince,silicone-gel,,,31/02/2026,,,
Wu Meiling,silicone-gel;micro-needling,,,,,zh-Hans,
Ana Torres,silicone-gel,,Cada noche.,,,es,yes
"""
SECRETS = ("Amira", "Okonkwo", "Imogen", "left cheek", "Bartholomew", "Quince", "Meiling", "Torres")


def run_batch(root: Path, *args: str, text: str = LIST, exit_code: int = 1, **options: object):  # type: ignore[no-untyped-def]
    patient_list = root / "visits.csv"
    patient_list.write_text(text, encoding="utf-8")
    result = invoke(
        "batch", str(patient_list), "--clinic", CLINIC, "--jobs", "2", "--date", "2026-11-30",
        "--root", str(root), *args, **options,
    )  # fmt: skip
    assert result.exit_code == exit_code, result.output
    return result


def folder(root: Path) -> Path:
    return root / "output" / "patients" / CLINIC / "visits"


def test_each_row_gets_a_pdf_behind_a_cover_prepared_for_them(content_root: Path) -> None:
    run_batch(content_root)
    files = sorted(path.name for path in folder(content_root).iterdir())
    assert files == ["row-002.pdf", "row-004.pdf", "row-005.pdf"]
    facts = read_pdf((folder(content_root) / "row-002.pdf").read_bytes())
    cover = normalise(facts.page_texts[0])
    assert "Prepared for Amira Okonkwo on November 30, 2026" in cover
    assert "From Dr Imogen Reyes" in cover and "Treatment area: left cheek" in cover
    assert "Apply to the left cheek only." in cover and "Your next visit: January 12, 2027" in cover
    assert "Silicone gel for raised scars" in cover and "Laser treatment for acne scars" in cover
    assert [title for level, title, _ in facts.outline if level == 0] == [
        "Prepared for you",
        "Silicone gel for raised scars",
        "Laser treatment for acne scars",
    ]
    assert facts.lang == "en-US" and all(facts.fonts.values())


def test_a_row_in_chinese_and_one_in_spanish_large_print(content_root: Path) -> None:
    run_batch(content_root)
    chinese = read_pdf((folder(content_root) / "row-004.pdf").read_bytes())
    assert chinese.lang == "zh-Hans" and "为Wu Meiling准备" in chinese.page_texts[0]
    assert "硅酮凝胶" in chinese.text
    spanish = read_pdf((folder(content_root) / "row-005.pdf").read_bytes())
    assert spanish.lang == "es" and "Preparado para Ana Torres el 30 de noviembre de 2026" in (
        normalise(spanish.page_texts[0])
    )
    assert "Letra grande" in spanish.page_texts[0]


def test_a_bad_row_fails_alone_with_its_line_and_column(content_root: Path) -> None:
    result = run_batch(content_root)
    assert "visits.csv:3: next_visit: the cell's value is not a date" in result.output
    assert "not built: row 3" in result.output
    assert "Built 3 of 4 rows (5 handouts," in result.output


def test_patient_details_reach_only_the_first_page_of_their_own_pdf(content_root: Path) -> None:
    result = run_batch(content_root)
    json_result = run_batch(content_root, "--format", "json")
    printed = result.output + json_result.output
    assert not any(secret in printed for secret in SECRETS), printed
    for path in folder(content_root).iterdir():
        facts = read_pdf(path.read_bytes())
        assert not any(s in page for page in facts.page_texts[1:] for s in SECRETS)
        with pikepdf.open(path) as document:
            hidden = str(document.open_metadata()) + str(dict(document.docinfo))
            hidden += " ".join(item.title for item in document.open_outline().root)
        assert not any(secret in hidden for secret in SECRETS), path.name
    others = [p for p in content_root.rglob("*") if p.is_file() and p.suffix != ".pdf"]
    for path in others:
        if path.name != "visits.csv":
            assert not any(s in path.read_text(errors="replace") for s in SECRETS), path


def test_the_summary_as_json(content_root: Path) -> None:
    summary = json.loads(run_batch(content_root, "--format", "json").stdout)
    counts = (summary["rows"], summary["built"], summary["failed"], summary["handouts"])
    assert counts == (4, 3, 1, 5)
    assert [entry["row"] for entry in summary["files"]] == [2, 4, 5]
    (failure,) = summary["failures"]
    assert (failure["row"], failure["line"]) == (3, 3)
    assert failure["problems"][0]["field"] == "next_visit"


def test_files_named_by_a_chosen_column(content_root: Path) -> None:
    text = "name,treatments,Visit\nAna,silicone-gel,V-1001\nBen,silicone-gel,V-1002\n"
    result = run_batch(content_root, "--name-by", "visit", text=text, exit_code=0)
    assert sorted(p.name for p in folder(content_root).iterdir()) == ["V-1001.pdf", "V-1002.pdf"]
    assert "Columns not used" not in result.output


def test_a_broken_record_fails_only_the_rows_given_it(content_root: Path) -> None:
    record = content_root / "data" / "treatments" / "laser-resurfacing.yaml"
    record.write_text(record.read_text().replace("title:", "titel:", 1))
    text = LIST + "Cy,laser-resurfacing,,,,,,\n"
    result = run_batch(content_root, text=text)
    assert "laser-resurfacing.yaml:" in result.output and "not built: row 2, row 6" in result.output
    assert sorted(p.name for p in folder(content_root).iterdir()) == ["row-004.pdf", "row-005.pdf"]


def test_the_same_list_twice_gives_the_same_bytes(content_root: Path) -> None:
    run_batch(content_root, "--reproducible")
    first = {p.name: p.read_bytes() for p in folder(content_root).iterdir()}
    run_batch(content_root, "--reproducible")
    assert first == {p.name: p.read_bytes() for p in folder(content_root).iterdir()}


@pytest.mark.parametrize("how", ["--encrypt", "--password-column"])
def test_each_pdf_locked_with_a_password(content_root: Path, how: str) -> None:
    text = "name,treatments,pin\nAna,silicone-gel,Pa55word-Ana\n"
    args = ["--encrypt"] if how == "--encrypt" else ["--password-column", "pin"]
    env = {"HANDOUTS_PASSWORD": "Pa55word-Ana"}
    run_batch(content_root, *args, text=text, exit_code=0, env=env)
    (path,) = folder(content_root).iterdir()
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(path)
    with pikepdf.open(path, password="Pa55word-Ana") as document:
        assert document.is_encrypted and len(document.pages) > 1


def test_an_unknown_clinic_or_missing_list_is_one_clear_error(content_root: Path) -> None:
    missing = str(content_root / "nope.csv")
    result = invoke("batch", missing, "-c", CLINIC, "--root", str(content_root))
    assert result.exit_code == 1 and "nope.csv" in result.output
    result = run_batch(content_root, "-c", "nowhere", text="name,treatments\n")
    assert "nowhere" in result.output


def test_every_pdf_is_tagged_whether_its_cover_fits_one_page_or_not(content_root: Path) -> None:
    """Most covers take the place of a stand-in in front of handouts joined once; a cover
    over two pages is joined on its own. Both give valid PDF/UA with the same handouts."""
    long_note = "Keep the gel on the scar all day and wash it off at night. " * 60
    text = (
        "name,treatments,note\n"
        "Ana,silicone-gel;laser-resurfacing,See [the NHS page](https://www.nhs.uk/) too.\n"
        f'Ben,silicone-gel;laser-resurfacing,"{long_note.strip()}"\n'
    )
    run_batch(content_root, text=text, exit_code=0)
    short, long = (folder(content_root) / name for name in ("row-002.pdf", "row-003.pdf"))
    for path in (short, long):
        assert not structure_problems(path.read_bytes()), path.name
        assert not ua_failures(path), path.name
    short_facts, long_facts = read_pdf(short.read_bytes()), read_pdf(long.read_bytes())
    assert long_facts.pages == short_facts.pages + 1
    assert long_facts.page_texts[2:] == short_facts.page_texts[1:]
    with pikepdf.open(short) as document:
        (link,) = [a for a in document.pages[0].Annots if a.Subtype == "/Link"]
        assert str(link.A.URI) == "https://www.nhs.uk/"


def test_a_patients_file_is_theirs_alone_and_an_earlier_lists_files_are_named(
    content_root: Path,
) -> None:
    """Files readable by their owner only; a row that fails takes its earlier file with it,
    and files from an earlier list are pointed out rather than left to be handed out."""
    run_batch(content_root)
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in folder(content_root).glob("row-*"))
    (folder(content_root) / "row-009.pdf").write_bytes(b"%PDF- from an earlier list")
    earlier = LIST.replace("Amira Okonkwo,silicone-gel", "Amira Okonkwo,silicone-gel;nothing")
    result = run_batch(content_root, text=earlier)
    names = sorted(p.name for p in folder(content_root).iterdir())
    assert names == ["row-004.pdf", "row-005.pdf", "row-009.pdf"]  # row 2 failed: its file went
    assert "1 other PDFs in that folder are from an earlier list" in result.output


def test_a_treatment_not_in_the_rows_language_fails_that_row_before_any_work(
    content_root: Path,
) -> None:
    text = "name,treatments,language\nAna,silicone-gel;laser-resurfacing,es\nBen,silicone-gel,\n"
    result = run_batch(content_root, text=text)
    assert "visits.csv:2: treatments: laser-resurfacing has no Spanish (es) version yet" in (
        result.output
    )
    assert [p.name for p in folder(content_root).iterdir()] == ["row-003.pdf"]


def test_drafts_are_named_and_json_prints_only_json(content_root: Path) -> None:
    result = run_batch(content_root)
    assert "overdue for review): silicone-gel, laser-resurfacing," in result.output
    summary = run_batch(content_root, "--format", "json")
    assert json.loads(summary.stdout)["drafts"][:2] == ["silicone-gel", "laser-resurfacing"]
    assert "error:" not in summary.output and "warning:" not in summary.output


def test_the_example_list_in_the_docs_builds(content_root: Path) -> None:
    from helpers import REPO

    text = (REPO / "docs" / "examples" / "visits.csv").read_text(encoding="utf-8")
    run_batch(content_root, "--name-by", "appointment", text=text, exit_code=0)
    assert len(list(folder(content_root).iterdir())) == 4
