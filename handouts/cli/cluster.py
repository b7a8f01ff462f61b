"""``--executor``: where ``pack`` and ``batch`` run their jobs (this machine by default)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import ExitStack, contextmanager
from typing import Annotated, Any

import typer

from handouts.cli.app import run

ExecutorOption = Annotated[
    str | None,
    typer.Option(
        metavar="URL",
        help="dask://HOST:PORT or dask+tls://HOST:PORT: run the jobs on a Dask cluster.",
    ),
]


@contextmanager
def executor_from(
    url: str | None, content: Any, private: bool = False
) -> Iterator[Executor | None]:
    """None (worker processes on this machine) or an executor on the cluster at ``url``;
    ``private``: the jobs carry patients' details."""
    if url is None:
        yield None
        return
    if not url.startswith(("dask://", "dask+tls://")):
        raise typer.BadParameter(f"--executor {url}: use dask://HOST:PORT or dask+tls://HOST:PORT")
    from handouts.errors import HandoutsError
    from handouts.pack.cluster import dask_address, dask_executor

    try:
        dask_address(url, private)
    except HandoutsError as error:  # a mistake in the command: exit 2
        raise typer.BadParameter(error.problems[0].message) from None
    with ExitStack() as stack:
        yield run(lambda: stack.enter_context(dask_executor(url, content.root, private)))
