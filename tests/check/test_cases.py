"""One small broken content directory per check, run through ``handouts check``.

Each folder in tests/broken/ holds a ``case.yaml`` and the files that differ from
tests/broken/_base (a valid directory with one record and one clinic). ``case.yaml`` says
which edits to make to the base files, any extra command-line arguments, the exit code, and
every finding expected: its code, file, line (found by the text on it; none for a finding
about a whole file) and words its message
must contain. A finding that is not listed fails the case too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import BASE, BROKEN, assemble, check_json, line_of

CASES = sorted(path for path in BROKEN.iterdir() if (path / "case.yaml").is_file())


def test_the_base_directory_has_nothing_to_report(tmp_path: Path) -> None:
    shutil.copytree(BASE, tmp_path / "content")
    exit_code, report = check_json(tmp_path / "content")
    assert report["findings"] == []
    assert exit_code == 0
    assert report["summary"]["handouts"] == 1


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_broken_case(case: Path, tmp_path: Path) -> None:
    root = tmp_path / "content"
    spec = assemble(case, root)
    exit_code, report = check_json(root, *spec.get("args", []))
    found = report["findings"]
    for expected in spec["findings"]:
        line = (
            line_of(root / expected["file"], expected["line_with"])
            if "line_with" in expected
            else None
        )
        place = (expected["code"], expected["file"], line)
        matches = [item for item in found if (item["code"], item["file"], item["line"]) == place]
        assert matches, f"no {expected['code']} at {expected['file']}:{line} in {found}"
        assert any(expected["message_has"] in item["message"] for item in matches), matches
    assert sorted(item["code"] for item in found) == sorted(e["code"] for e in spec["findings"])
    assert exit_code == spec["exit_code"], found
