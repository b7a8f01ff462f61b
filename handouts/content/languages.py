"""Content in more than one language: a clinic's words in each language it offers, and the
translations of treatment records.

A clinic writes what it prints in words (disclaimer, opening hours, where to get help when it
is closed, its labels) once per language: in ``clinic.yaml`` for its main language, and in
``clinic.<language>.yaml`` for each other one. A record's translation is
``data/treatments/<id>.<language>.yaml``: the same schema, with ``translation_of`` naming the
version of the record it translates, and a review (and approval) of its own.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from handouts.content.clinic import Clinic, ClinicWords
from handouts.content.loaded import LoadedClinic, LoadedTreatment
from handouts.content.validate import validate
from handouts.content.yamlfile import YamlDocument, deep_merge, load_inside
from handouts.errors import ContentError, Problem, UnknownIdError
from handouts.i18n.catalogs import catalog_tag
from handouts.i18n.tags import fallbacks, language_name

WORDS_IN_MAIN_LANGUAGE = ("disclaimer", "contact.hours", "contact.out_of_hours")
"""What a clinic writes in words in clinic.yaml that must not print untranslated."""


def words_file(folder: Path, language: str) -> Path:
    return folder / f"clinic.{language}.yaml"


def clinic_in_language(clinic: LoadedClinic, language: str) -> LoadedClinic:
    """``clinic`` with its words in ``language``: the clinic.<language>.yaml files of the
    clinic and its parents (nearest last) over clinic.yaml, whose labels (``wording``) are in
    the main language and so are dropped."""
    require_offered(clinic, language)
    documents = _words_documents(clinic, language)
    data = clinic.record.model_dump(mode="python", exclude={"wording", "locale"})
    for document in reversed(documents):
        words = validate(ClinicWords, document).model_dump(mode="python", exclude_none=True)
        data = deep_merge(data, words)
    record = Clinic.model_validate(data)
    return replace(clinic, record=record, language=language, words_documents=documents)


def _words_documents(clinic: LoadedClinic, language: str) -> tuple[YamlDocument, ...]:
    """The clinic's clinic.<language>.yaml files, nearest first (clinic.es.yaml serves es-US
    where there is no clinic.es-US.yaml)."""
    found = []
    for folder in clinic.folders:
        paths = (words_file(folder, tag) for tag in fallbacks(language))
        path = next((path for path in paths if os.path.lexists(path)), None)
        if path is not None:
            found.append(load_inside(path))
    return tuple(found)


def _how_to_offer(language: str, clinic: LoadedClinic) -> str:
    """What offering ``language`` takes: a line in clinic.yaml, and first a catalog of the
    tool's own wording when handouts has none in it yet."""
    add = f"add {language} to languages: in {clinic.path.name}"
    if catalog_tag(language) is None:
        return (
            f"handouts has no wording in {language} yet: add its catalog first (see "
            f"'Translating the tool's wording' in the README), then {add}"
        )
    return f"To offer it, {add}"


def require_offered(clinic: LoadedClinic, language: str) -> None:
    """``language`` must be one the clinic lists, else an error naming those it does."""
    offered = clinic.record.languages
    if language in offered:
        return
    names = ", ".join(language_name(tag) for tag in offered)
    message = (
        f"{clinic.record.id} does not print handouts in {language_name(language)}; it offers "
        f"{names}. {_how_to_offer(language, clinic)}"
    )
    raise UnknownIdError([Problem("LANG001", clinic.path, None, "languages", message)])


def untranslated_words(clinic: LoadedClinic) -> list[Problem]:
    """Words of clinic.yaml, in its main language, that a handout in ``clinic.language``
    would print untranslated: each is an error naming the file to add them to."""
    if clinic.language == clinic.record.language:
        return []
    main = clinic.record
    translated = {path for document in clinic.words_documents for path in document.lines}
    problems = []
    for dotted in WORDS_IN_MAIN_LANGUAGE:
        path = tuple(dotted.split("."))
        if _value(main, path) is not None and path not in translated:
            problems.append(_untranslated(clinic, dotted))
    return problems


def _value(record: Clinic, path: tuple[str, ...]) -> Any:
    value: Any = record
    for part in path:
        value = getattr(value, part, None)
    return value


def _untranslated(clinic: LoadedClinic, dotted: str) -> Problem:
    language = clinic.language
    target = words_file(clinic.folders[0], language)
    message = (
        f"{clinic.record.id} prints handouts in {language_name(language)}, but its {dotted} "
        f"is only in {language_name(clinic.record.languages[0])}; write it in {language} in "
        f"{target.name}"
    )
    return Problem("LANG003", target, None, dotted, message)


def no_translation(
    source: LoadedTreatment, language: str, translations: dict[str, Path]
) -> Problem:
    """The error for a record with no version in ``language``, listing those it has."""
    have = [language_name(source.record.language), *map(language_name, translations)]
    treatment_id = source.record.id
    tag = re.sub(r"-[A-Z]{2}$", "", language)  # es serves es-US and es-MX alike
    message = (
        f"'{treatment_id}' has no {language_name(language)} version; it exists in "
        f"{', '.join(have)}. A translation goes in {treatment_id}.{tag}.yaml beside "
        f"{source.path.name}"
    )
    return Problem("LANG001", source.path, None, None, message)


def require_translation_fields(translation: LoadedTreatment, tag: str) -> None:
    """A translation says which language it is in (the one in its file name) and which
    version of its record it translates."""
    record, document = translation.record, translation.document
    problems = []
    if record.language != tag:
        line = document.lines.get(("language",))
        message = f"is '{record.language}' but the file name says {tag}; make them the same"
        problems.append(Problem("LANG005", document.path, line, "language", message))
    if record.translation_of is None:
        message = (
            "a translation must say which version of the record it translates: add "
            'translation_of: with that record\'s review.version, e.g. "2.0"'
        )
        problems.append(Problem("LANG005", document.path, 1, "translation_of", message))
    if problems:
        raise ContentError(problems)


def _version(text: str) -> tuple[int, ...] | None:
    parts = text.strip().split(".")
    return tuple(int(part) for part in parts) if all(p.isdigit() for p in parts) else None


def translation_problems(source: LoadedTreatment, translation: LoadedTreatment) -> list[Problem]:
    """A translation of an older version of its record is out of date (LANG002, a warning: it
    prints as a DRAFT); one naming a version the record never had is a mistake (LANG005)."""
    translated = translation.record.translation_of or ""
    current = source.record.review.version
    if translated.strip() == current.strip():
        return []
    line = translation.document.lines.get(("translation_of",))
    older, newer = _version(translated), _version(current)
    if older is not None and newer is not None and older > newer:
        message = (
            f"translates version {translated}, but {source.path.name} is version {current}; "
            "set translation_of to the version this translation was made from"
        )
        return [Problem("LANG005", translation.path, line, "translation_of", message)]
    message = (
        f"is out of date: it translates version {translated} of {source.path.name}, which is "
        f"now version {current}. Update {translation.path.name} to match, then set its "
        f'translation_of to "{current}"'
    )
    return [Problem("LANG002", translation.path, line, "translation_of", message)]
