"""A clinic id -> its ClinicRun, planned: everything that can be decided before any work.

Each handout and the pack is compared with the clinic's manifest (handouts.pack.manifest): an
output whose inputs are unchanged and whose file is intact is skipped; the rest become jobs
for the workers. A clinic whose files are broken, or whose pack cannot be made, fails on its
own; an unknown clinic id stops the whole run (it is a mistake in the command).
"""

from __future__ import annotations

from handouts.content.languages import require_offered
from handouts.content.load import ContentDir
from handouts.content.loaded import LoadedClinic
from handouts.errors import HandoutsError, Problem, UnknownIdError
from handouts.files.output import language_folder, output_folder, output_path
from handouts.files.read import FileRefused, read_bytes
from handouts.files.write import remove_stale_temporaries
from handouts.pack.clinic import NOT_NEEDED, PACK_NAME, ClinicRun, HandoutOutput
from handouts.pack.events import ClinicReport, Failure
from handouts.pack.executor import Failed
from handouts.pack.manifest import (
    MAX_OUTPUT,
    Inputs,
    clinic_inputs,
    combined,
    handout_inputs,
    read_manifest,
)
from handouts.pack.options import PackOptions
from handouts.pack.tasks import Built, HandoutJob, RunContext
from handouts.pipeline import is_large_print
from handouts.preflight import approval_problems, language_problems, refused_for_print


def plan_clinic(
    content: ContentDir, clinic_id: str, options: PackOptions, context: RunContext
) -> list[ClinicRun]:
    """What is current and what is not, for one clinic's handouts and pack: one run for each
    language the clinic offers."""
    try:
        clinic = content.clinic(clinic_id)
    except UnknownIdError:
        raise
    except HandoutsError as error:
        run = _new_run(content, clinic_id, options, context, None)
        run.failures.append(Failure(clinic_id, None, tuple(error.problems)))
        return [run]
    languages = clinic.record.languages
    if options.language is not None:
        require_offered(clinic, options.language)
        languages = [options.language]
    return [_plan_language(content, clinic, language, options, context) for language in languages]


def _new_run(
    content: ContentDir,
    clinic_id: str,
    options: PackOptions,
    context: RunContext,
    language: str | None,
) -> ClinicRun:
    folder = output_folder(content.output_dir, clinic_id, language=language)
    report = ClinicReport(clinic_id, clinic_id, language)
    return ClinicRun(clinic_id, options, context, report, folder, language=language)


def _plan_language(
    content: ContentDir,
    clinic: LoadedClinic,
    language: str,
    options: PackOptions,
    context: RunContext,
) -> ClinicRun:
    """The run of one language's handouts and pack (its own folder, for a clinic that
    offers several)."""
    clinic_id = clinic.record.id
    folder_name = language_folder(language, clinic.record.language)
    run = _new_run(content, clinic_id, options, context, folder_name)
    try:
        edition = content.clinic(clinic_id, language)
    except HandoutsError as error:
        run.failures.append(Failure(clinic_id, None, tuple(error.problems)))
        return run
    run.large_print = is_large_print(edition, options.large_print)
    run.folder = output_folder(content.output_dir, clinic_id, run.large_print, folder_name)
    _plan_outputs(run, content, edition)
    return run


def _plan_outputs(run: ClinicRun, content: ContentDir, clinic: LoadedClinic) -> None:
    run.report.name = clinic.record.name
    run.order, run.report.left_out = _in_language(content, clinic)
    run.report.handouts = len(run.order)
    problem = pack_problem(clinic)
    if problem:
        run.failures.append(Failure(run.clinic_id, None, (problem,)))
        return
    remove_stale_temporaries(run.folder)
    run.manifest = read_manifest(run.folder)
    shared = clinic_inputs(content, clinic, run.options.handout_options())
    for treatment_id in dict.fromkeys(run.order):
        _plan_handout(run, content, clinic, treatment_id, shared)
    _plan_pack(run, content, clinic)
    for output in run.handouts.values():
        if output.result is None:
            _plan_work(run, output)


def _plan_handout(
    run: ClinicRun, content: ContentDir, clinic: LoadedClinic, treatment_id: str, shared: Inputs
) -> None:
    path = output_path(
        content.output_dir, run.clinic_id, treatment_id, run.large_print, run.language
    )
    inputs = handout_inputs(content, shared, treatment_id, clinic.language)
    current = not run.options.force and run.manifest.is_current(path, inputs)
    output = HandoutOutput(treatment_id, path, inputs, current)
    run.handouts[treatment_id] = output
    missing = _missing_treatment(content, clinic, treatment_id, run.order.index(treatment_id))
    refused = [] if missing else _not_for_print(content, clinic, treatment_id, run.options)
    if missing or refused:
        problems = (missing,) if missing else tuple(refused)
        run.settled_at_start.append(run.fail(output, Failed(problems)))


def _plan_pack(run: ClinicRun, content: ContentDir, clinic: LoadedClinic) -> None:
    name = PACK_NAME.format(clinic=run.clinic_id)
    run.pack_path = output_path(
        content.output_dir, run.clinic_id, name, run.large_print, run.language
    )
    run.pack_inputs = {
        **clinic_inputs(content, clinic, run.options.pack_options()),
        **{f"handout:{tid}": combined(run.handouts[tid].inputs) for tid in run.order},
        "order": " ".join(run.order),
    }
    if not run.options.force and run.manifest.is_current(run.pack_path, run.pack_inputs):
        run.report.pack = "skipped"
        run.report.pages = run.manifest.outputs[run.pack_path.name].pages
        run.settled_at_start.append(run.event(run.pack_path, "skipped"))
    else:
        run.pack_state = "needed"


def _plan_work(run: ClinicRun, output: HandoutOutput) -> None:
    """Render a handout that is out of date, or needed for the pack and not on disk;
    otherwise skip it, reading it from disk if the pack needs it."""
    wanted_file = not run.options.pack_only and not output.current
    on_disk = None if output.current is False else _read_current(run, output)
    if wanted_file or (run.pack_state == "needed" and on_disk is None):
        for_pack = run.pack_state == "needed"
        job = HandoutJob(run.context, run.clinic_id, output.treatment_id, run.language, for_pack)
        run.jobs.append(job)
        return
    output.result = on_disk or NOT_NEEDED
    run.report.skipped += 1
    run.settled_at_start.append(run.event(output.path, "skipped"))


def _read_current(run: ClinicRun, output: HandoutOutput) -> Built | None:
    """The up-to-date handout from disk, when the pack needs its bytes."""
    if run.pack_state != "needed":
        return None
    entry = run.manifest.outputs[output.path.name]
    try:
        pdf = read_bytes(output.path, MAX_OUTPUT)
    except FileRefused:
        return None
    return Built(pdf, entry.pages, 0.0, entry.title, entry.note)


def _not_for_print(
    content: ContentDir, clinic: LoadedClinic, treatment_id: str, options: PackOptions
) -> list[Problem]:
    """In a final run, why a record must not be printed (not approved, overdue, or a
    translation of an older version)."""
    if not options.final:
        return []
    try:
        treatment = content.treatment(treatment_id, clinic.language)
        stale = language_problems(content, treatment, clinic)
    except HandoutsError:
        return []  # the worker reports the broken record itself
    reasons = approval_problems(treatment, options.cover_date()) + stale
    return [refused_for_print(reason) for reason in reasons]


def _in_language(content: ContentDir, clinic: LoadedClinic) -> tuple[list[str], tuple[str, ...]]:
    """The pack's treatments in the clinic's language, and those left out for having no
    translation in it (in the main language, none: a missing record fails the pack)."""
    left_out = tuple(content.untranslated(clinic))
    return [tid for tid in clinic.record.treatments if tid not in left_out], left_out


def pack_problem(clinic: LoadedClinic) -> Problem | None:
    """Why a clinic's pack cannot be made at all, or None."""
    file, line = clinic.line_of(("treatments",))
    if not clinic.record.treatments:
        message = "lists no treatments; add the pack's treatments"
        return Problem("PACK001", file, line, "treatments", message)
    pack_name = PACK_NAME.format(clinic=clinic.record.id)
    if pack_name in clinic.record.treatments:
        message = f"the treatment id '{pack_name}' is the pack's file name"
        return Problem("PACK001", file, line, "treatments", message)
    return None


def _missing_treatment(
    content: ContentDir, clinic: LoadedClinic, treatment_id: str, index: int
) -> Problem | None:
    if (content.treatments_dir / f"{treatment_id}.yaml").is_file():
        return None
    file, line = clinic.line_of(("treatments", index))
    try:
        content.treatment(treatment_id)
    except HandoutsError as error:
        message = error.problems[0].message
        return Problem("REF001", file, line, f"treatments.{index}", message)
    return None
