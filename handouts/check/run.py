"""Content directory (+ the clinics to limit it to, the date to check on) -> a Report of findings.

Runs every check and collects every finding; no check stops another. In order:

1. schema and references: every record and clinic loads; each pack names treatments that
   exist; ``extends`` resolves without a cycle; each logo is a readable image in its folder;
2. every clinic template compiles, and each clinic's colours meet WCAG AA (handouts.contrast);
3. each record's review dates, sources and readability (handouts.recordcheck);
4. each treatment in each clinic's pack: every character has a glyph, the template composes,
   the required sections survive, and the built handout keeps its text inside the page
   margins without overlaps (handouts.handoutcheck).

With clinic ids, only those clinics (with the clinics they extend) and the treatments in their
packs are checked; without, the whole directory.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import jinja2

from handouts.check.contrast import BODY_TEXT, Shortfall, shortfalls
from handouts.check.findings import Finding, Report, Scope, finding, from_problem, tidy
from handouts.check.handout import HandoutCheck, PageFinding, merge_pages
from handouts.check.records import readability_findings, review_findings
from handouts.compose.handout import TEMPLATE_NAME, make_environment
from handouts.compose.sandbox import HandoutSandbox
from handouts.content.fields import FieldPath
from handouts.content.load import ContentDir, LoadedClinic, LoadedTreatment
from handouts.errors import ContentError, HandoutsError, Problem
from handouts.pipeline import logo_problems

Loaded = TypeVar("Loaded")


def check_content(
    content: ContentDir, clinic_ids: Sequence[str] = (), today: dt.date | None = None
) -> Report:
    """Check ``content`` (or only ``clinic_ids`` and their packs); ``today`` defaults to now.

    Raises UnknownIdError for a clinic id that does not exist, and HandoutsError for a
    directory with no content at all; everything else is a finding.
    """
    wanted = list(clinic_ids) or content.clinic_ids()
    _require_content(content)
    run = _Run(content, today or dt.date.today())
    clinics = run.load(content.clinic, wanted, "clinic")
    treatment_ids = _treatments_in_scope(content, clinics.values(), bool(clinic_ids))
    treatments = run.load(content.treatment, treatment_ids, "treatment")
    for clinic in clinics.values():
        run.check_clinic(clinic, treatments)
    for treatment in treatments.values():
        run.check_record(treatment, [c for c in clinics.values() if _prints(c, treatment)])
    scope = Scope(len(treatment_ids), len(wanted), run.built)
    return Report(content.root, scope, tidy([*run.findings, *merge_pages(run.page_findings)]))


def _require_content(content: ContentDir) -> None:
    """An empty directory is almost always the wrong ``--root``, not content without faults."""
    if not content.treatment_ids() and not content.clinic_ids():
        raise HandoutsError(
            f"no treatments (data/treatments/*.yaml) and no clinics (templates/*/clinic.yaml) "
            f"in {content.root}; give the content directory with --root"
        )


def _treatments_in_scope(
    content: ContentDir, clinics: Iterable[LoadedClinic], only_packs: bool
) -> list[str]:
    existing = content.treatment_ids()
    if not only_packs:
        return existing
    in_packs = [tid for clinic in clinics for tid in clinic.record.treatments if tid in existing]
    return list(dict.fromkeys(in_packs))


def _prints(clinic: LoadedClinic, treatment: LoadedTreatment) -> bool:
    return treatment.record.id in clinic.record.treatments


@dataclass
class _Run:
    content: ContentDir
    today: dt.date
    findings: list[Finding] = field(default_factory=list)
    page_findings: list[PageFinding] = field(default_factory=list)
    """Layout findings with the page they were seen on; merged per place at the end."""
    built: int = 0

    def load(
        self, loader: Callable[[str], Loaded], ids: Iterable[str], kind: str
    ) -> dict[str, Loaded]:
        """Load each id; a file that does not load becomes findings and is left out.

        An unknown id (UnknownIdError) is a mistake in the command, so it is not caught.
        """
        loaded = {}
        for item_id in ids:
            try:
                loaded[item_id] = loader(item_id)
            except ContentError as error:
                self.findings += [_load_finding(problem, kind) for problem in error.problems]
        return loaded

    def check_clinic(self, clinic: LoadedClinic, treatments: dict[str, LoadedTreatment]) -> None:
        environment = make_environment(clinic)
        template_errors = _template_findings(clinic, environment)
        logo_errors = [from_problem("REF004", p) for p in logo_problems(clinic)]
        self.findings += [
            *_pack_findings(clinic, self.content.treatment_ids()),
            *logo_errors,
            *template_errors,
            *_contrast_findings(clinic),
        ]
        if any(item.file and item.file.name == TEMPLATE_NAME for item in template_errors):
            return  # nothing composes; other broken files only matter where they are used
        for treatment_id in clinic.record.treatments:
            if treatment_id in treatments:
                handout = HandoutCheck(treatments[treatment_id], clinic, environment)
                self.check_handout(handout, can_build=not logo_errors)

    def check_record(self, treatment: LoadedTreatment, printed_by: list[LoadedClinic]) -> None:
        self.findings += review_findings(treatment, self.today)
        self.findings += readability_findings(treatment, printed_by)

    def check_handout(self, handout: HandoutCheck, can_build: bool) -> None:
        problems = handout.content_findings()
        self.findings += problems
        if problems or not can_build:
            return
        try:
            pages = handout.build_and_read(self.content)
        except HandoutsError as error:
            self.findings += [handout.unbuildable(problem) for problem in error.problems]
            return
        self.built += 1
        self.page_findings += handout.layout_findings(pages)


def _load_finding(problem: Problem, kind: str) -> Finding:
    if problem.field == "extends":
        return from_problem("REF003" if problem.message.startswith("cycle") else "REF002", problem)
    if kind == "treatment" and problem.field == "sources":
        message = "the record has no sources; a handout must say where its information comes from"
        return finding("SOURCE001", (problem.file, problem.line), message, "sources")
    return from_problem("SCHEMA001", problem)


# --------------------------------------------------------------------------- clinic checks


def _pack_findings(clinic: LoadedClinic, existing: list[str]) -> Iterator[Finding]:
    for index, treatment_id in enumerate(clinic.record.treatments):
        if treatment_id not in existing:
            close = difflib.get_close_matches(treatment_id, existing, n=1)
            message = f"the pack lists '{treatment_id}', but there is no such treatment" + (
                f"; did you mean '{close[0]}'?" if close else ""
            )
            place = clinic.line_of(("treatments", index))
            yield finding("REF001", place, message, f"treatments.{index}")


def _template_findings(clinic: LoadedClinic, environment: HandoutSandbox) -> list[Finding]:
    """Compile every template in the clinic's folders (its own and those it extends)."""
    found = []
    for folder in clinic.folders:
        for path in sorted(folder.glob("*.j2")):
            try:
                environment.get_template(f"{folder.name}/{path.name}")
            except jinja2.TemplateSyntaxError as error:
                message = f"template syntax error: {error.message}"
                found.append(finding("TPL001", (path, error.lineno), message))
            except UnicodeDecodeError:
                message = "is not UTF-8 text"
                hint = "Save it as UTF-8 text in your editor ('Save with encoding')."
                found.append(finding("TPL001", (path, None), message, hint=hint))
            except jinja2.TemplateNotFound:
                continue  # a name the loader never serves, so never used
    return found


def _contrast_findings(clinic: LoadedClinic) -> list[Finding]:
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
    return finding(code, clinic.line_of(path), message, ".".join(path), hint)


def _sets(clinic: LoadedClinic, path: FieldPath) -> bool:
    return any(path in document.lines for document in clinic.documents)


def _ratio(ratio: float) -> str:
    """Rounded down, so a ratio just under the minimum never prints as passing."""
    return f"{int(ratio * 100) / 100:.2f}:1"
