"""One treatment record (+ the clinics that print it, today's date) -> findings on its text and
review dates.

Readability uses handouts.check.readability: Flesch-Kincaid grade and SMOG over all patient text,
against the strictest reading target of the clinics that print the record, and every sentence
over 25 words with its field and line. Both formulas are built on English words and
syllables, so a record that is mostly in another script, or printed only by clinics writing
in another language, is not graded; a note says so.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import textstat

from handouts.check.findings import Finding, finding
from handouts.check.readability import (
    LONG_SENTENCE_WORDS,
    Readability,
    chinese_sentences,
    measure,
    measure_spanish,
    patient_fields,
)
from handouts.codes import CODES
from handouts.content.clinic import Clinic
from handouts.content.fields import FieldPath, dotted, from_dotted
from handouts.content.loaded import LoadedClinic, LoadedTreatment
from handouts.i18n.tags import language_name, primary

HARDEST_GRADE = 12.0
REVIEW_NOTICE_DAYS = 60
DEFAULT_TARGET = float(Clinic.model_fields["reading_grade_target"].default)
_MIN_LATIN_SHARE = 0.5
_MIN_WORDS_TO_RANK = 12
_QUOTED_WORDS = 12


@dataclass(frozen=True)
class Target:
    grade: float
    set_by: tuple[str, ...]
    """Names of the clinics whose target this is; empty for the default."""

    def describe(self) -> str:
        if not self.set_by:
            return f"the default target of {self.grade:g}"
        return f"the target of {self.grade:g} for {_listed(self.set_by)}"


def _listed(names: Sequence[str], shown: int = 3) -> str:
    """``A, B and C``, or ``A, B, C and 4 more`` for a long list."""
    if len(names) > shown:
        names = [*names[:shown], f"{len(names) - shown} more"]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def reading_target(clinics: Iterable[LoadedClinic]) -> Target:
    """The strictest reading grade target among ``clinics`` (the default when there are none)."""
    printing = list(clinics)
    if not printing:
        return Target(DEFAULT_TARGET, ())
    grade = min(clinic.record.reading_grade_target for clinic in printing)
    names = tuple(c.record.name for c in printing if c.record.reading_grade_target == grade)
    return Target(grade, names)


# --------------------------------------------------------------------------- review dates


def review_findings(treatment: LoadedTreatment, today: dt.date) -> list[Finding]:
    due = treatment.record.review.next_review
    days = (due - today).days
    place = (treatment.path, treatment.document.line_of(("review", "next_review")))
    if days < 0:
        message = f"the next clinical review was due on {due.isoformat()}, {_days(-days)} ago"
        return [finding("REVIEW002", place, message, "review.next_review")]
    if days <= REVIEW_NOTICE_DAYS:
        when = "today" if days == 0 else f"in {_days(days)}"
        message = f"the next clinical review is due on {due.isoformat()}, {when}"
        return [finding("REVIEW001", place, message, "review.next_review")]
    return []


def _days(number: int) -> str:
    return f"{number} day{'' if number == 1 else 's'}"


# --------------------------------------------------------------------------- readability


def readability_findings(
    treatment: LoadedTreatment, printed_by: Sequence[LoadedClinic]
) -> list[Finding]:
    """Reading grade (English), reading ease (Spanish) or sentence length (Chinese), each
    with the measures made for the language; for other languages a note that none is made."""
    language = primary(treatment.record.language)
    if language == "es":
        return _spanish_findings(treatment)
    if language == "zh":
        return _chinese_findings(treatment)
    skip = _not_gradable(treatment)
    if skip:
        return [finding("READ004", (treatment.path, 1), f"reading grade not measured: {skip}")]
    result = measure(treatment.record)
    return [
        *_grade_findings(treatment, result, reading_target(printed_by)),
        *_long_sentence_findings(treatment, result.long_sentences),
    ]


def _not_gradable(treatment: LoadedTreatment) -> str | None:
    if primary(treatment.record.language) != "en":
        return f"there is no reading formula here for {language_name(treatment.record.language)}"
    share = latin_share(" ".join(text for _, text in patient_fields(treatment.record)))
    if share < _MIN_LATIN_SHARE:
        return (
            f"only {share:.0%} of its letters are Latin script, and Flesch-Kincaid and SMOG "
            "are made for English"
        )
    return None


EASY_SPANISH = {"Fernández-Huerta": 70.0, "Szigriszt-Pazos": 65.0}
"""Where 'fairly easy' starts on each Spanish reading-ease scale (higher is easier)."""
LONG_CHINESE_SENTENCE = 40
"""Characters: a rough guide to a Chinese sentence too long to read easily."""


def _spanish_findings(treatment: LoadedTreatment) -> list[Finding]:
    result = measure_spanish(treatment.record)
    scores = {
        "Fernández-Huerta": result.fernandez_huerta,
        "Szigriszt-Pazos": result.szigriszt_pazos,
    }
    hard = [
        f"{score:g} ({name}, needs {EASY_SPANISH[name]:g})"
        for name, score in scores.items()
        if score < EASY_SPANISH[name]
    ]
    findings = _long_sentence_findings(treatment, result.long_sentences)
    if hard:
        message = (
            f"the Spanish text is harder than 'fairly easy': reading ease {' and '.join(hard)}"
        )
        findings.insert(0, finding("READ005", (treatment.path, 1), message))
    return findings


def _chinese_findings(treatment: LoadedTreatment) -> list[Finding]:
    sentences = chinese_sentences(treatment.record)
    if not sentences:
        return []
    lengths = [len(sentence) for _, sentence in sentences]
    average = sum(lengths) / len(lengths)
    message = (
        f"reading grade not measured: formulas for Chinese are weak. As a rough guide, its "
        f"{len(lengths)} sentences average {average:.1f} characters (the longest {max(lengths)})"
    )
    findings = [finding("READ004", (treatment.path, 1), message)]
    for path, sentence in sentences:
        if len(sentence) > LONG_CHINESE_SENTENCE:
            place = (treatment.path, treatment.document.line_of(from_dotted(path)))
            message = (
                f"a sentence of {len(sentence)} characters (more than "
                f"{LONG_CHINESE_SENTENCE}): \u201c{sentence[:20]}\u2026\u201d"
            )
            findings.append(finding("READ006", place, message, path))
    return findings


def latin_share(text: str) -> float:
    """The share of letters in ``text`` that are Latin script (1.0 when there are none)."""
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return 1.0
    latin = sum(1 for char in letters if unicodedata.name(char, "").startswith("LATIN"))
    return latin / len(letters)


def _grade_findings(
    treatment: LoadedTreatment, result: Readability, target: Target
) -> list[Finding]:
    grades = {"Flesch-Kincaid": result.flesch_kincaid, "SMOG": result.smog}
    code, limit, limit_text = _grade_limit(max(grades.values()), target)
    over = [f"{grade:g} ({name})" for name, grade in grades.items() if grade > limit]
    if not over:
        return []
    hardest = hardest_fields(treatment)
    message = f"the whole record reads at grade {' and '.join(over)}, above {limit_text}"
    if not hardest:
        return [finding(code, (treatment.path, 1), message)]
    (path, grade), others = hardest[0], hardest[1:]
    message += f"; its hardest part is here, at grade {grade:g}: {_quoted(treatment, path)}"
    place = (treatment.path, treatment.document.line_of(path))
    hint = CODES[code].hint
    if others:
        hint += " Next hardest: " + ", ".join(_ranked(treatment, item) for item in others) + "."
    return [finding(code, place, message, dotted(path), hint)]


def _quoted(treatment: LoadedTreatment, path: FieldPath) -> str:
    text = dict(patient_fields(treatment.record))[dotted(path)]
    return f"\u201c{_opening(text)}\u201d"


def _ranked(treatment: LoadedTreatment, item: tuple[FieldPath, float]) -> str:
    path, grade = item
    return f"{dotted(path)} (line {treatment.document.line_of(path)}, grade {grade:g})"


def _grade_limit(highest: float, target: Target) -> tuple[str, float, str]:
    if highest > HARDEST_GRADE:
        return "READ002", HARDEST_GRADE, f"{HARDEST_GRADE:g}, too hard for many patients"
    return "READ001", target.grade, target.describe()


def hardest_fields(treatment: LoadedTreatment, count: int = 3) -> list[tuple[FieldPath, float]]:
    """The fields with the highest Flesch-Kincaid grade (long enough to grade), hardest first."""
    graded = [
        (from_dotted(path), round(float(textstat.flesch_kincaid_grade(text)), 1))
        for path, text in patient_fields(treatment.record)
        if len(text.split()) >= _MIN_WORDS_TO_RANK
    ]
    graded.sort(key=lambda item: -item[1])
    return graded[:count]


def _long_sentence_findings(
    treatment: LoadedTreatment, long_sentences: list[tuple[str, str]]
) -> list[Finding]:
    return [
        finding(
            "READ003",
            (treatment.path, treatment.document.line_of(from_dotted(path))),
            f"a sentence of {len(sentence.split())} words (more than {LONG_SENTENCE_WORDS}): "
            f"\u201c{_opening(sentence)}\u201d",
            path,
        )
        for path, sentence in long_sentences
    ]


def _opening(sentence: str) -> str:
    words = sentence.split()
    if len(words) <= _QUOTED_WORDS:
        return sentence
    return " ".join(words[:_QUOTED_WORDS]) + " \u2026"
