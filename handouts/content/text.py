"""Text as staff type it -> text safe to print: the field types every record is built from.

Characters that would print as nothing, as garbage, or disguise the text around them are
refused with their position; ids, colours and lengths are checked where they are declared.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$"
"""A BCP 47 language tag as handouts use them: ``en``, ``en-GB``, ``zh-Hans``, ``es``."""
_VISIBLE = frozenset("LNPS")
"""Unicode categories that print something: letters, numbers, punctuation, symbols."""
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ALLOWED_CONTROL = frozenset("\n\t")
INVALID_CATEGORIES = {
    "Cc": "a control character",
    "Cs": "half of a broken character (a lone surrogate)",
    "Co": "a private-use character that prints differently in every font",
    "Cn": "a code point that is not a character",
    "Zl": "an invisible line separator",
    "Zp": "an invisible paragraph separator",
}
# Format characters that reorder or hide text: the "Trojan Source" bidi controls, byte order
# marks inside text, interlinear annotations and deprecated format controls. Joiners, soft
# hyphens and left-to-right/right-to-left marks stay allowed: real languages need them.
DISGUISING = frozenset(
    [*range(0x202A, 0x202F), *range(0x2066, 0x2070), 0xFEFF, 0xFFF9, 0xFFFA, 0xFFFB]
)


_SAFE_UNPRINTABLE = str.maketrans(
    dict.fromkeys(
        "\n\t\u00a0\u00ad\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
        "\u2009\u200a\u200b\u200c\u200d\u200e\u200f\u202f\u205f\u2060\u3000",
        " ",
    )
)
"""Characters that str.isprintable calls unprintable but that are safe and common (line
breaks, tabs, the spaces of other widths, soft hyphens, joiners, direction marks)."""


def unsafe_character(text: str) -> tuple[int, str] | None:
    """(position, why) of the first character that would print as nothing, garbage or a
    disguise, or None when every character is safe to print."""
    if text.translate(_SAFE_UNPRINTABLE).isprintable():
        return None  # every unsafe category is non-printable: skip the per-character walk
    for index, char in enumerate(text):
        if char in _ALLOWED_CONTROL:
            continue
        why = INVALID_CATEGORIES.get(unicodedata.category(char))
        if why is None and ord(char) in DISGUISING:
            why = "an invisible character that can reorder or hide the text around it"
        if why is not None:
            return index, why
    return None


def describe_character(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE`` for error messages (never the character itself)."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


def clean_text(value: str) -> str:
    """Reject characters that would print as nothing, as garbage, or disguise the text, and
    text that has nothing visible in it (it would print as an empty line or bullet)."""
    found = unsafe_character(value)
    if found is not None:
        index, why = found
        raise ValueError(
            f"contains {describe_character(value[index])} at position {index + 1}, {why}; "
            "delete it and retype the text around it"
        )
    if not any(unicodedata.category(char)[0] in _VISIBLE for char in value):
        raise ValueError(
            "has no visible text, only spaces or invisible characters; write the text, or "
            "remove this line"
        )
    return without_spaces_between_chinese(value.strip())


CHINESE = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
"""Chinese characters and the punctuation and full-width forms written with them."""
_SPACE_BETWEEN_CHINESE = re.compile(f"(?<=[{CHINESE}])[ \n]+(?=[{CHINESE}])")


def without_spaces_between_chinese(text: str) -> str:
    """Chinese is written without spaces. YAML folds a long value's line breaks into spaces,
    which would print as gaps between characters: they are taken out again."""
    return _SPACE_BETWEEN_CHINESE.sub("", text)


def one_line(value: str) -> str:
    """Short text prints on one line: a line break in it is a mistake, not a layout, and a
    tab is a space (as it prints everywhere, the header band included)."""
    if "\n" in value or "\r" in value:
        raise ValueError(
            "must be on one line; join its lines, or use > at the start to fold a long value"
        )
    return clean_text(value.replace("\t", " "))


def iso_date(value: object) -> object:
    """Dates are written 2027-12-01; a number would be read as seconds since 1970."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value.strip()):
        raise ValueError(
            f"'{value}' is not a date written as YYYY-MM-DD; write it like 2027-12-01 "
            "(year, month, day)"
        )
    text = value.strip()
    year, month = int(text[:4]), int(text[5:7])
    if not 1 <= month <= 12:
        raise ValueError(f"{text} is not a real date: there is no month {month}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= int(text[8:10]) <= days:
        name = dt.date(year, month, 1).strftime("%B")
        raise ValueError(f"{text} is not a real date: {name} {year} has {days} days")
    return text


def _check_colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise ValueError("must be a colour written as #RRGGBB, for example #1f5f8b")
    return value.lower()


Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=64),
    Field(description="Lowercase letters, digits and single hyphens, e.g. 'silicone-gel'."),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000), AfterValidator(clean_text)]
ShortText = Annotated[
    str, StringConstraints(min_length=1, max_length=300), AfterValidator(one_line)
]
Date = Annotated[dt.date, BeforeValidator(iso_date)]
LanguageTag = Annotated[
    str,
    StringConstraints(pattern=LANGUAGE_PATTERN, max_length=20),
    Field(description="A language tag (BCP 47), e.g. en, en-GB, zh-Hans, es."),
]
Colour = Annotated[str, AfterValidator(_check_colour)]
Actions = Annotated[list[Text], Field(min_length=1, max_length=40)]


class Record(BaseModel):
    """Base for every record: unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)
