"""Command line -> library calls. Each command parses its options, calls one function, and
turns a HandoutsError into its message and exit code 1 (2 for usage, from typer)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from handouts.errors import HandoutsError

app = typer.Typer(
    help="Turn treatment records and a clinic's template into branded PDF handouts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help and usage errors: formatting them with rich costs a tenth of a second of
    # imports on every `--help` and every mistyped command.
    rich_markup_mode=None,
)

RootOption = Annotated[
    Path,
    typer.Option(
        "--root",
        metavar="DIR",
        help="Content directory (with data/ and templates/).",
        exists=True,
        file_okay=False,
        resolve_path=True,
    ),
]
T = TypeVar("T")


def warn_if_slow() -> None:
    """Say so once, at the start of a command that builds, if reportlab runs without C."""
    from handouts.render.accel import accelerator_warning

    warning = accelerator_warning()
    if warning:
        typer.secho(f"warning: {warning}", fg=typer.colors.YELLOW, err=True)


def run(action: Callable[[], T]) -> T:
    """Run a library call; user mistakes become a clean message and exit code 1."""
    try:
        return action()
    except HandoutsError as error:
        for problem in error.problems:
            typer.secho(f"error: {problem}", fg=typer.colors.RED, err=True)
        raise typer.Exit(error.exit_code) from None


@app.command()
def build(
    treatment: Annotated[
        str, typer.Argument(metavar="TREATMENT", help="Treatment id, e.g. silicone-gel.")
    ],
    clinic: Annotated[str, typer.Option("--clinic", "-c", metavar="CLINIC", help="Clinic id.")],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", metavar="FILE", dir_okay=False, help="Write here instead of output/."
        ),
    ] = None,
    reproducible: Annotated[
        bool, typer.Option(help="Make the bytes depend only on the inputs.")
    ] = False,
    root: RootOption = Path("."),
) -> None:
    """Build one handout: output/<clinic>/<treatment>.pdf."""
    from handouts.content.load import ContentDir
    from handouts.pipeline import build_handout
    from handouts.render.document import RenderOptions

    warn_if_slow()
    options = RenderOptions(reproducible=reproducible)
    path = run(lambda: build_handout(ContentDir(root), treatment, clinic, out, options))
    typer.echo(f"wrote {_shown(path)}")


@app.command()
def pack(
    clinics: Annotated[
        list[str] | None,
        typer.Argument(metavar="CLINIC", help="Clinic ids; or --all.", show_default=False),
    ] = None,
    all_clinics: Annotated[bool, typer.Option("--all", help="Every clinic in templates/.")] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", metavar="N", min=1, help="Worker processes (default: one per core)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option(help="Rebuild everything, changed or not.")] = False,
    duplex: Annotated[
        bool, typer.Option(help="Start each handout on an odd page, for two-sided printing.")
    ] = False,
    pack_only: Annotated[
        bool, typer.Option(help="Write only the pack PDF, not one PDF per handout.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress and no summary; errors only.")
    ] = False,
    reproducible: Annotated[
        bool, typer.Option(help="Make the bytes depend only on the inputs.")
    ] = False,
    root: RootOption = Path("."),
) -> None:
    """Build clinic packs: output/<clinic>/<clinic>-pack.pdf and one PDF per handout."""
    from handouts.cli.progress import print_report, progress_for
    from handouts.content.load import ContentDir
    from handouts.pack.options import PackOptions
    from handouts.pack.run import build_packs, select_clinics

    if bool(clinics) == all_clinics:
        raise typer.BadParameter("name one or more clinics, or use --all (not both)")
    warn_if_slow()
    content = ContentDir(root)
    chosen = run(lambda: select_clinics(content, None if all_clinics else clinics))
    options = PackOptions(
        jobs=jobs, force=force, duplex=duplex, pack_only=pack_only, reproducible=reproducible
    )
    try:
        report = run(lambda: build_packs(content, chosen, options, progress=progress_for(quiet)))
    except KeyboardInterrupt:
        typer.secho("interrupted: the files written are complete; run again for the rest", err=True)
        raise typer.Exit(130) from None
    print_report(report, quiet)
    raise typer.Exit(report.exit_code)


@app.command("list")
def list_content(root: RootOption = Path(".")) -> None:
    """List the treatments and clinics in the content directory."""
    from handouts.cli.listing import describe_content
    from handouts.content.load import ContentDir

    for line in run(lambda: describe_content(ContentDir(root))):
        typer.echo(line)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def check(
    clinics: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="CLINIC",
            help="Clinic ids to check, with their packs (default: everything).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text for people, json for programs.")
    ] = OutputFormat.text,
    strict: Annotated[bool, typer.Option(help="Count warnings as errors.")] = False,
    as_of: Annotated[
        datetime | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            formats=["%Y-%m-%d"],
            help="Check review dates as on this day (YYYY-MM-DD), e.g. a planned print date.",
        ),
    ] = None,
    root: RootOption = Path("."),
) -> None:
    """Check content and templates before printing: exit 0 when there is no error, 1 otherwise."""
    from rich.console import Console

    from handouts.check.report import print_text, to_json
    from handouts.check.run import check_content
    from handouts.content.load import ContentDir

    today = as_of.date() if as_of else None
    report = run(lambda: check_content(ContentDir(root), clinics or (), today))
    if output_format is OutputFormat.json:
        typer.echo(to_json(report, strict))
    else:
        print_text(report, Console(highlight=False, soft_wrap=True), strict)
    raise typer.Exit(1 if report.failed(strict) else 0)


@app.command()
def schema(
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", metavar="DIR", file_okay=False, help="Folder to write the schemas to."
        ),
    ] = Path("schemas"),
) -> None:
    """Write JSON Schemas for treatment records and clinic files, for editors to check YAML."""
    from handouts.content.schema import write_schemas

    for path in run(lambda: write_schemas(out)):
        typer.echo(f"wrote {_shown(path)}")


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main() -> None:
    """Console-script entry point."""
    sys.exit(app())
