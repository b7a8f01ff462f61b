"""``handouts check``: every problem in content and templates, as text or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handouts.cli.app import (
    FinalOption,
    FormatOption,
    OutputFormat,
    RootOption,
    app,
    help_text,
    iso_day,
    run,
)


@app.command(**help_text("Check content and templates before printing; exit 1 on any error."))
def check(
    clinics: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="CLINIC",
            help="Clinic ids to check, with their packs (default: everything).",
            show_default=False,
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.text,
    strict: Annotated[bool, typer.Option(help="Count warnings as errors.")] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Check review dates as on this day (YYYY-MM-DD), e.g. a planned print date.",
        ),
    ] = None,
    final: FinalOption = False,
    root: RootOption = Path("."),
) -> None:
    """Check content and templates before printing: exit 0 when there is no error, 1 otherwise."""
    from rich.console import Console

    from handouts.check.report import print_text, to_json
    from handouts.check.run import check_content
    from handouts.content.load import ContentDir

    today = iso_day(as_of)
    report = run(lambda: check_content(ContentDir(root), clinics or (), today, final))
    if output_format is OutputFormat.json:
        typer.echo(to_json(report, strict))
    else:
        print_text(report, Console(highlight=False, soft_wrap=True), strict)
    raise typer.Exit(1 if report.failed(strict) else 0)
