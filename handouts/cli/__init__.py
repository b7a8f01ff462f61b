"""Command line -> library calls: the typer app and the console-script entry point."""

from handouts.cli.app import app, main

__all__ = ["app", "main"]
