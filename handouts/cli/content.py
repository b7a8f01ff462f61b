"""``handouts list`` and ``handouts schema``: what is in the content directory, and the JSON
Schemas that let editors check its files as they are typed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handouts.cli.app import RootOption, app, run, shown


@app.command("list")
def list_content(root: RootOption = Path(".")) -> None:
    """List the treatments and clinics in the content directory."""
    from handouts.cli.listing import describe_content
    from handouts.content.load import ContentDir

    for line in run(lambda: describe_content(ContentDir(root))):
        typer.echo(line)


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
        typer.echo(f"wrote {shown(path)}")
