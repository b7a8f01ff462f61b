"""The app's own pages are usable with a keyboard and a screen reader: a language, one h1,
a label for every field, alternative text for every picture, and text that contrasts."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from coloraide import Color
from starlette.testclient import TestClient

from helpers import REPO

PAGES = (
    "/",
    "/clinics/jade-integrative",
    "/clinics/jade-integrative/silicone-gel?lang=es",
    "/front-desk",
    "/front-desk/jade-integrative",
)


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def parsed(client: TestClient, address: str) -> Page:
    page = Page()
    page.feed(client.get(address).text)
    return page


@pytest.mark.parametrize("address", PAGES)
def test_each_page_can_be_read_aloud_and_used_with_a_keyboard(
    client: TestClient, address: str
) -> None:
    page = parsed(client, address)
    (html,) = [attrs for tag, attrs in page.tags if tag == "html"]
    assert html.get("lang")
    assert [tag for tag, _ in page.tags].count("h1") == 1
    labelled = {attrs.get("for") for tag, attrs in page.tags if tag == "label"}
    for tag, attrs in page.tags:
        if tag in ("select", "textarea") or (tag == "input" and attrs.get("type") != "hidden"):
            wrapped = tag == "input" and attrs.get("type") == "checkbox"
            assert wrapped or attrs.get("id") in labelled, (address, tag, attrs)
        if tag == "img":
            assert attrs.get("alt"), (address, attrs)
    assert any(tag == "a" and attrs.get("href") == "#main" for tag, attrs in page.tags)


def test_text_contrasts_with_its_background_as_wcag_aa_asks() -> None:
    css = (REPO / "handouts" / "serve" / "static" / "app.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"--(\w+): (#[0-9a-f]{6})", css))
    for text in ("ink", "muted", "accent", "bad"):
        for background in ("paper", "wash"):
            ratio = Color(colours[text]).contrast(Color(colours[background]), method="wcag21")
            assert ratio >= 4.5, (text, background, ratio)
    assert Color("#ffffff").contrast(Color(colours["accent"]), method="wcag21") >= 4.5
