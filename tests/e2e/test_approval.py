"""Only approved content reaches a patient unmarked: a draft or overdue record prints DRAFT on
every page and says why in the footer, and a final print run refuses it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from handouts.content.load import ContentDir
from handouts.options import RenderOptions
from handouts.pipeline import render_handout

from helpers import (
    CLINIC,
    TREATMENT,
    build,
    build_fails,
    invoke,
    line_of,
    normalise,
    pack,
    pack_path,
    read_pdf,
    record_path,
    replace_in,
)

DRAFT_MARK = "DRAFT \u2013 not approved for patient use"
APPROVAL = (
    "  status: draft\n  last_reviewed: 2026-11-30\n  next_review: 2027-11-30\n"
    "  approved_by: null\n  approved_on: null\n"
)
APPROVED = (
    "  status: approved\n  last_reviewed: 2026-11-30\n  next_review: 2027-11-30\n"
    "  approved_by: Dr J. Rivers, Consultant Dermatologist\n  approved_on: 2026-12-01\n"
)
ON = dt.date(2026, 12, 2)


def approve(root: Path, treatment: str = TREATMENT) -> None:
    replace_in(record_path(root, treatment), APPROVAL, APPROVED)


def pages_of(root: Path, treatment: str = TREATMENT, clinic: str = CLINIC) -> list[str]:
    rendered = render_handout(ContentDir(root), treatment, clinic, RenderOptions(date=ON))
    return [normalise(page) for page in read_pdf(rendered.pdf).page_texts]


def test_every_bundled_record_is_honestly_a_draft(bundled: ContentDir) -> None:
    for treatment_id in bundled.treatment_ids():
        review = bundled.treatment(treatment_id).record.review
        assert (review.status, review.approved_by, review.approved_on) == ("draft", None, None)


def test_a_draft_prints_draft_and_why_on_every_page(content_root: Path) -> None:
    pages = pages_of(content_root)
    assert len(pages) >= 2
    for page in pages:
        assert DRAFT_MARK in page
        assert "DRAFT: not yet approved by a clinician" in page
        assert "HD-silicone-gel-2.0" in page


def test_approving_the_record_removes_the_marking(content_root: Path) -> None:
    approve(content_root)
    pages = pages_of(content_root)
    for page in pages:
        assert "DRAFT" not in page
        assert (
            "HD-silicone-gel-2.0 · Reviewed 30 November 2026 · Next review 30 November 2027" in page
        )
    assert "produced on 2 December 2026" in pages[-1]
    assert "Tell us what you think of it: clinic@harbour-dermatology.example" in pages[-1]


def test_a_record_past_its_review_date_prints_as_a_draft(content_root: Path) -> None:
    approve(content_root)
    late = RenderOptions(date=dt.date(2028, 1, 5))
    rendered = render_handout(ContentDir(content_root), TREATMENT, CLINIC, late)
    for page in read_pdf(rendered.pdf).page_texts:
        assert "DRAFT: review overdue" in normalise(page)


def test_build_final_refuses_a_draft_naming_the_record_and_reason(content_root: Path) -> None:
    output = build_fails(content_root, TREATMENT, "--clinic", CLINIC, "--final")
    line = line_of(record_path(content_root), "status: draft")
    assert f"silicone-gel.yaml:{line}: review.status: version 2.0 is a draft" in output
    assert "a print run (--final) refuses it" in output
    assert "hint: A print run (--final) prints only what a clinician has approved" in output
    approve(content_root)
    code, output = build(content_root, TREATMENT, "--clinic", CLINIC, "--final")
    assert code == 0, output


def test_approved_needs_a_name_and_a_date(content_root: Path) -> None:
    replace_in(record_path(content_root), "  status: draft\n", "  status: approved\n")
    output = build_fails(content_root)
    assert "review: status 'approved' needs approved_by (name and role) and approved_on" in output


def test_pack_final_refuses_every_draft_and_writes_no_pack(content_root: Path) -> None:
    approve(content_root)
    output = pack(content_root, "harbour-dermatology", "--final", "--pack-only", exit_code=1)
    assert "acne-scar-options.yaml" in output and "is a draft" in output
    assert "a print run (--final) refuses it" in output
    assert output.count("hint: A print run (--final) prints only") == 1  # once, not per handout
    assert "silicone-gel.yaml" not in output  # approved: built
    assert not pack_path(content_root, "harbour-dermatology").exists()


@pytest.mark.parametrize(
    ("final", "exit_code", "severity"), [(False, 0, "warning"), (True, 1, "error")]
)
def test_check_reports_drafts_and_final_makes_them_errors(
    content_root: Path, final: bool, exit_code: int, severity: str
) -> None:
    args = ["check", "harbour-dermatology", "--format", "json", "--root", str(content_root)]
    result = invoke(*args, *(["--final"] if final else []))
    assert result.exit_code == exit_code, result.output
    drafts = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "DRAFT001"]
    assert len(drafts) == 7
    assert {f["severity"] for f in drafts} == {severity}
