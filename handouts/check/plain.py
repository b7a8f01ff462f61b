"""A treatment record (+ the glossary, the clinics that print it) -> findings on its plain
words; a clinic's template -> findings on the readability of its own wording.

A word from the glossary must be explained in brackets at its first use in printed order,
"keloid (a raised scar that grows beyond the wound)" or the other way round, "a scar that
grows beyond the wound (keloid)". A word of one English ("paracetamol") in a record printed
for readers of the other must be written both ways ("paracetamol (acetaminophen)").
Wording a clinic adds in its template reaches every handout, so it is graded like records.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import textstat

from handouts.check.findings import Finding, finding
from handouts.check.readability import plain_text
from handouts.check.records import HARDEST_GRADE, reading_target
from handouts.compose.templates import TEMPLATE_NAME, own_wording
from handouts.content.fields import FieldPath, dotted, string_fields
from handouts.content.glossary import Glossary, GlossaryTerm, LocaleWord, word_pattern
from handouts.content.loaded import LoadedClinic, LoadedTreatment
from handouts.i18n.tags import primary, serves

PRINT_ORDER = (
    "title", "summary", "key_points", "mechanism", "expected_results",
    "recovery", "comparison", "precautions", "side_effects", "not_suitable_for",
    "alternatives", "cost", "questions", "when_to_contact", "diagram",
)  # fmt: skip
"""Record fields in the order a handout prints them (sources and review are not read)."""


def printed_fields(treatment: LoadedTreatment) -> Iterator[tuple[FieldPath, str]]:
    """(field, text as printed) for every text a patient reads, in printed order."""
    data = treatment.record.model_dump(mode="json", exclude={"sources", "review"})
    for key in PRINT_ORDER:
        for path, text in string_fields(data.get(key), (key,), skip=frozenset({"kind", "reach"})):
            yield path, plain_text(text).rstrip(".")


def explanation_findings(treatment: LoadedTreatment, glossary: Glossary) -> list[Finding]:
    """Each glossary word whose first use is not explained in brackets (PLAIN001), in the
    record's language: a translation is checked for the words the glossary gives in it."""
    language = treatment.record.language
    fields = list(printed_fields(treatment))
    found = []
    for term in glossary.terms:
        pattern = term.pattern_for(language)
        unexplained = _first_use_unexplained(pattern, fields) if pattern else None
        if unexplained is not None:
            found.append(_unexplained(treatment, term, *unexplained))
    return found


def _first_use_unexplained(
    pattern: re.Pattern[str], fields: list[tuple[FieldPath, str]]
) -> tuple[FieldPath, str] | None:
    """(field, word as written) of the first use, when no bracket explains it."""
    for path, text in fields:
        found = pattern.search(text)
        if found is not None:
            return None if _explained(text, found.start(), found.end()) else (path, found[0])
    return None


def _explained(text: str, start: int, end: int) -> bool:
    """Followed by a bracket (half or full width, after any closing quote), or alone in
    brackets after the plain words."""
    after = text[end:]
    inside = re.search(r"[(\uff08]\s*$", text[:start]) and re.match(r"\s*[)\uff09]", after)
    return bool(re.match(f"[\\s{_CLOSING_QUOTES}]*[(\uff08]", after) or inside)


_CLOSING_QUOTES = "\u201d\u2019\"'\u300d\u300f"
"""Quotes that may close around a word before its explanation: "vampire facial" (...)."""


def _unexplained(
    treatment: LoadedTreatment, term: GlossaryTerm, path: FieldPath, written: str
) -> Finding:
    if primary(treatment.record.language) == "en":
        written, advice = term.term, f"write '{term.term} ({term.plain})'"
    else:
        advice = f"explain it in brackets, as the glossary does for '{term.term}': {term.plain}"
    message = f"'{written}' is used here before it is explained; at its first use {advice}"
    place = (treatment.path, treatment.document.line_of(path))
    return finding("PLAIN001", place, message, dotted(path))


def locale_findings(
    treatment: LoadedTreatment, glossary: Glossary, printed_by: Sequence[LoadedClinic]
) -> list[Finding]:
    """Words of one English in a record printed for the other, not written both ways."""
    fields = list(printed_fields(treatment))
    text = "\n".join(value for _, value in fields)
    found = []
    language = treatment.record.language
    served = {tag for clinic in printed_by for tag in clinic.record.languages}
    for locale in sorted(tag for tag in served if serves(language, tag)):
        for pair in glossary.locale_words:
            found += _foreign_word(treatment, pair, locale, fields, text, printed_by)
    return found


def _foreign_word(
    treatment: LoadedTreatment,
    pair: LocaleWord,
    locale: str,
    fields: list[tuple[FieldPath, str]],
    text: str,
    printed_by: Sequence[LoadedClinic],
) -> list[Finding]:
    own = pair.word_for(locale)
    if own is None or _whole_word(own).search(text):
        return []
    other = pair.en_gb if own == pair.en_us else pair.en_us
    path = next((path for path, value in fields if _whole_word(other).search(value)), None)
    if path is None:
        return []
    clinics = ", ".join(c.record.name for c in printed_by if locale in c.record.languages)
    message = (
        f"'{other}' is not the word readers of {locale} use ({clinics} prints this record); "
        f"write '{own}', or both: '{other} ({own})'"
    )
    place = (treatment.path, treatment.document.line_of(path))
    return [finding("PLAIN002", place, message, dotted(path))]


def _whole_word(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){word_pattern(word)}(?![\w-])", re.IGNORECASE)


def template_wording_findings(clinic: LoadedClinic) -> list[Finding]:
    """The reading grade of the wording a clinic's own template adds to every handout."""
    path = clinic.folders[0] / TEMPLATE_NAME
    if not path.is_file():
        return []
    wording = own_wording(path.read_text(encoding="utf-8", errors="replace"))
    if len(wording.split()) < 20:
        return []
    return _grade(path, wording, clinic)


def _grade(path: Path, wording: str, clinic: LoadedClinic) -> list[Finding]:
    grades = {
        "Flesch-Kincaid": float(textstat.flesch_kincaid_grade(wording)),
        "SMOG": float(textstat.smog_index(wording)),
    }
    target = reading_target([clinic])
    worst = max(grades.values())
    if worst <= target.grade:
        return []
    code = "READ002" if worst > HARDEST_GRADE else "READ001"
    limit = f"{HARDEST_GRADE:g}" if code == "READ002" else target.describe()
    graded = " and ".join(f"{grade:.1f} ({name})" for name, grade in grades.items())
    message = f"the template's own wording reads at grade {graded}, above {limit}"
    return [finding(code, (path, None), message)]
