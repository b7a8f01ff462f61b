"""Treatment record -> the patient-facing text, and its reading grade.

Every list item and field is measured as its own sentence (a missing full stop is added), and
Markdown syntax is removed first, so the grade reflects what a patient reads. Sources, review
details and ids are not patient text and are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
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
    long_sentences = _long_sentences(fields)
    return Readability(
        flesch_kincaid=round(float(textstat.flesch_kincaid_grade(text)), 1),
        smog=round(float(textstat.smog_index(text)), 1),
        words=int(textstat.lexicon_count(text)),
        long_sentences=long_sentences,
    )


@dataclass(frozen=True)
class SpanishReadability:
    """Fernández-Huerta and Szigriszt-Pazos: reading ease (higher is easier) made for Spanish."""

    fernandez_huerta: float
    szigriszt_pazos: float
    long_sentences: list[tuple[str, str]]


@contextmanager
def _textstat_language(language: str) -> Iterator[None]:
    """textstat counts syllables with one language at a time, set globally: set and restore."""
    textstat.set_lang(language)
    try:
        yield
    finally:
        textstat.set_lang(_TEXTSTAT_DEFAULT)


_TEXTSTAT_DEFAULT = "en_US"


def measure_spanish(treatment: Treatment) -> SpanishReadability:
    fields = list(patient_fields(treatment))
    text = " ".join(text for _, text in fields)
    with _textstat_language("es"):
        ease = float(textstat.fernandez_huerta(text)), float(textstat.szigriszt_pazos(text))
    return SpanishReadability(round(ease[0], 1), round(ease[1], 1), _long_sentences(fields))


def _long_sentences(fields: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [
        (path, sentence)
        for path, field_text in fields
        for sentence in _sentences(field_text)
        if len(sentence.split()) > LONG_SENTENCE_WORDS
    ]


_CHINESE_END_MARKS = "\u3002\uff01\uff1f\uff1b"
"""The full stop, exclamation and question marks and semicolon of Chinese text."""
_CHINESE_SENTENCE_END = re.compile(f"(?<=[{_CHINESE_END_MARKS}])")


def chinese_sentences(treatment: Treatment) -> list[tuple[str, str]]:
    """(field path, sentence) for every Chinese sentence: text up to an end mark (full stop,
    exclamation or question mark, semicolon) or the end of a field or list item."""
    sentences = []
    for path, text in patient_fields(treatment):
        for sentence in _CHINESE_SENTENCE_END.split(text.rstrip(".")):
            stripped = sentence.strip().rstrip(_CHINESE_END_MARKS)
            if stripped:
                sentences.append((path, stripped))
    return sentences
