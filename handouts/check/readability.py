"""Treatment record -> the patient-facing text, and its reading grade.

Every list item and field is measured as its own sentence (a missing full stop is added), and
Markdown syntax is removed first, so the grade reflects what a patient reads. Sources, review
details and ids are not patient text and are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import textstat

from handouts.content.fields import dotted, string_fields
from handouts.content.treatment import Treatment

_NOT_PATIENT_TEXT = frozenset({"id", "sources", "review", "reading", "term"})
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`]+")
_SENTENCE_END = (".", "!", "?", ":")
LONG_SENTENCE_WORDS = 25


@dataclass(frozen=True)
class Readability:
    flesch_kincaid: float
    smog: float
    words: int
    long_sentences: list[tuple[str, str]]
    """(field path, sentence) for sentences over LONG_SENTENCE_WORDS words."""


def patient_fields(treatment: Treatment) -> Iterator[tuple[str, str]]:
    """Yield (field path, plain text) for every piece of text a patient reads."""
    data = treatment.model_dump(mode="json")
    for path, text in string_fields(data, skip=_NOT_PATIENT_TEXT):
        yield dotted(path), plain_text(text)


def plain_text(markdown: str) -> str:
    """Markdown subset -> plain words, ending as a sentence."""
    text = _MARKUP.sub("", _LINK.sub(r"\1", markdown)).strip()
    if text and not text.endswith(_SENTENCE_END):
        text += "."
    return text


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def measure(treatment: Treatment) -> Readability:
    fields = list(patient_fields(treatment))
    text = " ".join(text for _, text in fields)
    long_sentences = [
        (path, sentence)
        for path, field_text in fields
        for sentence in _sentences(field_text)
        if len(sentence.split()) > LONG_SENTENCE_WORDS
    ]
    return Readability(
        flesch_kincaid=round(float(textstat.flesch_kincaid_grade(text)), 1),
        smog=round(float(textstat.smog_index(text)), 1),
        words=int(textstat.lexicon_count(text)),
        long_sentences=long_sentences,
    )
