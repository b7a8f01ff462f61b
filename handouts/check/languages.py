"""Languages -> findings: each clinic in each language it offers, each translation against
the record it translates, and each message catalog a clinic prints from.

A clinic in another language must have its own words in that language (LANG003) and should
have a translation of each treatment in its pack (LANG006: its pack in that language leaves
the others out). A translation must match its record (LANG005) and its current version
(LANG002). A catalog must translate every message, keeping each {field} (LANG004).
"""

from __future__ import annotations

from collections.abc import Iterable

from handouts.check.findings import Finding, finding, from_problem
from handouts.compose.templates import untranslated_template
from handouts.content.languages import translation_problems, untranslated_words
from handouts.content.load import ContentDir
from handouts.content.loaded import LoadedClinic, LoadedTreatment
from handouts.errors import HandoutsError, Problem
from handouts.i18n.catalogs import catalog_gaps, catalog_tag, po_path
from handouts.i18n.tags import language_name


def clinic_editions(
    content: ContentDir, clinic: LoadedClinic
) -> tuple[list[LoadedClinic], list[Finding]]:
    """The clinic in each language it offers besides its main one, and the findings of those
    that do not load (a mistake in clinic.<language>.yaml)."""
    editions, findings = [], []
    for language in clinic.record.languages[1:]:
        try:
            editions.append(content.clinic(clinic.record.id, language))
        except HandoutsError as error:
            findings += [from_problem(problem) for problem in error.problems]
    return editions, findings


def edition_findings(content: ContentDir, edition: LoadedClinic) -> list[Finding]:
    """The clinic's own words in the edition's language, and its pack's translations."""
    problems: list[Problem] = untranslated_words(edition)
    template = untranslated_template(edition)
    problems += [template] if template is not None else []
    findings = [from_problem(problem) for problem in problems]
    missing = content.untranslated(edition)
    if missing:
        findings.append(_missing_finding(edition, missing))
    return findings


def _missing_finding(edition: LoadedClinic, missing: list[str]) -> Finding:
    language = language_name(edition.language)
    total = len(edition.record.treatments)
    message = (
        f"{edition.record.id} offers {language}, but {len(missing)} of the {total} "
        f"treatments in its pack have no translation in it ({', '.join(missing)}); its pack "
        f"in {edition.language} leaves them out"
    )
    return finding("LANG006", edition.line_of(("languages",)), message, "languages")


def catalog_findings(languages: Iterable[str]) -> list[Finding]:
    """Every message each catalog leaves untranslated, or whose {fields} it changes."""
    findings = []
    for tag in sorted({catalog_tag(language) or language for language in languages}):
        for message, wrong in catalog_gaps(tag):
            text = f"the {language_name(tag)} catalog: '{message}' {wrong}"
            findings.append(finding("LANG004", (po_path(tag), None), text))
    return findings


def translation_findings(
    content: ContentDir, source: LoadedTreatment, translation: LoadedTreatment
) -> list[Finding]:
    """A translation against its record: the version it translates, and what must stay the
    same (the perspective labels clinics choose by, the diagram, the sources)."""
    problems = translation_problems(source, translation)
    problems += _unchanged_problems(source, translation)
    return [from_problem(problem) for problem in problems]


def _unchanged_problems(source: LoadedTreatment, translation: LoadedTreatment) -> list[Problem]:
    original, translated = source.record, translation.record
    checks = {
        "mechanism.perspectives": (
            [p.label for p in original.mechanism.perspectives],
            [p.label for p in translated.mechanism.perspectives],
            "keeps the labels of the record it translates (clinics choose perspectives by them; "
            "name: gives the name printed)",
        ),
        "diagram": (
            original.diagram and (original.diagram.kind, original.diagram.reach),
            translated.diagram and (translated.diagram.kind, translated.diagram.reach),
            "shows the same drawing (kind and reach) as the record it translates",
        ),
        "sources": (
            sorted(s.url for s in original.sources),
            sorted(s.url for s in translated.sources),
            "cites the same sources (web addresses) as the record it translates",
        ),
    }
    problems = []
    for field, (expected, found, rule) in checks.items():
        if expected != found:
            line = translation.document.line_of(tuple(field.split(".")))
            message = f"differs from {source.path.name}: a translation {rule}"
            problems.append(Problem("LANG005", translation.path, line, field, message))
    return problems
