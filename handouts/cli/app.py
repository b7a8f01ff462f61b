"""The typer app and what every command shares: ``--root``, ``--final``, ``--version``, the
way a HandoutsError becomes its messages and exit code 1 (2 for a mistake in the command), and
the warning when reportlab runs without its C accelerator. The commands live in their own
modules."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer._click.core import Context  # typer carries its own copy of click
from typer._click.exceptions import UsageError
from typer.core import TyperArgument, TyperGroup

from handouts import __version__
from handouts.codes import CODES
from handouts.errors import HandoutsError, Problem, internal_problem, printable


class HandoutsGroup(TyperGroup):
    """The command group: a mistake in a ``check --format json`` command is still answered
    with one complete JSON document, which a program reading the output can parse."""

    def invoke(self, ctx: Context) -> Any:
        words = [*ctx._protected_args, *ctx.args]  # read before the command consumes them
        try:
            return super().invoke(ctx)
        except UsageError as error:
            if _wants_json(words):
                typer.echo(usage_json(error.format_message()))
                raise typer.Exit(2) from None
            raise


def _wants_json(words: list[str]) -> bool:
    if not words or words[0] != "check":
        return False
    pairs = itertools.pairwise(words)
    return "--format=json" in words or any(pair == ("--format", "json") for pair in pairs)


def usage_json(message: str) -> str:
    """A check report holding one finding: the mistake in the command (USAGE001)."""
    finding = {"code": "USAGE001", "severity": "error", "file": None, "line": None}
    finding |= {"field": None, "message": message, "hint": CODES["USAGE001"].hint}
    summary = {"root": None, "treatments": 0, "clinics": 0, "handouts": 0}
    summary |= {"errors": 1, "warnings": 0, "notes": 0, "strict": False, "passed": False}
    return json.dumps({"findings": [finding], "summary": summary}, indent=2)


app = typer.Typer(
    cls=HandoutsGroup,
    help="Turn treatment records and a clinic's template into branded PDF handouts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    # Plain help and usage errors: formatting them with rich costs a tenth of a second of
    # imports on every `--help` and every mistyped command.
    rich_markup_mode=None,
)
INTERNAL_ERROR = 70
"""Exit code for a fault of the tool itself (EX_SOFTWARE), never of the content."""

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
LanguageOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        "-l",
        metavar="LANGUAGE",
        help="A language the clinic offers, e.g. es or zh-Hans (default: its first).",
    ),
]
LargePrintOption = Annotated[
    bool,
    typer.Option(
        "--large-print",
        help="Large print (body text 16-18 pt), written to output/<clinic>/large-print/.",
    ),
]
ReproducibleOption = Annotated[bool, typer.Option(help="Make the bytes depend only on the inputs.")]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs", "-j", metavar="N", min=1, help="Worker processes (default: one per core)."
    ),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress and no summary; errors only.")
]
DuplexOption = Annotated[
    bool, typer.Option(help="Start each handout on an odd page, for two-sided printing.")
]
ClinicOption = Annotated[str, typer.Option("--clinic", "-c", metavar="CLINIC", help="Clinic id.")]


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


FormatOption = Annotated[
    OutputFormat, typer.Option("--format", help="text for people, json for programs.")
]
T = TypeVar("T")


def _conventional_help() -> None:
    """Arguments shown as NAME (not {NAME} and its Python type, <str> or <list[str]>), the way
    the person at the terminal types them."""

    def usage_name(self: TyperArgument) -> str:
        name = self.display_name_raw + ("..." if self.nargs != 1 else "")
        return name if self.required else f"[{name}]"

    TyperArgument._usage_display_name = usage_name  # type: ignore[method-assign]
    TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]


_conventional_help()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"handouts {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Turn treatment records and a clinic's template into branded PDF handouts."""


def warn_if_slow() -> None:
    """Say so once, at the start of a command that builds, if reportlab runs without C."""
    from handouts.render.accel import accelerator_warning

    warning = accelerator_warning()
    if warning:
        typer.secho(f"warning: {warning}", fg=typer.colors.YELLOW, err=True)


def say(problems: list[Problem], label: str = "error", colour: str = typer.colors.RED) -> None:
    """Each problem on stderr as ``label: file:line: field: message``, with its hint."""
    for problem in problems:
        typer.secho(f"{label}: {problem}", fg=colour, err=True)
        if problem.hint:
            typer.echo(f"  hint: {printable(problem.hint)}", err=True)


def run(action: Callable[[], T]) -> T:
    """Run a library call; user mistakes become a clean message and exit code 1, and a fault
    of the tool a short report (never a traceback) and exit code 70."""
    try:
        return action()
    except HandoutsError as error:
        say(error.problems)
        raise typer.Exit(error.exit_code) from None
    except (typer.Exit, KeyboardInterrupt):
        raise
    except Exception as error:  # the tool's own fault: said plainly, with what to report
        say([internal_problem(error)])
        raise typer.Exit(INTERNAL_ERROR) from None


def iso_day(value: str | None) -> dt.date | None:
    """A day typed as YYYY-MM-DD on the command line; a usage error (exit 2) otherwise."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"'{value}' is not a day written as YYYY-MM-DD, e.g. 2027-03-01"
        ) from None


def shown(path: Path) -> str:
    """A path as the person running the command typed it: relative where it can be."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main() -> None:
    """Console-script entry point."""
    sys.exit(app())


def help_text(summary: str, **details: Any) -> dict[str, Any]:
    """A command's one-line summary for the list of commands, and its full help."""
    return {"short_help": summary, **details}
