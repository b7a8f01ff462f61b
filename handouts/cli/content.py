"""``handouts list`` and ``handouts schema``: what is in the content directory, and the JSON
Schemas that let editors check its files as they are typed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handouts.cli.app import RootOption, app, help_text, run, shown


@app.command("list", **help_text("List the treatments and clinics in the content directory."))
def list_content(
    blocks: Annotated[
        bool, typer.Option("--blocks", help="List the template blocks a clinic can change.")
    ] = False,
    root: RootOption = Path("."),
) -> None:
    """List the treatments and clinics in the content directory (or, with --blocks, the
    blocks of the built-in template that a clinic's handout.md.j2 can change)."""
    from handouts.cli.listing import describe_blocks, describe_content
    from handouts.content.load import ContentDir

    lines = describe_blocks() if blocks else run(lambda: describe_content(ContentDir(root)))
    for line in lines:
        typer.echo(line)


@app.command(**help_text("Write JSON Schemas so editors check records as you type."))
def schema(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="DIR",
            file_okay=False,
            help="Folder to write the schemas to (default: schemas/ in the content directory).",
        ),
    ] = None,
    root: RootOption = Path("."),
) -> None:
    """Write JSON Schemas for treatment records and clinic files, for editors to check YAML."""
    from handouts.content.schema import write_schemas

    for path in run(lambda: write_schemas(out or root / "schemas")):
        typer.echo(f"wrote {shown(path)}")
