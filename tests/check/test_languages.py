"""``handouts check`` on languages: a clinic's words and template in each language it offers,
treatments its pack lacks in a language, translations that change what must stay the same,
and readability measured with the formulas of each language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from helpers import check_json, replace_in

JADE = "jade-integrative"
TREATMENTS = "data/treatments"


def codes(root: Path, code: str) -> list[dict[str, Any]]:
    _, report = check_json(root)
    return [item for item in report["findings"] if item["code"] == code]


def test_the_bundled_translations_are_checked_in_their_own_languages(content_root: Path) -> None:
    _, report = check_json(content_root)
    by_code: dict[str, list[dict[str, Any]]] = {}
    for item in report["findings"]:
        by_code.setdefault(item["code"], []).append(item)
    assert not any(
        code.startswith(("LANG00", "READ00"))
        for code in by_code
        if code not in ("LANG006", "READ004")
    )
    notes = {item["file"] for item in by_code["READ004"]}
    assert notes == {
        f"{TREATMENTS}/{t}.zh-Hans.yaml"
        for t in ("acne-scar-options", "micro-needling", "silicone-gel")
    }
    assert all("sentences average" in item["message"] for item in by_code["READ004"])
    missing = by_code["LANG006"]
    assert len(missing) == 2 and all("4 of the 7 treatments" in item["message"] for item in missing)
    assert report["summary"]["handouts"] == 27, "Jade's 3 handouts in Chinese and Spanish are built"


def test_a_clinic_missing_its_words_in_a_language_is_an_error(content_root: Path) -> None:
    (content_root / "templates" / JADE / "clinic.es.yaml").unlink()
    (content_root / "templates" / JADE / "handout.zh-Hans.md.j2").unlink()
    _, report = check_json(content_root)
    found = [item for item in report["findings"] if item["code"] == "LANG003"]
    # Reported once each, as what they are: not again as layout problems of each handout.
    assert not [item for item in report["findings"] if item["code"] == "LAYOUT003"]
    fields = sorted(item["field"] or item["file"] for item in found)
    assert fields == [
        "contact.hours",
        "contact.out_of_hours",
        "disclaimer",
        "templates/jade-integrative/handout.md.j2",
    ]
    assert all(item["severity"] == "error" for item in found)


def test_a_translation_must_keep_what_clinics_choose_by(content_root: Path) -> None:
    path = content_root / TREATMENTS / "micro-needling.zh-Hans.yaml"
    replace_in(path, "    - label: Traditional Chinese Medicine\n", "    - label: 中医\n")
    replace_in(path, "reach: upper", "reach: deep")
    found = {item["field"]: item for item in codes(content_root, "LANG005")}
    assert set(found) == {"mechanism.perspectives", "diagram"}
    assert (
        "keeps the labels of the record it translates" in found["mechanism.perspectives"]["message"]
    )


KEPT = frozenset(
    {"id", "language", "translation_of", "url", "title", "publisher", "accessed", "version"}
    | {"status", "last_reviewed", "next_review", "approved_by", "approved_on", "translated_by"}
    | {"kind", "reach", "label", "term", "reading", "name"}
)
"""Record keys whose values are not patient text (or must stay as they are)."""


def rewrite_text(path: Path, text: str, only: str | None = None) -> None:
    """Every patient text of a record (or only the field ``only``) replaced with ``text``."""
    yaml = YAML()
    data = yaml.load(path.read_text(encoding="utf-8"))

    def walk(node: Any) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in list(items):
            if isinstance(value, str) and (key == only or (only is None and key not in KEPT)):
                node[key] = text
            elif isinstance(value, dict | list) and key != "sources" and only is None:
                walk(value)
            elif isinstance(value, list) and key == only:
                node[key] = [text]

    walk(data)
    with path.open("w", encoding="utf-8") as file:
        yaml.dump(data, file)


def test_hard_spanish_is_measured_with_spanish_formulas(content_root: Path) -> None:
    hard = (
        "La administración terapéutica interdisciplinaria proporciona considerables "
        "modificaciones morfológicas cicatriciales, independientemente de características "
        "constitucionales individualizadas."
    )
    rewrite_text(content_root / TREATMENTS / "silicone-gel.es.yaml", hard)
    found = codes(content_root, "READ005")
    assert len(found) == 1 and found[0]["file"].endswith("silicone-gel.es.yaml")
    assert "needs 70" in found[0]["message"] and "Fernández-Huerta" in found[0]["message"]


def test_a_long_chinese_sentence_is_reported(content_root: Path) -> None:
    path = content_root / TREATMENTS / "silicone-gel.zh-Hans.yaml"
    rewrite_text(path, "硅酮凝胶" * 12 + "。", only="cost")
    found = codes(content_root, "READ006")
    assert len(found) == 1 and found[0]["field"] == "cost"
    assert "a sentence of 48 characters (more than 40)" in found[0]["message"]


def test_a_glossary_word_in_a_translation_must_be_explained_in_its_language(
    content_root: Path,
) -> None:
    rewrite_text(
        content_root / TREATMENTS / "silicone-gel.zh-Hans.yaml", "中医也治疗疤痕。", only="summary"
    )
    rewrite_text(
        content_root / TREATMENTS / "silicone-gel.es.yaml",
        "Hay queloides (cicatrices que crecen).",
        only="summary",
    )
    found = codes(content_root, "PLAIN001")
    assert [(item["file"], item["field"]) for item in found] == [
        (f"{TREATMENTS}/silicone-gel.zh-Hans.yaml", "summary")
    ], "the Spanish explains its word in brackets; the Chinese does not"
    assert "'中医' is used here before it is explained" in found[0]["message"]
    assert "as the glossary does for 'TCM'" in found[0]["message"]
