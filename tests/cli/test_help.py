"""The command line as a newcomer meets it: --version, -h, help that reads as the commands are
typed, every command taking --root, plain messages for mistakes in the command, the blocks a
clinic can change, and what check would say shown by build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jinja2 import Environment

from handouts import __version__
from handouts.compose.blocks import BLOCKS, blocks_of
from handouts.compose.templates import builtin_template_dir

from helpers import CLINIC, REPO, TREATMENT, invoke, override_template, record_path

COMMANDS = ("build", "pack", "check", "list", "schema")


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0 and result.output.strip() == f"handouts {__version__}"


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_reads_as_the_command_is_typed(command: str) -> None:
    short, long = invoke(*filter(None, (command, "-h"))), invoke(*filter(None, (command, "--help")))
    assert short.exit_code == long.exit_code == 0 and short.output == long.output
    assert not re.search(r"\{[A-Z]+\}|<str>|<list\[|<int>", short.output), short.output
    assert "--root" in short.output or not command


def test_command_summaries_are_whole_sentences() -> None:
    listing = invoke("--help").output.split("Commands:")[1]
    assert "..." not in listing
    assert all(command in listing for command in COMMANDS)


def test_schema_takes_root(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    result = invoke("schema", "--root", str(tmp_path))
    assert result.exit_code == 0
    assert (tmp_path / "schemas" / "treatment.schema.json").is_file()


def test_a_day_that_does_not_exist_is_a_plain_usage_error() -> None:
    result = invoke("check", "--as-of", "2027-13-01", "--root", str(REPO))
    assert result.exit_code == 2
    assert "'2027-13-01' is not a day written as YYYY-MM-DD" in result.output
    assert "%Y" not in result.output


def test_list_blocks_names_every_block_of_the_built_in_template() -> None:
    source = (builtin_template_dir() / "handout.md.j2").read_text(encoding="utf-8")
    assert blocks_of(source) == list(BLOCKS)
    output = invoke("list", "--blocks").output
    for name in BLOCKS:
        assert re.search(rf"^  {name}\s", output, re.MULTILINE)
    assert "aftercare" in (REPO / "README.md").read_text(encoding="utf-8")
    Environment().parse(source)


def test_a_branch_extending_the_built_in_template_is_warned(content_root: Path) -> None:
    override_template(content_root, "{% block aftercare %}\n### Care\n\n- Rest.\n{% endblock %}\n")
    override_template(
        content_root,
        "{% block title %}\n# North\n{% endblock %}\n",
        clinic="harbour-dermatology-north",
    )
    result = invoke("check", "harbour-dermatology-north", "--root", str(content_root))
    assert "TPL003 warning" in result.stdout
    assert "the blocks harbour-dermatology changes (aftercare) are not used here" in result.stdout


def test_build_shows_what_check_would_say_as_warnings(content_root: Path) -> None:
    result = invoke("build", TREATMENT, "--clinic", CLINIC, "--root", str(content_root))
    assert result.exit_code == 0
    assert "warning: " in result.output and "DRAFT001" in result.output
    assert "REVIEW002" not in result.output


def test_build_says_when_a_review_is_overdue(content_root: Path) -> None:
    """An overdue review is an error for check but does not stop a build: the handout prints
    as a DRAFT, and the build says why."""
    record = record_path(content_root)
    text = record.read_text(encoding="utf-8")
    text = re.sub(r"last_reviewed: \S+", "last_reviewed: 2024-01-10", text)
    record.write_text(re.sub(r"next_review: \S+", "next_review: 2025-01-10", text), "utf-8")
    result = invoke("build", TREATMENT, "--clinic", CLINIC, "--root", str(content_root))
    assert result.exit_code == 0
    overdue = r"warning: .*REVIEW002: review\.next_review: .*due on 2025-01-10"
    assert re.search(overdue, result.output)
