"""``handouts batch``: a PDF for each patient of a list, built in parallel."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from handouts.cli.app import (
    ClinicOption,
    DuplexOption,
    FinalOption,
    FormatOption,
    JobsOption,
    OutputFormat,
    QuietOption,
    ReproducibleOption,
    RootOption,
    app,
    help_text,
    iso_day,
    run,
    shown,
    warn_if_slow,
)
from handouts.cli.build import ask_password
from handouts.cli.cluster import ExecutorOption, executor_from
from handouts.errors import printable

if TYPE_CHECKING:
    from handouts.batch.report import BatchReport


@app.command(**help_text("Build a PDF for each patient of a list (CSV), in parallel."))
def batch(
    patient_list: Annotated[
        Path,
        typer.Argument(
            metavar="LIST",
            help="A CSV list, one patient per row (name, treatments, ...).",
            dir_okay=False,
            show_default=False,
        ),
    ],
    clinic: ClinicOption,
    out: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR", file_okay=False, help="Write here instead of output/patients/."
        ),
    ] = None,
    name_by: Annotated[
        str | None,
        typer.Option(metavar="COLUMN", help="Name each file by this column (default: row number)."),
    ] = None,
    jobs: JobsOption = None,
    executor: ExecutorOption = None,
    encrypt: Annotated[
        bool,
        typer.Option(help="Lock every PDF with one password (asked for, or $HANDOUTS_PASSWORD)."),
    ] = False,
    password_column: Annotated[
        str | None,
        typer.Option(metavar="COLUMN", help="Lock each PDF with the password in this column."),
    ] = None,
    duplex: DuplexOption = False,
    date: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="The date on the covers (YYYY-MM-DD; default: today)."),
    ] = None,
    reproducible: ReproducibleOption = False,
    final: FinalOption = False,
    large_print: Annotated[
        bool, typer.Option("--large-print", help="Large print for every row.")
    ] = False,
    output_format: FormatOption = OutputFormat.text,
    quiet: QuietOption = False,
    root: RootOption = Path("."),
) -> None:
    """Build a PDF for each row of a patient list: a cover prepared for them, then their
    handouts, in output/patients/<clinic>/<list name>/row-NNN.pdf. A row that cannot be built
    fails alone; messages name its row and column, never a patient's details (only a
    treatment id that cannot be used is quoted)."""
    from handouts.batch.options import BatchOptions
    from handouts.batch.run import build_batch
    from handouts.cli.progress import progress_for
    from handouts.content.load import ContentDir

    if encrypt and password_column:
        raise typer.BadParameter("use --encrypt or --password-column, not both")
    warn_if_slow()
    content = ContentDir(root)
    options = BatchOptions(
        jobs=jobs,
        reproducible=reproducible,
        date=iso_day(date),
        final=final,
        large_print=large_print,
        duplex=duplex,
        name_by=name_by,
        password=ask_password() if encrypt else None,
        password_column=password_column,
        out=out,
    )
    progress = progress_for(quiet or output_format is OutputFormat.json)
    with executor_from(executor, content, private=True) as pool:
        report = run(
            lambda: build_batch(
                content, patient_list, clinic, options, executor=pool, progress=progress
            )
        )
    if output_format is OutputFormat.json:  # the failures are in it: nothing else is printed
        typer.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
        raise typer.Exit(report.exit_code)
    if not quiet:
        typer.echo(summary_line(report))
    if report.drafts:
        typer.secho(_draft_line(report.drafts), err=True, fg=typer.colors.YELLOW)
    for line in batch_failure_lines(report):
        typer.secho(printable(line), err=True, fg=typer.colors.RED)
    raise typer.Exit(report.exit_code)


def _draft_line(drafts: tuple[str, ...]) -> str:
    return (
        f"warning: drafts, printed with the DRAFT marking (not approved by a clinician, or "
        f"overdue for review): {', '.join(drafts)}; --final refuses to print drafts"
    )


def summary_line(report: BatchReport) -> str:
    built, failed = len(report.built), len(report.failures)
    line = (
        f"Built {built} of {report.rows} rows ({report.handouts} handouts, {report.pages} pages) "
        f"in {report.seconds:.1f} s into {shown(report.folder)}"
    )
    if failed:
        line += f"; {failed} {'row' if failed == 1 else 'rows'} failed (see below)"
    if report.ignored_columns:
        line += f". Columns not used: {', '.join(report.ignored_columns)}"
    if report.left_over:
        line += (
            f". {len(report.left_over)} other PDFs in that folder are from an earlier list "
            "(their rows may now be other patients): remove them before handing any out"
        )
    return line + "."


def batch_failure_lines(report: BatchReport) -> list[str]:
    """Each problem once with the rows it stopped (one broken record may stop many rows)."""
    from handouts.cli.progress import failure_lines
    from handouts.pack.events import Failure

    failures = [
        Failure(report.clinic_id, f"row {failure.row}", failure.problems)
        for failure in sorted(report.failures, key=lambda failure: failure.row)
    ]
    return failure_lines(failures, lambda failure: str(failure.output))
