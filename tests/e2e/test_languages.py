"""Handouts in the patient's language: Jade's Chinese and Spanish micro-needling handouts and
packs carry no English fixed wording, write dates the language's way, extract exactly and say
their language; a translation of an older version is reported; a missing one is a clear
error; a bilingual handout gives each section in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
from babel.messages.pofile import read_po

from handouts.content.load import ContentDir
from handouts.i18n.catalogs import template_path

from helpers import (
    REPO,
    build_fails,
    check_json,
    invoke,
    normalise,
    pack,
    read_pdf,
    record_path,
    replace_in,
)

JADE = "jade-integrative"
NEEDLING = "micro-needling"
ENGLISH_MONTHS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b"
)


def english_wording() -> list[str]:
    """Every stretch of fixed English wording the tool prints (each message of the catalog
    template, split at its {fields}), longest first."""
    with template_path().open("rb") as file:
        messages = [str(m.id) for m in read_po(file) if m.id]
    pieces = {p.strip(" .:,()") for m in messages for p in re.split(r"\{[a-z_]+\}", m)}
    return sorted((p for p in pieces if re.search(r"[A-Za-z]{2}", p)), key=len, reverse=True)


def without_sources(text: str, root: Path, language: str) -> str:
    """The text with the sources' titles, publishers and addresses taken out: they are cited
    as published, in English."""
    record = ContentDir(root).treatment(NEEDLING, language).record
    sources = [*record.sources, *(s for p in record.mechanism.perspectives for s in p.sources)]
    flat = normalise(text)
    for source in sources:
        for part in (source.title, source.publisher, source.url):
            flat = flat.replace(normalise(part), " ")
    return re.sub(r"https?://\S+", " ", flat)


def english_found(text: str) -> list[str]:
    found = [
        w for w in english_wording() if re.search(rf"(?<![A-Za-z]){re.escape(w)}(?![a-z])", text)
    ]
    return found + ENGLISH_MONTHS.findall(text)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("languages") / "content"
    for folder in ("data", "templates"):
        import shutil

        shutil.copytree(REPO / folder, root / folder)
    pack(root, JADE, "--reproducible")
    return root


LANGUAGES = [
    ("zh-Hans", "2026年", "第 1 页，共", "治疗原理"),
    ("es", " de 2026", "Página 1 de", "Cómo funciona"),
]


@pytest.mark.parametrize(("language", "date", "page", "heading"), LANGUAGES)
def test_a_handout_in_the_patients_language_has_no_english_wording(
    built: Path, language: str, date: str, page: str, heading: str
) -> None:
    pdf = built / "output" / JADE / language / f"{NEEDLING}.pdf"
    facts = read_pdf(pdf.read_bytes())
    assert facts.lang == language
    assert english_found(without_sources(facts.text, built, language)) == []
    first = normalise(facts.page_texts[0])
    assert page in normalise(facts.page_texts[0]) and heading in first
    assert date in facts.text, "dates are written in the handout's language"
    assert [title for _, title, _ in facts.outline][:2] != ["How it works"]


@pytest.mark.parametrize(("language", "date", "page", "heading"), LANGUAGES)
def test_the_pack_in_each_language_has_no_english_wording(
    built: Path, language: str, date: str, page: str, heading: str
) -> None:
    facts = read_pdf((built / "output" / JADE / language / f"{JADE}-pack.pdf").read_bytes())
    front = normalise(" ".join(facts.page_texts[:2]))
    assert english_found(front) == [], "cover and contents"
    assert date in front
    assert facts.lang == language
    bookmarks = [title for level, title, _ in facts.outline if level == 0]
    assert "Cover" not in bookmarks and "Contents" not in bookmarks


def test_chinese_text_extracts_exactly(built: Path) -> None:
    record = ContentDir(built).treatment(NEEDLING, "zh-Hans").record
    pdf = built / "output" / JADE / "zh-Hans" / f"{NEEDLING}.pdf"
    text = "".join(read_pdf(pdf.read_bytes()).text.split())
    for sentence in [record.title, record.summary, *record.key_points, record.cost]:
        assert "".join(sentence.split()) in text, sentence
    assert "养护" in text and "我们团队审核于" not in text, "Jade's own words, a draft's footer"


def test_the_clinics_words_and_labels_are_in_the_language(built: Path) -> None:
    text = normalise(
        read_pdf((built / "output" / JADE / "es" / "silicone-gel.pdf").read_bytes()).text
    )
    assert "de martes a sábado" in text, "opening hours from clinic.es.yaml"
    assert "nuestra línea de enfermería fuera de horario" in text
    assert "Esta hoja es información general" in text, "the disclaimer"
    assert "Cuídese también usted" in text, "Jade's Spanish template"
    assert "Llame al 911 ahora mismo si tiene" in text, "the emergency number, the same"


def test_the_main_language_stays_where_it_was(built: Path) -> None:
    main = built / "output" / JADE
    assert (main / f"{NEEDLING}.pdf").is_file() and (main / f"{JADE}-pack.pdf").is_file()
    facts = read_pdf((main / f"{NEEDLING}.pdf").read_bytes())
    assert facts.lang == "en-US" and "How it works" in facts.text


def test_a_translation_of_an_older_version_is_reported_as_stale(content_root: Path) -> None:
    replace_in(record_path(content_root, NEEDLING), 'version: "2.0"', 'version: "2.1"')
    _, report = check_json(content_root)
    stale = [f for f in report["findings"] if f["code"] == "LANG002"]
    assert {f["file"] for f in stale} == {
        "data/treatments/micro-needling.es.yaml",
        "data/treatments/micro-needling.zh-Hans.yaml",
    }
    assert all(f["severity"] == "warning" for f in stale)
    assert "micro-needling.yaml, which is now version 2.1" in stale[0]["message"]
    assert 'translation_of to "2.1"' in stale[0]["message"]
    result = invoke("build", NEEDLING, "-c", JADE, "--lang", "es", "--root", str(content_root))
    assert result.exit_code == 0, result.output
    assert "LANG002" in result.output, "build shows the warning"
    es = content_root / "output" / JADE / "es" / f"{NEEDLING}.pdf"
    footer = "BORRADOR: todavía no aprobado por un profesional de la salud y traducción"
    assert footer in normalise(read_pdf(es.read_bytes()).text), "a stale translation is a draft"
    output = build_fails(content_root, NEEDLING, "--clinic", JADE, "--lang", "es", "--final")
    assert "is out of date: it translates version 2.0 of micro-needling.yaml" in output


def test_a_record_with_no_translation_is_a_clear_error(content_root: Path) -> None:
    output = build_fails(content_root, "laser-resurfacing", "--clinic", JADE, "--lang", "zh-Hans")
    assert "'laser-resurfacing' has no Chinese (Simplified, zh-Hans) version" in output
    assert "it exists in English (en)" in output
    assert "laser-resurfacing.zh-Hans.yaml beside laser-resurfacing.yaml" in output
    assert "Traceback" not in output


def test_a_language_the_clinic_does_not_offer_is_a_clear_error(content_root: Path) -> None:
    output = build_fails(content_root, NEEDLING, "--clinic", "harbour-dermatology", "--lang", "es")
    assert "harbour-dermatology does not print handouts in Spanish (es)" in output
    assert "it offers English (United Kingdom, en-GB)" in output
    output = build_fails(content_root, NEEDLING, "--clinic", JADE, "--lang", "fr")
    assert (
        "it offers English (United States, en-US), Chinese (Simplified, zh-Hans), Spanish (es)"
        in output
    )
    assert "handouts has no wording in fr yet: add its catalog first" in output
    assert "To offer it" not in output
    output = build_fails(content_root, NEEDLING, "--clinic", "harbour-dermatology", "--lang", "es")
    assert "To offer it, add es to languages: in clinic.yaml" in output


def test_a_bilingual_handout_gives_each_section_in_both_languages(content_root: Path) -> None:
    result = invoke(
        "build", "silicone-gel", "-c", JADE, "--bilingual", "es", "--root", str(content_root)
    )
    assert result.exit_code == 0, result.output
    for record in ("silicone-gel.yaml", "silicone-gel.es.yaml"):  # both drafts it prints
        assert (
            len(re.findall(rf"warning: \S*/{re.escape(record)}:\d+: DRAFT001", result.output)) == 1
        )
    path = content_root / "output" / JADE / "en-US+es" / "silicone-gel.pdf"
    text = normalise(read_pdf(path.read_bytes()).text)
    order = ["How it works", "Cómo funciona", "What results to expect", "Qué resultados esperar"]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert "Page 1 of" in text and "Página 1 de" not in text, "one footer, in the main language"
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "en-US"
        parts = [e for e in _elements(pdf.Root.StructTreeRoot) if e.get("/Lang") == "es"]
        assert len(parts) >= 6 and all(str(e.S) == "/Div" for e in parts)


def _elements(node: pikepdf.Object) -> list[pikepdf.Dictionary]:
    found = []
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/S") is not None:
            found.append(kid)
            found += _elements(kid)
    return found


def test_a_long_draft_footer_in_spanish_fits_in_large_print(content_root: Path) -> None:
    replace_in(record_path(content_root, "acne-scar-options"), 'version: "2.0"', 'version: "2.1"')
    args = ("acne-scar-options", "-c", JADE, "--lang", "es", "--large-print")
    result = invoke("build", *args, "--root", str(content_root))
    assert result.exit_code == 0, result.output
    pdf = content_root / "output" / JADE / "es" / "large-print" / "acne-scar-options.pdf"
    footer = "BORRADOR: todavía no aprobado por un profesional de la salud y traducción"
    assert footer in normalise(read_pdf(pdf.read_bytes()).page_texts[0])
