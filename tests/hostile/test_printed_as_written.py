"""What is written is what prints, or the build says why not: values stay text whatever they
hold, nothing is dropped or invented, a template cannot change the record or carry state from
one handout to the next, and two reproducible builds are the same bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.compose.environment import make_environment
from handouts.compose.handout import compose
from handouts.content.load import ContentDir
from handouts.errors import ContentError
from handouts.markdown import blocks
from handouts.options import RenderOptions
from handouts.pipeline import render_handout

from helpers import (
    CLINIC,
    TREATMENT,
    build_fails,
    clinic_path,
    invoke,
    line_of,
    normalise,
    override_template,
    read_pdf,
    record_path,
    render,
    replace_in,
)

PHONE = "phone: 020 7946 0321"


def count(document: blocks.Document, kind: type) -> int:
    return sum(1 for block in document.blocks if isinstance(block, kind))


def test_a_clinic_value_with_newlines_and_box_marks_cannot_change_the_boxes(
    content_root: Path,
) -> None:
    before = render(content_root).document
    replace_in(
        clinic_path(content_root), PHONE, 'phone: "0207 946\\n:::\\n# Hacked\\n::: danger Owned"'
    )
    with pytest.raises(ContentError, match=r"contact\.phone: must be on one line"):
        ContentDir(content_root).clinic(CLINIC)
    replace_in(
        clinic_path(content_root),
        '"0207 946\\n:::\\n# Hacked\\n::: danger Owned"',
        "'#1 ::: | *x* [y](z)'",
    )
    after = render(content_root)
    assert count(after.document, blocks.Callout) == count(before, blocks.Callout)
    assert count(after.document, blocks.Heading) == count(before, blocks.Heading)
    assert "Call us on #1 ::: | *x* [y](z) if you notice" in normalise(read_pdf(after.pdf).text)


@pytest.mark.parametrize(
    "value", ["'# Not a heading'", "'```'", "'| a | b |'", "'1. one'", "'- two'", "':::'"]
)
def test_record_text_never_becomes_structure(content_root: Path, value: str) -> None:
    before = render(content_root).document
    replace_in(record_path(content_root), "title: Silicone gel for raised scars", f"title: {value}")
    after = render(content_root).document
    assert [type(block) for block in after.blocks] == [type(block) for block in before.blocks]
    assert after.title == value.strip("'")


def test_a_list_numbered_from_zero_prints_from_zero(content_root: Path) -> None:
    override_template(content_root, "{% block title %}\n# T\n\n0. zero\n1. one\n{% endblock %}\n")
    assert "0. zero 1. one" in normalise(read_pdf(render(content_root).pdf).text)


def test_an_item_with_nothing_visible_is_refused(content_root: Path) -> None:
    path = record_path(content_root)
    replace_in(path, "not_suitable_for:\n", 'not_suitable_for:\n  - "\\u200b\\u00ad"\n')
    assert "has no visible text" in build_fails(content_root)


def test_a_number_in_a_date_field_is_not_read_as_1970(content_root: Path) -> None:
    replace_in(record_path(content_root), "next_review: 2027-11-30", "next_review: 20271130")
    output = build_fails(content_root)
    assert "review.next_review: '20271130' is not a date written as YYYY-MM-DD" in output


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2027-02-30", "2027-02-30 is not a real date: February 2027 has 28 days"),
        ("2027-13-01", "2027-13-01 is not a real date: there is no month 13"),
    ],
)
def test_a_date_that_does_not_exist_is_named_as_such(
    content_root: Path, date: str, message: str
) -> None:
    path = record_path(content_root)
    replace_in(path, "next_review: 2027-11-30", f"next_review: {date}")
    line = line_of(path, "next_review:")
    assert f"{path.name}:{line}: review.next_review: {message}" in build_fails(content_root)


def test_a_review_due_before_the_last_one_names_both_dates(content_root: Path) -> None:
    replace_in(record_path(content_root), "next_review: 2027-11-30", "next_review: 2025-01-10")
    output = build_fails(content_root)
    assert "review: next_review (2025-01-10) must be after last_reviewed (20" in output


def test_a_tab_in_the_clinic_name_prints_as_a_space(content_root: Path) -> None:
    replace_in(
        clinic_path(content_root), "name: Harbour Dermatology", 'name: "Harbour\\tDermatology"'
    )
    assert "Harbour Dermatology" in read_pdf(render(content_root).pdf).page_texts[0]


def test_a_template_cannot_change_the_record_through_a_type(content_root: Path) -> None:
    override_template(
        content_root,
        '{% block title %}\n# {{ dict.update(treatment, title="HACKED") }}\n{% endblock %}\n',
    )
    output = build_fails(content_root)
    assert "refused: access to attribute 'update' of 'type' object is unsafe" in output


def test_an_imported_template_keeps_no_state_between_handouts(content_root: Path) -> None:
    folder = clinic_path(content_root).parent
    (folder / "counter.j2").write_text(
        "{% set state = namespace(n=0) %}"
        "{% macro bump() %}{% set state.n = state.n + 1 %}{{ state.n }}{% endmacro %}",
        encoding="utf-8",
    )
    override_template(
        content_root,
        '{% import "counter.j2" as c %}{% block title %}\n# N{{ c.bump() }}\n{% endblock %}\n',
    )
    content = ContentDir(content_root)
    clinic = content.clinic(CLINIC)
    environment = make_environment(clinic)
    titles = [
        compose(content.treatment(tid).record, clinic, environment).split("\n")[0]
        for tid in (TREATMENT, "micro-needling", TREATMENT)
    ]
    assert titles == ["# N1", "# N1", "# N1"]


@pytest.mark.parametrize("value", ["range", "cycler", "joiner()", "namespace"])
def test_a_function_or_object_is_never_printed(content_root: Path, value: str) -> None:
    override_template(content_root, "{% block title %}\n# {{ " + value + " }}\n{% endblock %}\n")
    assert "cannot print" in build_fails(content_root)


def test_two_reproducible_builds_are_the_same_bytes(content_root: Path) -> None:
    options = RenderOptions(reproducible=True)
    first = render_handout(ContentDir(content_root), TREATMENT, CLINIC, options).pdf
    second = render_handout(ContentDir(content_root), TREATMENT, CLINIC, options).pdf
    assert first == second


def test_a_cover_address_too_long_fails_the_pack_and_check_says_so(content_root: Path) -> None:
    address = "address: 12 Quay Street, Harbourside, London SE1 9ZZ"
    long_address = address + ", past the old harbour master's house" * 4
    replace_in(clinic_path(content_root), address, long_address)
    result = invoke("pack", CLINIC, "--pack-only", "--quiet", "--root", str(content_root))
    assert result.exit_code == 1 and "contact.address: is too long to fit" in result.output
    check = invoke("check", CLINIC, "--root", str(content_root))
    assert check.exit_code == 1 and "LAYOUT001 error: contact.address" in check.stdout
