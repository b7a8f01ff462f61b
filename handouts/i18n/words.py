"""The fixed wording in one language: messages, dates and numbers.

Code marks a message for translation by calling ``gettext`` on a :class:`Words` (the name
``pybabel extract`` looks for); a message kept in a constant is marked with :func:`N_` and
translated where it is used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal

from handouts.i18n.catalogs import translations
from handouts.i18n.tags import is_chinese, locale_of


def N_(message: str) -> str:
    """Mark ``message`` for translation where it is defined; translate it where it is used."""
    return message


@dataclass(frozen=True)
class Words:
    """Fixed wording, dates and numbers in the language ``tag``."""

    tag: str

    def gettext(self, message: str, **values: object) -> str:
        """``message`` in this language, with its ``{name}`` fields filled from ``values``."""
        return self.translate(message).format(**values)

    def ngettext(self, singular: str, plural: str, count: int, **values: object) -> str:
        """The form of a message that fits ``count`` (filled in as ``{count}``)."""
        translated = self.translate_plural(singular, plural, count)
        return translated.format(count=self.number(count), **values)

    def translate(self, message: str) -> str:
        """``message`` in this language, its fields left to fill."""
        return translations(self.tag).gettext(message)

    def translate_plural(self, singular: str, plural: str, count: int) -> str:
        return translations(self.tag).ngettext(singular, plural, count)

    def list(self, items: Sequence[str]) -> str:
        """``a, b and c`` as this language joins a list (Chinese clauses: with semicolons)."""
        if self.chinese:
            return "\uff1b".join(items)
        locale = locale_of(self.tag)
        return format_list(list(items), locale=locale) if locale else ", ".join(items)

    def date(self, day: dt.date) -> str:
        """A date as this language writes it in full: ``15 de noviembre de 2026``."""
        locale = locale_of(self.tag)
        return format_date(day, "long", locale=locale) if locale else day.isoformat()

    def number(self, value: int) -> str:
        locale = locale_of(self.tag)
        return format_decimal(value, locale=locale) if locale else str(value)

    @property
    def chinese(self) -> bool:
        return is_chinese(self.tag)
