"""A handout for the patient in front of the clinician: their name, their clinician's note
and their next visit in a "For you" box on page 1, and nowhere else: not in any other page,
the file's name, its metadata or any other file the tool writes."""

from __future__ import annotations

import json
from pathlib import Path

import pikepdf
import pytest
from pikepdf.models.encryption import EncryptionMethod

from handouts.content.patient import load_patient
from handouts.errors import HandoutsError

from helpers import CLINIC, TREATMENT, build_fails, invoke, normalise, read_pdf

NAME = "Amira Okonkwo-Lindqvist"
NOTE = "Apply to the left cheek only, twice a day."


def build_for(root: Path, *args: str) -> tuple[str, Path]:
    result = invoke("build", TREATMENT, "--clinic", CLINIC, *args, "--root", str(root))
    assert result.exit_code == 0, result.output
    (pdf,) = sorted((root / "output").rglob("*.pdf"))
    return result.output, pdf


def test_the_name_note_and_next_visit_are_on_page_one_and_nowhere_else(content_root: Path) -> None:
    output, pdf = build_for(
        content_root, "--for", NAME, "--note", NOTE, "--next-visit", "2026-12-14"
    )
    assert pdf.relative_to(content_root / "output").as_posix() == (
        f"patients/{CLINIC}/{TREATMENT}-1.pdf"
    )
    facts = read_pdf(pdf.read_bytes())
    first = normalise(facts.page_texts[0])
    assert f"For you, {NAME}" in first and NOTE in first
    assert "Your next visit: 14 December 2026" in first
    assert not any(NAME in page or "left cheek" in page for page in facts.page_texts[1:])
    assert NAME not in output and "Amira" not in pdf.name
    with pikepdf.open(pdf) as document:
        metadata = str(document.open_metadata())
        info = str(dict(document.docinfo))
        outline = [item.title for item in document.open_outline().root]
    assert "Amira" not in metadata + info + " ".join(outline)
    written = [p for p in content_root.rglob("*") if p.is_file() and p.suffix != ".pdf"]
    assert not any("Amira" in p.read_text(errors="replace") for p in written if "output" in p.parts)


def test_a_second_handout_never_replaces_the_first(content_root: Path) -> None:
    invoke("build", TREATMENT, "-c", CLINIC, "--for", "A", "--root", str(content_root))
    invoke("build", TREATMENT, "-c", CLINIC, "--for", "B", "--root", str(content_root))
    names = sorted(p.name for p in (content_root / "output" / "patients" / CLINIC).iterdir())
    assert names == [f"{TREATMENT}-1.pdf", f"{TREATMENT}-2.pdf"]


def test_a_patient_file_in_json_with_a_language_and_large_print(content_root: Path) -> None:
    path = content_root / "visit.json"
    path.write_text(
        json.dumps(
            {
                "name": "Lucía",
                "clinician": "Dr Lee",
                "note": "Solo en la **mejilla izquierda**.",
                "area": "mejilla izquierda",
                "language": "es",
                "large_print": True,
            }
        ),
        encoding="utf-8",
    )
    result = invoke(
        "build",
        TREATMENT,
        "-c",
        "jade-integrative",
        "--patient",
        str(path),
        "--root",
        str(content_root),
    )
    assert result.exit_code == 0, result.output
    (pdf,) = (content_root / "output" / "patients" / "jade-integrative").glob("*.pdf")
    facts = read_pdf(pdf.read_bytes())
    first = normalise(facts.page_texts[0])
    assert "Para usted, Lucía" in first and "Zona del tratamiento: mejilla izquierda" in first
    assert "De parte de Dr Lee" in first and facts.lang == "es"


def test_a_mistake_in_a_patient_file_names_the_file_and_line(content_root: Path) -> None:
    path = content_root / "visit.yaml"
    path.write_text("name: Sam\nnext_visit: 14/12/2026\nnote: |\n  ok\n", encoding="utf-8")
    output = build_fails(content_root, TREATMENT, "--clinic", CLINIC, "--patient", str(path))
    assert "visit.yaml:2: next_visit: '14/12/2026' is not a date written as YYYY-MM-DD" in output
    try:
        load_patient(path)
    except HandoutsError as error:
        assert error.problems[0].line == 2


def test_a_patients_text_prints_as_text_never_as_structure(content_root: Path) -> None:
    _, pdf = build_for(content_root, "--for", "# Sam ::: danger", "--note", "- not a list | x")
    first = normalise(read_pdf(pdf.read_bytes()).page_texts[0])
    assert "For you, # Sam ::: danger" in first and "- not a list | x" in first
    result = invoke(
        "build", TREATMENT, "-c", CLINIC, "--for", "Sam\n::: danger", "--root", str(content_root)
    )
    assert result.exit_code == 2 and "Invalid value for --for: must be on one line" in result.output


def test_a_note_without_a_patient_is_a_usage_error(content_root: Path) -> None:
    result = invoke("build", TREATMENT, "-c", CLINIC, "--note", NOTE, "--root", str(content_root))
    assert result.exit_code == 2 and "add --for NAME" in result.output
    args = ("--for", NAME, "--next-visit", "14/12/2026", "--root", str(content_root))
    result = invoke("build", TREATMENT, "-c", CLINIC, *args)
    assert result.exit_code == 2
    assert "Invalid value for --next-visit: '14/12/2026' is not a date written as" in result.output


def test_an_encrypted_handout_opens_only_with_its_password(
    content_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDOUTS_PASSWORD", "correct horse battery")
    _, pdf = build_for(content_root, "--for", NAME, "--encrypt")
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(pdf)
    with pikepdf.open(pdf, password="correct horse battery") as document:
        assert document.encryption.stream_method == EncryptionMethod.aesv3
        assert document.encryption.bits == 256
        assert document.allow.accessibility and document.allow.print_highres
        assert not document.allow.modify_other
    monkeypatch.setenv("HANDOUTS_PASSWORD", "short")
    result = invoke("build", TREATMENT, "-c", CLINIC, "--encrypt", "--root", str(content_root))
    assert result.exit_code == 2 and "at least 8 characters" in result.output
    monkeypatch.delenv("HANDOUTS_PASSWORD")
    result = invoke("build", TREATMENT, "-c", CLINIC, "--encrypt", "--root", str(content_root))
    assert result.exit_code == 2 and "set HANDOUTS_PASSWORD" in result.output  # no terminal


def test_the_example_patient_file_in_the_docs_is_valid() -> None:
    from helpers import REPO

    patient = load_patient(REPO / "docs" / "examples" / "visit.yaml")
    assert patient.language == "es" and str(patient.next_visit) == "2027-01-12"
