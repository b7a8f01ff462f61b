"""A treatment record as a pydantic model: everything a patient needs to know, in plain words.

Every field carries a description: the same text documents the YAML for staff and feeds the
JSON Schema that editors use to check files as they are typed.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from handouts.content.text import (
    Actions,
    Date,
    Id,
    LanguageTag,
    Record,
    ShortText,
    Text,
    clean_text,
)


class Source(Record):
    title: ShortText = Field(description="Title of the page, guideline or article.")
    publisher: ShortText = Field(description="Who published it (organisation or journal).")
    year: int = Field(ge=1950, le=2100, description="Year of publication or last update.")
    url: Annotated[
        str,
        StringConstraints(pattern=r"^https://[^\s<>\"]+$", max_length=500),
        AfterValidator(clean_text),
    ] = Field(description="Web address, starting with https://.")
    accessed: Date | None = Field(
        default=None, description="When a web page was read (YYYY-MM-DD); not for papers."
    )


class Term(Record):
    term: ShortText = Field(description="The word as written in its own language, e.g. 气血.")
    reading: ShortText | None = Field(
        default=None, description="How to say it in Latin letters, e.g. 'qì xuè'."
    )
    meaning: ShortText = Field(description="What it means, in plain English.")


class Perspective(Record):
    label: ShortText = Field(
        description="Name of the perspective as patients will see it, e.g. "
        "'Traditional Chinese Medicine'. Clinics choose which labels they show, so a "
        "translation keeps the label of the record it translates and names it in its own "
        "language with name:."
    )
    name: ShortText | None = Field(
        default=None,
        description="The perspective's name as the handout prints it, in the record's "
        "language, e.g. 中医 or Medicina tradicional china. Default: the label.",
    )
    explanation: Text = Field(description="How this tradition explains the treatment.")
    evidence_note: Text = Field(
        description="A plain, honest note on how strong the evidence is for this explanation."
    )
    terms: list[Term] = Field(
        default_factory=list,
        max_length=40,
        description="Words from this tradition, with their meaning.",
    )
    sources: list[Source] = Field(
        default_factory=list,
        max_length=20,
        description="Sources for this perspective only; printed only where it is shown.",
    )


class Mechanism(Record):
    summary: Text = Field(description="How the treatment works, in plain biomedical terms.")
    perspectives: list[Perspective] = Field(
        default_factory=list,
        max_length=8,
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
        default_factory=list,
        max_length=40,
        description="What to expect or do during the treatment.",
    )
    after: Actions = Field(description="What to do after the treatment (aftercare).")


class SideEffects(Record):
    common: Actions = Field(
        description="Common side effects, usually mild; anything common goes here, even if "
        "it can last (such as dark patches in darker skin)."
    )
    serious: Actions = Field(description="Less common but serious risks.")


class WhenToContact(Record):
    call_clinic: Actions = Field(
        description="Signs that mean: call the clinic in its opening hours."
    )
    urgent_care: Actions = Field(
        description="Signs that need medical help today: the clinic, or its out-of-hours "
        "service when it is closed (e.g. spreading redness with fever, severe pain that is "
        "getting worse)."
    )
    emergency: Actions = Field(
        description="Signs that mean: call the emergency number now (e.g. trouble breathing, "
        "swelling of the face or throat)."
    )


class RecoveryStep(Record):
    when: ShortText = Field(description="When, e.g. 'Day 1', 'Week 1', 'Months 1 to 6'.")
    what: Text = Field(description="What to expect then, and what to do.")


class Alternative(Record):
    option: ShortText = Field(description="Another option, e.g. 'Doing nothing'.")
    note: Text = Field(description="What it involves and what to expect, in a sentence or two.")


class Diagram(Record):
    """A simple drawing the tool makes; the record gives its words."""

    kind: Literal["scar-types", "skin-depth", "gel-steps"] = Field(
        description="Which drawing: scar-types (four scars in cross-section), skin-depth (how "
        "deep a treatment reaches) or gel-steps (four steps of using a gel)."
    )
    alt: Text = Field(
        description="What the drawing shows, for people who cannot see it (read aloud by "
        "screen readers and printed as its caption)."
    )
    labels: list[ShortText] = Field(
        min_length=4,
        max_length=4,
        description="The drawing's four labels, in its order (see the README).",
    )
    reach: Literal["surface", "upper", "deep"] | None = Field(
        default=None, description="For skin-depth: how deep the treatment reaches."
    )


class Review(Record):
    """Which version this is, and whether a clinician has approved it for patients."""

    version: ShortText = Field(description="Content version, e.g. '2.0'.")
    status: Literal["draft", "approved"] = Field(
        default="draft",
        description="draft until a clinician approves this version; then approved, with "
        "approved_by and approved_on. A draft prints with a DRAFT marking on every page.",
    )
    last_reviewed: Date = Field(description="Date the content was last revised (YYYY-MM-DD).")
    next_review: Date = Field(description="Date the next review is due (YYYY-MM-DD).")
    approved_by: ShortText | None = Field(
        default=None, description="The clinician who approved this version: name and role."
    )
    approved_on: Date | None = Field(
        default=None, description="The date they approved it (YYYY-MM-DD)."
    )
    translated_by: ShortText | None = Field(
        default=None, description="For a translation: who translated it."
    )

    @model_validator(mode="after")
    def _dates_and_approval(self) -> Review:
        if self.next_review <= self.last_reviewed:
            raise ValueError(
                f"next_review ({self.next_review}) must be after last_reviewed "
                f"({self.last_reviewed}): it is when a clinician should next read the record"
            )
        if self.status == "approved" and not (self.approved_by and self.approved_on):
            raise ValueError(
                "status 'approved' needs approved_by (name and role) and approved_on (the "
                "date); until a clinician has approved this version, write status: draft"
            )
        return self

    @property
    def approved(self) -> bool:
        """Approved by a named clinician on a given day."""
        return self.status == "approved" and bool(self.approved_by and self.approved_on)


class ComparisonRow(Record):
    treatment: ShortText = Field(description="Treatment name as shown in the table.")
    suits: ShortText = Field(description="What kind of scars or skin it suits best.")
    sessions: ShortText = Field(description="Typical number of sessions.")
    downtime: ShortText = Field(description="Typical recovery time.")
    results: ShortText = Field(description="What results to expect, honestly.")


class Treatment(Record):
    """One treatment: everything a patient needs to know, in plain words."""

    id: Id = Field(description="Matches the file name: data/treatments/<id>.yaml.")
    language: LanguageTag = Field(
        default="en", description="The language the record is written in, e.g. en or zh-Hans."
    )
    translation_of: ShortText | None = Field(
        default=None,
        description="For a translation: the review.version of the record it translates.",
    )
    title: ShortText = Field(description="Handout title, e.g. 'Silicone gel for scars'.")
    summary: Text = Field(description="The one-sentence main message for the patient.")
    condition: Text = Field(description="The condition it treats, e.g. 'raised scars'.")
    key_points: Annotated[list[Text], Field(min_length=2, max_length=6)] = Field(
        description="Three to five short points for the box at the top of the handout."
    )
    mechanism: Mechanism = Field(description="How the treatment works.")
    expected_results: ExpectedResults = Field(description="What results to expect.")
    recovery: list[RecoveryStep] = Field(
        default_factory=list,
        max_length=12,
        description="What happens when, where there is a recovery period (e.g. Day 1, Week 1).",
    )
    comparison: list[ComparisonRow] = Field(
        default_factory=list,
        max_length=40,
        description="Optional side-by-side comparison of options (for overview handouts).",
    )
    precautions: Precautions = Field(description="Before, during and after.")
    side_effects: SideEffects = Field(description="Side effects and risks.")
    not_suitable_for: Actions = Field(description="Who should not have this treatment.")
    alternatives: Annotated[list[Alternative], Field(min_length=1, max_length=12)] = Field(
        description="Other options, including doing nothing (and cover make-up where it fits)."
    )
    cost: Text = Field(description="What it usually costs the patient and who pays.")
    questions: Actions = Field(description="Questions the patient may want to ask the clinic.")
    when_to_contact: WhenToContact = Field(description="Warning signs and when to call.")
    diagram: Diagram | None = Field(default=None, description="An optional simple drawing.")
    sources: list[Source] = Field(
        min_length=1, max_length=40, description="Reputable sources, at least one."
    )
    review: Review = Field(description="Version, review dates and clinical approval.")
