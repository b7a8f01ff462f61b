"""``handouts build``: one handout, written to output/<clinic>/<treatment>.pdf."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from handouts.cli.app import (
    ClinicOption,
    FinalOption,
    LanguageOption,
    LargePrintOption,
    ReproducibleOption,
    RootOption,
    app,
    help_text,
    run,
    shown,
    warn_if_slow,
)
from handouts.errors import printable


@app.command(**help_text("Build one handout for one clinic."))
def build(
    treatment: Annotated[
        str, typer.Argument(metavar="TREATMENT", help="Treatment id, e.g. silicone-gel.")
    ],
    clinic: ClinicOption,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", metavar="FILE", dir_okay=False, help="Write here instead of output/."
        ),
    ] = None,
    reproducible: ReproducibleOption = False,
    final: FinalOption = False,
    large_print: LargePrintOption = False,
    lang: LanguageOption = None,
    bilingual: Annotated[
        str | None,
        typer.Option(
            metavar="LANGUAGE",
            help="Each section in the handout's language, then in this one, e.g. es.",
        ),
    ] = None,
    patient: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            dir_okay=False,
            help="A patient file (YAML or JSON): a handout for them.",
        ),
    ] = None,
    for_name: Annotated[
        str | None, typer.Option("--for", metavar="NAME", help="The patient's name.")
    ] = None,
    note: Annotated[
        str | None, typer.Option(metavar="TEXT", help="The clinician's note for the patient.")
    ] = None,
    next_visit: Annotated[
        str | None, typer.Option(metavar="DATE", help="The next appointment (YYYY-MM-DD).")
    ] = None,
    encrypt: Annotated[
        bool,
        typer.Option(
            help="Lock the PDF with a password (asked for, or $HANDOUTS_PASSWORD), to e-mail it."
        ),
    ] = False,
    root: RootOption = Path("."),
) -> None:
    """Build one handout: output/<clinic>/<treatment>.pdf (in the language's folder for a
    clinic that offers several; large print: in large-print/). For one patient (--patient,
    or --for with --note and --next-visit): output/patients/<clinic>/<treatment>-N.pdf."""
    from handouts.content.load import ContentDir
    from handouts.content.patient import load_patient
    from handouts.options import RenderOptions
    from handouts.pipeline import build_handout

    warn_if_slow()
    content = ContentDir(root)
    quick = {"name": for_name, "note": note, "next_visit": next_visit}
    person = run(lambda: load_patient(patient)) if patient else None
    if for_name and not patient:
        person = _quick_patient(quick)
    if person is None and (note or next_visit):
        raise typer.BadParameter("--note and --next-visit are for a patient: add --for NAME")
    options = RenderOptions(
        reproducible=reproducible,
        final=final,
        large_print=large_print or bool(person and person.large_print),
        language=lang,
        bilingual=bilingual,
        patient=person,
        password=ask_password() if encrypt else None,
    )
    path = run(lambda: build_handout(content, treatment, clinic, out, options))
    typer.echo(f"wrote {shown(path)}")
    language = lang or (person.language if person else None)
    say_warnings(content, treatment, clinic, [language, *([bilingual] if bilingual else [])])


_QUICK_OPTIONS = {"name": "--for", "note": "--note", "next_visit": "--next-visit"}


def _quick_patient(values: dict[str, Any]) -> Any:
    """The patient --for, --note and --next-visit describe; a bad value is a usage mistake
    (exit 2) naming its option."""
    from handouts.content.patient import quick_patient
    from handouts.errors import HandoutsError

    try:
        return quick_patient(values)
    except HandoutsError as error:
        problem = error.problems[0]
        option = _QUICK_OPTIONS.get(problem.field or "")
        raise typer.BadParameter(problem.message, param_hint=option) from None


def ask_password() -> str:
    """The password to lock a PDF with: $HANDOUTS_PASSWORD, or typed twice, unseen."""
    from handouts.render.encryption import MIN_PASSWORD

    password = os.environ.get("HANDOUTS_PASSWORD")
    if not password and not sys.stdin.isatty():
        raise typer.BadParameter(
            "there is no terminal to type the password in; set HANDOUTS_PASSWORD instead",
            param_hint="--encrypt",
        )
    password = password or typer.prompt(
        "Password for the PDF", hide_input=True, confirmation_prompt=True
    )
    if len(password) < MIN_PASSWORD:
        raise typer.BadParameter(f"the password needs at least {MIN_PASSWORD} characters")
    return str(password)


def say_warnings(content: Any, treatment: str, clinic: str, languages: list[str | None]) -> None:
    """What ``handouts check`` would say about this handout in each of its ``languages`` (a
    bilingual handout prints two records), as warnings, each once (never errors: the build
    has already refused what would be one)."""
    from handouts.check.run import handout_warnings

    found = [
        item for tag in languages for item in handout_warnings(content, treatment, clinic, tag)
    ]
    for item in dict.fromkeys(found):
        place = f"{shown(item.file)}:{item.line}: " if item.file and item.line else ""
        field = f"{item.field}: " if item.field else ""
        typer.secho(f"warning: {place}{item.code}: {field}{printable(item.message)}", err=True,
                    fg=typer.colors.YELLOW)  # fmt: skip
