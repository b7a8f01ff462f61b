"""Helpers for the hostile-input tests: run the command line and insist on a clean failure."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from handouts.cli.app import app

runner = CliRunner()
TREATMENT = "silicone-gel"
CLINIC = "harbour-dermatology"


def record_path(root: Path, treatment: str = TREATMENT) -> Path:
    return root / "data" / "treatments" / f"{treatment}.yaml"


def clinic_path(root: Path, clinic: str = CLINIC) -> Path:
    return root / "templates" / clinic / "clinic.yaml"


def override_template(root: Path, body: str, clinic: str = CLINIC) -> Path:
    """A clinic template that extends the built-in one with ``body``."""
    path = root / "templates" / clinic / "handout.md.j2"
    path.write_text('{% extends "builtin/handout.md.j2" %}\n' + body, encoding="utf-8")
    return path


def build(root: Path, *args: str) -> tuple[int, str]:
    """Run ``handouts build`` (default treatment and clinic) and return (exit code, output)."""
    args = args or (TREATMENT, "--clinic", CLINIC)
    result = runner.invoke(app, ["build", *args, "--root", str(root)])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def build_fails(root: Path, *args: str) -> str:
    """Build, expect exit code 1 with a clean message, and check that nothing was written."""
    before = sorted((root / "output").rglob("*")) if (root / "output").exists() else []
    code, output = build(root, *args)
    assert code == 1, output
    after = sorted((root / "output").rglob("*")) if (root / "output").exists() else []
    assert [p for p in after if p.is_file()] == [p for p in before if p.is_file()]
    return output
