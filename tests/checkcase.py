"""Small content directories for ``handouts check`` tests: tests/broken/_base plus a case."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from typer.testing import CliRunner

from handouts.cli.app import app

from conftest import replace_in

BROKEN = Path(__file__).parent / "broken"
BASE = BROKEN / "_base"
AS_OF = "2026-11-21"
"""Review dates are checked as on this day, so results do not change as time passes."""
runner = CliRunner()


def assemble(case: Path | None, root: Path, edits: Sequence[dict[str, str]] = ()) -> dict[str, Any]:
    """Base content + the case's own files + its edits (and ``edits``) in ``root``."""
    shutil.copytree(BASE, root)
    spec: dict[str, Any] = {}
    if case is not None:
        spec = YAML(typ="safe").load((case / "case.yaml").read_text(encoding="utf-8"))
        ignore = shutil.ignore_patterns("case.yaml")
        shutil.copytree(case, root, dirs_exist_ok=True, ignore=ignore)
    for edit in [*spec.get("edit", []), *edits]:
        replace_in(root / edit["file"], edit["old"], edit["new"])
    return spec


def check(root: Path, *args: str) -> tuple[int, str]:
    """Run ``handouts check`` on ``root``; returns the exit code and what it printed."""
    result = runner.invoke(app, ["check", "--as-of", AS_OF, "--root", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout


def check_json(root: Path, *args: str) -> tuple[int, dict[str, Any]]:
    exit_code, output = check(root, "--format", "json", *args)
    return exit_code, json.loads(output)
