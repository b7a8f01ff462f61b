"""Command line -> library calls. Each command (in its own module) parses its options, calls
one library function, and maps a HandoutsError to its messages and an exit code; ``progress``
and ``listing`` turn results into what the person at the terminal reads."""

from handouts.cli import batch, build, check, content, pack, serve
from handouts.cli.app import app, main

__all__ = ["app", "batch", "build", "check", "content", "main", "pack", "serve"]
