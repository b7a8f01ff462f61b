"""What a handout says about itself, in its language: its reference, the footer's review line,
the DRAFT marking and why, and the subject in its metadata."""

from __future__ import annotations

from collections.abc import Sequence

from handouts.content.loaded import LoadedClinic
from handouts.content.treatment import Treatment
from handouts.i18n.words import N_, Words

FOOTER_SEPARATOR = "  \u00b7  "
DRAFT_REASONS = {
    "DRAFT001": N_("not yet approved by a clinician"),
    "REVIEW002": N_("review overdue"),
    "LANG002": N_("translation out of date"),
}
"""Why a handout prints as a DRAFT, by the code of the problem behind it."""


def leaflet_reference(treatment: Treatment, clinic: LoadedClinic) -> str:
    """``HD-silicone-gel-2.0``: the clinic's code, the treatment and the version; a
    translation adds its language (``JADE-silicone-gel-1.0-es``)."""
    reference = f"{clinic.record.leaflet_code}-{treatment.id}-{treatment.review.version}"
    return f"{reference}-{treatment.language}" if treatment.translation_of else reference


def draft_mark(words: Words) -> str:
    """Printed across every page of a handout no clinician has approved."""
    return words.gettext("DRAFT \u2013 not approved for patient use")


def draft_reasons(codes: Sequence[str], words: Words) -> tuple[str, ...]:
    """Why a handout prints as a DRAFT, from the codes of the problems that make it one."""
    return tuple(words.gettext(DRAFT_REASONS[code]) for code in codes if code in DRAFT_REASONS)


def review_line(
    treatment: Treatment, clinic: LoadedClinic, reasons: Sequence[str], words: Words
) -> str:
    """The footer's line: the leaflet's reference, then its review dates in the clinic's
    wording, or why it is a DRAFT."""
    reference = leaflet_reference(treatment, clinic)
    if reasons:
        draft = words.gettext("DRAFT: {reasons}", reasons=words.list(reasons))
        return f"{draft}{FOOTER_SEPARATOR}{reference}"
    review = treatment.review
    wording = clinic.record.wording
    reviewed = wording.reviewed or words.gettext("Reviewed")
    next_review = wording.next_review or words.gettext("Next review")
    dates = (
        f"{reviewed} {words.date(review.last_reviewed)}{FOOTER_SEPARATOR}"
        f"{next_review} {words.date(review.next_review)}"
    )
    return f"{reference}{FOOTER_SEPARATOR}{dates}"


def subject(treatment: Treatment, words: Words) -> str:
    return words.gettext("Patient information: {condition}", condition=treatment.condition)


def keywords(treatment: Treatment, clinic: LoadedClinic, words: Words) -> tuple[str, ...]:
    patient_information = words.gettext("patient information")
    return (treatment.id, treatment.condition, patient_information, clinic.record.name)
