"""Saved files -> a message to every open preview page, within a fraction of a second.

A background task watches ``data/`` and ``templates/`` (watchfiles: inotify where the system
has it) and counts the changes; each open page listens on ``/events`` (server-sent events,
which browsers reconnect by themselves) and fetches its preview again when told.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from starlette.requests import Request

KEEP_ALIVE_SECONDS = 15.0
DEBOUNCE_MS = 40


@dataclass
class Changes:
    root: Path
    version: int = 0
    listeners: set[asyncio.Queue[int]] = field(default_factory=set)

    async def watch(self) -> None:
        """Until cancelled: tell every listener about each batch of changed files."""
        from watchfiles import awatch

        folders = [self.root / "data", self.root / "templates"]
        async for _ in awatch(*[f for f in folders if f.is_dir()], debounce=DEBOUNCE_MS, step=20):
            self.changed()

    def changed(self) -> None:
        self.version += 1
        for listener in self.listeners:
            listener.put_nowait(self.version)

    async def events(self, request: Request) -> AsyncIterator[str]:
        """The event stream of one page: ``change`` after each edit, a comment now and then
        so that proxies keep the connection open."""
        listener: asyncio.Queue[int] = asyncio.Queue()
        self.listeners.add(listener)
        try:
            yield "retry: 1000\n\n"
            while not await request.is_disconnected():
                with contextlib.suppress(TimeoutError):
                    version = await asyncio.wait_for(listener.get(), KEEP_ALIVE_SECONDS)
                    yield f"event: change\ndata: {version}\n\n"
                    continue
                yield ": still here\n\n"
        finally:
            self.listeners.discard(listener)
