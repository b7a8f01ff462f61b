"""``handouts serve``: the web app for previews, live editing and the front desk."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated

import typer

from handouts.cli.app import RootOption, app, help_text

LOCAL = "127.0.0.1"


@app.command(**help_text("Preview handouts live and serve the front desk, in a browser."))
def serve(
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    host: Annotated[
        str,
        typer.Option(
            metavar="ADDRESS",
            help="Address to listen on; any other than 127.0.0.1 needs the printed access link.",
        ),
    ] = LOCAL,
    root: RootOption = Path("."),
) -> None:
    """Start the web app on http://127.0.0.1:8000: clinics, live previews of every handout
    with what check says about it, and the front desk form. Stop it with Ctrl-C."""
    import uvicorn

    from handouts.serve.app import create_app

    token = None if host == LOCAL else secrets.token_urlsafe(18)
    shown_host = "127.0.0.1" if host == LOCAL else host
    link = f"http://{shown_host}:{port}/" + (f"?token={token}" if token else "")
    typer.echo(f"handouts is running at {link}  (Ctrl-C stops it)")
    if token:
        typer.echo("Anyone who can reach this address needs that link: share it only with staff.")
    application = create_app(root, port=port, access_token=token)
    uvicorn.run(
        application,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=1,
    )
