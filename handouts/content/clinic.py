"""A clinic as a pydantic model: who it is, how its handouts look, and what its pack holds.

Every field carries a description: the same text documents the YAML for staff and feeds the
JSON Schema that editors use to check files as they are typed.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from handouts.content.text import Colour, Id, LanguageTag, Record, ShortText, Text
from handouts.i18n.catalogs import catalog_languages, catalog_tag
from handouts.i18n.tags import locale_of

MAX_PACK = 200
"""Treatments in one pack: a clinic's whole library, with room to spare."""


def _each_once(ids: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    for number, treatment_id in enumerate(ids, 1):
        if treatment_id in seen:
            raise ValueError(
                f"lists '{treatment_id}' twice (items {seen[treatment_id]} and {number}); a pack "
                "holds each handout once, so remove one"
            )
        seen[treatment_id] = number
    return ids


def _printable(tag: str) -> str:
    """A language the tool has wording (a message catalog) and dates for."""
    if catalog_tag(tag) is None or locale_of(tag) is None:
        known = ", ".join(catalog_languages())
        raise ValueError(
            f"handouts has no wording in '{tag}' yet; it prints in {known} (en for any "
            "English, es for any Spanish). The README's section on translating says how to "
            "add a language"
        )
    return tag


PrintedLanguage = Annotated[LanguageTag, AfterValidator(_printable)]


def _languages_once(tags: list[str]) -> list[str]:
    repeated = sorted({tag for tag in tags if tags.count(tag) > 1})
    if repeated:
        raise ValueError(f"lists {', '.join(repeated)} more than once; list each language once")
    return tags


class Contact(Record):
    phone: ShortText = Field(description="Phone number patients should call.")
    email: ShortText = Field(description="Email address for questions.")
    address: ShortText = Field(description="Postal address, one line.")
    website: ShortText | None = Field(default=None, description="Web address, without https://.")
    hours: ShortText | None = Field(default=None, description="Opening hours, e.g. 'Mon-Fri 9-5'.")
    emergency_number: ShortText = Field(
        description="The emergency number patients call for an ambulance where the clinic is, "
        "e.g. 999 in the UK, 911 in the US, 112 in most of Europe. Never guessed: say it."
    )
    out_of_hours: ShortText | None = Field(
        default=None,
        description="Where to get medical help today when the clinic is closed, e.g. "
        "'NHS 111 (call 111)' or an urgent-care line. Printed in the 'get help today' box.",
    )


class Branding(Record):
    logo: ShortText | None = Field(
        default=None, description="Logo file (PNG or JPEG), relative to the clinic folder."
    )
    primary_colour: Colour = Field(
        default="#1f5f8b", description="Header band and heading colour (#RRGGBB)."
    )
    accent_colour: Colour = Field(
        default="#e8f1f7", description="Callout box background colour (#RRGGBB)."
    )
    text_colour: Colour = Field(default="#1a1a1a", description="Body text colour (#RRGGBB).")
    header_text_colour: Colour = Field(
        default="#ffffff", description="Colour of the clinic name on the header band."
    )
    page_size: Literal["A4", "Letter"] = Field(default="A4", description="Paper size.")
    body_size: float = Field(
        default=12, ge=12, le=16, description="Body text size in points (12 to 16)."
    )
    large_print: bool = Field(
        default=False,
        description="Print every handout and pack in large print: body text of 16 to 18 "
        "points (4 more than body_size), with headings, boxes, header band, footer and diagram "
        "labels to match. Written to output/<clinic>/large-print/, as with --large-print.",
    )


class Wording(Record):
    """Words the tool itself prints, so each clinic can say them its own way. Unset, each is
    the tool's own wording in the handout's language."""

    reviewed: ShortText | None = Field(
        default=None, description="Footer label before the review date, e.g. 'Reviewed'."
    )
    next_review: ShortText | None = Field(
        default=None, description="Footer label before the next review date, e.g. 'Next review'."
    )
    page: ShortText | None = Field(
        default=None,
        description="Page number wording, e.g. 'Page {page} of {pages}'; {page} and {pages} "
        "are filled in.",
    )


class TranslatedContact(Record):
    """The parts of a clinic's contact details written in words, in one language."""

    hours: ShortText | None = Field(default=None, description="Opening hours in this language.")
    out_of_hours: ShortText | None = Field(
        default=None, description="Where to get help when the clinic is closed, in this language."
    )
    address: ShortText | None = Field(
        default=None, description="The address as readers of this language write it (optional)."
    )


class ClinicWords(Record):
    """``clinic.<language>.yaml``: what a clinic prints in words, in one more language. Only
    words: the numbers, colours and pack stay in clinic.yaml, the same in every language."""

    name: ShortText | None = Field(
        default=None, description="The clinic's name in this language, if it has one."
    )
    disclaimer: Text | None = Field(default=None, description="The disclaimer in this language.")
    contact: TranslatedContact = Field(
        default_factory=TranslatedContact, description="Contact details written in words."
    )
    feedback: ShortText | None = Field(
        default=None, description="How patients give feedback, in this language."
    )
    wording: Wording = Field(
        default_factory=Wording, description="Labels the tool prints, in this language."
    )


class Clinic(Record):
    """A clinic: who it is, how its handouts look, and what its pack contains."""

    id: Id = Field(description="Matches the folder name: templates/<id>/.")
    name: ShortText = Field(description="Clinic name as printed on every page.")
    extends: Id | None = Field(
        default=None, description="Another clinic whose settings and template this one reuses."
    )
    contact: Contact = Field(description="How patients reach the clinic.")
    branding: Branding = Field(default_factory=Branding, description="Look of the handouts.")
    wording: Wording = Field(default_factory=Wording, description="Labels the tool prints.")
    disclaimer: Text = Field(description="Printed at the end of every handout.")
    languages: Annotated[list[PrintedLanguage], AfterValidator(_languages_once)] = Field(
        default_factory=lambda: ["en-GB"],
        min_length=1,
        max_length=12,
        description="The languages the clinic prints handouts in (BCP 47 tags such as en-GB, "
        "en-US, es, zh-Hans); the first is the default. Words for each other language go in "
        "clinic.<language>.yaml.",
    )
    locale: PrintedLanguage | None = Field(
        default=None,
        description="Older, single-language form of languages: 'locale: en-US' is "
        "'languages: [en-US]'.",
    )
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = Field(
        default=None,
        description="Where the clinic is (ISO 3166 code, e.g. GB or US), for checking its "
        "emergency number. Default: the region of the first language (GB for en-GB).",
    )
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{1,8}$")] | None = Field(
        default=None,
        description="Short code that starts each leaflet reference, e.g. HD. Default: the "
        "initials of the clinic's name.",
    )
    feedback: ShortText | None = Field(
        default=None,
        description="How patients can tell the clinic what they think of a leaflet, e.g. an "
        "email address. Default: the clinic's email and phone.",
    )
    perspectives: list[ShortText] = Field(
        default_factory=list,
        max_length=8,
        description="Labels of extra mechanism perspectives to show, e.g. "
        "['Traditional Chinese Medicine']. Empty: biomedical only.",
    )
    reading_grade_target: float = Field(
        default=8, ge=3, le=14, description="Highest acceptable reading grade for content."
    )
    treatments: Annotated[list[Id], AfterValidator(_each_once)] = Field(
        default_factory=list,
        max_length=MAX_PACK,
        description="Treatments in this clinic's pack, in order, each once.",
    )

    @property
    def leaflet_code(self) -> str:
        """The clinic's code, or the initials of its name (Harbour Dermatology: HD)."""
        if self.code:
            return self.code
        initials = "".join(word[0] for word in self.name.split() if word[:1].isalnum())
        return initials.upper()[:8] or "LEAFLET"

    @model_validator(mode="before")
    @classmethod
    def _locale_is_languages(cls, data: Any) -> Any:
        """``locale: es-US`` is the one-language form of ``languages: [es-US]``."""
        if isinstance(data, dict) and data.get("locale") is not None:
            if "languages" in data:
                raise ValueError(
                    "has both locale and languages; keep languages (its first language is "
                    "the default) and remove locale"
                )
            data = {**data, "languages": [data["locale"]], "locale": None}
        return data

    @property
    def language(self) -> str:
        """The clinic's main language: the first it lists."""
        return self.languages[0]

    @property
    def country_code(self) -> str | None:
        """The clinic's country, said or taken from the region of its first language."""
        if self.country:
            return self.country
        region = self.language.split("-")[-1]
        return region if re.fullmatch(r"[A-Z]{2}", region) else None
