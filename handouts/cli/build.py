"""``handouts build``: one handout, written to output/<clinic>/<treatment>.pdf."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handouts.cli.app import (
    FinalOption,
    LargePrintOption,
    RootOption,
    app,
    run,
    shown,
    warn_if_slow,
)


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
    final: FinalOption = False,
    large_print: LargePrintOption = False,
    root: RootOption = Path("."),
) -> None:
    """Build one handout: output/<clinic>/<treatment>.pdf (large print: in large-print/)."""
    from handouts.content.load import ContentDir
    from handouts.pipeline import RenderOptions, build_handout

    warn_if_slow()
    options = RenderOptions(reproducible=reproducible, final=final, large_print=large_print)
    path = run(lambda: build_handout(ContentDir(root), treatment, clinic, out, options))
    typer.echo(f"wrote {shown(path)}")
