"""Records as pydantic models: a treatment (the library) and a clinic (branding and pack).

Every field carries a description: the same text documents the YAML for staff and feeds the
JSON Schema that editors use to check files as they are typed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ALLOWED_CONTROL = frozenset("\n\t")
_INVALID_CATEGORIES = {
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
_DISGUISING = frozenset(
    [*range(0x202A, 0x202F), *range(0x2066, 0x2070), 0xFEFF, 0xFFF9, 0xFFFA, 0xFFFB]
)


def unsafe_character(text: str) -> tuple[int, str] | None:
    """(position, why) of the first character that would print as nothing, garbage or a
    disguise, or None when every character is safe to print."""
    if text.replace("\n", " ").replace("\t", " ").isprintable():
        return None  # every unsafe category is non-printable: skip the per-character walk
    for index, char in enumerate(text):
        if char in _ALLOWED_CONTROL:
            continue
        why = _INVALID_CATEGORIES.get(unicodedata.category(char))
        if why is None and ord(char) in _DISGUISING:
            why = "an invisible character that can reorder or hide the text around it"
        if why is not None:
            return index, why
    return None


def describe_character(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE`` for error messages (never the character itself)."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


def _clean_text(value: str) -> str:
    """Reject characters that would print as nothing, as garbage, or disguise the text."""
    found = unsafe_character(value)
    if found is not None:
        index, why = found
        raise ValueError(
            f"contains {describe_character(value[index])} at position {index + 1}, {why}; "
            "delete it and retype the text around it"
        )
    return value.strip()


def _check_colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise ValueError("must be a colour written as #RRGGBB, for example #1f5f8b")
    return value.lower()


Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=64),
    Field(description="Lowercase letters, digits and single hyphens, e.g. 'silicone-gel'."),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000), AfterValidator(_clean_text)]
ShortText = Annotated[
    str, StringConstraints(min_length=1, max_length=300), AfterValidator(_clean_text)
]
Colour = Annotated[str, AfterValidator(_check_colour)]
Actions = Annotated[list[Text], Field(min_length=1, max_length=40)]


class Record(BaseModel):
    """Base for every record: unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


# --------------------------------------------------------------------------- treatment


class Term(Record):
    term: ShortText = Field(description="The word as written in its own language, e.g. 气血.")
    reading: ShortText | None = Field(
        default=None, description="How to say it in Latin letters, e.g. 'qì xuè'."
    )
    meaning: ShortText = Field(description="What it means, in plain English.")


class Perspective(Record):
    label: ShortText = Field(
        description="Name of the perspective as patients will see it, e.g. "
        "'Traditional Chinese Medicine'. Clinics choose which labels they show."
    )
    explanation: Text = Field(description="How this tradition explains the treatment.")
    evidence_note: Text = Field(
        description="A plain, honest note on how strong the evidence is for this explanation."
    )
    terms: list[Term] = Field(
        default_factory=list, description="Words from this tradition, with their meaning."
    )


class Mechanism(Record):
    summary: Text = Field(description="How the treatment works, in plain biomedical terms.")
    perspectives: list[Perspective] = Field(
        default_factory=list,
        description="Further perspectives (e.g. traditional medicine), each labelled.",
    )


class ExpectedResults(Record):
    improves: Actions = Field(description="What usually gets better, one point per item.")
    timeline: Text = Field(description="How soon changes show and when they peak.")
    sessions: Text = Field(description="How many sessions or how long the course is.")
    variability: Text = Field(
        description="How much results vary between people, and why. Say it plainly."
    )


class Precautions(Record):
    before: Actions = Field(description="What to do before the treatment.")
    during: list[Text] = Field(
        default_factory=list, description="What to expect or do during the treatment."
    )
    after: Actions = Field(description="What to do after the treatment (aftercare).")


class SideEffects(Record):
    common: Actions = Field(description="Common, usually mild side effects.")
    serious: Actions = Field(description="Rare but serious risks.")


class WhenToContact(Record):
    call_clinic: Actions = Field(description="Signs that mean: call the clinic.")
    urgent: Actions = Field(
        description="Signs that mean: get urgent help now (emergency services)."
    )


class Source(Record):
    title: ShortText = Field(description="Title of the page, guideline or article.")
    publisher: ShortText = Field(description="Who published it (organisation or journal).")
    year: int = Field(ge=1950, le=2100, description="Year of publication or last update.")
    url: Annotated[
        str,
        StringConstraints(pattern=r"^https://[^\s<>\"]+$", max_length=500),
        AfterValidator(_clean_text),
    ] = Field(description="Web address, starting with https://.")


class Review(Record):
    version: ShortText = Field(description="Content version, e.g. '1.0'.")
    last_reviewed: dt.date = Field(description="Date of the last clinical review (YYYY-MM-DD).")
    next_review: dt.date = Field(description="Date the next review is due (YYYY-MM-DD).")
    reviewed_by: ShortText = Field(description="Who approved the content (name and role).")

    @model_validator(mode="after")
    def _next_after_last(self) -> Review:
        if self.next_review <= self.last_reviewed:
            raise ValueError("next_review must be after last_reviewed")
        return self


class ComparisonRow(Record):
    treatment: ShortText = Field(description="Treatment name as shown in the table.")
    suits: ShortText = Field(description="What kind of scars or skin it suits best.")
    sessions: ShortText = Field(description="Typical number of sessions.")
    downtime: ShortText = Field(description="Typical recovery time.")
    results: ShortText = Field(description="What results to expect, honestly.")


class Treatment(Record):
    """One treatment: everything a patient needs to know, in plain words."""

    id: Id = Field(description="Matches the file name: data/treatments/<id>.yaml.")
    title: ShortText = Field(description="Handout title, e.g. 'Silicone gel for scars'.")
    summary: Text = Field(description="The one-sentence main message for the patient.")
    condition: ShortText = Field(description="The condition it treats, e.g. 'raised scars'.")
    mechanism: Mechanism = Field(description="How the treatment works.")
    expected_results: ExpectedResults = Field(description="What results to expect.")
    comparison: list[ComparisonRow] = Field(
        default_factory=list,
        description="Optional side-by-side comparison of options (for overview handouts).",
    )
    precautions: Precautions = Field(description="Before, during and after.")
    side_effects: SideEffects = Field(description="Side effects and risks.")
    not_suitable_for: Actions = Field(description="Who should not have this treatment.")
    when_to_contact: WhenToContact = Field(description="Warning signs and when to call.")
    sources: list[Source] = Field(min_length=1, description="Reputable sources, at least one.")
    review: Review = Field(description="Clinical review record.")


# --------------------------------------------------------------------------- clinic


class Contact(Record):
    phone: ShortText = Field(description="Phone number patients should call.")
    email: ShortText = Field(description="Email address for questions.")
    address: ShortText = Field(description="Postal address, one line.")
    website: ShortText | None = Field(default=None, description="Web address, without https://.")
    hours: ShortText | None = Field(default=None, description="Opening hours, e.g. 'Mon-Fri 9-5'.")
    emergency_number: ShortText = Field(
        default="999", description="Emergency phone number for urgent warning signs."
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


class Wording(Record):
    """Words the tool itself prints, so each clinic can say them its own way."""

    reviewed: ShortText = Field(default="Reviewed", description="Footer label before the date.")
    next_review: ShortText = Field(
        default="Next review", description="Footer label before the next review date."
    )
    page: ShortText = Field(
        default="Page {page} of {pages}",
        description="Page number wording; {page} and {pages} are filled in.",
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
    locale: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")] = Field(
        default="en-GB", description="Language of the handouts, e.g. en-GB or en-US."
    )
    perspectives: list[ShortText] = Field(
        default_factory=list,
        description="Labels of extra mechanism perspectives to show, e.g. "
        "['Traditional Chinese Medicine']. Empty: biomedical only.",
    )
    reading_grade_target: float = Field(
        default=8, ge=3, le=14, description="Highest acceptable reading grade for content."
    )
    treatments: list[Id] = Field(
        default_factory=list, description="Treatments in this clinic's pack, in order."
    )
