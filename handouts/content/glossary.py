"""``data/glossary.yaml`` -> the words patients may not know, with a plain explanation, and the
words that read differently in British and American English.

``handouts check`` uses it to find a medical word used without an explanation at its first
use, and a word of one English in a record printed for readers of the other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property

from pydantic import Field

from handouts.content.text import LanguageTag, Record, ShortText
from handouts.i18n.tags import fallbacks, is_chinese, primary


class GlossaryTerm(Record):
    term: ShortText = Field(description="The word as patients meet it, e.g. keloid.")
    forms: list[ShortText] = Field(
        default_factory=list, description="Other spellings or plurals, e.g. [keloids]."
    )
    plain: ShortText = Field(description="What it means, in plain words.")
    translations: dict[LanguageTag, list[ShortText]] = Field(
        default_factory=dict,
        description="The word in other languages, each with its forms, e.g. "
        "{es: [queloide, queloides], zh-Hans: [瘢痕疙瘩]}: how translations of the records "
        "write it (for TCM words, the words Chinese handouts use).",
    )

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Any form of the term as a whole word ("non-ablative" is not "ablative")."""
        return _whole_words((self.term, *self.forms))

    def pattern_for(self, language: str) -> re.Pattern[str] | None:
        """The term as records in ``language`` write it; None when the glossary does not say.
        Chinese has no spaces between words, so there any form found counts."""
        if primary(language) == "en":
            return self.pattern
        forms = next(
            (self.translations[tag] for tag in fallbacks(language) if tag in self.translations),
            None,
        )
        if not forms:
            return None
        if is_chinese(language):
            return re.compile("|".join(re.escape(form) for form in forms))
        return _whole_words(forms)


def _whole_words(forms: Sequence[str]) -> re.Pattern[str]:
    alternatives = "|".join(word_pattern(form) for form in forms)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


class LocaleWord(Record):
    """One thing said two ways: the British word and the American one."""

    en_gb: ShortText = Field(alias="en-GB", description="The British English word.")
    en_us: ShortText = Field(alias="en-US", description="The American English word.")

    def word_for(self, locale: str) -> str | None:
        return {"en-GB": self.en_gb, "en-US": self.en_us}.get(locale)


class Glossary(Record):
    """Plain explanations of medical words, and words that differ between Englishes."""

    terms: list[GlossaryTerm] = Field(default_factory=list, description="Medical words.")
    locale_words: list[LocaleWord] = Field(
        default_factory=list, description="Words said differently in en-GB and en-US."
    )


def word_pattern(form: str) -> str:
    """A word or phrase as a pattern in which a space or hyphen may be either."""
    return re.escape(form).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?")
