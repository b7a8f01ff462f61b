"""One patient, for a handout made for them: who they are, what their clinician wants them to
know, and when they come back. Read from a YAML or JSON file, or from ``build``'s quick
options; validated like any record, and never stored: it reaches only the page it prints on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field

from handouts.content.text import Date, LanguageTag, Record, ShortText, Text
from handouts.content.validate import validate
from handouts.content.yamlfile import YamlDocument, load_yaml


class Patient(Record):
    """The person in front of the clinician. Their details stay out of ``repr``, so that no
    debugging print or error report can carry them."""

    name: ShortText = Field(
        description="The patient's name as they like to be addressed.", repr=False
    )
    clinician: ShortText | None = Field(
        default=None, description="Who treats them, e.g. 'Dr Lee' or 'Nurse Patel'.", repr=False
    )
    note: Text | None = Field(
        default=None,
        repr=False,
        description="The clinician's own instructions, e.g. 'Apply to the left cheek only.' "
        "(*emphasis*, **bold** and links as in records).",
    )
    next_visit: Date | None = Field(
        default=None, description="The day of the next appointment (YYYY-MM-DD).", repr=False
    )
    area: ShortText | None = Field(
        default=None, description="Where the treatment is, e.g. 'left cheek'.", repr=False
    )
    language: LanguageTag | None = Field(
        default=None, description="The language to print in (one the clinic offers)."
    )
    large_print: bool = Field(default=False, description="Print this patient's handout large.")


def load_patient(path: Path) -> Patient:
    """A patient file (YAML, or JSON, which YAML reads too); problems name its lines."""
    return validate(Patient, load_yaml(path))


QUICK_OPTIONS = Path("the --for, --note and --next-visit options")


def quick_patient(values: dict[str, Any]) -> Patient:
    """A patient from ``build``'s quick options; a problem names the option's field."""
    given = {key: value for key, value in values.items() if value is not None}
    return validate(Patient, YamlDocument(QUICK_OPTIONS, given))
