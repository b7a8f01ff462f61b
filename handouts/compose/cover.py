"""A patient and the day -> the Markdown of what their cover says about them: who it was
prepared for and when, and what their clinician wrote for them (treatment area, note, next
visit, who they are from). Every value is escaped like a record's: it prints as text, never
as structure."""

from __future__ import annotations

import datetime as dt

from handouts.compose.escape import plain_text, record_text
from handouts.content.patient import Patient
from handouts.i18n.words import N_, Words

PREPARED_FOR = N_("Prepared for {name} on {date}")


def patient_cover_markdown(patient: Patient, words: Words, produced_on: dt.date) -> str:
    """The cover's words for ``patient``, in the language of ``words``."""
    name, date = plain_text(patient.name), words.date(produced_on)
    heading = words.gettext(PREPARED_FOR, name=name, date=date)
    parts = [f"## {heading}"]
    if patient.clinician:
        parts.append(words.gettext(N_("From {clinician}"), clinician=plain_text(patient.clinician)))
    if patient.area:
        parts.append(f"**{words.gettext(N_('Treatment area:'))}** {plain_text(patient.area)}")
    if patient.note:
        parts.append(record_text(patient.note))
    if patient.next_visit:
        label = words.gettext(N_("Your next visit:"))
        parts.append(f"**{label}** {words.date(patient.next_visit)}")
    return "\n\n".join(parts) + "\n"
