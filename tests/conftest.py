from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handouts.content.load import ContentDir

REPO = Path(__file__).resolve().parent.parent
REQUIRED_HEADINGS = [
    "How it works",
    "What results to expect",
    "Before, during and after",
    "Side effects and risks",
    "Who should not have it",
    "When to contact us",
]
"""The built-in template's headings of the required sections, in order."""


@pytest.fixture(scope="session")
def bundled() -> ContentDir:
    """The content shipped in this repository (read-only)."""
    return ContentDir(REPO)


@pytest.fixture
def content_root(tmp_path: Path) -> Path:
    """A private copy of the bundled content that a test may break."""
    root = tmp_path / "content"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "output").mkdir()
    return root


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit a content file, failing loudly if the text to change is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """1-based line number of the first line containing ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")
