"""The package stays ruff- and mypy-clean, its stages only import downwards, and its modules
and functions stay short: checked here so CI enforces it on every change."""

from __future__ import annotations

import ast
import statistics
import subprocess
import sys
from pathlib import Path

from helpers import REPO

MAX_MODULE_LINES = 300
MAX_MEDIAN_FUNCTION_LINES = 8


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command], cwd=REPO, capture_output=True, text=True, check=False
    )


def test_ruff_lint_and_format() -> None:
    lint = run("ruff", "check", "handouts", "tests", "bench")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    formatting = run("ruff", "format", "--check", "handouts", "tests", "bench")
    assert formatting.returncode == 0, formatting.stdout + formatting.stderr


def test_mypy_strict() -> None:
    result = run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_stages_only_import_downwards() -> None:
    """The import-linter contracts in pyproject.toml: layers, render apart from compose, and
    no cycles between modules."""
    command = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(command), "--no-cache"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


def _modules() -> list[Path]:
    return sorted((REPO / "handouts").rglob("*.py"))


def test_no_module_is_long() -> None:
    long = {
        str(path.relative_to(REPO)): lines
        for path in _modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"modules over {MAX_MODULE_LINES} lines: {long}"


def test_functions_are_short() -> None:
    lengths = [
        node.end_lineno - node.lineno + 1
        for path in _modules()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno
    ]
    assert statistics.median(lengths) <= MAX_MEDIAN_FUNCTION_LINES
