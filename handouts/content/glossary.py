"""``data/glossary.yaml`` -> the words patients may not know, with a plain explanation, and the
words that read differently in British and American English.

``handouts check`` uses it to find a medical word used without an explanation at its first
use, and a word of one English in a record printed for readers of the other.
"""

from __future__ import annotations

import re
from functools import cached_property

from pydantic import Field

from handouts.content.text import Record, ShortText


class GlossaryTerm(Record):
    term: ShortText = Field(description="The word as patients meet it, e.g. keloid.")
    forms: list[ShortText] = Field(
        default_factory=list, description="Other spellings or plurals, e.g. [keloids]."
    )
    plain: ShortText = Field(description="What it means, in plain words.")

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Any form of the term as a whole word ("non-ablative" is not "ablative")."""
        alternatives = "|".join(word_pattern(form) for form in (self.term, *self.forms))
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
