"""Content directory -> one line per treatment and per clinic, for ``handouts list``."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from handouts.content.load import ContentDir
from handouts.errors import HandoutsError, printable


def describe_content(content: ContentDir) -> list[str]:
    treatments = content.treatment_ids()
    clinics = content.clinic_ids()
    lines = [f"Treatments ({len(treatments)}):"]
    lines += [_line(tid, partial(_treatment_line, content, tid)) for tid in treatments]
    lines += ["", f"Clinics ({len(clinics)}):"]
    lines += [_line(cid, partial(_clinic_line, content, cid)) for cid in clinics]
    misnamed = content.misnamed()
    if misnamed:
        lines += ["", f"Not read, because of their names ({len(misnamed)}):"]
        lines += [
            f"  {printable(str(problem.file))}: {printable(problem.message)}"
            for problem in misnamed
        ]
    return lines


def _treatment_line(content: ContentDir, treatment_id: str) -> str:
    record = content.treatment(treatment_id).record
    return f"{record.title} (next review {record.review.next_review.isoformat()})"


def _clinic_line(content: ContentDir, clinic_id: str) -> str:
    clinic = content.clinic(clinic_id)
    record = clinic.record
    parent = f", extends {record.extends}" if record.extends else ""
    size = record.branding.page_size
    languages = ", ".join(record.languages)
    return f"{record.name} ({size}, {languages}, {len(record.treatments)} in pack{parent})"


def _line(item_id: str, describe: Callable[[], str]) -> str:
    """A broken file still gets its line, saying what is wrong, instead of hiding the rest."""
    try:
        return f"  {printable(item_id):<28} {describe()}"
    except HandoutsError as error:
        return f"  {printable(item_id):<28} INVALID: {error.problems[0]}"


def describe_blocks() -> list[str]:
    """The built-in template's blocks, one line each, required ones marked."""
    from handouts.compose.blocks import template_blocks

    lines = ["Blocks of the built-in template (override them in templates/<clinic>/handout.md.j2):"]
    for block in template_blocks():
        mark = " (required: keep its ## heading and content)" if block.required else ""
        lines.append(f"  {block.name:<14} {block.prints}{mark}")
    return lines
