"""A running web app on a copy of the content: in-process for HTTP tests, and a real uvicorn
server on a free port for the tests that need one (parallel requests, events, a browser)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from starlette.testclient import TestClient

from handouts.serve.app import create_app

from helpers import Running

LOCAL = "http://127.0.0.1:8000"


@pytest.fixture
def client(content_root: Path) -> Iterator[TestClient]:
    with TestClient(create_app(content_root, watch=False), base_url=LOCAL) as test_client:
        yield test_client


@pytest.fixture
def server(content_root: Path) -> Iterator[Running]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        create_app(content_root, port=port),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=1,
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield Running(f"http://127.0.0.1:{port}", content_root)
    running.should_exit = True
    thread.join(timeout=5)
