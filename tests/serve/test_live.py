"""The app on a real server: twenty previews asked for at once all succeed, and a saved file
reaches an open page's event stream within moments."""

from __future__ import annotations

import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from helpers import Running, replace_in


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.status, response.read()


def test_twenty_previews_at_once_all_succeed(server: Running) -> None:
    handouts = [
        ("harbour-dermatology", "silicone-gel"),
        ("jade-integrative", "micro-needling"),
        ("harbour-dermatology-north", "scar-surgery"),
        ("jade-integrative", "laser-resurfacing"),
    ]
    urls = [
        f"{server.url}/clinics/{clinic}/{treatment}/page/1.png" + ("?large=1" if n % 2 else "")
        for n, (clinic, treatment) in enumerate(handouts * 5)
    ]
    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(fetch, urls))
    assert all(status == 200 and body.startswith(b"\x89PNG") for status, body in results)


def test_a_saved_file_reaches_the_open_pages_within_moments(server: Running) -> None:
    with urllib.request.urlopen(f"{server.url}/events", timeout=10) as stream:
        assert stream.readline().startswith(b"retry:")
        stream.readline()
        time.sleep(0.3)  # the watcher is running
        saved = time.monotonic()
        record = server.root / "data" / "treatments" / "silicone-gel.yaml"
        replace_in(record, "title: Silicone gel for raised scars", "title: Silicone gel, edited")
        assert stream.readline() == b"event: change\n"
        assert time.monotonic() - saved < 2.0
    status, page = fetch(f"{server.url}/clinics/harbour-dermatology/silicone-gel/pages")
    assert status == 200 and b"Silicone gel, edited" in page
