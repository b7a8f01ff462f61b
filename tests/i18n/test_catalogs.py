"""The message catalogs: every message handouts print is in the template, every catalog
translates all of them with their {fields} kept, and what ships compiled is what the .po
files say."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from handouts.i18n.catalogs import (
    catalog_gaps,
    catalog_languages,
    catalog_tag,
    mo_path,
    po_path,
    template_path,
)
from handouts.i18n.tags import fallbacks, language_name, serves
from handouts.i18n.words import Words

from helpers import REPO

TRANSLATED = ("es", "zh-Hans")
FIELD = re.compile(r"\{[a-z_]+\}")


def test_the_shipped_languages() -> None:
    assert catalog_languages() == ("en", "es", "zh-Hans")


def test_the_template_holds_every_message_the_code_and_builtin_template_use() -> None:
    """Run `pybabel extract` as the README says when this fails."""
    with (REPO / "babel.cfg").open(encoding="utf-8") as file:
        method_map, options_map = parse_mapping_cfg(file)
    keywords = {"gettext": None, "ngettext": (1, 2), "N_": None, "translate": None, "_": None}
    extracted = {
        message for _, _, message, _, _ in extract_from_dir(REPO, method_map, options_map, keywords)
    }
    with template_path().open("rb") as file:
        kept = {message.id for message in read_po(file) if message.id}
    assert kept == extracted


@pytest.mark.parametrize("tag", TRANSLATED)
def test_every_message_is_translated_keeping_its_fields(tag: str) -> None:
    assert catalog_gaps(tag) == ()


@pytest.mark.parametrize("tag", TRANSLATED)
def test_the_compiled_catalog_is_the_po_file(tag: str) -> None:
    """Run `pybabel compile` as the README says when this fails."""
    with po_path(tag).open("rb") as file:
        written = {m.id: m.string for m in read_po(file) if m.id and not m.fuzzy}
    with mo_path(tag).open("rb") as file:
        compiled = {m.id: m.string for m in read_mo(file) if m.id}
    assert compiled == written


def test_a_gap_in_a_catalog_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from babel.messages.mofile import write_mo

    with po_path("es").open("rb") as file:
        catalog = read_po(file)
    catalog["How it works"].string = ""
    catalog["Page {page} of {pages}"].string = "Página {pagina} de {pages}"
    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "handouts.mo").open("wb") as file:
        write_mo(file, catalog)
    (tmp_path / "handouts.pot").write_bytes(template_path().read_bytes())
    monkeypatch.setattr("handouts.i18n.catalogs.locale_dir", lambda: tmp_path)
    catalog_languages.cache_clear()
    catalog_gaps.cache_clear()
    try:
        gaps = dict(catalog_gaps("es"))
    finally:
        catalog_languages.cache_clear()
        catalog_gaps.cache_clear()
    assert gaps["How it works"] == "has no translation"
    assert "changes its {fields}" in gaps["Page {page} of {pages}"]
    assert len(gaps) == 2


@pytest.mark.parametrize(
    ("tag", "catalog"),
    [("es-US", "es"), ("es", "es"), ("zh-Hans-CN", "zh-Hans"), ("en-GB", "en"), ("fr", None)],
)
def test_a_regional_tag_uses_its_languages_catalog(tag: str, catalog: str | None) -> None:
    assert catalog_tag(tag) == catalog


def test_tags_serve_their_regions_and_scripts() -> None:
    assert serves("en", "en-GB") and serves("es", "es-US") and serves("zh-Hans", "zh-Hans")
    assert not serves("zh-Hans", "zh-Hant") and not serves("en-GB", "en-US")
    assert fallbacks("zh-Hans-CN") == ["zh-Hans-CN", "zh-Hans", "zh"]
    assert language_name("es") == "Spanish (es)"
    assert language_name("zh-Hans") == "Chinese (Simplified, zh-Hans)"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("en-GB", "15 November 2026"),
        ("en-US", "November 15, 2026"),
        ("es", "15 de noviembre de 2026"),
        ("zh-Hans", "2026年11月15日"),
    ],
)
def test_dates_are_written_as_each_language_writes_them(tag: str, expected: str) -> None:
    import datetime as dt

    assert Words(tag).date(dt.date(2026, 11, 15)) == expected


def test_messages_fill_their_fields_in_each_language() -> None:
    label = "Page {page} of {pages}"
    assert Words("en-GB").gettext(label, page=1, pages=3) == "Page 1 of 3"
    assert Words("es").gettext(label, page=1, pages=3) == "Página 1 de 3"
    assert Words("zh-Hans").gettext(label, page=1, pages=3) == "第 1 页，共 3 页"
    assert Words("es").list(["a", "b", "c"]) == "a, b y c"
    for tag in TRANSLATED:
        with po_path(tag).open("rb") as file:
            for message in read_po(file):
                if message.id:
                    assert set(FIELD.findall(message.id)) == set(FIELD.findall(message.string))
