"""Command line -> library calls. Each command parses its options, calls one function, and
turns a HandoutsError into its message and exit code 1 (2 for usage, from typer)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from handouts.errors import HandoutsError

app = typer.Typer(
    help="Turn treatment records and a clinic's template into branded PDF handouts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

RootOption = Annotated[
    Path,
    typer.Option(
        "--root",
        help="Content directory (with data/ and templates/).",
        exists=True,
        file_okay=False,
        resolve_path=True,
    ),
]
T = TypeVar("T")


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
    treatment: Annotated[str, typer.Argument(help="Treatment id, e.g. silicone-gel.")],
    clinic: Annotated[str, typer.Option("--clinic", "-c", help="Clinic id.")],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", dir_okay=False, help="Write here instead of output/."),
    ] = None,
    reproducible: Annotated[
        bool, typer.Option(help="Make the bytes depend only on the inputs.")
    ] = False,
    root: RootOption = Path("."),
) -> None:
    """Build one handout: output/<clinic>/<treatment>.pdf."""
    from handouts.build import build_handout
    from handouts.layout import RenderOptions
    from handouts.load import ContentDir

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
        typer.Option("--jobs", "-j", min=1, help="Worker processes (default: one per core)."),
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
    from handouts.load import ContentDir
    from handouts.pack import PackOptions, build_packs, select_clinics
    from handouts.progress import print_report, progress_for

    if bool(clinics) == all_clinics:
        raise typer.BadParameter("name one or more clinics, or use --all (not both)")
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
    from handouts.listing import describe_content
    from handouts.load import ContentDir

    for line in run(lambda: describe_content(ContentDir(root))):
        typer.echo(line)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main() -> None:
    """Console-script entry point."""
    sys.exit(app())
