"""Fixtures: the bundled content (read-only) and a private copy a test may break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handouts import ContentDir

from helpers import REPO


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
