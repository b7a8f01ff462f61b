"""A treatment record as a pydantic model: everything a patient needs to know, in plain words.

Every field carries a description: the same text documents the YAML for staff and feeds the
JSON Schema that editors use to check files as they are typed.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from handouts.content.text import Actions, Id, Record, ShortText, Text, clean_text


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
        AfterValidator(clean_text),
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
