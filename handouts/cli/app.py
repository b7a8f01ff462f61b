"""The typer app and what every command shares: the ``--root`` option, the way a
HandoutsError becomes its messages and exit code 1 (2 for usage, from typer), and the warning
when reportlab runs without its C accelerator. The commands live in their own modules."""

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
FinalOption = Annotated[
    bool,
    typer.Option(
        "--final",
        help="A print run: refuse any handout no clinician has approved, or overdue for review.",
    ),
]
LargePrintOption = Annotated[
    bool,
    typer.Option(
        "--large-print",
        help="Large print (body text 16-18 pt), written to output/<clinic>/large-print/.",
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


def shown(path: Path) -> str:
    """A path as the person running the command typed it: relative where it can be."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main() -> None:
    """Console-script entry point."""
    sys.exit(app())
