"""What a patient must be able to trust: the emergency number for the clinic's country, medical
words explained where they first appear, words of the reader's own English, the clinic's own
wording graded like the records, and each source printed only with what it supports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from handouts.check.plain import explanation_findings, locale_findings
from handouts.content.load import ContentDir
from handouts.pipeline import render_handout

from helpers import (
    AS_OF,
    CLINIC,
    TREATMENT,
    build_fails,
    clinic_path,
    invoke,
    line_of,
    normalise,
    override_template,
    read_pdf,
    record_path,
    replace_in,
)

JADE = "jade-integrative"


def findings(root: Path, *clinics: str) -> list[dict[str, Any]]:
    result = invoke("check", *clinics, "--as-of", AS_OF, "--format", "json", "--root", str(root))
    return list(json.loads(result.stdout)["findings"])


def with_code(items: list[dict[str, Any]], code: str) -> list[dict[str, Any]]:
    return [item for item in items if item["code"] == code]


def test_a_us_clinic_that_prints_999_fails_check_and_build(content_root: Path) -> None:
    replace_in(
        clinic_path(content_root, JADE), 'emergency_number: "911"', 'emergency_number: "999"'
    )
    (found,) = with_code(findings(content_root, JADE), "EMERGENCY001")
    assert found["file"] == f"templates/{JADE}/clinic.yaml"
    assert found["line"] == line_of(clinic_path(content_root, JADE), "emergency_number")
    assert "999 is not an emergency number in US (911)" in found["message"]
    output = build_fails(content_root, TREATMENT, "--clinic", JADE)
    assert "contact.emergency_number: 999 is not an emergency number in US" in output


def test_a_clinic_without_an_emergency_number_fails(content_root: Path) -> None:
    replace_in(clinic_path(content_root, JADE), '  emergency_number: "911"\n', "")
    (found,) = with_code(findings(content_root, JADE), "SCHEMA001")
    assert found["field"] == "contact.emergency_number"
    assert "is required" in found["message"]


def test_a_country_not_in_the_table_asks_for_confirmation(content_root: Path) -> None:
    jade = clinic_path(content_root, JADE)
    replace_in(jade, "languages: [en-US, zh-Hans, es]\n", "languages: [en-US]\ncountry: BR\n")
    (found,) = with_code(findings(content_root, JADE), "EMERGENCY002")
    assert found["severity"] == "warning" and "confirm" in found["message"]


def test_the_out_of_hours_line_prints_in_the_get_help_today_box(bundled: ContentDir) -> None:
    text = normalise(read_pdf(render_handout(bundled, TREATMENT, CLINIC).pdf).text)
    assert "Get medical help today if you have" in text
    assert "When we are closed: NHS 111 (call 111, any time)." in text
    assert "Call 999 now if you have" in text


def test_a_medical_word_used_before_it_is_explained_is_reported_at_its_place(
    content_root: Path,
) -> None:
    path = record_path(content_root)
    replace_in(path, "  - Use it only on skin that has fully healed.", "  - Keloids respond less.")
    found = with_code(findings(content_root, CLINIC), "PLAIN001")
    keloid = [item for item in found if "'keloid'" in item["message"]]
    assert [(item["line"], item["field"]) for item in keloid] == [
        (line_of(path, "Keloids respond less."), "key_points.3")
    ]
    assert "keloid (a raised scar that grows beyond the edge of the wound)" in keloid[0]["message"]


def test_a_british_word_in_a_record_a_us_clinic_prints_is_reported(content_root: Path) -> None:
    path = record_path(content_root)
    replace_in(path, "Ask your doctor or pharmacist", "Ask your GP or pharmacist")
    (found,) = with_code(findings(content_root, JADE), "PLAIN002")
    assert found["line"] == line_of(path, "Ask your GP")
    assert "'GP' is not the word readers of en-US use" in found["message"]
    assert with_code(findings(content_root, CLINIC), "PLAIN002") == []


def test_the_bundled_records_explain_every_medical_word(bundled: ContentDir) -> None:
    glossary = bundled.glossary()
    assert glossary is not None and len(glossary.terms) >= 20
    clinics = [bundled.clinic(clinic_id) for clinic_id in bundled.clinic_ids()]
    for treatment_id in bundled.treatment_ids():
        treatment = bundled.treatment(treatment_id)
        assert explanation_findings(treatment, glossary) == []
        assert locale_findings(treatment, glossary, clinics) == []


def test_a_clinics_own_wording_is_graded_like_a_record(content_root: Path) -> None:
    hard = (
        "Postprocedural cutaneous convalescence necessitates meticulous adherence to "
        "individualised dermatological recommendations, notwithstanding considerable "
        "interindividual variability regarding epithelialisation and remodelling chronology. "
    )
    override_template(content_root, "{% block aftercare %}\n" + hard * 3 + "{% endblock %}\n")
    (found,) = with_code(findings(content_root, CLINIC), "READ002")
    assert found["file"] == f"templates/{CLINIC}/handout.md.j2"
    assert "the template's own wording reads at grade" in found["message"]


@pytest.mark.parametrize(("clinic", "shown"), [(JADE, True), (CLINIC, False)])
def test_a_source_prints_only_with_the_content_it_supports(
    bundled: ContentDir, clinic: str, shown: bool
) -> None:
    text = normalise(read_pdf(render_handout(bundled, "micro-needling", clinic).pdf).text)
    assert ("Traditional Chinese Medicine: a traditional explanation" in text) is shown
    assert ("nccih.nih.gov" in text.replace(" ", "")) is shown
    assert "(read on " in text  # web pages give the day they were read
