"""Content in more than one language: translations found by their file names and checked
against them, a clinic's words in each language it offers, the older one-language form,
and Chinese text without the spaces YAML folding puts between its characters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from handouts.content.load import ContentDir
from handouts.errors import HandoutsError
from handouts.options import RenderOptions
from handouts.pipeline import render_handout

from helpers import (
    build_fails,
    clinic_path,
    normalise,
    read_pdf,
    record_path,
    replace_in,
)

JADE = "jade-integrative"
GEL = "silicone-gel"
APPROVED = (
    "status: approved\n  approved_by: Dr A. Example, dermatologist\n  approved_on: 2026-11-30\n"
)


def translation(root: Path, language: str, treatment: str = GEL) -> Path:
    return root / "data" / "treatments" / f"{treatment}.{language}.yaml"


def approve(path: Path) -> None:
    replace_in(path, "status: draft\n", APPROVED)
    replace_in(path, "  approved_by: null\n  approved_on: null\n", "")


def test_translations_are_records_not_misnamed_files(bundled: ContentDir) -> None:
    assert bundled.misnamed() == []
    assert GEL in bundled.treatment_ids() and f"{GEL}.es" not in bundled.treatment_ids()
    assert list(bundled.translations(GEL)) == ["es", "zh-Hans"]
    assert bundled.treatment(GEL, "es-US").record.language == "es", "es serves es-US"
    assert bundled.treatment(GEL, "en-GB").record.language == "en"


def test_a_content_dir_sees_records_and_translations_added_or_removed_since_it_looked(
    content_root: Path,
) -> None:
    content = ContentDir(content_root)
    assert "laser-resurfacing" in content.treatment_ids()
    assert "es" not in content.translations("laser-resurfacing")
    added = translation(content_root, "es", "laser-resurfacing")
    added.write_text(translation(content_root, "es").read_text(encoding="utf-8"), "utf-8")
    record_path(content_root, "scar-surgery").unlink()
    assert "es" in content.translations("laser-resurfacing")
    assert "scar-surgery" not in content.treatment_ids()
    added.unlink()
    assert "es" not in content.translations("laser-resurfacing")


def test_a_file_named_with_no_language_tag_is_misnamed(content_root: Path) -> None:
    (content_root / "data" / "treatments" / f"{GEL}.spanish.yaml").write_text("id: x\n")
    problems = ContentDir(content_root).misnamed()
    assert [p.code for p in problems] == ["NAME001"]


def test_a_translation_says_its_language_and_what_it_translates(content_root: Path) -> None:
    path = translation(content_root, "es")
    replace_in(path, "language: es\n", "language: fr\n")
    replace_in(path, 'translation_of: "2.0"\n', "")
    with pytest.raises(HandoutsError) as raised:
        ContentDir(content_root).treatment(GEL, "es")
    messages = {p.field: p.message for p in raised.value.problems}
    assert {p.code for p in raised.value.problems} == {"LANG005"}
    assert "is 'fr' but the file name says es" in messages["language"]
    assert "add translation_of:" in messages["translation_of"]


def test_a_clinic_file_for_a_language_holds_only_words(content_root: Path) -> None:
    words = content_root / "templates" / JADE / "clinic.es.yaml"
    words.write_text(words.read_text() + "contact_emergency_number: '112'\n")
    output = build_fails(content_root, GEL, "--clinic", JADE, "--lang", "es")
    assert "clinic.es.yaml" in output and "unknown key" in output
    assert "Valid keys here: name, disclaimer, contact, feedback, wording" in output


def test_words_missing_in_a_language_are_named_with_the_file_to_add(content_root: Path) -> None:
    (content_root / "templates" / JADE / "clinic.zh-Hans.yaml").unlink()
    output = build_fails(content_root, GEL, "--clinic", JADE, "--lang", "zh-Hans")
    assert "clinic.zh-Hans.yaml: disclaimer: jade-integrative prints handouts in" in output
    for field in ("disclaimer", "contact.hours", "contact.out_of_hours"):
        assert f"its {field} is only in English (United States, en-US)" in output


def test_a_template_with_words_of_its_own_needs_one_per_language(content_root: Path) -> None:
    (content_root / "templates" / JADE / "handout.es.md.j2").unlink()
    output = build_fails(content_root, GEL, "--clinic", JADE, "--lang", "es")
    assert "handout.md.j2: LANG003" in output or "handout.md.j2" in output
    assert "Copy it to handout.es.md.j2 beside it" in output


def test_wording_overrides_stay_with_their_language(content_root: Path) -> None:
    approve(record_path(content_root, GEL))
    approve(translation(content_root, "es"))
    approve(translation(content_root, "zh-Hans"))
    content = ContentDir(content_root)
    options = {"date": dt.date(2026, 12, 1), "reproducible": True}

    def footer(language: str) -> str:
        pdf = render_handout(content, GEL, JADE, RenderOptions(language=language, **options)).pdf
        return normalise(read_pdf(pdf).page_texts[0])

    assert "Checked by our team November 30, 2026" in footer("en-US")
    assert "Revisado por nuestro equipo el 30 de noviembre de 2026" in footer("es")
    assert "Checked by our team" not in footer("es")
    chinese = footer("zh-Hans")
    assert "我们团队审核于 2026年11月30日" in chinese and "下次审核 2027年11月30日" in chinese


def test_the_older_one_language_form_still_works(content_root: Path) -> None:
    path = clinic_path(content_root, JADE)
    replace_in(path, "languages: [en-US, zh-Hans, es]\n", "locale: es-US\n")
    clinic = ContentDir(content_root).clinic(JADE)
    assert clinic.record.languages == ["es-US"] and clinic.language == "es-US"
    pdf = render_handout(ContentDir(content_root), GEL, JADE).pdf
    text = normalise(read_pdf(pdf).text)
    assert "Cómo funciona" in text and "How it works" not in text, "headings in Spanish"
    assert "Gel de silicona" in text, "the Spanish translation serves es-US"
    with pytest.raises(HandoutsError) as raised:
        ContentDir(content_root).treatment("laser-resurfacing", "es-US")
    message = raised.value.problems[0].message
    assert "no Spanish (United States, es-US) version" in message
    assert "A translation goes in laser-resurfacing.es.yaml" in message


def test_a_clinic_cannot_offer_a_language_handouts_has_no_wording_in(content_root: Path) -> None:
    replace_in(clinic_path(content_root, JADE), "[en-US, zh-Hans, es]", "[en-US, fr]")
    output = build_fails(content_root, GEL, "--clinic", JADE)
    assert (
        "languages.1: handouts has no wording in 'fr' yet; it prints in en, es, zh-Hans" in output
    )


def test_both_forms_at_once_is_a_mistake(content_root: Path) -> None:
    replace_in(clinic_path(content_root, JADE), "languages: [", "locale: en-US\nlanguages: [")
    output = build_fails(content_root, GEL, "--clinic", JADE)
    assert "has both locale and languages; keep languages" in output


def test_folded_chinese_text_has_no_spaces_between_characters(content_root: Path) -> None:
    path = translation(content_root, "zh-Hans")
    text = path.read_text(encoding="utf-8")
    start = text.index("summary: >-\n") + len("summary: >-\n")
    end = text.index("\n", start)
    summary = text[start:end].strip()
    half = len(summary) // 2
    folded = f"  {summary[:half]}\n  {summary[half:]}"
    path.write_text(text[:start] + folded + text[end:], encoding="utf-8")
    record = ContentDir(content_root).treatment(GEL, "zh-Hans").record
    assert record.summary == summary, "the line break folds into nothing, not a space"
