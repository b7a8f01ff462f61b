"""Composing on its own: where templates are looked up, what they are given, and the filters
they may use."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from handouts.compose.environment import (
    bullets,
    format_date,
    make_environment,
    numbered,
    section_marker,
    shared_environment,
)
from handouts.compose.handout import compose, template_context
from handouts.compose.templates import builtin_template_dir, template_file
from handouts.content.load import ContentDir

from helpers import override_template


def test_the_template_search_path_is_the_clinic_its_parents_then_the_builtin(
    content_root: Path,
) -> None:
    content = ContentDir(content_root)
    north = content.clinic("harbour-dermatology-north")
    loader = make_environment(north).loader
    assert [(prefix, folder.name) for prefix, folder in loader.folders] == [  # type: ignore[union-attr]
        ("harbour-dermatology-north", "harbour-dermatology-north"),
        ("harbour-dermatology", "harbour-dermatology"),
        ("builtin", "templates"),
    ]
    assert template_file(north) == builtin_template_dir() / "handout.md.j2"
    override_template(content_root, "", clinic="harbour-dermatology")
    assert template_file(north) == content_root / "templates/harbour-dermatology/handout.md.j2"


def test_templates_get_plain_data_with_only_the_perspectives_the_clinic_shows(
    bundled: ContentDir,
) -> None:
    record = bundled.treatment("micro-needling").record
    for clinic_id, shown in (("jade-integrative", 1), ("harbour-dermatology", 0)):
        context = template_context(record, bundled.clinic(clinic_id), dt.date(2026, 11, 30))
        assert len(context["treatment"]["mechanism"]["perspectives"]) == shown
        assert isinstance(context["clinic"], dict) and "treatments" not in context["clinic"]


def test_compose_writes_every_required_section_tagged(bundled: ContentDir) -> None:
    markdown = compose(bundled.treatment("silicone-gel").record, bundled.clinic("jade-integrative"))
    for section in ("mechanism", "results", "precautions", "side-effects", "not-suitable"):
        assert "{#" + section + "}" in markdown


def test_one_environment_per_clinic_chain_and_process(bundled: ContentDir) -> None:
    clinic = bundled.clinic("jade-integrative")
    assert shared_environment(clinic) is shared_environment(clinic)
    assert make_environment(clinic) is not shared_environment(clinic)


def test_list_filters_indent_continuation_lines() -> None:
    assert bullets(["one", "two\nlines"]) == "- one\n- two\n  lines"
    assert numbered(["one", "two\nlines"]) == "1. one\n2. two\n   lines"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en-GB", "15 November 2026"), ("en-US", "November 15, 2026")],
)
def test_dates_are_written_the_clinics_way(locale: str, expected: str) -> None:
    assert format_date("2026-11-15", locale) == expected


def test_section_ids_are_checked() -> None:
    assert section_marker("side-effects") == "{#side-effects}"
    with pytest.raises(ValueError, match="lowercase"):
        section_marker("Side effects")
