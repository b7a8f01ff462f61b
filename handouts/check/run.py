"""Content directory (+ the clinics to limit it to, the date to check on) -> a Report of findings.

Runs every check and collects every finding; no check stops another. In order:

1. schema and references: every record and clinic loads; each pack names treatments that
   exist; ``extends`` resolves without a cycle; each logo is a readable image in its folder;
2. every clinic template compiles, and each clinic's colours meet WCAG AA
   (handouts.check.clinic);
3. each record's review dates, sources and readability (handouts.check.records);
4. each treatment in each clinic's pack: every character has a glyph, the template composes,
   the required sections survive, and the built handout keeps its text inside the page
   margins without overlaps (handouts.check.handout);
5. accessibility: pictures with alternative text, links that say where they go, headings
   that do not skip a level, no text patients read below 12 pt (handouts.check.access).

With clinic ids, only those clinics (with the clinics they extend) and the treatments in their
packs are checked; without, the whole directory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from handouts.check import access
from handouts.check.clinic import (
    contrast_findings,
    front_matter_findings,
    lost_block_findings,
    pack_findings,
    template_findings,
)
from handouts.check.findings import Finding, Report, Scope, from_problem, tidy
from handouts.check.handout import HandoutCheck, PageFinding, merge_pages
from handouts.check.languages import (
    catalog_findings,
    clinic_editions,
    edition_findings,
    translation_findings,
)
from handouts.check.plain import (
    explanation_findings,
    locale_findings,
    template_wording_findings,
)
from handouts.check.records import readability_findings, review_findings
from handouts.codes import Severity
from handouts.compose.environment import make_environment
from handouts.compose.leaflet import DRAFT_REASONS
from handouts.compose.templates import TEMPLATE_NAME
from handouts.content.load import ContentDir
from handouts.content.loaded import LoadedClinic, LoadedTreatment
from handouts.errors import HandoutsError, Problem, internal_problem
from handouts.i18n.tags import serves
from handouts.preflight import approval_problems, emergency_problems, logo_problems

Loaded = TypeVar("Loaded")


def check_content(
    content: ContentDir,
    clinic_ids: Sequence[str] = (),
    today: dt.date | None = None,
    final: bool = False,
) -> Report:
    """Check ``content`` (or only ``clinic_ids`` and their packs); ``today`` defaults to now.

    Never stops at a problem: a file that cannot be read, a name nothing can find, a clinic id
    that does not exist or a directory with no content at all are findings like the rest.
    """
    run = _Run(content, today or dt.date.today(), final)
    run.findings += [from_problem(problem) for problem in content.misnamed()]
    if not content.treatment_ids() and not content.clinic_ids():
        run.findings.append(from_problem(_no_content(content)))
        return run.report(0, 0)
    wanted = run.known(clinic_ids) if clinic_ids else content.clinic_ids()
    clinics = run.load(content.clinic, wanted)
    treatment_ids = _treatments_in_scope(content, clinics.values(), bool(clinic_ids))
    treatments = run.load(content.treatment, treatment_ids)
    for clinic in clinics.values():
        run.guarded(run.check_clinic, clinic, treatments)
        run.guarded(run.check_languages, clinic)
    for treatment in treatments.values():
        printed_by = [c for c in clinics.values() if _prints(c, treatment)]
        run.guarded(run.check_record, treatment, printed_by)
        run.guarded(run.check_translations, treatment, list(clinics.values()), bool(clinic_ids))
    offered = {language for clinic in clinics.values() for language in clinic.record.languages}
    run.findings += catalog_findings(offered)
    return run.report(len(treatment_ids), len(wanted))


def _no_content(content: ContentDir) -> Problem:
    """An empty directory is almost always the wrong ``--root``, not content without faults."""
    message = (
        f"no treatments (data/treatments/*.yaml) and no clinics (templates/*/clinic.yaml) "
        f"in {content.root}; give the content directory with --root"
    )
    return Problem("CONTENT001", None, None, None, message)


def _treatments_in_scope(
    content: ContentDir, clinics: Iterable[LoadedClinic], only_packs: bool
) -> list[str]:
    existing = content.treatment_ids()
    if not only_packs:
        return existing
    in_packs = [tid for clinic in clinics for tid in clinic.record.treatments if tid in existing]
    return list(dict.fromkeys(in_packs))


def _prints(clinic: LoadedClinic, treatment: LoadedTreatment) -> bool:
    """The clinic's pack lists the treatment, in a language this record is printed in."""
    record = treatment.record
    in_language = any(serves(record.language, tag) for tag in clinic.record.languages)
    return record.id in clinic.record.treatments and in_language


@dataclass
class _Run:
    content: ContentDir
    today: dt.date
    final: bool = False
    """A print run: drafts are errors, not warnings."""
    findings: list[Finding] = field(default_factory=list)
    page_findings: list[PageFinding] = field(default_factory=list)
    """Layout findings with the page they were seen on; merged per place at the end."""
    built: int = 0

    def load(self, loader: Callable[[str], Loaded], ids: Iterable[str]) -> dict[str, Loaded]:
        """Load each id; a file that does not load becomes findings and is left out."""
        loaded = {}
        for item_id in ids:
            try:
                loaded[item_id] = loader(item_id)
            except HandoutsError as error:
                self.findings += [from_problem(problem) for problem in error.problems]
        return loaded

    def known(self, clinic_ids: Sequence[str]) -> list[str]:
        """The clinic ids asked for that exist; each that does not is a finding (ID001)."""
        existing = set(self.content.clinic_ids())
        self.load(self.content.clinic, [cid for cid in clinic_ids if cid not in existing])
        return [cid for cid in dict.fromkeys(clinic_ids) if cid in existing]

    def guarded(self, check: Callable[..., None], *args: Any) -> None:
        """Run one check; whatever stops it becomes findings and the other checks go on."""
        try:
            check(*args)
        except HandoutsError as error:
            self.findings += [from_problem(problem) for problem in error.problems]
        except Exception as error:  # a fault of the tool: reported, and the rest still checked
            self.findings.append(from_problem(internal_problem(error)))

    def report(self, treatments: int, clinics: int) -> Report:
        scope = Scope(treatments, clinics, self.built)
        findings = tidy([*self.findings, *merge_pages(self.page_findings)])
        return Report(self.content.root, scope, findings)

    def check_clinic(self, clinic: LoadedClinic, treatments: dict[str, LoadedTreatment]) -> None:
        environment = make_environment(clinic)
        template_errors = template_findings(clinic, environment)
        unbuildable = [from_problem(p) for p in logo_problems(clinic)]
        emergency = [from_problem(p) for p in emergency_problems(clinic)]
        unbuildable += [item for item in emergency if item.severity is Severity.ERROR]
        self.findings += [
            *pack_findings(clinic, self.content.treatment_ids()),
            *unbuildable,
            *[item for item in emergency if item not in unbuildable],
            *template_errors,
            *contrast_findings(clinic),
            *template_wording_findings(clinic),
            *access.template_findings(clinic),
            *lost_block_findings(clinic),
            *(front_matter_findings(clinic, treatments) if not unbuildable else []),
        ]
        if any(item.file and item.file.name == TEMPLATE_NAME for item in template_errors):
            return  # nothing composes; other broken files only matter where they are used
        for treatment_id in clinic.record.treatments:
            if treatment_id in treatments:
                handout = HandoutCheck(treatments[treatment_id], clinic, environment)
                self.check_handout(handout, can_build=not unbuildable)

    def check_languages(self, clinic: LoadedClinic) -> None:
        """The clinic in each other language it offers: its words, and each handout."""
        editions, unloaded = clinic_editions(self.content, clinic)
        self.findings += unloaded
        for edition in editions:
            self.findings += edition_findings(self.content, edition)
            environment = make_environment(edition)
            for version in self._versions(edition):
                self.check_handout(HandoutCheck(version, edition, environment), True)

    def _versions(self, edition: LoadedClinic) -> list[LoadedTreatment]:
        """The pack's records in the edition's language that load: one missing is LANG006 or
        REF001, one broken is reported with the translations."""
        versions = []
        for treatment_id in edition.record.treatments:
            try:
                versions.append(self.content.treatment(treatment_id, edition.language))
            except HandoutsError:
                continue
        return versions

    def check_translations(
        self, source: LoadedTreatment, clinics: list[LoadedClinic], only_printed: bool
    ) -> None:
        """Each translation of ``source`` (with ``only_printed``, those ``clinics`` print):
        as a record of its own, and against its source."""
        offered = {tag for clinic in clinics for tag in clinic.record.languages}
        for language in self.content.translations(source.record.id):
            if only_printed and not any(serves(language, tag) for tag in offered):
                continue
            try:
                translation = self.content.treatment(source.record.id, language)
            except HandoutsError as error:
                self.findings += [from_problem(problem) for problem in error.problems]
                continue
            found = translation_findings(self.content, source, translation)
            stale = [item for item in found if item.code == "LANG002"]
            self.findings += [replace(i, escalated=self.final) if i in stale else i for i in found]
            printed_by = [c for c in clinics if _prints(c, translation)]
            self.check_record(translation, printed_by)

    def check_record(self, treatment: LoadedTreatment, printed_by: list[LoadedClinic]) -> None:
        self.findings += review_findings(treatment, self.today)
        self.findings += self.draft_findings(treatment)
        self.findings += readability_findings(treatment, printed_by)
        self.findings += access.record_findings(treatment)
        glossary = self.content.glossary()
        if glossary is not None:
            self.findings += explanation_findings(treatment, glossary)
            self.findings += locale_findings(treatment, glossary, printed_by)

    def draft_findings(self, treatment: LoadedTreatment) -> list[Finding]:
        """A record no clinician has approved: a warning, or in a final check an error."""
        drafts = [
            from_problem(problem)
            for problem in approval_problems(treatment, self.today)
            if problem.code == "DRAFT001"
        ]
        return [replace(item, escalated=True) for item in drafts] if self.final else drafts

    def check_handout(self, handout: HandoutCheck, can_build: bool) -> None:
        problems = handout.content_findings()
        self.findings += problems
        if problems or not can_build:
            return
        self.findings += handout.access_findings()
        try:
            pages, pdf = handout.build_and_read(self.content, self.today)
        except HandoutsError as error:
            unbuildable = map(handout.unbuildable, error.problems)
            self.findings += [item for item in unbuildable if item not in self.findings]
            return
        self.built += 1
        self.page_findings += handout.layout_findings(pages)
        self.page_findings += handout.size_findings(pdf)


def handout_warnings(
    content: ContentDir, treatment_id: str, clinic_id: str, language: str | None = None
) -> list[Finding]:
    """What ``handouts check`` would report about one handout without building it again: its
    record (review, approval, readability, plain words) and its clinic (colours, emergency
    number, template wording). Shown by ``handouts build`` beside the file it writes: its
    warnings, and the errors that do not stop a build but print the handout as a DRAFT (an
    overdue review, say)."""
    run = _Run(content, dt.date.today())
    clinic = content.clinic(clinic_id, language)
    treatment = content.treatment(treatment_id, clinic.language)
    run.guarded(run.check_record, treatment, [clinic])
    if treatment.record.translation_of is not None:
        source = content.treatment(treatment_id)
        run.findings += translation_findings(content, source, treatment)
    run.findings += contrast_findings(clinic) + template_wording_findings(clinic)
    run.findings += [from_problem(p) for p in emergency_problems(clinic)]
    return [
        item
        for item in tidy(run.findings)
        if item.severity is Severity.WARNING or item.code in DRAFT_REASONS
    ]
