"""A patient list and a clinic -> one PDF per row in ``output/patients/<clinic>/<list>/``, and
a report of what was built and what failed.

This process reads the list, checks each row against the content (treatments that exist, a
language the clinic offers), hands one job per row to the workers (handouts.batch.worker)
through the same executors as packs, and writes each PDF atomically as it comes back. A row
that cannot be built fails alone; every problem is stripped of the row's patient details
before it is reported. Nothing about a patient is written but their own PDF: no manifest,
no cache on disk, no log.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import time
import uuid
from collections.abc import Iterable
from concurrent.futures import Executor
from pathlib import Path

from handouts.batch.options import BatchOptions
from handouts.batch.report import BatchReport, RowBuilt
from handouts.batch.visits import RowFailure, Visit, VisitList, read_visits, without_values
from handouts.batch.worker import PatientJob, render_patient_job
from handouts.content.languages import require_offered
from handouts.content.load import ContentDir
from handouts.content.loaded import LoadedClinic
from handouts.errors import HandoutsError, Problem, display_path
from handouts.files.output import patient_batch_folder
from handouts.files.write import PRIVATE, remove_stale_temporaries, write_atomic
from handouts.i18n.tags import language_name
from handouts.pack.events import Event, NoProgress, Progress
from handouts.pack.executor import Batch, Failed
from handouts.pack.run import executor_for, worker_count
from handouts.pack.tasks import Built, RunContext
from handouts.preflight import approval_problems

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def build_batch(
    content: ContentDir,
    patient_list: Path,
    clinic_id: str,
    options: BatchOptions | None = None,
    *,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> BatchReport:
    """A PDF for each row of ``patient_list``. ``executor`` must run each call in a process
    of its own; None: a WorkerPool of ``options.jobs`` processes."""
    options = options or BatchOptions()
    progress = progress or NoProgress()
    started = time.perf_counter()
    clinic = content.clinic(clinic_id)
    visits = read_visits(
        patient_list, name_by=options.name_by, password_column=options.password_column
    )
    folder = options.out or patient_batch_folder(content.output_dir, clinic_id, patient_list.stem)
    report = BatchReport(clinic_id, patient_list, folder, visits.rows, [], list(visits.failures))
    report.ignored_columns = visits.ignored
    ready = _checked(content, clinic, visits.visits, report)
    for stem in _failed_stems(visits, report):
        _remove_earlier(folder / f"{stem}.pdf")
    progress.start(len(ready))
    remove_stale_temporaries(folder)
    # The date is fixed here, not by each worker: one run, one date, wherever it runs.
    date, large = options.fixed_date() or dt.date.today(), options.large_print
    context = RunContext(content.root, uuid.uuid4().hex, options.reproducible, date, large)
    with executor_for(executor, options.jobs) as pool:
        batch: Batch[int] = Batch(pool, in_flight=2 * worker_count(pool, options.jobs))
        _execute(ready, batch, _Jobs(context, clinic_id, options), report, progress)
    progress.finish()
    report.left_over = _left_over(folder, report)
    report.drafts = _drafts(content, ready, date)
    report.seconds = time.perf_counter() - started
    return report


def _drafts(content: ContentDir, visits: list[Visit], day: dt.date) -> tuple[str, ...]:
    """The handouts given that print as DRAFT (no clinician has approved them, or they are
    overdue for review), as ``id`` or ``id (language)``."""
    given = dict.fromkeys((t, v.patient.language) for v in visits for t in v.treatments)
    drafts = []
    for treatment_id, language in given:
        with contextlib.suppress(HandoutsError):  # a broken record fails its rows instead
            if approval_problems(content.treatment(treatment_id, language), day):
                drafts.append(f"{treatment_id} ({language})" if language else treatment_id)
    return tuple(drafts)


def _failed_stems(visits: VisitList, report: BatchReport) -> list[str]:
    """The file names of the rows that failed before any work."""
    named = {visit.row: visit.file_stem for visit in visits.visits}
    stems = [named.get(f.row) or visits.earlier_file_stem(f.row) for f in report.failures]
    return [stem for stem in stems if stem]


def _left_over(folder: Path, report: BatchReport) -> tuple[str, ...]:
    """PDFs in the folder that this run did not write: from an earlier list, whose row
    numbers may now be other patients'."""
    written = {row.file.name for row in report.built}
    if not folder.is_dir():
        return ()
    return tuple(sorted(p.name for p in folder.glob("*.pdf") if p.name not in written))


def _checked(
    content: ContentDir, clinic: LoadedClinic, visits: Iterable[Visit], report: BatchReport
) -> list[Visit]:
    """The visits the content can serve; the others fail here, before any work."""
    ready = []
    for visit in visits:
        problems = _content_problems(content, clinic, visit, report.patient_list)
        if problems:
            report.failures.append(RowFailure(visit.row, visit.line, tuple(problems)))
        else:
            ready.append(visit)
    return ready


def _content_problems(
    content: ContentDir, clinic: LoadedClinic, visit: Visit, patient_list: Path
) -> list[Problem]:
    known = set(content.treatment_ids())
    language = visit.patient.language
    if language is not None:
        try:
            require_offered(clinic, language)
        except HandoutsError as error:
            return [_in_row(p, visit, patient_list, "language") for p in error.problems]
    problems = []
    for number, treatment in enumerate(visit.treatments, start=1):
        if treatment not in known:
            problems.append(_unknown_treatment(treatment, number, visit, patient_list, known))
        elif language is not None and not content.has_version(treatment, language):
            problems.append(_untranslated(treatment, language, visit, patient_list))
    return problems


def _untranslated(treatment: str, language: str, visit: Visit, patient_list: Path) -> Problem:
    message = (
        f"{treatment} has no {language_name(language)} version yet; give this row another "
        "language, or leave that treatment out of it"
    )
    return Problem("BATCH002", patient_list, visit.line, "treatments", message)


def _in_row(problem: Problem, visit: Visit, patient_list: Path, column: str) -> Problem:
    return Problem(problem.code, patient_list, visit.line, column, problem.message, problem.hint)


def _unknown_treatment(
    treatment: str, number: int, visit: Visit, patient_list: Path, known: set[str]
) -> Problem:
    """Named when it looks like an id; otherwise only counted, as it may be a patient detail
    typed into the wrong column."""
    what = f"'{treatment}'" if _ID.match(treatment) else f"treatment {number}"
    message = f"{what} is not a treatment id; the treatments are {', '.join(sorted(known))}"
    return Problem("BATCH002", patient_list, visit.line, "treatments", message)


class _Jobs:
    """Makes each row's job: what every job of the run shares, and the row's own."""

    def __init__(self, context: RunContext, clinic_id: str, options: BatchOptions) -> None:
        self.context, self.clinic_id, self.options = context, clinic_id, options

    def __call__(self, visit: Visit) -> PatientJob:
        return PatientJob(
            self.context,
            self.clinic_id,
            visit.patient,
            visit.treatments,
            final=self.options.final,
            duplex=self.options.duplex,
            password=visit.password or self.options.password,
        )


def _execute(
    visits: list[Visit], batch: Batch[int], jobs: _Jobs, report: BatchReport, progress: Progress
) -> None:
    by_row = {visit.row: visit for visit in visits}
    try:
        for visit in visits:
            batch.submit(visit.row, render_patient_job, jobs(visit))
        for row, outcome in batch.finished():
            progress.update(_settle(by_row[row], outcome, report))
    except BaseException:
        batch.cancel()
        raise


def _settle(visit: Visit, outcome: Built | Failed, report: BatchReport) -> Event:
    """Write a row's PDF, or record why there is none; the event names only its file."""
    path = report.folder / f"{visit.file_stem}.pdf"
    if isinstance(outcome, Built):
        outcome = _written(path, outcome)
    if isinstance(outcome, Failed):
        problems = tuple(without_values(p, _details(visit)) for p in outcome.problems)
        report.failures.append(RowFailure(visit.row, visit.line, problems))
        _remove_earlier(path)
        return Event(display_path(report.folder), path.name, "failed")
    report.built.append(RowBuilt(visit.row, path, outcome.pages, len(visit.treatments)))
    return Event(display_path(report.folder), path.name, "built", outcome.pages)


def _remove_earlier(path: Path) -> None:
    """A failed row's file from an earlier run goes: it may be another patient's."""
    if path.is_file() and not path.is_symlink():
        with contextlib.suppress(OSError):
            path.unlink()


def _written(path: Path, built: Built) -> Built | Failed:
    try:
        write_atomic(path, built.pdf, tidy=False, mode=PRIVATE)
    except HandoutsError as error:
        return Failed(tuple(error.problems))
    except OSError as error:
        return Failed.because("OUTPUT001", f"cannot write {path.name}: {error.strerror}")
    return built


def _details(visit: Visit) -> list[str]:
    """What a message about this row must never repeat."""
    patient = visit.patient
    values = [patient.name, patient.clinician, patient.note, patient.area, visit.password]
    dates = [patient.next_visit.isoformat()] if patient.next_visit else []
    return [value for value in values if value] + dates
