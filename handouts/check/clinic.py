"""One clinic -> findings about the clinic itself: its pack list, its templates (each one must
compile), and its colours (WCAG AA contrast, with the nearest colour that passes)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path

import jinja2

from handouts.check.contrast import BODY_TEXT, Shortfall, shortfalls
from handouts.check.findings import Finding, finding, from_problem
from handouts.compose.blocks import blocks_of, extended
from handouts.compose.handout import compile_problems
from handouts.compose.sandbox import HandoutSandbox
from handouts.compose.templates import BUILTIN, TEMPLATE_NAME
from handouts.content.fields import FieldPath, dotted
from handouts.content.loaded import LoadedClinic, LoadedTreatment
from handouts.errors import HandoutsError
from handouts.render.contents import ContentsItem
from handouts.render.front import draw_front_matter


def pack_findings(clinic: LoadedClinic, existing: list[str]) -> Iterator[Finding]:
    for index, treatment_id in enumerate(clinic.record.treatments):
        if treatment_id not in existing:
            close = difflib.get_close_matches(treatment_id, existing, n=1)
            message = f"the pack lists '{treatment_id}', but there is no such treatment" + (
                f"; did you mean '{close[0]}'?" if close else ""
            )
            place = clinic.line_of(("treatments", index))
            yield finding("REF001", place, message, f"treatments.{index}")


def template_findings(clinic: LoadedClinic, environment: HandoutSandbox) -> list[Finding]:
    """Compile every template in the clinic's folders (its own and those it extends)."""
    return [
        from_problem(problem)
        for folder in clinic.folders
        for path in sorted(folder.glob("*.j2"))
        for problem in compile_problems(environment, f"{folder.name}/{path.name}", path)
    ]


def contrast_findings(clinic: LoadedClinic) -> list[Finding]:
    branding = clinic.record.branding
    return [_contrast_finding(clinic, shortfall) for shortfall in shortfalls(branding)]


def _contrast_finding(clinic: LoadedClinic, shortfall: Shortfall) -> Finding:
    path = ("branding", shortfall.field)
    where = "" if _sets(clinic, path) else " (the default)"
    failing = "; ".join(
        f"{pairing.element} {_ratio(ratio)} (needs {pairing.minimum:g}:1)"
        for pairing, ratio in shortfall.failing
    )
    message = f"{shortfall.colour}{where} has too little contrast: {failing}"
    if shortfall.suggestion:
        message += f". The nearest colour that passes is {shortfall.suggestion}"
        hint = (
            f'Set {shortfall.field}: "{shortfall.suggestion}" (the same hue, '
            f"{shortfall.direction}), or choose another colour that passes."
        )
    else:
        hint = "No shade of this hue passes against the colours it meets; choose another colour."
    code = "CONTRAST001" if shortfall.minimum >= BODY_TEXT else "CONTRAST002"
    return finding(code, clinic.line_of(path), message, dotted(path), hint)


def _sets(clinic: LoadedClinic, path: FieldPath) -> bool:
    return any(path in document.lines for document in clinic.documents)


def _ratio(ratio: float) -> str:
    """Rounded down, so a ratio just under the minimum never prints as passing."""
    return f"{int(ratio * 100) / 100:.2f}:1"


def front_matter_findings(
    clinic: LoadedClinic, treatments: dict[str, LoadedTreatment]
) -> list[Finding]:
    """The pack's cover and contents drawn as a pack would draw them: a clinic setting too
    long for them (an address that runs off the cover) is a finding, as it fails the pack."""
    records = [treatments[tid].record for tid in clinic.record.treatments if tid in treatments]
    items = [ContentsItem(r.title, r.condition, 3 + 4 * n) for n, r in enumerate(records)]
    try:
        draw_front_matter(clinic, items, "30 November 2026", reproducible=True)
    except HandoutsError as error:
        return [from_problem(clinic.placed(problem)) for problem in error.problems]
    return []


def lost_block_findings(clinic: LoadedClinic) -> list[Finding]:
    """A branch whose template extends the built-in one loses what its parent clinics' own
    templates change (TPL003): it should extend its parent's template instead."""
    own = clinic.folders[0] / TEMPLATE_NAME
    if len(clinic.folders) < 2 or not own.is_file():
        return []
    source = own.read_text(encoding="utf-8", errors="replace")
    if not (extended(source) or "").startswith(f"{BUILTIN}/"):
        return []
    line = next((n for n, text in enumerate(source.splitlines(), 1) if "extends" in text), None)
    kept = set(blocks_of(source))
    return [
        _lost(own, line, folder.name, lost)
        for folder in clinic.folders[1:]
        if (lost := [b for b in _blocks_in(folder / TEMPLATE_NAME) if b not in kept])
    ]


def _lost(own: Path, line: int | None, parent: str, lost: list[str]) -> Finding:
    message = (
        f"extends the built-in template, so the blocks {parent} changes ({', '.join(lost)}) "
        "are not used here"
    )
    hint = f"Extend '{parent}/{TEMPLATE_NAME}' instead, to keep {parent}'s changes."
    return finding("TPL003", (own, line), message, hint=hint)


def _blocks_in(path: Path) -> list[str]:
    if not path.is_file():
        return []
    try:
        return blocks_of(path.read_text(encoding="utf-8", errors="replace"))
    except jinja2.TemplateSyntaxError:
        return []  # reported as TPL001 already
