"""The README's pictures exist, and docs/make_pictures.py is what redraws each of them."""

from __future__ import annotations

import re

from helpers import REPO


def test_every_picture_the_readme_shows_is_in_docs_and_redrawn_by_the_script() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r'src="docs/([^"]+\.png)"', readme))
    assert {"handout-zh-Hans-page-1.png", "handout-es-page-1.png"} <= shown
    script = (REPO / "docs" / "make_pictures.py").read_text(encoding="utf-8")
    for name in shown:
        assert (REPO / "docs" / name).is_file(), name
        assert f'"{name}"' in script, f"{name} is not redrawn by docs/make_pictures.py"


def test_ci_runs_exactly_the_test_command_the_readme_gives() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = readme.split("Install and run the tests", 1)[1].split("```sh\n", 1)[1].split("\n")[0]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci == command
